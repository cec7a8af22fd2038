// Every struct of linux/android/binder.h and binderfs.h, in header order.
// Offsets and sizes are for x86_64 (LP64) and pinned; the validator
// recomputes them from the field types.

let structTable: [StructSpec] = [
    StructSpec(
        "binder_object_header", size: 4, since: v(4, 11),
        doc: "Common header of every object embedded in a transaction buffer.",
        fields: [Field("type", u32, at: 0)]),
    StructSpec(
        "flat_binder_object", size: 24, since: base,
        doc: "A binder (local object) or handle (remote reference) passed in a transaction.",
        fields: [
            Field("hdr", ref("binder_object_header"), at: 0),
            Field("flags", u32, at: 4),
            Field(nil, union(Field("binder", uintptrT, at: 0), Field("handle", u32, at: 0)), at: 8),
            Field("cookie", uintptrT, at: 16),
        ]),
    StructSpec(
        "binder_fd_object", size: 24, since: v(4, 11),
        doc: "A file descriptor passed in a transaction.",
        fields: [
            Field("hdr", ref("binder_object_header"), at: 0),
            Field("pad_flags", u32, at: 4),
            Field(nil, union(Field("pad_binder", uintptrT, at: 0), Field("fd", u32, at: 0)), at: 8),
            Field("cookie", uintptrT, at: 16),
        ]),
    StructSpec(
        "binder_buffer_object", size: 40, since: v(4, 11),
        doc: "A scatter-gather buffer, optionally fixed up inside a parent buffer.",
        fields: [
            Field("hdr", ref("binder_object_header"), at: 0),
            Field("flags", u32, at: 4),
            Field("buffer", uintptrT, at: 8),
            Field("length", sizeT, at: 16),
            Field("parent", sizeT, at: 24),
            Field("parent_offset", sizeT, at: 32),
        ]),
    StructSpec(
        "binder_fd_array_object", size: 32, since: v(4, 11),
        doc: "An array of file descriptors stored inside a parent buffer object.",
        fields: [
            Field("hdr", ref("binder_object_header"), at: 0),
            Field("pad", u32, at: 4),
            Field("num_fds", sizeT, at: 8),
            Field("parent", sizeT, at: 16),
            Field("parent_offset", sizeT, at: 24),
        ]),
    StructSpec(
        "binder_write_read", size: 48, since: base,
        doc: "Argument of BINDER_WRITE_READ: a command stream in, a return stream out.",
        fields: [
            Field("write_size", sizeT, at: 0),
            Field("write_consumed", sizeT, at: 8),
            Field("write_buffer", uintptrT, at: 16),
            Field("read_size", sizeT, at: 24),
            Field("read_consumed", sizeT, at: 32),
            Field("read_buffer", uintptrT, at: 40),
        ]),
    StructSpec(
        "binder_version", size: 4, since: base,
        doc: "Argument of BINDER_VERSION.",
        fields: [Field("protocol_version", s32, at: 0)]),
    StructSpec(
        "binder_node_debug_info", size: 24, since: v(4, 14),
        doc: "Argument of BINDER_GET_NODE_DEBUG_INFO: iterates the caller's nodes by ptr.",
        fields: [
            Field("ptr", uintptrT, at: 0),
            Field("cookie", uintptrT, at: 8),
            Field("has_strong_ref", u32, at: 16),
            Field("has_weak_ref", u32, at: 20),
        ]),
    StructSpec(
        "binder_node_info_for_ref", size: 24, since: v(4, 20),
        doc: "Argument of BINDER_GET_NODE_INFO_FOR_REF (context manager only).",
        fields: [
            Field("handle", u32, at: 0),
            Field("strong_count", u32, at: 4),
            Field("weak_count", u32, at: 8),
            Field("reserved1", u32, at: 12),
            Field("reserved2", u32, at: 16),
            Field("reserved3", u32, at: 20),
        ]),
    StructSpec(
        "binder_freeze_info", size: 12, since: v(5, 13),
        doc: "Argument of BINDER_FREEZE.",
        fields: [
            Field("pid", u32, at: 0),
            Field("enable", u32, at: 4),
            Field("timeout_ms", u32, at: 8),
        ]),
    StructSpec(
        "binder_frozen_status_info", size: 12, since: v(5, 13),
        doc: "Argument of BINDER_GET_FROZEN_INFO.",
        fields: [
            Field("pid", u32, at: 0),
            Field("sync_recv", u32, at: 4),
            Field("async_recv", u32, at: 8),
        ]),
    StructSpec(
        "binder_frozen_state_info", size: 16, since: v(6, 12),
        doc: "Payload of BR_FROZEN_BINDER.",
        fields: [
            Field("cookie", uintptrT, at: 0),
            Field("is_frozen", u32, at: 8),
            Field("reserved", u32, at: 12),
        ]),
    StructSpec(
        "binder_extended_error", size: 12, since: v(5, 19),
        doc: "Argument of BINDER_GET_EXTENDED_ERROR: the thread's last transaction error.",
        fields: [
            Field("id", u32, at: 0),
            Field("command", u32, at: 4),
            Field("param", s32, at: 8),
        ]),
    StructSpec(
        "binder_transaction_data", size: 64, since: base,
        doc: "Payload of BC_TRANSACTION/BC_REPLY and BR_TRANSACTION/BR_REPLY.",
        fields: [
            Field("target", union(Field("handle", u32, at: 0), Field("ptr", uintptrT, at: 0)), at: 0),
            Field("cookie", uintptrT, at: 8),
            Field("code", u32, at: 16),
            Field("flags", u32, at: 20),
            Field("sender_pid", pidT, at: 24),
            Field("sender_euid", uid32T, at: 28),
            Field("data_size", sizeT, at: 32),
            Field("offsets_size", sizeT, at: 40),
            Field(
                "data",
                union(
                    Field("ptr", record(Field("buffer", uintptrT, at: 0), Field("offsets", uintptrT, at: 8)), at: 0),
                    Field("buf", .array(u8, count: 8, countExpression: nil), at: 0)),
                at: 48),
        ]),
    StructSpec(
        "binder_transaction_data_secctx", size: 72, since: v(5, 1),
        doc: "Payload of BR_TRANSACTION_SEC_CTX: a transaction plus the sender's security context.",
        fields: [
            Field("transaction_data", ref("binder_transaction_data"), at: 0),
            Field("secctx", uintptrT, at: 64),
        ]),
    StructSpec(
        "binder_transaction_data_sg", size: 72, since: v(4, 11),
        doc: "Payload of BC_TRANSACTION_SG/BC_REPLY_SG: a transaction plus its scatter-gather size.",
        fields: [
            Field("transaction_data", ref("binder_transaction_data"), at: 0),
            Field("buffers_size", sizeT, at: 64),
        ]),
    StructSpec(
        "binder_ptr_cookie", size: 16, since: base,
        doc: "A node identity: the owner's ptr and cookie.",
        fields: [Field("ptr", uintptrT, at: 0), Field("cookie", uintptrT, at: 8)]),
    StructSpec(
        "binder_handle_cookie", size: 12, since: base, packed: true,
        doc: "A handle and a cookie (packed: the cookie is at offset 4).",
        fields: [Field("handle", u32, at: 0), Field("cookie", uintptrT, at: 4)]),
    StructSpec(
        "binder_pri_desc", size: 8, since: base,
        doc: "Payload of the never-supported BC_ATTEMPT_ACQUIRE.",
        fields: [Field("priority", s32, at: 0), Field("desc", u32, at: 4)]),
    StructSpec(
        "binder_pri_ptr_cookie", size: 24, since: base,
        doc: "Payload of the never-sent BR_ATTEMPT_ACQUIRE.",
        fields: [
            Field("priority", s32, at: 0),
            Field("ptr", uintptrT, at: 8),
            Field("cookie", uintptrT, at: 16),
        ]),
    StructSpec(
        "binderfs_device", in: .binderfs, size: 264, since: v(5, 0),
        doc: "Argument of BINDER_CTL_ADD: the device name in, its major/minor out.",
        fields: [
            Field("name", .array(.scalar(.char), count: 256, countExpression: "BINDERFS_MAX_NAME + 1"), at: 0),
            Field("major", u32, at: 256),
            Field("minor", u32, at: 260),
        ]),
]
