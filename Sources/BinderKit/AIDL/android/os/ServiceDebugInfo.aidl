// One entry of getServiceDebugInfo.
package android.os;

parcelable ServiceDebugInfo {
    @utf8InCpp String name;
    /** The registering process, as it was when it registered. */
    int debugPid;
}
