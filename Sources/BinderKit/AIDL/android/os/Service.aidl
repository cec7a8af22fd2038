// getService2's answer (Android 16): the binder with its metadata, or an
// accessor that hands out connections to it.
package android.os;

import android.os.ServiceWithMetadata;

union Service {
    ServiceWithMetadata serviceWithMetadata;
    @nullable IBinder accessor;
}
