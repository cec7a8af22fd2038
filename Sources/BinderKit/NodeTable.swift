// The local binders the kernel knows about in one process ("nodes"), and
// the references it has told us it holds on each.

import Synchronization

/// Keeps each local binder alive while the kernel holds references to it
/// (between BR_INCREFS/BR_ACQUIRE and BR_RELEASE/BR_DECREFS), or while a
/// parcel carrying it is still on its way into the kernel.
final class NodeTable: Sendable {
    private struct Entry {
        let object: LocalBinder
        var weak = 0
        var strong = 0
        /// Parcels sent but not yet acknowledged (BR_TRANSACTION_COMPLETE).
        var inFlight = 0
        var isIdle: Bool { weak == 0 && strong == 0 && inFlight == 0 }
    }

    private let entries = Mutex<[UInt64: Entry]>([:])
    /// The context manager's object: the kernel addresses it with cookie 0.
    private let contextObject = Mutex<LocalBinder?>(nil)

    func setContextObject(_ object: LocalBinder) {
        contextObject.withLock { $0 = object }
    }

    /// The local binder a transaction or object with this cookie names.
    func object(forCookie cookie: UInt64) -> LocalBinder? {
        if cookie == 0 { return contextObject.withLock { $0 } }
        return entries.withLock { $0[cookie]?.object }
    }

    /// A parcel carrying `object` is being sent.
    func pin(_ object: LocalBinder) {
        entries.withLock { table in
            table[object.id, default: Entry(object: object)].inFlight += 1
        }
    }

    /// The kernel has taken (or refused) the parcel that carried `object`.
    func unpin(_ object: LocalBinder) {
        update(object.id) { $0.inFlight -= 1 }
    }

    /// BR_INCREFS / BR_ACQUIRE / BR_RELEASE / BR_DECREFS for `cookie`.
    func kernelReference(_ code: BinderReturnCodeKind, cookie: UInt64) {
        update(cookie) { entry in
            switch code {
            case .increfs: entry.weak += 1
            case .acquire: entry.strong += 1
            case .release: entry.strong = max(0, entry.strong - 1)
            case .decrefs: entry.weak = max(0, entry.weak - 1)
            }
        }
    }

    /// How many local binders are alive because of the kernel or a parcel in flight.
    var count: Int { entries.withLock { $0.count } }

    /// Changes one entry; drops it (and with it our reference) once idle.
    /// The object is released outside the lock, since its deinit may do anything.
    private func update(_ cookie: UInt64, _ change: (inout Entry) -> Void) {
        let released: LocalBinder? = entries.withLock { table in
            guard var entry = table[cookie] else { return nil }
            change(&entry)
            if entry.isIdle {
                table[cookie] = nil
                return entry.object
            }
            table[cookie] = entry
            return nil
        }
        _ = released
    }
}

/// The four reference-count returns of a node.
enum BinderReturnCodeKind {
    case increfs, acquire, release, decrefs
}
