// Who sent the call a thread is serving, for services whose answer depends
// on the caller (Android's IPCThreadState::getCallingPid/getCallingUid):
// generated AIDL methods get only their arguments, so they ask here.

import Foundation

/// The sender of the transaction the calling thread is serving.
public struct BinderCaller: Sendable, Equatable {
    public let pid: Int32
    public let euid: UInt32

    private static let key = "BinderKit.BinderCaller"

    /// The caller of the call this thread is serving; nil outside a call.
    public static var current: BinderCaller? {
        Thread.current.threadDictionary[key] as? BinderCaller
    }

    /// Runs `body` with `caller` as `current`; a nested call's caller is
    /// replaced by the outer one's again when it returns.
    static func serving<T>(_ caller: BinderCaller, _ body: () throws -> T) rethrows -> T {
        let dictionary = Thread.current.threadDictionary
        let outer = dictionary[key]
        dictionary[key] = caller
        defer { dictionary[key] = outer }
        return try body()
    }
}
