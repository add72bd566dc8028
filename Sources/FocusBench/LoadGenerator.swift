import Foundation
import Histogram
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// One kind of request the load generator sends; `make` is called for every request.
public struct LoadRequest: Sendable {
    public var method: HTTPMethod
    public var uri: String
    public var headers: [(String, String)]
    public var body: String?
    /// The statuses this request should get; any other counts as unexpected.
    public var expected: Range<Int>

    public init(method: HTTPMethod = .GET, uri: String, headers: [(String, String)] = [], body: String? = nil,
                expected: Range<Int> = 200..<300) {
        self.method = method
        self.uri = uri
        self.headers = headers
        self.body = body
        self.expected = expected
    }
}

/// What one load run measured.
public struct LoadResult: Sendable, Codable {
    public let requests: Int
    /// Answers with a status other than the request's expected one.
    public let unexpected: Int
    public let failures: Int
    public let seconds: Double
    public let p50: Double
    public let p99: Double
    public let p999: Double
    public let max: Double

    public var perSecond: Double { Double(requests) / seconds }
}

/// A closed-loop load generator: each of N keep-alive connections sends a request, waits for
/// the answer, records its latency, and sends the next, until the time is up.
public final class LoadGenerator: Sendable {
    let group: MultiThreadedEventLoopGroup

    public init(threads: Int = 1) {
        self.group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
    }

    public func shutdown() async {
        try? await group.shutdownGracefully()
    }

    /// Sends one request and returns the status and body (for setting up a run).
    public func fetch(host: String, port: Int, _ request: LoadRequest) async throws -> (status: Int, body: String) {
        let promise = group.next().makePromise(of: (Int, String).self)
        let handler = OneShotHandler(request: request, host: host, promise: promise)
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: group)
                .channelInitializer { channel in
                    channel.pipeline.addHTTPClientHandlers().flatMap { channel.pipeline.addHandler(handler) }
                }
                .connect(host: host, port: port).get()
        } catch {
            // Not connected (the server is not up yet): the promise is answered, not left behind.
            promise.fail(error)
            throw error
        }
        defer { channel.close(promise: nil) }
        let (status, body) = try await promise.futureResult.get()
        return (status, body)
    }

    /// Runs `connections` connections for `duration` seconds.
    public func run(host: String, port: Int, connections: Int, duration: Double,
                    make: @escaping @Sendable (Int) -> LoadRequest) async throws -> LoadResult {
        let state = NIOLockedValueBox(RunTotals())
        let deadline = NIODeadline.now() + .nanoseconds(Int64(duration * 1e9))
        let started = NIODeadline.now()
        var channels: [any Channel] = []
        var finished: [EventLoopFuture<Void>] = []
        for index in 0..<connections {
            let loop = group.next()
            let done = loop.makePromise(of: Void.self)
            let handler = ClosedLoopHandler(connection: index, host: host, deadline: deadline, make: make, totals: state, done: done)
            let channel = try await ClientBootstrap(group: loop)
                .channelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.pipeline.addHTTPClientHandlers().flatMap { channel.pipeline.addHandler(handler) }
                }
                .connect(host: host, port: port).get()
            channels.append(channel)
            finished.append(done.futureResult)
        }
        for future in finished { try? await future.get() }
        let elapsed = Double((NIODeadline.now() - started).nanoseconds) / 1e9
        for channel in channels { try? await channel.close() }
        return state.withLockedValue { totals in
            let h = totals.histogram
            func ms(_ percentile: Double) -> Double { Double(h.valueAtPercentile(percentile)) / 1000 }
            return LoadResult(requests: totals.requests, unexpected: totals.unexpected, failures: totals.failures, seconds: elapsed,
                              p50: ms(50), p99: ms(99), p999: ms(99.9), max: Double(h.max) / 1000)
        }
    }
}

struct RunTotals {
    var histogram = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)
    var requests = 0
    var unexpected = 0
    var failures = 0
}

extension LoadRequest {
    func head(host: String) -> HTTPRequestHead {
        var head = HTTPRequestHead(version: .http1_1, method: method, uri: uri)
        head.headers.add(name: "Host", value: host)
        for (name, value) in headers { head.headers.add(name: name, value: value) }
        if let body { head.headers.add(name: "Content-Length", value: String(body.utf8.count)) }
        return head
    }
}

/// Sends requests one after another on its connection until the deadline.
final class ClosedLoopHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    let connection: Int
    let host: String
    let deadline: NIODeadline
    let make: @Sendable (Int) -> LoadRequest
    let totals: NIOLockedValueBox<RunTotals>
    let done: EventLoopPromise<Void>
    var sentAt = NIODeadline.now()
    var status = 0
    var expected = 200..<300
    var count = 0
    // Record locally, merge once at the end: no lock per request.
    var histogram = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)
    var unexpected = 0

    init(connection: Int, host: String, deadline: NIODeadline, make: @escaping @Sendable (Int) -> LoadRequest,
         totals: NIOLockedValueBox<RunTotals>, done: EventLoopPromise<Void>) {
        self.connection = connection
        self.host = host
        self.deadline = deadline
        self.make = make
        self.totals = totals
        self.done = done
    }

    func channelActive(context: ChannelHandlerContext) {
        send(context: context)
    }

    func send(context: ChannelHandlerContext) {
        let request = make(connection &* 1_000_003 &+ count)
        sentAt = .now()
        expected = request.expected
        context.write(wrapOutboundOut(.head(request.head(host: host))), promise: nil)
        if let body = request.body {
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: body)))), promise: nil)
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            status = Int(head.status.code)
        case .body:
            break
        case .end:
            let micros = UInt64(max(1, (NIODeadline.now() - sentAt).nanoseconds / 1000))
            _ = histogram.record(micros)
            count += 1
            if !expected.contains(status) { unexpected += 1 }
            if NIODeadline.now() < deadline {
                send(context: context)
            } else {
                finish()
            }
        }
    }

    func finish() {
        let (h, n, bad) = (histogram, count, unexpected)
        totals.withLockedValue { t in
            t.histogram.add(h)
            t.requests += n
            t.unexpected += bad
        }
        done.succeed(())
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        totals.withLockedValue { $0.failures += 1 }
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        // A connection closed by the server before the deadline ends this connection's part.
        if NIODeadline.now() < deadline { finish() }
    }
}

/// Sends one request and fulfils the promise with its status and body.
final class OneShotHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    let request: LoadRequest
    let host: String
    let promise: EventLoopPromise<(Int, String)>
    var status = 0
    var body = ""

    init(request: LoadRequest, host: String, promise: EventLoopPromise<(Int, String)>) {
        self.request = request
        self.host = host
        self.promise = promise
    }

    func channelActive(context: ChannelHandlerContext) {
        context.write(wrapOutboundOut(.head(request.head(host: host))), promise: nil)
        if let b = request.body { context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: b)))), promise: nil) }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head): status = Int(head.status.code)
        case .body(let buffer): body += String(buffer: buffer)
        case .end: promise.succeed((status, body))
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        promise.fail(error)
        context.close(promise: nil)
    }
}
