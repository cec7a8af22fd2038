// One process's connection to a binder device, as Android's ProcessState:
// the open device and its mapping, the proxies for remote objects, the
// local objects the kernel knows, death notifications and the thread pool.

import BinderABI
import Foundation
import Glibc
import Synchronization

/// A process's binder state on one device. Create one per device and keep it
/// for the life of the process; every thread may use it.
public final class BinderProcess: Sendable {
    public let driver: BinderDriver
    public let mapping: BinderMapping
    /// The most looper threads the driver may ask us to start (BINDER_SET_MAX_THREADS).
    public let maxThreads: UInt32
    let nodes = NodeTable()
    /// Which protocol the context manager speaks, once `ServiceManager` knows.
    let serviceManagerDialect = Mutex<ServiceManager.Dialect?>(nil)
    private let proxies = Mutex<[UInt32: WeakProxy]>([:])
    private let deathCookies = Mutex<[UInt64: WeakProxy]>([:])
    private let nextDeathCookie = Atomic<UInt64>(1)
    private let pool = Mutex(PoolState())
    /// Distinguishes this process's per-thread state from another device's.
    let key = "BinderKit.thread.\(UUID().uuidString)"

    struct PoolState {
        var started = false
        var stopping = false
        var loopers = 0
        var spawnRequests = 0
    }

    /// Opens and maps `device` and tells the driver how many threads it may
    /// ask for (Android's defaults: 1 MiB minus two pages, 15 threads).
    public init(device: String = "/dev/binder", mapSize: Int = 1024 * 1024 - 8192, maxThreads: UInt32 = 15) throws {
        driver = try BinderDriver(path: device)
        mapping = try driver.map(size: mapSize)
        self.maxThreads = maxThreads
        try driver.setMaxThreads(maxThreads)
    }

    /// The context manager (handle 0): on Android and here, the service manager.
    public var contextManager: RemoteBinder { proxy(forHandle: 0) }

    /// Makes `object` the device's context manager (BINDER_SET_CONTEXT_MGR):
    /// calls to handle 0 from every process then reach it.
    public func becomeContextManager(_ object: LocalBinder) throws {
        nodes.setContextObject(object)
        var unused: Int32 = 0
        try driver.ioctl(.setContextMgr, &unused)
    }

    // MARK: Proxies

    /// The proxy for `handle`, created (with BC_ACQUIRE) if none is alive.
    public func proxy(forHandle handle: UInt32) -> RemoteBinder {
        proxies.withLock { table in
            if let proxy = table[handle]?.value { return proxy }
            let proxy = RemoteBinder(
                handle: handle, process: self,
                deathCookie: nextDeathCookie.add(1, ordering: .relaxed).oldValue)
            // Under the lock, so an acquire and a dying proxy's release for
            // the same handle reach the kernel in the order they happened.
            try? sendNow { $0.append(.acquire, handle) }
            table[handle] = WeakProxy(proxy)
            deathCookies.withLock { $0[proxy.deathCookie] = WeakProxy(proxy) }
            return proxy
        }
    }

    /// The last reference to `proxy` is gone: give the kernel its reference back.
    ///
    /// This thread's queued commands go first. Among them may be the
    /// BC_FREE_BUFFER of the reply that brought the proxy, and that buffer
    /// holds a reference of its own on the node: a thread that is no looper
    /// may not talk to the driver again for a long time, and until it did,
    /// the node would keep a client that is gone (a lazy service would not
    /// hear of it). libbinder flushes such a thread's frees at once too.
    func proxyWillGo(_ proxy: RemoteBinder, clearDeath: Bool) {
        let state = threadState()
        proxies.withLock { table in
            // Compared by cookie: loading another proxy's weak reference here
            // could end up running its deinit inside this lock.
            if table[proxy.handle]?.deathCookie == proxy.deathCookie { table[proxy.handle] = nil }
            deathCookies.withLock { $0[proxy.deathCookie] = nil }
            let queued = state.pending
            var stream = queued
            state.pending = CommandStream()
            if clearDeath {
                stream.append(.clearDeathNotification, handle: proxy.handle, cookie: proxy.deathCookie)
            }
            stream.append(.release, proxy.handle)
            // Refused whole (it never is, short of a closed device): the queued ones stay queued.
            if (try? driver.writeRead(stream, readCapacity: 0)) == nil { state.pending = queued }
        }
    }

