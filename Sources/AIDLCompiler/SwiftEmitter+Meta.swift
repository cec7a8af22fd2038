// The Swift of versioned interfaces' meta-methods (see MetaMethods): the
// VERSION / HASH constants, protocol requirements whose defaults answer with
// them, proxy methods that ask the remote once, and the service's cases.

extension SwiftEmitter {
    func emitMetaConstants(_ out: inout CodeWriter) {
        if meta.version != nil {
            out.line("public static let TRANSACTION_getInterfaceVersion: UInt32 = AIDLTransaction.getInterfaceVersion")
        }
        if meta.hash != nil {
            out.line("public static let TRANSACTION_getInterfaceHash: UInt32 = AIDLTransaction.getInterfaceHash")
        }
        if let version = meta.version {
            out.line("/// The version this code was generated for (--version).")
            out.line("public static let VERSION: Int32 = \(version)")
        }
        if let hash = meta.hash {
            out.line("/// The hash of the frozen API this code was generated for (--hash).")
            out.line("public static let HASH = \(SwiftNames.stringLiteral(hash))")
        }
    }

    func emitMetaRequirements(_ out: inout CodeWriter) {
        if meta.version != nil {
            out.line("/// getInterfaceVersion: VERSION for an implementation here, the remote's for a proxy.")
            out.line("func interfaceVersion() throws -> Int32")
        }
        if meta.hash != nil {
            out.line("/// getInterfaceHash: HASH for an implementation here, the remote's for a proxy.")
            out.line("func interfaceHash() throws -> String")
        }
    }

    func emitMetaDefaults(_ name: String, _ out: inout CodeWriter) {
        if meta.version != nil {
            out.line()
            out.line("public func interfaceVersion() throws -> Int32 { \(name)AIDL.VERSION }")
        }
        if meta.hash != nil {
            out.line()
            out.line("public func interfaceHash() throws -> String { \(name)AIDL.HASH }")
        }
    }

    func emitMetaProxy(_ name: String, _ out: inout CodeWriter) {
        guard !meta.isEmpty else { return }
        out.line()
        out.line("/// The remote's version and hash once asked: they never change while it lives.")
        out.line("private let _aidl_meta = AIDLMetaCache()")
        if meta.version != nil {
            out.line()
            out.block("public func interfaceVersion() throws -> Int32") { out in
                out.line("try _aidl_meta.version(of: binder, descriptor: \(name)AIDL.descriptor, wire)")
            }
        }
        if meta.hash != nil {
            out.line()
            out.block("public func interfaceHash() throws -> String") { out in
                out.line("try _aidl_meta.hash(of: binder, descriptor: \(name)AIDL.descriptor, wire)")
            }
        }
    }

    /// As libbinder_ndk and Rust services do, the token is checked first
    /// (BAD_TYPE if wrong); then EX_NONE and the implementation's answer.
    func emitMetaDispatch(_ name: String, _ out: inout CodeWriter) {
        let answers: [(String, String, Bool)] = [
            ("getInterfaceVersion", "interfaceVersion", meta.version != nil),
            ("getInterfaceHash", "interfaceHash", meta.hash != nil),
        ]
        for (method, swiftName, present) in answers where present {
            out.line("case \(name)AIDL.TRANSACTION_\(method):")
            out.line("    try _aidl_call.data.enforceAIDLInterface(\(name)AIDL.descriptor, _aidl_wire)")
            out.line("    try AIDLService.answer(&_aidl_reply) { _aidl_out in")
            out.line("        try _aidl_impl.\(swiftName)().writeAIDL(to: &_aidl_out, _aidl_wire)")
            out.line("    }")
        }
    }
}
