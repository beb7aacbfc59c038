import Foundation
import Glibc
import NIOConcurrencyHelpers

/// A TCP listening socket bound to `127.0.0.1` inside another network namespace.
///
/// The OVS fabric's `ovs-vswitchd` runs in a private network namespace (the userspace datapath creates
/// tap devices whose names would collide between parallel runs), so its bridges reach the controller at
/// that namespace's loopback. A socket keeps the namespace it was created in: a short-lived thread enters
/// the namespace, creates, binds and listens, and exits; the controller then accepts on the descriptor.
public struct NamespaceSocket: Sendable {
    /// A system call failed while making the socket.
    public struct Failure: Error, CustomStringConvertible {
        public var step: String
        public var namespace: String
        public var errno: Int32
        public var description: String { "\(step) in network namespace \(namespace) failed: \(String(cString: strerror(errno)))" }
    }

    /// The listening descriptor; the controller that accepts on it owns and closes it.
    public var descriptor: Int32
    /// The bound port (the kernel's choice when 0 was asked for).
    public var port: UInt16

    /// Creates a socket listening on `127.0.0.1:port` inside the named namespace (`/run/netns/NAME`).
    public static func listening(inNamespace namespace: String, port: UInt16 = 0) throws -> NamespaceSocket {
        let result = NIOLockedValueBox<Result<NamespaceSocket, Failure>?>(nil)
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            let outcome = Result { () throws(Failure) in try bind(inNamespace: namespace, port: port) }
            result.withLockedValue { $0 = outcome }
            done.signal()
        }
        thread.start()
        done.wait()
        guard let outcome = result.withLockedValue({ $0 }) else {
            throw Failure(step: "thread", namespace: namespace, errno: EINVAL)
        }
        return try outcome.get()
    }

    /// Runs on a thread of its own: the thread's namespace changes and changes back.
    private static func bind(inNamespace namespace: String, port: UInt16) throws(Failure) -> NamespaceSocket {
        func fail(_ step: String) -> Failure { Failure(step: step, namespace: namespace, errno: errno) }
        let original = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC)
        guard original >= 0 else { throw fail("open own namespace") }
        defer { close(original) }
        let target = open("/run/netns/\(namespace)", O_RDONLY | O_CLOEXEC)
        guard target >= 0 else { throw fail("open namespace") }
        defer { close(target) }
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "setns") else { throw fail("dlsym setns") }
        let setns = unsafeBitCast(symbol, to: (@convention(c) (Int32, Int32) -> Int32).self)
        let newNetworkNamespace: Int32 = 0x4000_0000  // CLONE_NEWNET, hidden behind _GNU_SOURCE in Glibc
        guard setns(target, newNetworkNamespace) == 0 else { throw fail("setns") }
        defer { _ = setns(original, newNetworkNamespace) }

        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw fail("socket") }
        var yes: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(descriptor, 64) == 0 else {
            let failure = fail("bind/listen on 127.0.0.1:\(port)")
            close(descriptor)
            throw failure
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard named == 0 else {
            let failure = fail("getsockname")
            close(descriptor)
            throw failure
        }
        return NamespaceSocket(descriptor: descriptor, port: UInt16(bigEndian: address.sin_port))
    }
}
