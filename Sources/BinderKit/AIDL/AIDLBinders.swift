// IBinder and interface values in AIDL calls. From Android 11 libbinder
// follows every flat binder object with a stability word (see
// `BinderStabilityWord`): the writer's level for a binder (SYSTEM here),
// UNDECLARED for a null one.

import Synchronization

/// What every generated interface protocol refines: something that can be
/// sent in a parcel as a binder.
public protocol AIDLInterface: AnyObject, Sendable {
    /// The binder that stands for this object: a proxy's remote binder, or
    /// the local binder serving an implementation in this process.
    var asBinder: any Binder { get }
}

extension ParcelWriter {
    /// A binder (or null) and, for formats that have it, its stability word.
    public mutating func writeAIDLBinder(_ binder: (any Binder)?, _ wire: AIDLWireFormat) {
        writeBinder(binder)
        let level = binder == nil ? BinderStabilityWord.undeclaredLevel : BinderStabilityWord.systemLevel
        if let word = wire.stability.word(level: level) { writeInt32(word) }
    }

    /// `IBinder[]` / `List<IBinder>` (and interface lists): a count and each binder.
    public mutating func writeAIDLBinderArray(_ binders: [(any Binder)?]?, _ wire: AIDLWireFormat) {
        guard let binders else { return writeInt32(-1) }
        writeAIDLCount(binders.count)
        for binder in binders { writeAIDLBinder(binder, wire) }
    }
}

extension IncomingParcel {
    /// A binder or nil, and its stability word if the format has one.
    public mutating func readAIDLNullableBinder(_ wire: AIDLWireFormat) throws -> (any Binder)? {
        let start = reader.position
        do {
            let binder = try readBinder()
            if wire.stability != .none { _ = try reader.readInt32() }
            return binder
        } catch {
            try reader.seek(to: start)
            throw error
        }
    }

    /// A binder where the AIDL type is not @nullable.
    public mutating func readAIDLBinder(_ wire: AIDLWireFormat) throws -> any Binder {
        let start = reader.position
        guard let binder = try readAIDLNullableBinder(wire) else {
            try reader.seek(to: start)
            throw ParcelError.unexpectedNull(offset: start)
        }
        return binder
    }

    /// A binder array; nil for a null (-1) array.
    public mutating func readAIDLBinderArray(_ wire: AIDLWireFormat) throws -> [(any Binder)?]? {
        if try readAIDLNullLength() { return nil }
        let count = try readAIDLCount(minimumElementSize: ParcelObject.size)
        var binders: [(any Binder)?] = []
        binders.reserveCapacity(count)
        for _ in 0..<count { binders.append(try readAIDLNullableBinder(wire)) }
        return binders
    }
}

extension IncomingParcel {
    /// A binder array where neither the array nor its elements are @nullable.
    public mutating func readAIDLNonNullBinderArray(_ wire: AIDLWireFormat) throws -> [any Binder] {
        let start = reader.position
        guard let binders = try readAIDLBinderArray(wire) else { throw ParcelError.unexpectedNull(offset: start) }
        return try binders.map { binder in
            guard let binder else {
                try reader.seek(to: start)
                throw ParcelError.unexpectedNull(offset: start)
            }
            return binder
        }
    }
}

/// The local binders serving interface implementations, so that one object
/// sent twice is the same binder both times. A binder is kept only weakly:
/// it lives while the kernel or a parcel holds it (see `LocalBinder`), and
/// it holds the implementation.
public enum AIDLLocalBinders {
    private struct Entry { weak var binder: LocalBinder? }
    private static let table = Mutex<[ObjectIdentifier: Entry]>([:])

    /// The live binder for `object`, or a new one from `make`.
    public static func binder(for object: AnyObject, make: () -> LocalBinder) -> LocalBinder {
        table.withLock { table in
            let key = ObjectIdentifier(object)
            if let binder = table[key]?.binder { return binder }
            table = table.filter { $0.value.binder != nil }
            let binder = make()
            table[key] = Entry(binder: binder)
            return binder
        }
    }
}
