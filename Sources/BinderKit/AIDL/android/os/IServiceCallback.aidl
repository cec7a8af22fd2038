// What registerForNotifications calls.
package android.os;

oneway interface IServiceCallback {
    /** `name` is (now) registered as `binder`. */
    void onRegistration(@utf8InCpp String name, IBinder binder);
}