    /// How many proxies are alive (each holds one kernel strong reference).
    public var liveProxyCount: Int {
        // Released after the lock: the last reference may go with them.
        let alive = proxies.withLock { $0.values.compactMap(\.value) }
        return alive.count
    }

    /// How many local binders are kept alive by the kernel's references or by parcels in flight.
    public var liveLocalBinderCount: Int { nodes.count }

    // MARK: Commands

    /// Writes commands at once, reading nothing (reference and death commands).
    func sendNow(_ build: (inout CommandStream) -> Void) throws {
        var stream = CommandStream()
        build(&stream)
        _ = try driver.writeRead(stream, readCapacity: 0)
    }

    /// BR_DEAD_BINDER: tell the proxy's recipients.
    func deadBinder(cookie: UInt64) {
        deathCookies.withLock { $0[cookie]?.value }?.died()
    }

    // MARK: Thread pool

    /// Starts the first looper thread; the driver asks for more
    /// (BR_SPAWN_LOOPER) when all are busy, up to `maxThreads`.
    public func startThreadPool() {
        let start = pool.withLock { state -> Bool in
            defer { state.started = true }
            return !state.started
        }
        if start { spawnLooper(registered: false) }
    }

    /// Makes the calling thread a looper too, serving calls until the device
    /// fails or `stopThreadPool()` is called.
    public func joinThreadPool() {
        pool.withLock { $0.started = true }
        runLooper(registered: false)
    }

    /// Looper threads running now (the main one, spawned ones, joined ones).
    public var looperCount: Int { pool.withLock { $0.loopers } }

    /// How many times the driver asked for a new looper (BR_SPAWN_LOOPER).
    public var spawnRequestCount: Int { pool.withLock { $0.spawnRequests } }

    func spawnRequested() {
        let stopping = pool.withLock { state -> Bool in
            state.spawnRequests += 1
            return state.stopping
        }
        if !stopping { spawnLooper(registered: true) }
    }

    /// Stops every looper thread, a thread in `joinThreadPool()` included
    /// (which then returns), and waits up to `timeout` seconds for them to
    /// leave; returns whether they all did. Incoming calls are no longer
    /// served afterwards; the pool cannot be started again.
    @discardableResult
    public func stopThreadPool(timeout: TimeInterval = 10) -> Bool {
        pool.withLock { $0.stopping = true }
        // Closing a duplicate of the fd is a flush: the driver sends every
        // thread back from its read, or makes its next read return at once.
        let duplicate = dup(driver.fd)
        if duplicate >= 0 { close(duplicate) }
        let deadline = Date().addingTimeInterval(timeout)
        while looperCount > 0 && Date() < deadline { usleep(1_000) }
        return looperCount == 0
    }

    private var isStopping: Bool { pool.withLock { $0.stopping } }

    private func spawnLooper(registered: Bool) {
        let thread = Thread { [self] in runLooper(registered: registered) }
        thread.name = "binder:\(getpid())"
        thread.start()
    }

    /// A looper's life: BC_ENTER_LOOPER or BC_REGISTER_LOOPER, then serve.
    private func runLooper(registered: Bool) {
        pool.withLock { $0.loopers += 1 }
        defer { pool.withLock { $0.loopers -= 1 } }
        let state = threadState()
        state.pending.append(registered ? .registerLooper : .enterLooper)
        var failures = 0
        while failures < 10 && !isStopping {
            do {
                for item in try exchange(state) { handle(item, on: state) }
                failures = 0
            } catch let error as BinderError where error.errno == EINTR || error.errno == EAGAIN {
                continue
            } catch {
                // A device that keeps failing (closed, EBADF) ends the looper.
                failures += 1
            }
        }
        if isStopping {
            // Replies and acknowledgements already queued go out with the exit.
            state.pending.append(.exitLooper)
            _ = try? exchange(state, readCapacity: 0)
            try? driver.threadExit()
        }
    }
}

/// A proxy table entry that does not keep the proxy alive.
struct WeakProxy: @unchecked Sendable {
    weak var value: RemoteBinder?
    /// Identifies the proxy without loading `value`.
    let deathCookie: UInt64
    init(_ value: RemoteBinder) {
        self.value = value
        deathCookie = value.deathCookie
    }
}
