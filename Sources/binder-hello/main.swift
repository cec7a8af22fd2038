import BinderKit
final class Hello: IHello { func hello(name: String) throws -> String { "Hello, \(name)!" } }
let process = try BinderProcess(device: CommandLine.arguments.dropFirst().first ?? "/dev/binder")
process.startThreadPool()
try ServiceManager(process).addService("hello", IHelloService(Hello()).binder)
let proxy = IHelloProxy(binder: try ServiceManager(process).getService("hello")!)
print(try proxy.hello(name: "Swift"))
