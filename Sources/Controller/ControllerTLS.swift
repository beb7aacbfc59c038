import Foundation
import NIOSSL

/// OpenFlow over TLS with mutual authentication, as Open vSwitch speaks it with an `ssl:` controller
/// target (`ovs-vsctl set-ssl KEY CERT CACERT`): the controller presents `certificatePath` (with
/// `privateKeyPath`) and accepts only switches whose certificate chains to a CA in `trustedCAPath`.
/// A peer without such a certificate fails the TLS handshake and never reaches OpenFlow.
public struct ControllerTLS: Hashable, Sendable {
    /// PEM certificate (chain) the controller presents.
    public var certificatePath: String
    /// PEM private key of that certificate.
    public var privateKeyPath: String
    /// PEM file of the CA certificates switch certificates must chain to.
    public var trustedCAPath: String

    public init(certificatePath: String, privateKeyPath: String, trustedCAPath: String) {
        self.certificatePath = certificatePath
        self.privateKeyPath = privateKeyPath
        self.trustedCAPath = trustedCAPath
    }

    /// Loads the three files into a server context that requires a client certificate (TLS 1.2 or
    /// later); each unreadable or unparsable file is named.
    func makeContext() throws(ControllerError) -> NIOSSLContext {
        let chain: [NIOSSLCertificate]
        let key: NIOSSLPrivateKey
        let roots: [NIOSSLCertificate]
        chain = try Self.load(certificatePath, "certificate") { try NIOSSLCertificate.fromPEMFile($0) }
        key = try Self.load(privateKeyPath, "private key") { try NIOSSLPrivateKey(file: $0, format: .pem) }
        roots = try Self.load(trustedCAPath, "CA certificate") { try NIOSSLCertificate.fromPEMFile($0) }
        guard !chain.isEmpty else { throw .invalidTLS(path: certificatePath, reason: "holds no PEM certificate") }
        guard !roots.isEmpty else { throw .invalidTLS(path: trustedCAPath, reason: "holds no PEM CA certificate") }
        var configuration = TLSConfiguration.makeServerConfigurationWithMTLS(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key), trustRoots: .certificates(roots))
        configuration.minimumTLSVersion = .tlsv12
        do {
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw .invalidTLS(path: certificatePath, reason: "the certificate and key do not make a TLS context: \(error)")
        }
    }

    private static func load<Value>(_ path: String, _ what: String, _ body: (String) throws -> Value) throws(ControllerError) -> Value {
        guard FileManager.default.isReadableFile(atPath: path) else { throw .invalidTLS(path: path, reason: "cannot read the TLS \(what) file") }
        do {
            return try body(path)
        } catch {
            throw .invalidTLS(path: path, reason: "not a PEM \(what): \(error)")
        }
    }
}
