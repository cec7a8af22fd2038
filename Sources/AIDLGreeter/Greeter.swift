// AIDLGreeter: the demo greeter's interface compiled from demo/IGreeter.aidl
// by the AIDL build-tool plugin; the generated IGreeter, IGreeterProxy and
// IGreeterService are public members of this module.
@_exported import BinderKit
