// enum binder_driver_command_protocol: BC_* codes, userspace -> driver.

let commandTable: [ProtocolCode] = [
    ProtocolCode(
        "BC_TRANSACTION", IocCode(.write, "c", 0, ref("binder_transaction_data")),
        value: 0x4040_6300, since: base, doc: "Start a transaction (sync, or oneway with TF_ONE_WAY)."),
    ProtocolCode(
        "BC_REPLY", IocCode(.write, "c", 1, ref("binder_transaction_data")),
        value: 0x4040_6301, since: base, doc: "Reply to the transaction on top of this thread's stack."),
    ProtocolCode(
        "BC_ACQUIRE_RESULT", IocCode(.write, "c", 2, s32),
        value: 0x4004_6302, since: base, unsupportedUpstream: true,
        doc: "Never supported: upstream fails the write with EINVAL."),
    ProtocolCode(
        "BC_FREE_BUFFER", IocCode(.write, "c", 3, uintptrT),
        value: 0x4008_6303, since: base, doc: "Give a received buffer back to the driver."),
    ProtocolCode(
        "BC_INCREFS", IocCode(.write, "c", 4, u32),
        value: 0x4004_6304, since: base, doc: "Take a weak reference on a handle."),
    ProtocolCode(
        "BC_ACQUIRE", IocCode(.write, "c", 5, u32),
        value: 0x4004_6305, since: base, doc: "Take a strong reference on a handle."),
    ProtocolCode(
        "BC_RELEASE", IocCode(.write, "c", 6, u32),
        value: 0x4004_6306, since: base, doc: "Drop a strong reference on a handle."),
    ProtocolCode(
        "BC_DECREFS", IocCode(.write, "c", 7, u32),
        value: 0x4004_6307, since: base, doc: "Drop a weak reference on a handle."),
    ProtocolCode(
        "BC_INCREFS_DONE", IocCode(.write, "c", 8, ref("binder_ptr_cookie")),
        value: 0x4010_6308, since: base, doc: "Acknowledge BR_INCREFS for a local node."),
    ProtocolCode(
        "BC_ACQUIRE_DONE", IocCode(.write, "c", 9, ref("binder_ptr_cookie")),
        value: 0x4010_6309, since: base, doc: "Acknowledge BR_ACQUIRE for a local node."),
    ProtocolCode(
        "BC_ATTEMPT_ACQUIRE", IocCode(.write, "c", 10, ref("binder_pri_desc")),
        value: 0x4008_630a, since: base, unsupportedUpstream: true,
        doc: "Never supported: upstream fails the write with EINVAL."),
    ProtocolCode(
        "BC_REGISTER_LOOPER", IocCode(.none, "c", 11, nil),
        value: 0x0000_630b, since: base, doc: "A thread spawned after BR_SPAWN_LOOPER joins the pool."),
    ProtocolCode(
        "BC_ENTER_LOOPER", IocCode(.none, "c", 12, nil),
        value: 0x0000_630c, since: base, doc: "An application thread joins the pool on its own."),
    ProtocolCode(
        "BC_EXIT_LOOPER", IocCode(.none, "c", 13, nil),
        value: 0x0000_630d, since: base, doc: "The thread leaves the pool."),
    ProtocolCode(
        "BC_REQUEST_DEATH_NOTIFICATION", IocCode(.write, "c", 14, ref("binder_handle_cookie")),
        value: 0x400c_630e, since: base, doc: "Ask for BR_DEAD_BINDER when the node behind a handle dies."),
    ProtocolCode(
        "BC_CLEAR_DEATH_NOTIFICATION", IocCode(.write, "c", 15, ref("binder_handle_cookie")),
        value: 0x400c_630f, since: base, doc: "Cancel a death notification."),
    ProtocolCode(
        "BC_DEAD_BINDER_DONE", IocCode(.write, "c", 16, uintptrT),
        value: 0x4008_6310, since: base, doc: "Acknowledge a BR_DEAD_BINDER (by cookie)."),
    ProtocolCode(
        "BC_TRANSACTION_SG", IocCode(.write, "c", 17, ref("binder_transaction_data_sg")),
        value: 0x4048_6311, since: v(4, 11), doc: "BC_TRANSACTION with scatter-gather buffers."),
    ProtocolCode(
        "BC_REPLY_SG", IocCode(.write, "c", 18, ref("binder_transaction_data_sg")),
        value: 0x4048_6312, since: v(4, 11), doc: "BC_REPLY with scatter-gather buffers."),
    ProtocolCode(
        "BC_REQUEST_FREEZE_NOTIFICATION", IocCode(.write, "c", 19, ref("binder_handle_cookie")),
        value: 0x400c_6313, since: v(6, 12), doc: "Ask for BR_FROZEN_BINDER when the node's owner freezes or thaws."),
    ProtocolCode(
        "BC_CLEAR_FREEZE_NOTIFICATION", IocCode(.write, "c", 20, ref("binder_handle_cookie")),
        value: 0x400c_6314, since: v(6, 12), doc: "Cancel a freeze notification."),
    ProtocolCode(
        "BC_FREEZE_NOTIFICATION_DONE", IocCode(.write, "c", 21, uintptrT),
        value: 0x4008_6315, since: v(6, 12), doc: "Acknowledge a BR_FROZEN_BINDER (by cookie)."),
]
