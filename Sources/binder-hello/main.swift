import BinderKit
let process = try BinderProcess(device: CommandLine.arguments.dropFirst().first ?? "/dev/binder")
process.startThreadPool()
let hello = LocalBinder { call, reply in reply.writeString16("Hello, \(try call.data.readString16() ?? "")!") }
try ServiceManager(process).addService("hello", hello)
let proxy = try ServiceManager(process).getService("hello")!
var data = ParcelWriter()
data.writeString16("Swift")
var reply = try proxy.transact(code: 1, data: data)
print(try reply.readString16()!)
