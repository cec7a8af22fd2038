// enum binder_driver_return_protocol: BR_* codes, driver -> userspace.
// BR_TRANSACTION_SEC_CTX and BR_TRANSACTION share nr 2 and differ by size.

let returnTable: [ProtocolCode] = [
    ProtocolCode(
        "BR_ERROR", IocCode(.read, "r", 0, s32),
        value: 0x8004_7200, since: base, doc: "A driver error not tied to a transaction."),
    ProtocolCode(
        "BR_OK", IocCode(.none, "r", 1, nil),
        value: 0x0000_7201, since: base, unsupportedUpstream: true,
        doc: "Internal 'no error' value; never delivered."),
    ProtocolCode(
        "BR_TRANSACTION_SEC_CTX", IocCode(.read, "r", 2, ref("binder_transaction_data_secctx")),
        value: 0x8048_7202, since: v(5, 1),
        doc: "An incoming transaction to a node that asked for the sender's security context."),
    ProtocolCode(
        "BR_TRANSACTION", IocCode(.read, "r", 2, ref("binder_transaction_data")),
        value: 0x8040_7202, since: base, doc: "An incoming transaction."),
    ProtocolCode(
        "BR_REPLY", IocCode(.read, "r", 3, ref("binder_transaction_data")),
        value: 0x8040_7203, since: base, doc: "The reply to this thread's transaction."),
    ProtocolCode(
        "BR_ACQUIRE_RESULT", IocCode(.read, "r", 4, s32),
        value: 0x8004_7204, since: base, unsupportedUpstream: true, doc: "Never sent."),
    ProtocolCode(
        "BR_DEAD_REPLY", IocCode(.none, "r", 5, nil),
        value: 0x0000_7205, since: base, doc: "The target of the transaction is dead."),
    ProtocolCode(
        "BR_TRANSACTION_COMPLETE", IocCode(.none, "r", 6, nil),
        value: 0x0000_7206, since: base, doc: "The driver accepted the last BC_TRANSACTION or BC_REPLY."),
    ProtocolCode(
        "BR_INCREFS", IocCode(.read, "r", 7, ref("binder_ptr_cookie")),
        value: 0x8010_7207, since: base, doc: "Take a weak reference on a local node."),
    ProtocolCode(
        "BR_ACQUIRE", IocCode(.read, "r", 8, ref("binder_ptr_cookie")),
        value: 0x8010_7208, since: base, doc: "Take a strong reference on a local node."),
    ProtocolCode(
        "BR_RELEASE", IocCode(.read, "r", 9, ref("binder_ptr_cookie")),
        value: 0x8010_7209, since: base, doc: "Drop the strong reference taken for BR_ACQUIRE."),
    ProtocolCode(
        "BR_DECREFS", IocCode(.read, "r", 10, ref("binder_ptr_cookie")),
        value: 0x8010_720a, since: base, doc: "Drop the weak reference taken for BR_INCREFS."),
    ProtocolCode(
        "BR_ATTEMPT_ACQUIRE", IocCode(.read, "r", 11, ref("binder_pri_ptr_cookie")),
        value: 0x8018_720b, since: base, unsupportedUpstream: true, doc: "Never sent."),
    ProtocolCode(
        "BR_NOOP", IocCode(.none, "r", 12, nil),
        value: 0x0000_720c, since: base, doc: "Nothing; starts every read that begins at offset 0."),
    ProtocolCode(
        "BR_SPAWN_LOOPER", IocCode(.none, "r", 13, nil),
        value: 0x0000_720d, since: base, doc: "Start one more looper thread (BC_REGISTER_LOOPER)."),
    ProtocolCode(
        "BR_FINISHED", IocCode(.none, "r", 14, nil),
        value: 0x0000_720e, since: base, unsupportedUpstream: true, doc: "Never sent."),
    ProtocolCode(
        "BR_DEAD_BINDER", IocCode(.read, "r", 15, uintptrT),
        value: 0x8008_720f, since: base, doc: "A node with a death notification died (cookie)."),
    ProtocolCode(
        "BR_CLEAR_DEATH_NOTIFICATION_DONE", IocCode(.read, "r", 16, uintptrT),
        value: 0x8008_7210, since: base, doc: "A death notification was cleared (cookie)."),
    ProtocolCode(
        "BR_FAILED_REPLY", IocCode(.none, "r", 17, nil),
        value: 0x0000_7211, since: base, doc: "The transaction failed."),
    ProtocolCode(
        "BR_FROZEN_REPLY", IocCode(.none, "r", 18, nil),
        value: 0x0000_7212, since: v(5, 13), doc: "A sync transaction reached a frozen process."),
    ProtocolCode(
        "BR_ONEWAY_SPAM_SUSPECT", IocCode(.none, "r", 19, nil),
        value: 0x0000_7213, since: v(5, 13),
        doc: "Replaces BR_TRANSACTION_COMPLETE: this process looks like it floods the target."),
    ProtocolCode(
        "BR_TRANSACTION_PENDING_FROZEN", IocCode(.none, "r", 20, nil),
        value: 0x0000_7214, since: v(6, 3),
        doc: "Replaces BR_TRANSACTION_COMPLETE: the oneway target is frozen, the call is queued."),
    ProtocolCode(
        "BR_FROZEN_BINDER", IocCode(.read, "r", 21, ref("binder_frozen_state_info")),
        value: 0x8010_7215, since: v(6, 12), doc: "A node's owner froze or thawed."),
    ProtocolCode(
        "BR_CLEAR_FREEZE_NOTIFICATION_DONE", IocCode(.read, "r", 22, uintptrT),
        value: 0x8008_7216, since: v(6, 12), doc: "A freeze notification was cleared (cookie)."),
]
