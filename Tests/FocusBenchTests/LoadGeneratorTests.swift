@testable import FocusBench
import NIOCore
import NIOHTTP1
import NIOPosix
import Testing

/// The load generator against a real HTTP server on 127.0.0.1 that answers `/refuse` with 422
/// and anything else with 200.
@Suite("Load generator")
struct LoadGeneratorTests {
    final class StatusServer: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart
        var uri = ""

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head): uri = head.uri
            case .body: break
            case .end:
                let status: HTTPResponseStatus = uri == "/refuse" ? .unprocessableEntity : .ok
                var headers = HTTPHeaders()
                headers.add(name: "Content-Length", value: "2")
                context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
                context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: "{}")))), promise: nil)
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            }
        }
    }

    static func withServer(_ body: (Int) async throws -> Void) async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMap { channel.pipeline.addHandler(StatusServer()) }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        do {
            try await body(channel.localAddress!.port!)
        } catch {
            try? await channel.close()
            try? await group.shutdownGracefully()
            throw error
        }
        try await channel.close()
        try await group.shutdownGracefully()
    }

    @Test("counts answers whose status the request did not expect, and only those")
    func unexpectedStatuses() async throws {
        try await Self.withServer { port in
            let load = LoadGenerator(threads: 1)
            let refusedAsExpected = try await load.run(host: "127.0.0.1", port: port, connections: 2, duration: 0.3) { _ in
                LoadRequest(method: .POST, uri: "/refuse", body: "{}", expected: 422..<423)
            }
            let refusedUnexpectedly = try await load.run(host: "127.0.0.1", port: port, connections: 2, duration: 0.3) { _ in
                LoadRequest(method: .POST, uri: "/refuse", body: "{}")
            }
            let accepted = try await load.run(host: "127.0.0.1", port: port, connections: 2, duration: 0.3) { _ in
                LoadRequest(uri: "/ok")
            }
            await load.shutdown()
            #expect(refusedAsExpected.requests > 0 && refusedAsExpected.unexpected == 0 && refusedAsExpected.failures == 0)
            #expect(refusedUnexpectedly.requests > 0 && refusedUnexpectedly.unexpected == refusedUnexpectedly.requests)
            #expect(accepted.requests > 0 && accepted.unexpected == 0)
        }
    }
}
