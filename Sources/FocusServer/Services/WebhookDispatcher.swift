import AsyncHTTPClient
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import SQLKit
import ServiceLifecycle

/// Sends the webhooks' queued deliveries (`webhook_deliveries`, filled by ``WebhookOutbox`` in the
/// transaction that caused each event) and records how each attempt went.
///
/// The queue is the database, not memory: a delivery that could not be sent stays `pending` with the
/// time of its next attempt, so it survives a restart, and any number of server processes can share
/// one PostgreSQL. Each pass reads the due rows and *claims* each with one conditional update that
/// moves its next attempt a lease into the future and counts the attempt; the update only changes the
/// row if nobody else claimed it since it was read (same `attempts`, same `next_attempt_at`), so two
/// processes never send the same row at once. A process that dies while sending leaves the row to be
/// claimed again when the lease runs out: delivery is at least once, and receivers tell repeats apart
/// by `X-Focus-Delivery`.
///
/// Several deliveries go out at once (``Options/concurrency``), so two events of one webhook may
/// arrive out of order; the body's `created_at` tells their order. A 2xx answer marks the delivery
/// delivered. Anything else (another status, a redirect, which is not followed, a refused connection,
/// a timeout) is recorded with the status or error and retried after ``Options/backoff``, until
/// ``Options/maxAttempts`` attempts have failed: then the delivery is `failed`, and an owner can send
/// it again from the webhook's page or the API.
///
/// The server runs it as a `ServiceLifecycle.Service` beside the HTTP server: it wakes when new work
/// is signalled (``WorkSignal``) or at the latest every ``Options/pollInterval``, and on graceful
/// shutdown finishes the pass in hand (each request is bounded by ``Options/timeout``), then shuts its
/// HTTP client down.
public final class WebhookDispatcher: Service, Sendable {
    /// The knobs of the schedule; tests shorten them, the server keeps the defaults.
    public struct Options: Sendable {
        /// How long one request may take, from connecting to the end of the answer.
        public var timeout: TimeAmount = .seconds(10)
        /// How far a claim moves a delivery's next attempt: longer than any request takes, so the row is
        /// not claimed again while it is being sent, and short enough that a crashed sender's rows go
        /// out again soon.
        public var lease: Double = 60
        /// Attempts after which a delivery is given up and marked `failed`.
        public var maxAttempts: Int = 12
        /// Requests in flight at once.
        public var concurrency: Int = 8
        /// Due deliveries read in one pass; a full batch is followed by another pass at once.
        public var batchSize: Int = 32
        /// The longest wait for new work when nothing signals it.
        public var pollInterval: Duration = .seconds(1)
        /// Seconds to wait after the `attempts`-th failed attempt.
        public var backoff: @Sendable (_ attempts: Int) -> Double = WebhookDispatcher.exponentialBackoff

        public init() {}
    }

    /// 10 s after the first failure, doubling each time up to an hour, each ±10% so that the retries of
    /// many deliveries to a receiver that was down do not all arrive in the same second. With the default
    /// 12 attempts a delivery is tried for about three and a half hours.
    public static func exponentialBackoff(_ attempts: Int) -> Double {
        let base = min(10 * pow(2, Double(max(attempts, 1) - 1)), 3600)
        return base * Double.random(in: 0.9...1.1)
    }

    let database: FocusDatabase
    let signal: WorkSignal
    let options: Options
    let clock: @Sendable () -> Double
    let logger: Logger
    /// Set when graceful shutdown begins: the loop ends after the pass in hand.
    private let stopping = NIOLockedValueBox(false)

