// What registerClientCallback calls: a lazy service's client count crossed zero.
package android.os;

oneway interface IClientCallback {
    void onClients(IBinder registered, boolean hasClients);
}
