// Object types, flag enums, plain constants and binderfs features.

let objectTypeTable: [ObjectTypeSpec] = [
    ObjectTypeSpec(
        "BINDER_TYPE_BINDER", chars: ("s", "b", "*"), value: 0x7362_2a85,
        object: "flat_binder_object", since: base, doc: "A strong reference to a local object."),
    ObjectTypeSpec(
        "BINDER_TYPE_WEAK_BINDER", chars: ("w", "b", "*"), value: 0x7762_2a85,
        object: "flat_binder_object", since: base, doc: "A weak reference to a local object."),
    ObjectTypeSpec(
        "BINDER_TYPE_HANDLE", chars: ("s", "h", "*"), value: 0x7368_2a85,
        object: "flat_binder_object", since: base, doc: "A strong reference to a remote object."),
    ObjectTypeSpec(
        "BINDER_TYPE_WEAK_HANDLE", chars: ("w", "h", "*"), value: 0x7768_2a85,
        object: "flat_binder_object", since: base, doc: "A weak reference to a remote object."),
    ObjectTypeSpec(
        "BINDER_TYPE_FD", chars: ("f", "d", "*"), value: 0x6664_2a85,
        object: "binder_fd_object", since: base, doc: "A file descriptor."),
    ObjectTypeSpec(
        "BINDER_TYPE_FDA", chars: ("f", "d", "a"), value: 0x6664_6185,
        object: "binder_fd_array_object", since: v(4, 11), doc: "An array of file descriptors in a parent buffer."),
    ObjectTypeSpec(
        "BINDER_TYPE_PTR", chars: ("p", "t", "*"), value: 0x7074_2a85,
        object: "binder_buffer_object", since: v(4, 11), doc: "A scatter-gather buffer."),
]

let constantGroupTable: [ConstantGroup] = [
    ConstantGroup(
        swiftName: "FlatBinderFlags", prefix: "FLAT_BINDER_FLAG_",
        style: .enumeration(name: "flat_binder_object_flags"), isFlags: true,
        // An anonymous enum until 6.18 named it for Rust Binder's bindgen.
        tagSince: v(6, 18),
        doc: "flat_binder_object.flags: how the node created from the object behaves.",
        [
            ConstantSpec("FLAT_BINDER_FLAG_PRIORITY_MASK", 0xff, since: base,
                         doc: "Lowest nice value the node's handling thread runs at."),
            ConstantSpec("FLAT_BINDER_FLAG_ACCEPTS_FDS", 0x100, since: base,
                         doc: "Transactions to the node may carry file descriptors."),
            ConstantSpec("FLAT_BINDER_FLAG_TXN_SECURITY_CTX", 0x1000, since: v(5, 1),
                         doc: "Transactions to the node carry the sender's security context."),
        ]),
    ConstantGroup(
        swiftName: "BufferObjectFlags", prefix: "BINDER_BUFFER_FLAG_", style: .enumeration(name: nil), isFlags: true,
        doc: "binder_buffer_object.flags.",
        [
            ConstantSpec("BINDER_BUFFER_FLAG_HAS_PARENT", 0x01, since: v(4, 11),
                         doc: "The buffer's address is fixed up inside its parent buffer."),
        ]),
    ConstantGroup(
        swiftName: "TransactionFlags", prefix: "TF_", style: .enumeration(name: "transaction_flags"), isFlags: true,
        doc: "binder_transaction_data.flags.",
        [
            ConstantSpec("TF_ONE_WAY", 0x01, since: base, doc: "Asynchronous: no reply."),
            ConstantSpec("TF_ROOT_OBJECT", 0x04, since: base, doc: "Passed through untouched."),
            ConstantSpec("TF_STATUS_CODE", 0x08, since: base, doc: "The data is a 32-bit status code."),
            ConstantSpec("TF_ACCEPT_FDS", 0x10, since: base, doc: "The reply may carry file descriptors."),
            ConstantSpec("TF_CLEAR_BUF", 0x20, since: v(5, 11), doc: "Zero the buffer when it is freed."),
            ConstantSpec("TF_UPDATE_TXN", 0x40, since: v(5, 18),
                         doc: "Replace a matching queued oneway call to a frozen target."),
        ]),
    ConstantGroup(
        swiftName: "BinderfsLimits", prefix: "BINDERFS_", in: .binderfs, style: .defines, isFlags: false,
        doc: "binderfs limits.",
        [
            ConstantSpec("BINDERFS_MAX_NAME", 255, since: v(5, 0),
                         doc: "Longest binderfs device name, without the terminating NUL."),
        ]),
]

let featureTable: [FeatureSpec] = [
    FeatureSpec("oneway_spam_detection", since: v(5, 15),
                doc: "BINDER_ENABLE_ONEWAY_SPAM_DETECTION and BR_ONEWAY_SPAM_SUSPECT."),
    FeatureSpec("extended_error", since: v(5, 19), doc: "BINDER_GET_EXTENDED_ERROR."),
    FeatureSpec("freeze_notification", since: v(6, 12),
                doc: "BC_REQUEST_FREEZE_NOTIFICATION and BR_FROZEN_BINDER."),
    FeatureSpec("transaction_report", since: v(6, 18),
                doc: "Transaction reports on the generic netlink family `binder`: failed calls, oneway spam, calls pending on a frozen target."),
]
