// A service's binder (null: not registered) and whether it starts on demand
// (a client must then not cache it).
package android.os;

parcelable ServiceWithMetadata {
    @nullable IBinder service;
    boolean isLazyService;
}
