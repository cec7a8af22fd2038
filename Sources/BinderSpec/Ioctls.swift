// The 14 BINDER_* ioctls of linux/android/binder.h and binderfs' control ioctl.

let ioctlTable: [IoctlSpec] = [
    IoctlSpec(
        "BINDER_WRITE_READ", IocCode(.readWrite, "b", 1, ref("binder_write_read")),
        value: 0xc030_6201, since: base,
        doc: "Run a command stream, then read returned work."),
    IoctlSpec(
        "BINDER_SET_IDLE_TIMEOUT", IocCode(.write, "b", 3, s64),
        value: 0x4008_6203, since: base, unimplementedUpstream: true,
        doc: "Declared but never implemented: upstream answers EINVAL."),
    IoctlSpec(
        "BINDER_SET_MAX_THREADS", IocCode(.write, "b", 5, u32),
        value: 0x4004_6205, since: base,
        doc: "Largest number of looper threads the driver may ask for with BR_SPAWN_LOOPER."),
    IoctlSpec(
        "BINDER_SET_IDLE_PRIORITY", IocCode(.write, "b", 6, s32),
        value: 0x4004_6206, since: base, unimplementedUpstream: true,
        doc: "Declared but never implemented: upstream answers EINVAL."),
    IoctlSpec(
        "BINDER_SET_CONTEXT_MGR", IocCode(.write, "b", 7, s32),
        value: 0x4004_6207, since: base,
        doc: "Become the context manager (handle 0) of this device. The argument is ignored."),
    IoctlSpec(
        "BINDER_THREAD_EXIT", IocCode(.write, "b", 8, s32),
        value: 0x4004_6208, since: base,
        doc: "Release the calling thread's driver state. The argument is ignored."),
    IoctlSpec(
        "BINDER_VERSION", IocCode(.readWrite, "b", 9, ref("binder_version")),
        value: 0xc004_6209, since: base,
        doc: "Read the protocol version (BINDER_CURRENT_PROTOCOL_VERSION)."),
    IoctlSpec(
        "BINDER_GET_NODE_DEBUG_INFO", IocCode(.readWrite, "b", 11, ref("binder_node_debug_info")),
        value: 0xc018_620b, since: v(4, 14),
        doc: "Return the caller's first node whose ptr is greater than the given ptr."),
    IoctlSpec(
        "BINDER_GET_NODE_INFO_FOR_REF", IocCode(.readWrite, "b", 12, ref("binder_node_info_for_ref")),
        value: 0xc018_620c, since: v(4, 20),
        doc: "Context manager only: the strong and weak counts of the node behind a handle."),
    IoctlSpec(
        "BINDER_SET_CONTEXT_MGR_EXT", IocCode(.write, "b", 13, ref("flat_binder_object")),
        value: 0x4018_620d, since: v(5, 1),
        doc: "Become the context manager with node flags, binder and cookie of the given object."),
    IoctlSpec(
        "BINDER_FREEZE", IocCode(.write, "b", 14, ref("binder_freeze_info")),
        value: 0x400c_620e, since: v(5, 13),
        doc: "Freeze or unfreeze every binder process with the given pid."),
    IoctlSpec(
        "BINDER_GET_FROZEN_INFO", IocCode(.readWrite, "b", 15, ref("binder_frozen_status_info")),
        value: 0xc00c_620f, since: v(5, 13),
        doc: "Whether a frozen process received sync or async transactions while frozen."),
    IoctlSpec(
        "BINDER_ENABLE_ONEWAY_SPAM_DETECTION", IocCode(.write, "b", 16, u32),
        value: 0x4004_6210, since: v(5, 13),
        doc: "Ask for BR_ONEWAY_SPAM_SUSPECT when this process floods a target with oneway calls."),
    IoctlSpec(
        "BINDER_GET_EXTENDED_ERROR", IocCode(.readWrite, "b", 17, ref("binder_extended_error")),
        value: 0xc00c_6211, since: v(5, 19),
        doc: "Read and reset the calling thread's last transaction error."),
    IoctlSpec(
        "BINDER_CTL_ADD", in: .binderfs, IocCode(.readWrite, "b", 1, ref("binderfs_device")),
        value: 0xc108_6201, since: v(5, 0),
        doc: "binderfs binder-control: create a new binder device in this binderfs instance."),
]
