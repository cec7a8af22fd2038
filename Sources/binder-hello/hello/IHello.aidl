package hello;

interface IHello {
    String hello(String name);
}
