// What a greeter calls back.
package demo;

interface IReplier {
    String answer(String question);
}
