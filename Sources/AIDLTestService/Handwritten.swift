// The hand-written Swift types standing for the unstructured parcelables of
// swiftbinder/handwritten (Cookie.aidl, Token.aidl), and a service using them
// with the generic Pair. How a hand-written type frames its body is its own
// business, as for AOSP's C++ and Java ones: generated code only writes the
// presence marker around it. This file must not be named after a parcelable
// (Cookie.swift): binder-aidl writes a file of that name for the .aidl.

import BinderKit

/// `parcelable Cookie;`: an int64 id and a String16 label, with no size prefix.
public struct Cookie: AIDLParcelable, Equatable {
    public var id: Int64
    public var label: String

    public init(id: Int64 = 0, label: String = "") {
        self.id = id
        self.label = label
    }

    public static var aidlDefault: Cookie { Cookie() }

    public func writeAIDLBody(to parcel: inout ParcelWriter, _ wire: AIDLWireFormat) {
        parcel.writeInt64(id)
        parcel.writeString16(label)
    }

    public static func readAIDLBody(from parcel: inout IncomingParcel, _ wire: AIDLWireFormat) throws -> Cookie {
        let id = try parcel.reader.readInt64()
        return Cookie(id: id, label: try String.readAIDL(from: &parcel, wire))
    }
}

/// `parcelable Token swift_type "AIDLTestService.HandwrittenToken";`: one int32.
public struct HandwrittenToken: AIDLParcelable, Equatable {
    public var value: Int32

    public init(value: Int32 = 0) { self.value = value }

    public static var aidlDefault: HandwrittenToken { HandwrittenToken() }

    public func writeAIDLBody(to parcel: inout ParcelWriter, _ wire: AIDLWireFormat) {
        parcel.writeInt32(value)
    }

    public static func readAIDLBody(from parcel: inout IncomingParcel, _ wire: AIDLWireFormat) throws -> HandwrittenToken {
        HandwrittenToken(value: try parcel.reader.readInt32())
    }
}

/// IHandwritten: echoes cookies, mints them, swaps and zips pairs.
public final class HandwrittenService: IHandwritten {
    public init() {}
    public func echo(cookie: Cookie) throws -> Cookie { cookie }
    public func maybe(cookie: Cookie?) throws -> Cookie? { cookie.map { Cookie(id: $0.id + 1, label: $0.label) } }
    public func mint(id: Int64, cookie: inout Cookie, token: inout HandwrittenToken) throws {
        cookie = Cookie(id: id, label: "minted")
        token.value += 1
    }
    public func swap(pair: Pair<String, Int32>) throws -> Pair<Int32, String> { Pair(first: pair.second, second: pair.first) }
    public func zip(cookies: [Cookie], tokens: [HandwrittenToken]) throws -> [Pair<Cookie, HandwrittenToken>] {
        Swift.zip(cookies, tokens).map { Pair(first: $0, second: $1) }
    }
    public func grow(entry: Entry) throws -> Entry {
        var grown = entry
        grown.list.append(Pair(first: .BAZ, second: [Int8(grown.list.count)]))
        return grown
    }
}
