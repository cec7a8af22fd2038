// The Binder userspace ABI as of Linux 7.3, assembled from the tables.

extension ProtocolSpec {
    /// The protocol every generated file is made from.
    public static let binder = ProtocolSpec(
        protocolVersion: 8,
        typeLarge: 0x85,
        structs: structTable,
        ioctls: ioctlTable,
        commands: commandTable,
        returns: returnTable,
        objectTypes: objectTypeTable,
        constantGroups: constantGroupTable,
        features: featureTable,
        netlink: transactionReportFamily)
}
