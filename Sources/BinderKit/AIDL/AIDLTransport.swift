// What generated proxies and services do around each call: the interface
// token first in the data, the status header first in the reply, and the
// transaction codes AIDL numbers methods with.

/// Transaction codes of AIDL interfaces.
public enum AIDLTransaction {
    /// The code of the first method (IBinder::FIRST_CALL_TRANSACTION); each
    /// later method takes the next code unless it names its own.
    public static let firstCall: UInt32 = 1
    /// Meta-transaction of versioned interfaces: the interface's version.
    public static let getInterfaceVersion: UInt32 = 16_777_214
    /// Meta-transaction of versioned interfaces: the hash of its API dump.
    public static let getInterfaceHash: UInt32 = 16_777_213
}

extension ParcelWriter {
    /// The interface token in `wire`'s layout, as a proxy opens each call.
    public mutating func writeAIDLInterfaceToken(_ descriptor: String, _ wire: AIDLWireFormat) {
        writeInterfaceToken(descriptor, format: wire.token, header: wire.partitionHeader)
    }
}

extension IncomingParcel {
    /// Checks a call's interface token as enforceInterface does: the header
    /// word (where the format has one) and the descriptor must match, or the
    /// call is refused with BAD_TYPE before any argument is read.
    public mutating func enforceAIDLInterface(_ descriptor: String, _ wire: AIDLWireFormat) throws {
        let token = try reader.readInterfaceToken(format: wire.token)
        if wire.token.hasHeader, token.header != wire.partitionHeader { throw BinderStatus.badType }
        guard token.descriptor == descriptor else { throw BinderStatus.badType }
    }
}

extension Binder {
    /// Sends a synchronous AIDL call; returns the reply positioned after its
    /// status header, or throws the `AIDLStatus` the service answered with.
    public func aidlTransact(code: UInt32, data: ParcelWriter) throws -> IncomingParcel {
        var reply = try transact(code: code, data: data)
        if let status = try reply.reader.readAIDLStatus() { throw status }
        return reply
    }

    /// Sends a oneway AIDL call: no reply, no status.
    public func aidlTransactOneway(code: UInt32, data: ParcelWriter) throws {
        try transactOneway(code: code, data: data)
    }
}

extension IncomingParcel {
    /// Reads any `AIDLValue`; generated code names the type explicitly.
    public mutating func read<T: AIDLValue>(_: T.Type, _ wire: AIDLWireFormat) throws -> T {
        try T.readAIDL(from: &self, wire)
    }
}

/// Helpers for generated service types.
public enum AIDLService {
    /// Runs a method and writes its reply: EX_NONE and what `body` writes, or
    /// the status of the `AIDLStatus` it threw (any other Swift error becomes
    /// EX_ILLEGAL_STATE with the error's description). A `BinderStatus` is a
    /// transport-level answer and passes through.
    public static func answer(_ reply: inout ParcelWriter, _ body: (inout ParcelWriter) throws -> Void) throws {
        var success = ParcelWriter()
        success.writeAIDLNoException()
        do {
            try body(&success)
            reply = success
        } catch let status as BinderStatus {
            throw status
        } catch let status as AIDLStatus {
            reply.writeAIDLStatus(status)
        } catch {
            reply.writeAIDLStatus(AIDLStatus(.illegalState, message: "\(error)"))
        }
    }

    /// The service side of `out T[]`: the caller sent the array's size
    /// (-1 for null); the method starts with that many default elements.
    public static func readOutArray<Element: AIDLValue>(
        from parcel: inout IncomingParcel, _: [Element].Type
    ) throws -> [Element]? {
        let start = parcel.reader.position
        let count = try parcel.reader.readInt32()
        if count == -1 { return nil }
        // Nothing of the array is in the data, so only a fixed cap bounds it.
        guard count >= 0, count <= maximumOutArrayCount else {
            try parcel.reader.seek(to: start)
            throw ParcelError.invalidLength(count, offset: start)
        }
        return Array(repeating: Element.aidlDefault, count: Int(count))
    }

    /// The largest `out` array a caller may ask a service to fill.
    public static let maximumOutArrayCount: Int32 = 1 << 20
}

extension ParcelWriter {
    /// The proxy side of `out T[]`: only the size goes (-1 for null).
    public mutating func writeAIDLOutArraySize<Element>(_ array: [Element]?) {
        guard let array else { return writeInt32(-1) }
        writeAIDLCount(array.count)
    }
}
