// linux/android/binder_netlink.h: the generic netlink family on which the
// driver reports transactions that went wrong (Linux 6.18, "binder:
// introduce transaction reports via netlink"). The kernel generates that
// header from Documentation/netlink/specs/binder.yaml; these rows restate the
// yaml's facts, with the values its header gives them.

let reports = KernelVersion(6, 18)

let reportAttributes: [NetlinkAttribute] = [
    NetlinkAttribute("BINDER_A_REPORT_ERROR", 1, .u32, since: reports,
                     doc: "The BR_ code the sender got (BR_FAILED_REPLY, BR_ONEWAY_SPAM_SUSPECT, ...)."),
    NetlinkAttribute("BINDER_A_REPORT_CONTEXT", 2, .string, since: reports,
                     doc: "The binder device (context) the transaction was sent on."),
    NetlinkAttribute("BINDER_A_REPORT_FROM_PID", 3, .u32, since: reports, doc: "The sending process."),
    NetlinkAttribute("BINDER_A_REPORT_FROM_TID", 4, .u32, since: reports, doc: "The sending thread."),
    NetlinkAttribute("BINDER_A_REPORT_TO_PID", 5, .u32, since: reports,
                     doc: "The target process; absent when the target was never resolved."),
    NetlinkAttribute("BINDER_A_REPORT_TO_TID", 6, .u32, since: reports,
                     doc: "The target thread; absent when no thread was chosen."),
    NetlinkAttribute("BINDER_A_REPORT_IS_REPLY", 7, .flag, since: reports,
                     doc: "Present when the transaction was a reply."),
    NetlinkAttribute("BINDER_A_REPORT_FLAGS", 8, .u32, since: reports, doc: "The transaction's TF_ flags."),
    NetlinkAttribute("BINDER_A_REPORT_CODE", 9, .u32, since: reports, doc: "The transaction's code."),
    NetlinkAttribute("BINDER_A_REPORT_DATA_SIZE", 10, .u32, since: reports,
                     doc: "The data size the sender asked for, in bytes."),
]

let transactionReportFamily = NetlinkFamilySpec(
    name: "binder", version: 1, prefix: "BINDER_", swiftName: "BinderNetlink", since: reports,
    doc: "Transaction reports: the driver multicasts one for each failed transaction, each "
        + "BR_ONEWAY_SPAM_SUSPECT and each BR_TRANSACTION_PENDING_FROZEN, while anyone listens.",
    attributeSets: [
        NetlinkAttributeSet("report", prefix: "BINDER_A_REPORT_", max: 10,
                            doc: "What a transaction report says.", reportAttributes),
    ],
    commandMax: 1,
    commands: [
        NetlinkCommand(
            "BINDER_CMD_REPORT", 1, attributeSet: "report", attributes: reportAttributes.map(\.name),
            multicastGroup: "BINDER_MCGRP_REPORT", since: reports,
            doc: "A transaction report (an event: the kernel sends it, nobody sends it to the kernel)."),
    ],
    multicastGroups: [
        NetlinkMulticastGroup("BINDER_MCGRP_REPORT", groupName: "report", since: reports,
                              doc: "Where transaction reports are sent."),
    ])
