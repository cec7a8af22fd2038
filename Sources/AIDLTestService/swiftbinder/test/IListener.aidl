package swiftbinder.test;

/** A oneway interface: every method is oneway. */
oneway interface IListener {
    void onEvent(int id, String what);
    void onBinder(@nullable IBinder token);
}
