// File descriptors in AIDL calls. An AIDL `FileDescriptor` is a bare fd
// object; a `ParcelFileDescriptor` is a parcelable whose body is an int32
// "has comm channel" word (0: none) and the fd object, as libbinder's
// writeParcelFileDescriptor and Java's ParcelFileDescriptor.writeToParcel
// write it. Both are written with cookie 1 (the receiver owns its copy), as
// writeDupFileDescriptor does.

import Glibc

/// An owned file descriptor, closed when the object goes.
public class AIDLOwnedFileDescriptor: @unchecked Sendable {
    /// The descriptor number in this process.
    public let fd: Int32

    /// Takes ownership of `fd`.
    public required init(adopting fd: Int32) { self.fd = fd }

    /// A close-on-exec duplicate of `fd`, owned by the new object.
    public static func duplicating(_ fd: Int32) throws -> Self {
        let copy = fcntl(fd, F_DUPFD_CLOEXEC, 0)
        guard copy >= 0 else { throw BinderError("fcntl F_DUPFD_CLOEXEC", errno: errno) }
        return Self(adopting: copy)
    }

    deinit { close(fd) }
}

/// AIDL `ParcelFileDescriptor`.
public final class ParcelFileDescriptor: AIDLOwnedFileDescriptor, AIDLParcelable, @unchecked Sendable {
    public func writeAIDLBody(to parcel: inout ParcelWriter, _ wire: AIDLWireFormat) {
        parcel.writeInt32(0)
        parcel.writeFileDescriptor(fd, takeOwnership: true)
        parcel.retained.append(self)
    }

    public static func readAIDLBody(from parcel: inout IncomingParcel, _ wire: AIDLWireFormat) throws -> ParcelFileDescriptor {
        let hasCommChannel = try parcel.reader.readInt32() != 0
        let fd = try parcel.readFileDescriptor()
        if hasCommChannel { _ = try parcel.readFileDescriptor() }
        return try duplicating(fd)
    }

    /// Never used: an `out ParcelFileDescriptor` has no meaningful default.
    public static var aidlDefault: ParcelFileDescriptor { ParcelFileDescriptor(adopting: -1) }
}

/// AIDL `FileDescriptor` (C++ `unique_fd`, Java `FileDescriptor`).
public final class UniqueFileDescriptor: AIDLOwnedFileDescriptor, AIDLValue, @unchecked Sendable {
    public func writeAIDL(to parcel: inout ParcelWriter, _ wire: AIDLWireFormat) {
        parcel.writeFileDescriptor(fd, takeOwnership: true)
        parcel.retained.append(self)
    }

    public static func readAIDL(from parcel: inout IncomingParcel, _ wire: AIDLWireFormat) throws -> UniqueFileDescriptor {
        try duplicating(try parcel.readFileDescriptor())
    }

    public static func readAIDLArray(from parcel: inout IncomingParcel, _ wire: AIDLWireFormat) throws -> [UniqueFileDescriptor] {
        let count = try parcel.readAIDLCount(minimumElementSize: ParcelObject.size)
        return try (0..<count).map { _ in try readAIDL(from: &parcel, wire) }
    }

    public static var aidlDefault: UniqueFileDescriptor { UniqueFileDescriptor(adopting: -1) }
}
