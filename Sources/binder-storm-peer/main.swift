// binder-storm-peer: one process of a kill storm (DriverTests KillStormTests).
//
//   binder-storm-peer DEVICE registry SEED LOG
//       becomes the context manager and keeps the binders peers register;
//       hands a random one to whoever asks.
//   binder-storm-peer DEVICE peer SEED LOG FREEZE_NOTES
//       two looper threads serve calls; two worker threads register binders,
//       fetch handles, call them with binders, fds and payloads, request and
//       clear death (and, if FREEZE_NOTES is 1, freeze) notifications, and
//       release what they hold, picked by a generator seeded with SEED.
//
// The test SIGKILLs these processes at random moments; they never exit on
// their own. Every outcome the driver may legitimately give is accepted;
// anything else (an errno no driver should return, a reply whose payload
// differs from what was sent) appends "FATAL ..." to LOG and exits 3.
// Progress is appended to LOG as one letter per event: r reply checked,
// x dead reply, z frozen reply, d dead binder, f frozen-binder notice,
// R a registry became the context manager, P a peer started.

import CBinderUAPI
import Foundation
import Glibc

let arguments = CommandLine.arguments
guard arguments.count >= 5, let seed = UInt64(arguments[3]) else {
    print("usage: binder-storm-peer DEVICE registry|peer SEED LOG [FREEZE_NOTES]")
    exit(2)
}
_ = swb_exit_with_parent()
let storm = Storm(device: arguments[1], role: arguments[2], seed: seed, log: arguments[4],
                  freezeNotes: arguments.count > 5 && arguments[5] == "1")
storm.run()
