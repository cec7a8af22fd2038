// The meta-methods of stable AIDL's versioned interfaces. Given `--version N`
// every interface of the compilation gains getInterfaceVersion (code
// 16777214), given `--hash H` getInterfaceHash (code 16777213), each
// independently, as AOSP's aidl adds them (aidl.cpp). The service answers
// with the status header and the int32 version or the String16 hash; the
// proxy asks once and keeps the answer.

struct MetaMethods: Sendable {
    var version: Int32?
    var hash: String?

    /// The AIDL names the meta-methods take, and the Swift names they are
    /// generated under: a user method may not take either while it is added.
    var reservedNames: [String] {
        (version != nil ? ["getInterfaceVersion", "interfaceVersion"] : [])
            + (hash != nil ? ["getInterfaceHash", "interfaceHash"] : [])
    }

    var isEmpty: Bool { version == nil && hash == nil }
}
