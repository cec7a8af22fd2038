// poll/epoll on a binder file, including the BINDER_THREAD_EXIT + epoll
// use-after-free of CVE-2019-2215 as a regression test.

import BinderKit
import CBinderUAPI
import Glibc
import XCTest

final class PollTests: DriverTestCase {
    func testNewThreadPollsReadableUntilItsFirstIoctl() throws {
        let driver = try openDevice()
        try onNewThread {
            var fds = [pollfd(fd: driver.fd, events: Int16(POLLIN), revents: 0)]
            XCTAssertEqual(poll(&fds, 1, 0), 1, "a new thread has a pending return")
            XCTAssertEqual(Int32(fds[0].revents) & POLLIN, POLLIN)
            _ = try driver.protocolVersion()
            fds[0].revents = 0
            XCTAssertEqual(poll(&fds, 1, 0), 0, "after an ioctl nothing is pending")
        }
    }

    func testEpollSurvivesThreadExit() throws {
        let driver = try openDevice()
        let epfd = epoll_create1(Int32(EPOLL_CLOEXEC))
        XCTAssertGreaterThanOrEqual(epfd, 0)
        defer { close(epfd) }
        var event = epoll_event()
        event.events = EPOLLIN.rawValue
        XCTAssertEqual(epoll_ctl(epfd, EPOLL_CTL_ADD, driver.fd, &event), 0)
        try driver.threadExit()
        var events = [epoll_event](repeating: epoll_event(), count: 4)
        _ = epoll_wait(epfd, &events, 4, 0)
        XCTAssertEqual(epoll_ctl(epfd, EPOLL_CTL_DEL, driver.fd, nil), 0)
    }

    func testClosingWhileEpollWatchesIsSafe() throws {
        let epfd = epoll_create1(Int32(EPOLL_CLOEXEC))
        defer { close(epfd) }
        do {
            let driver = try openDevice()
            var event = epoll_event()
            event.events = EPOLLIN.rawValue
            XCTAssertEqual(epoll_ctl(epfd, EPOLL_CTL_ADD, driver.fd, &event), 0)
            try driver.threadExit()
        }
        var events = [epoll_event](repeating: epoll_event(), count: 4)
        XCTAssertEqual(epoll_wait(epfd, &events, 4, 0), 0, "a closed file leaves the epoll set")
    }
}
