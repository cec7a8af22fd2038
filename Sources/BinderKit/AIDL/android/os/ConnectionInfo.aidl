// Where an RPC binder instance listens.
package android.os;

parcelable ConnectionInfo {
    @utf8InCpp String ipAddress;
    /** An unsigned port number in an int. */
    int port;
}
