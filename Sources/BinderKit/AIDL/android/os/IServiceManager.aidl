// The service manager of Android 11 and later, with the methods of
// Android 16 in Android 16's order: the order numbers the transactions
// (FIRST_CALL_TRANSACTION + index), and releases 11 to 15 number them
// differently (BinderKit's ServiceManagerRelease translates; see README,
// "Service manager protocols").
package android.os;

import android.os.ConnectionInfo;
import android.os.IClientCallback;
import android.os.IServiceCallback;
import android.os.Service;
import android.os.ServiceDebugInfo;

interface IServiceManager {
    // Dump priorities: a service registers with one, listServices takes a mask.
    const int DUMP_FLAG_PRIORITY_CRITICAL = 1 << 0;
    const int DUMP_FLAG_PRIORITY_HIGH = 1 << 1;
    const int DUMP_FLAG_PRIORITY_NORMAL = 1 << 2;
    const int DUMP_FLAG_PRIORITY_DEFAULT = 1 << 3;
    const int DUMP_FLAG_PRIORITY_ALL = DUMP_FLAG_PRIORITY_CRITICAL | DUMP_FLAG_PRIORITY_HIGH
        | DUMP_FLAG_PRIORITY_NORMAL | DUMP_FLAG_PRIORITY_DEFAULT;
    /** Set in addService's dumpPriority by services that start on demand. */
    const int FLAG_IS_LAZY_SERVICE = 1 << 30;
    /** Asks a service to dump in protobuf form. */
    const int DUMP_FLAG_PROTO = 1 << 4;

    /** The service registered as `name`, or null; never waits here. */
    @nullable IBinder getService(@utf8InCpp String name);
    /** As getService, with whether the binder may be cached (Android 16). */
    Service getService2(@utf8InCpp String name);
    /** The service registered as `name`, or null. */
    @nullable IBinder checkService(@utf8InCpp String name);
    /** As checkService, with metadata (Android 16). */
    Service checkService2(@utf8InCpp String name);
    /** Registers (or replaces) `name`. */
    void addService(@utf8InCpp String name, IBinder service, boolean allowIsolated, int dumpPriority);
    /** Every name whose dump priority is in the mask. */
    @utf8InCpp String[] listServices(int dumpPriority);
    /** Calls back now if `name` is registered, and on each later registration. */
    void registerForNotifications(@utf8InCpp String name, IServiceCallback callback);
    /** Stops the callbacks registerForNotifications asked for. */
    void unregisterForNotifications(@utf8InCpp String name, IServiceCallback callback);
    /** Whether a manifest (VINTF) declares `name`. */
    boolean isDeclared(@utf8InCpp String name);
    /** The declared instances of an interface. */
    @utf8InCpp String[] getDeclaredInstances(@utf8InCpp String iface);
    /** The APEX that updates `name`, if any. */
    @nullable @utf8InCpp String updatableViaApex(@utf8InCpp String name);
    /** The instances an APEX updates (Android 14). */
    @utf8InCpp String[] getUpdatableNames(@utf8InCpp String apexName);
    /** Where a remote (RPC) instance listens, if known (Android 13). */
    @nullable ConnectionInfo getConnectionInfo(@utf8InCpp String name);
    /** For lazy services: told when the service gains or loses its clients. */
    void registerClientCallback(@utf8InCpp String name, IBinder service, IClientCallback callback);
    /** Removes `name` if its own server asks and nobody holds it. */
    void tryUnregisterService(@utf8InCpp String name, IBinder service);
    /** Each registered name with the pid that registered it. */
    ServiceDebugInfo[] getServiceDebugInfo();
}