    init(database: FocusDatabase, signal: WorkSignal, options: Options = Options(),
         clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }, logger: Logger) {
        self.database = database
        self.signal = signal
        self.options = options
        self.clock = clock
        self.logger = logger
    }

    /// The client every request of one run goes through: redirects are not followed (the URL an owner
    /// entered is where customer data goes, not wherever that server points), a refused connection fails
    /// the attempt at once rather than being retried inside the client until the timeout (our own
    /// schedule retries it), and decompression is off (the answer's body is only a hint for the log).
    static func makeClient(_ options: Options) -> HTTPClient {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .seconds(5), read: options.timeout))
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    // MARK: running

    /// Runs until graceful shutdown or cancellation: a pass at once (deliveries may have waited through a
    /// restart), then one each time work is signalled or the poll interval passes.
    public func run() async throws {
        let client = Self.makeClient(options)
        let signal = self.signal
        let stopping = self.stopping
        let interval = options.pollInterval
        await withTaskGroup(of: Void.self) { group in
            // The poll: a nudge through the same signal, so the loop below waits on one thing only.
            // (Cancelling a wait on an AsyncStream would end the stream for good.)
            group.addTask {
                while !Task.isCancelled {
                    try? await Task.sleep(for: interval)
                    signal.signal()
                }
            }
            await withGracefulShutdownHandler {
                await drain(client)
                for await _ in signal.signals {
                    if stopping.withLockedValue({ $0 }) || Task.isCancelled { break }
                    await drain(client)
                }
            } onGracefulShutdown: {
                stopping.withLockedValue { $0 = true }
                signal.signal()
            }
            group.cancelAll()
        }
        do {
            try await client.shutdown()
        } catch {
            logger.warning("webhook client did not shut down cleanly", metadata: ["error": "\(error)"])
        }
    }

    /// Passes until one finds less than a full batch; errors are logged, and the next signal or poll tries again.
    private func drain(_ client: HTTPClient) async {
        while !stopping.withLockedValue({ $0 }), !Task.isCancelled {
            do {
                // A full batch means more may be due at once.
                if try await pass(now: clock(), client: client).read < options.batchSize { return }
            } catch {
                if !Task.isCancelled { logger.error("webhook dispatch failed", metadata: ["error": "\(String(reflecting: error))"]) }
                return
            }
        }
    }

    /// One pass as the running service makes it, with a client of its own that is shut down after it:
    /// claims the deliveries due at `now`, sends them and records the outcomes, all stamped `now` (a test
    /// moves time this way instead of waiting out the backoff); without `now`, at the clock's times.
    /// - Returns: how many deliveries this pass sent.
    public func runOnce(now: Double? = nil) async throws -> Int {
        let client = Self.makeClient(options)
        do {
            let sent = try await pass(now: now ?? clock(), client: client, fixedTime: now != nil).sent
            try await client.shutdown()
            return sent
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    // MARK: one pass

    struct Due: Decodable, Sendable {
        let id: UUID
        let webhook_id: UUID
        let event: String
        let body: String
        let attempts: Int
        let next_attempt_at: Double
        let url: String
        let secret: String
    }

    /// Reads up to a batch of due deliveries and attempts them, at most ``Options/concurrency`` at a time.
    /// Each is claimed just before it is sent, so that on graceful shutdown the ones not started yet stay
    /// as they were, due at once for the next server. `fixedTime` stamps everything with `now` (tests);
    /// otherwise the clock says when each claim and outcome happened.
    /// - Returns: how many were read, and how many this process claimed and sent.
    func pass(now: Double, client: HTTPClient, fixedTime: Bool = false) async throws -> (read: Int, sent: Int) {
        // Deliveries of a paused webhook wait (they go out when it is switched on again).
        let due = try await database.sql.raw("""
            SELECT d.id, d.webhook_id, d.event, d.body, d.attempts, d.next_attempt_at, w.url, w.secret
            FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
            WHERE d.status = 'pending' AND d.next_attempt_at <= \(bind: now) AND w.active = \(bind: true)
            ORDER BY d.next_attempt_at, d.id LIMIT \(bind: options.batchSize)
            """).all(decoding: Due.self)
        guard !due.isEmpty else { return (0, 0) }
        let width = max(1, options.concurrency)
        var sent = 0
        try await withThrowingTaskGroup(of: Bool.self) { group in
            var next = 0
            func start() {
                let row = due[next]
                next += 1
                group.addTask { try await self.attempt(row, now: now, client: client, fixedTime: fixedTime) }
            }
            while next < min(width, due.count) { start() }
            while let claimed = try await group.next() {
                if claimed { sent += 1 }
                if next < due.count, !stopping.withLockedValue({ $0 }) { start() }
            }
        }
        return (due.count, sent)
    }

    /// Claims one delivery and, if this process got it, sends it and records how it went.
    /// - Returns: whether it was claimed (false: another process got there first).
    func attempt(_ row: Due, now: Double, client: HTTPClient, fixedTime: Bool) async throws -> Bool {
        let claimedAt = fixedTime ? now : max(now, clock())
        let lease = claimedAt + options.lease
        let changed = try await database.sql.update("webhook_deliveries")
            .set("next_attempt_at", to: SQLBind(lease))
            .set("attempts", to: SQLRaw("attempts + 1"))
            .set("last_attempt_at", to: SQLBind(claimedAt))
            .where("id", .equal, SQLBind(row.id))
            .where("status", .equal, SQLBind("pending"))
            .where("attempts", .equal, SQLBind(row.attempts))
            .where("next_attempt_at", .equal, SQLBind(row.next_attempt_at))
            .returning("id")
            .all()
        guard !changed.isEmpty else { return false }
        let outcome = await send(row, client: client)
        try await record(outcome, of: row, lease: lease, at: fixedTime ? now : max(claimedAt, clock()))
        return true
    }

    /// What one attempt came to.
    struct Outcome: Sendable {
        let status: Int?
        let error: String?
        var delivered: Bool { status.map { (200..<300).contains($0) } ?? false }
    }

    /// POSTs one delivery, signed; never throws: whatever goes wrong is the attempt's outcome.
    func send(_ row: Due, client: HTTPClient) async -> Outcome {
        var request = HTTPClientRequest(url: row.url)
        request.method = .POST
        let body = Array(row.body.utf8)
        for (name, value) in WebhookSigner.headers(body: body, secret: row.secret, event: row.event, deliveryID: row.id) {
            request.headers.add(name: name, value: value)
        }
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await client.execute(request, timeout: options.timeout, logger: logger)
            let status = Int(response.status.code)
            // Read the answer (so the connection can be reused), keeping its start for the log;
            // a receiver that answers at length is not read to the end.
            var start = ""
            var read = 0
            for try await chunk in response.body {
                if start.utf8.count < 300 { start += String(buffer: chunk) }
                read += chunk.readableBytes
                if read > 64 * 1024 { break }
            }
            if (200..<300).contains(status) { return Outcome(status: status, error: nil) }
            var message = "HTTP \(status)"
            if (300..<400).contains(status) { message += " (redirects are not followed)" }
            let hint = Self.oneLine(start, limit: 200)
            if !hint.isEmpty { message += ": \(hint)" }
            return Outcome(status: status, error: message)
        } catch {
            return Outcome(status: nil, error: Self.oneLine(Self.describe(error), limit: 500))
        }
    }

    /// Records an attempt: delivered, or the next attempt after the backoff, or given up.
    func record(_ outcome: Outcome, of row: Due, lease: Double, at time: Double) async throws {
        let sql = database.sql
        if outcome.delivered {
            try await sql.update("webhook_deliveries")
                .set("status", to: SQLBind("delivered"))
                .set("delivered_at", to: SQLBind(time))
                .set("last_status", to: SQLBind(outcome.status))
                .set("last_error", to: SQLBind(String?.none))
                .where("id", .equal, SQLBind(row.id))
                .where("status", .equal, SQLBind("pending"))
                .run()
            return
        }
        let attempts = row.attempts + 1
        let givenUp = attempts >= options.maxAttempts
        // Only while the row is still ours: an owner's "retry now" during the attempt keeps its time.
        try await sql.update("webhook_deliveries")
            .set("status", to: SQLBind(givenUp ? "failed" : "pending"))
            .set("next_attempt_at", to: SQLBind(givenUp ? time : time + max(0, options.backoff(attempts))))
            .set("last_status", to: SQLBind(outcome.status))
            .set("last_error", to: SQLBind(outcome.error))
            .where("id", .equal, SQLBind(row.id))
            .where("status", .equal, SQLBind("pending"))
            .where("next_attempt_at", .equal, SQLBind(lease))
            .run()
        logger.info("webhook delivery attempt failed", metadata: [
            "delivery": "\(row.id)", "webhook": "\(row.webhook_id)", "attempt": "\(attempts)",
            "error": "\(outcome.error ?? "")", "given_up": "\(givenUp)",
        ])
    }

    /// An error as a person reads it in the delivery log.
    static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .connectTimeout: return "timed out"
            default: return "\(error)"
            }
        }
        if let error = error as? IOError {
            switch error.errnoCode {
            case ECONNREFUSED: return "connection refused"
            case ECONNRESET: return "connection reset"
            case EHOSTUNREACH, ENETUNREACH: return "host unreachable"
            default: break
            }
        }
        return "\(error)"
    }

    /// Text on one line, at most `limit` characters (control characters cannot be stored in PostgreSQL's text).
    static func oneLine(_ text: String, limit: Int) -> String {
        let cleaned = String(String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : $0 }))
            .trimmingCharacters(in: .whitespaces)
        return cleaned.count > limit ? String(cleaned.prefix(limit)) + "…" : cleaned
    }
}
