import NIOCore
import NIOPosix
import NIOSSL
import OpenFlow

/// Binds the OpenFlow port: one child channel per switch, optionally behind TLS, framed into
/// `OpenFlowMessage`s (the pipeline every controller connection uses).
enum OpenFlowListener {
    typealias Connection = NIOAsyncChannel<OpenFlowMessageCoder.Inbound, OpenFlowMessage>
    typealias Server = NIOAsyncChannel<Connection, Never>

    static func bind(_ listen: ControllerConfiguration.Listen, tls: NIOSSLContext?) async throws(ControllerError) -> Server {
        var bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
        let isUnix = if case .unixDomainSocket = listen { true } else { false }
        if !isUnix {
            bootstrap = bootstrap.childChannelOption(.socketOption(.tcp_nodelay), value: 1)
        }
        let initializer: @Sendable (any Channel) -> EventLoopFuture<Connection> = { channel in
            channel.eventLoop.makeCompletedFuture {
                if let tls {
                    try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls))
                }
                try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(OpenFlowMessageCoder()))
                try channel.pipeline.syncOperations.addHandler(MessageToByteHandler(OpenFlowMessageCoder()))
                return try Connection(wrappingChannelSynchronously: channel)
            }
        }
        do {
            switch listen {
            case let .tcp(host, port):
                return try await bootstrap.bind(host: host, port: port, childChannelInitializer: initializer)
            case let .boundSocket(handle):
                return try await bootstrap.bind(handle, childChannelInitializer: initializer)
            case let .unixDomainSocket(path):
                return try await bootstrap.bind(unixDomainSocketPath: path, cleanupExistingSocketFile: true, childChannelInitializer: initializer)
            }
        } catch {
            throw .cannotListen(address: listen.description, reason: "\(error)")
        }
    }
}
