import Crypto
@testable import FocusServer
import FocusCore
import FluentKit
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import SQLKit
import ServiceLifecycle
import Testing

/// What a receiver got: one request.
struct ReceivedHook: Sendable {
    let headers: HTTPFields
    let body: [UInt8]

    func header(_ name: String) -> String? { headers[HTTPField.Name(name)!] }
}

/// The requests a receiver got, and the status it answers with (tests may change it).
actor WebhookInbox {
    private(set) var requests: [ReceivedHook] = []
    var status: HTTPResponse.Status = .ok

    func add(_ request: ReceivedHook) -> HTTPResponse.Status {
        requests.append(request)
        return status
    }

    func answer(_ status: HTTPResponse.Status) { self.status = status }

    /// The requests once there are `count`; gives up (a failure, not a hang) after a generous wait.
    func wait(for count: Int) async throws -> [ReceivedHook] {
        for _ in 0..<600 where requests.count < count {
            try await Task.sleep(for: .milliseconds(50))
        }
        guard requests.count >= count else { throw TestSetupError("the receiver got \(requests.count) requests, not \(count)") }
        return requests
    }
}

/// A webhook receiver on 127.0.0.1: a real HTTP server (Hummingbird) that records what it gets at `/hook`.
enum WebhookReceiver {
    /// Runs a receiver on the port (0: any free one) while `body` runs; `body` gets the port and the inbox.
    static func run<T>(port: Int = 0, _ body: (Int, WebhookInbox) async throws -> T) async throws -> T {
        let inbox = WebhookInbox()
        let router = Router()
        router.post("/hook") { request, _ -> Response in
            let buffer = try await request.body.collect(upTo: 1 << 20)
            let status = await inbox.add(ReceivedHook(headers: request.headers, body: Array(buffer.readableBytesView)))
            return Response(status: status)
        }
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)),
                              onServerRunning: { channel in portContinuation.yield(channel.localAddress?.port ?? 0) },
                              logger: TestBackend.logger)
        let group = ServiceGroup(configuration: .init(services: [app], logger: TestBackend.logger))
        nonisolated(unsafe) let body = body
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            guard let actual = await iterator.next() else { throw TestSetupError("the receiver did not start") }
            let result: Result<T, any Error>
            do { result = .success(try await body(actual, inbox)) } catch { result = .failure(error) }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return try result.get()
        }
    }
}

@Suite("Webhooks: signed deliveries, retries with backoff, a queue that survives a restart, the API and the pages")
struct WebhookTests {
    static let base = "/api/v1/workspaces/acme-insurance"

    struct Payload: Encodable { let response_id: String; let nps: Int; let comment: String }

    /// A deterministic schedule: 10 s, 20 s, 40 s … (the real one adds jitter).
    static func options(maxAttempts: Int = 12) -> WebhookDispatcher.Options {
        var options = WebhookDispatcher.Options()
        options.backoff = { attempts in 10 * pow(2, Double(attempts - 1)) }
        options.maxAttempts = maxAttempts
        return options
    }

    static func owner(_ workspace: WorkspaceRecord) -> Principal {
        Principal(kind: .user, userID: nil, displayName: "Olivia Owner", email: nil, roles: [workspace.id: .owner])
    }

    struct DeliveryRow: Decodable {
        let id: UUID, status: String, attempts: Int, next_attempt_at: Double, last_status: Int?, last_error: String?, delivered_at: Double?
    }

    static func deliveries(_ app: TestApp) async throws -> [DeliveryRow] {
        try await app.services.database.sql.select()
            .columns("id", "status", "attempts", "next_attempt_at", "last_status", "last_error", "delivered_at")
            .from("webhook_deliveries").orderBy("created_at").all(decoding: DeliveryRow.self)
    }

    /// Queues one `response.received` event in a transaction, as ingest does, and nudges the dispatcher.
    static func enqueueResponse(_ app: TestApp, _ workspace: WorkspaceRecord, comment: String = "Quick and friendly") async throws -> Int {
        let queued = try await app.services.database.db.transaction { db in
            try await WebhookOutbox.enqueue(workspace.id, .responseReceived,
                                            [Payload(response_id: UUID().uuidString, nps: 9, comment: comment)], on: db as! any SQLDatabase)
        }
        app.services.deliveries.signal()
        return queued
    }

    /// The receiver's own check: HMAC-SHA256 of the raw body under the secret, with swift-crypto.
    static func expectSigned(_ hook: ReceivedHook, secret: String) {
        let mac = HMAC<SHA256>.authenticationCode(for: hook.body, using: SymmetricKey(data: Data(secret.utf8)))
        let expected = "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
        #expect(hook.header("X-Focus-Signature") == expected)
        #expect(WebhookSigner.verify(body: hook.body, secret: secret, header: expected))
        #expect(!WebhookSigner.verify(body: hook.body + [0x20], secret: secret, header: expected))
        #expect(!WebhookSigner.verify(body: hook.body, secret: secret + "x", header: expected))
    }

    @Test("an event queued in a transaction reaches a receiver on localhost, signed, while the dispatcher runs as the server runs it",
          arguments: TestBackend.allCases)
    func deliversSigned(backend: TestBackend) async throws {
        try await TestApp.run(backend) { app, client in
            // setup
            _ = try await app.setUpOwner(client)
            let workspace = try #require(try await app.services.workspaces.find(slug: "acme-insurance"))
            try await WebhookReceiver.run { port, inbox in
                let (hook, secret) = try await app.services.webhooks.create(
                    workspace.id, name: "Help desk", url: "http://127.0.0.1:\(port)/hook", events: ["response.received"], by: Self.owner(workspace))
                let dispatcher = WebhookDispatcher(database: app.services.database, signal: app.services.deliveries, logger: TestBackend.logger)
                let service = ServiceGroup(configuration: .init(services: [dispatcher], logger: TestBackend.logger))

                // MUT
                let received: [ReceivedHook] = try await withThrowingTaskGroup(of: Void.self) { tasks in
                    tasks.addTask { try await service.run() }
                    let notSubscribed = try await app.services.database.db.transaction { db in
                        try await WebhookOutbox.enqueue(workspace.id, .caseOpened, [Payload(response_id: "x", nps: 1, comment: "")],
                                                        on: db as! any SQLDatabase)
                    }
                    #expect(notSubscribed == 0)
                    #expect(try await Self.enqueueResponse(app, workspace, comment: "Quick and friendly ✓") == 1)
                    let received = try await inbox.wait(for: 1)
                    await service.triggerGracefulShutdown()
                    try await tasks.waitForAll()
                    return received
                }

                // validate: the receiver's checks
                #expect(received.count == 1)
                let request = try #require(received.first)
                Self.expectSigned(request, secret: secret)
                #expect(secret.hasPrefix("whsec_"))
                #expect(request.header("X-Focus-Event") == "response.received")
                #expect(request.header("Content-Type") == "application/json")
                #expect(request.header("User-Agent") == "Focus-Webhooks")
                let rows = try await Self.deliveries(app)
                #expect(rows.count == 1)
                #expect(request.header("X-Focus-Delivery") == rows.first?.id.uuidString.lowercased())
                let json = try #require(try JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any])
                #expect(json["type"] as? String == "response.received")
                #expect(json["workspace"] as? String == "acme-insurance")
                #expect(Timestamp.parse(json["created_at"] as? String ?? "") != nil)
                let data = try #require(json["data"] as? [String: Any])
                #expect(data["nps"] as? Int == 9)
                #expect(data["comment"] as? String == "Quick and friendly ✓")
                // and the log
                #expect(rows.first?.status == "delivered")
                #expect(rows.first?.attempts == 1)
                #expect(rows.first?.last_status == 200)
                #expect(rows.first?.delivered_at != nil)
                let summary = try #require(try await app.services.webhooks.get(workspace.id, id: hook.id))
                #expect(summary.pending == 0 && summary.failed == 0 && summary.lastDelivery?.status == .delivered)
            }
        }
    }

    @Test("end to end: a detractor posted through the API opens a case, and the receiver gets response.received, case.opened, case.overdue and case.resolved, signed",
          arguments: TestBackend.allCases)
    func detractorToReceiver(backend: TestBackend) async throws {
        try await TestApp.run(backend) { app, client in
            // setup
            let (workspace, survey) = try await app.liveSurvey(.relationshipNPS)
            let api = APIClient(client: client, token: try await app.token(workspace: workspace, role: .owner))
            #expect(try await api.call(.post, "\(Self.base)/alert-rules", json: #"{"name":"Detractors","conditions":{"nps_at_most":6},"actions":{"priority":"urgent"}}"#).status == .created)
            try await WebhookReceiver.run { port, inbox in
                let (_, secret) = try await app.services.webhooks.create(
                    workspace.id, name: "CRM", url: "http://127.0.0.1:\(port)/hook",
                    events: ["response.received", "case.opened", "case.overdue", "case.resolved"], by: Self.owner(workspace))
                let dispatcher = WebhookDispatcher(database: app.services.database, signal: app.services.deliveries, logger: TestBackend.logger)
                let service = ServiceGroup(configuration: .init(services: [dispatcher], logger: TestBackend.logger))

                // MUT
                let received: [ReceivedHook] = try await withThrowingTaskGroup(of: Void.self) { tasks in
                    tasks.addTask { try await service.run() }
                    let posted = try await api.call(.post, "\(Self.base)/responses", json: #"{"survey_id":"\#(survey.id)","answers":{"nps":2,"comment":"Still waiting."}}"#)
                    #expect(posted.status == .created)
                    _ = try await inbox.wait(for: 2)
                    let cases = try await api.call(.get, "\(Self.base)/cases")
                    let item = try #require((try cases.json()["items"] as? [[String: Any]])?.first)
                    let due = try #require(Timestamp.parse(item["due_at"] as? String ?? ""))
                    #expect(try await app.services.escalation.run(now: due + 1).count == 1)
                    _ = try await inbox.wait(for: 3)
                    let resolved = try await api.call(.patch, "\(Self.base)/cases/\(item["id"] as? String ?? "")", json: #"{"status":"resolved","outcome":"resolved"}"#)
                    #expect(resolved.status == .ok)
                    let all = try await inbox.wait(for: 4)
                    await service.triggerGracefulShutdown()
                    try await tasks.waitForAll()
                    return all
                }

                // validate
                #expect(received.count == 4)
                for hook in received { Self.expectSigned(hook, secret: secret) }
                let events = received.compactMap { $0.header("X-Focus-Event") }
                #expect(Set(events.prefix(2)) == ["response.received", "case.opened"], "both from the response's transaction")
                #expect(Array(events.dropFirst(2)) == ["case.overdue", "case.resolved"])
                let opened = try #require(received.first { $0.header("X-Focus-Event") == "case.opened" })
                let data = try #require((try JSONSerialization.jsonObject(with: Data(opened.body)) as? [String: Any])?["data"] as? [String: Any])
                #expect(data["title"] as? String == "Detractors: NPS 2" && data["priority"] as? String == "urgent" && data["number"] as? Int == 1)
            }
        }
    }

    @Test("a receiver that is down gets the delivery retried with backoff; it stays queued through a restart and arrives once, signed",
          arguments: TestBackend.allCases)
    func survivesRestart(backend: TestBackend) async throws {
        try await backend.withEmptyDatabase { storage in
            // setup: a port where nothing listens (a receiver started there and stopped)
            let port = try await WebhookReceiver.run { port, _ in port }

            // the first server: the receiver is down
            let (secret, deliveryID, t0) = try await TestApp.run(backend, storage: storage) { app, client in
                _ = try await app.setUpOwner(client)
                let workspace = try #require(try await app.services.workspaces.find(slug: "acme-insurance"))
                let (_, secret) = try await app.services.webhooks.create(
                    workspace.id, name: "Help desk", url: "http://127.0.0.1:\(port)/hook", events: ["response.received"], by: Self.owner(workspace))
                #expect(try await Self.enqueueResponse(app, workspace) == 1)
                let t0 = Date().timeIntervalSince1970
                let dispatcher = WebhookDispatcher(database: app.services.database, signal: app.services.deliveries, options: Self.options(),
                                                   logger: TestBackend.logger)

                // MUT: two attempts, the second only once the backoff has passed (on a clock the test moves)
                let first = try await dispatcher.runOnce(now: t0)
                let afterFirst = try #require(try await Self.deliveries(app).first)
                let early = try await dispatcher.runOnce(now: t0 + 9)
                let second = try await dispatcher.runOnce(now: t0 + 10)
                let afterSecond = try #require(try await Self.deliveries(app).first)

                // validate
                #expect(first == 1 && early == 0 && second == 1)
                #expect(afterFirst.status == "pending" && afterFirst.attempts == 1)
                #expect(afterFirst.last_status == nil && (afterFirst.last_error ?? "").isEmpty == false)
                #expect(abs(afterFirst.next_attempt_at - (t0 + 10)) < 1e-6)
                #expect(afterSecond.status == "pending" && afterSecond.attempts == 2)
                #expect(abs(afterSecond.next_attempt_at - (t0 + 30)) < 1e-6, "the wait doubles")
                return (secret, afterSecond.id, t0)
            }

            // MUT: a new server on the same database, the receiver up, the dispatcher run as `focus serve` runs it
            // (on a clock an hour ahead, so that the retry is due)
            try await WebhookReceiver.run(port: port) { _, inbox in
                try await TestApp.run(backend, storage: storage) { app, _ in
                    let waiting = try await Self.deliveries(app)
                    #expect(waiting.count == 1 && waiting.first?.status == "pending", "the queue survived the restart")
                    let dispatcher = WebhookDispatcher(database: app.services.database, signal: app.services.deliveries, options: Self.options(),
                                                       clock: { Date().timeIntervalSince1970 + 3600 }, logger: TestBackend.logger)
                    let service = ServiceGroup(configuration: .init(services: [dispatcher], logger: TestBackend.logger))
                    let received: [ReceivedHook] = try await withThrowingTaskGroup(of: Void.self) { tasks in
                        tasks.addTask { try await service.run() }
                        let received = try await inbox.wait(for: 1)
                        await service.triggerGracefulShutdown()
                        try await tasks.waitForAll()
                        return received
                    }
                    let later = try await dispatcher.runOnce(now: t0 + 86_400)

                    // validate: exactly once, signed, and recorded
                    #expect(received.count == 1 && later == 0)
                    #expect(await inbox.requests.count == 1)
                    let request = try #require(received.first)
                    Self.expectSigned(request, secret: secret)
                    #expect(request.header("X-Focus-Delivery") == deliveryID.uuidString.lowercased())
                    let row = try #require(try await Self.deliveries(app).first)
                    #expect(row.status == "delivered" && row.attempts == 3 && row.last_status == 200 && row.last_error == nil)
                }
            }
        }
    }

    @Test("after the last attempt a delivery is failed with the receiver's answer; a retry sends it again, once",
          arguments: TestBackend.allCases)
    func givesUpAndRetries(backend: TestBackend) async throws {
        try await TestApp.run(backend) { app, client in
            // setup
            _ = try await app.setUpOwner(client)
            let workspace = try #require(try await app.services.workspaces.find(slug: "acme-insurance"))
            try await WebhookReceiver.run { port, inbox in
                await inbox.answer(.internalServerError)
                let (hook, secret) = try await app.services.webhooks.create(
                    workspace.id, name: "Flaky", url: "http://127.0.0.1:\(port)/hook", events: ["response.received", "case.opened"],
                    by: Self.owner(workspace))
                _ = try await Self.enqueueResponse(app, workspace)
                let t0 = Date().timeIntervalSince1970
                let dispatcher = WebhookDispatcher(database: app.services.database, signal: app.services.deliveries,
                                                   options: Self.options(maxAttempts: 2), logger: TestBackend.logger)

                // MUT
                _ = try await dispatcher.runOnce(now: t0)
                _ = try await dispatcher.runOnce(now: t0 + 10)
                let failed = try #require(try await Self.deliveries(app).first)
                let untouched = try await dispatcher.runOnce(now: t0 + 86_400)
                let summary = try #require(try await app.services.webhooks.get(workspace.id, id: hook.id))
                await inbox.answer(.noContent)
                let retried = try await app.services.webhooks.retry(workspace.id, webhookID: hook.id, deliveryID: failed.id)
                let resent = try await dispatcher.runOnce()
                let delivered = try #require(try await Self.deliveries(app).first)

                // validate
                #expect(failed.status == "failed" && failed.attempts == 2 && failed.last_status == 500)
                #expect(failed.last_error?.hasPrefix("HTTP 500") == true)
                #expect(untouched == 0, "a failed delivery is not tried again by itself")
                #expect(summary.failed == 1 && summary.pending == 0)
                #expect(retried.status == .pending && retried.nextAttemptAt != nil)
                #expect(resent == 1)
                #expect(delivered.status == "delivered" && delivered.attempts == 3 && delivered.last_status == 204)
                let requests = await inbox.requests
                #expect(requests.count == 3)
                for request in requests { Self.expectSigned(request, secret: secret) }
                await #expect(throws: APIError.self) {
                    _ = try await app.services.webhooks.retry(workspace.id, webhookID: hook.id, deliveryID: failed.id)
                }
            }
        }
    }

    @Test("two dispatchers on one database (two server processes) never send the same delivery", arguments: TestBackend.allCases)
    func claimsOnce(backend: TestBackend) async throws {
        try await TestApp.run(backend) { app, client in
            // setup
            _ = try await app.setUpOwner(client)
            let workspace = try #require(try await app.services.workspaces.find(slug: "acme-insurance"))
            try await WebhookReceiver.run { port, inbox in
                _ = try await app.services.webhooks.create(workspace.id, name: "Desk", url: "http://127.0.0.1:\(port)/hook",
                                                           events: ["response.received"], by: Self.owner(workspace))
                for n in 0..<40 { _ = try await Self.enqueueResponse(app, workspace, comment: "comment \(n)") }
                let now = Date().timeIntervalSince1970
                var options = Self.options()
                options.batchSize = 100
                let one = WebhookDispatcher(database: app.services.database, signal: app.services.deliveries, options: options, logger: TestBackend.logger)
                let two = WebhookDispatcher(database: app.services.database, signal: app.services.deliveries, options: options, logger: TestBackend.logger)

                // MUT: both passes read the same due rows at once
                async let first = one.runOnce(now: now)
                async let second = two.runOnce(now: now)
                let sent = try await first + second

                // validate
                let requests = await inbox.requests
                let ids = requests.compactMap { $0.header("X-Focus-Delivery") }
                #expect(sent == 40)
                #expect(requests.count == 40 && Set(ids).count == 40)
                #expect(try await Self.deliveries(app).allSatisfy { $0.status == "delivered" && $0.attempts == 1 })
            }
        }
    }

    @Test("a paused webhook's deliveries wait; a deleted webhook's queue goes with it")
    func pausedAndDeleted() async throws {
        try await TestApp.run(.sqlite) { app, client in
            // setup
            _ = try await app.setUpOwner(client)
            let workspace = try #require(try await app.services.workspaces.find(slug: "acme-insurance"))
            let owner = Self.owner(workspace)
            let (hook, _) = try await app.services.webhooks.create(workspace.id, name: "Nowhere", url: "http://127.0.0.1:9/hook",
                                                                   events: ["response.received"], by: owner)
            _ = try await Self.enqueueResponse(app, workspace)
            let dispatcher = WebhookDispatcher(database: app.services.database, signal: app.services.deliveries, options: Self.options(),
                                               logger: TestBackend.logger)

            // MUT
            _ = try await app.services.webhooks.update(workspace.id, id: hook.id, active: false, by: owner)
            let whilePaused = try await dispatcher.runOnce(now: Date().timeIntervalSince1970 + 60)
            let queuedWhilePaused = try await Self.enqueueResponse(app, workspace)
            try await app.services.webhooks.delete(workspace.id, id: hook.id, by: owner)

            // validate
            #expect(whilePaused == 0)
            #expect(queuedWhilePaused == 0, "a paused webhook gets no new events")
            #expect(try await Self.deliveries(app).isEmpty)
        }
    }

    // MARK: the API

    /// A signed-in owner's API call: a session and the CSRF header, as a script in the browser sends it.
    static func call(_ browser: Browser, _ method: HTTPRequest.Method, _ uri: String, json: String? = nil) async throws -> PageResponse {
        try await browser.send(uri, method: method, body: json, contentType: json == nil ? nil : "application/json",
                               extraHeaders: [HTTPField.Name("X-CSRF-Token")!: browser.csrf ?? ""])
    }

    @Test("the API checks its input naming the field, shows a secret only on creation and rotation, is for owners, and matches its schemas",
          arguments: TestBackend.allCases)
    func api(backend: TestBackend) async throws {
        try await TestApp.run(backend) { app, client in
            // setup
            let owner = try await app.setUpOwner(client)
            _ = try await owner.get("/w/acme-insurance/webhooks")
            let workspace = try #require(try await app.services.workspaces.find(slug: "acme-insurance"))
            let ownerToken = APIClient(client: client, token: try await app.token(workspace: workspace, role: .owner))
            let analystToken = APIClient(client: client, token: try await app.token(workspace: workspace, role: .analyst))
            let doc = try await OpenAPITests.document(client)
            let paths = try #require(doc["paths"] as? [String: [String: Any]])
            let check = SchemaCheck(components: try #require((doc["components"] as? [String: Any])?["schemas"] as? [String: Any]))
            let b = Self.base

            // MUT: bad input
            let bad: [(String, String, HTTPResponse.Status, String)] = [
                ("scheme", #"{"name":"A","url":"ftp://example.com/x","events":["response.received"]}"#, .unprocessableContent, "url"),
                ("no host", #"{"name":"A","url":"https:///x","events":["response.received"]}"#, .unprocessableContent, "url"),
                ("not a url", #"{"name":"A","url":"hello there","events":["response.received"]}"#, .unprocessableContent, "url"),
                ("credentials", #"{"name":"A","url":"https://me:pw@example.com/x","events":["response.received"]}"#, .unprocessableContent, "url"),
                ("unknown event", #"{"name":"A","url":"https://example.com/x","events":["response.deleted"]}"#, .unprocessableContent, "events"),
                ("alert event", #"{"name":"A","url":"https://example.com/x","events":["alert.triggered"]}"#, .unprocessableContent, "events"),
                ("no events", #"{"name":"A","url":"https://example.com/x","events":[]}"#, .unprocessableContent, "events"),
                ("missing events", #"{"name":"A","url":"https://example.com/x"}"#, .unprocessableContent, "events"),
                ("events type", #"{"name":"A","url":"https://example.com/x","events":"response.received"}"#, .badRequest, "events"),
                ("empty name", #"{"name":" ","url":"https://example.com/x","events":["case.opened"]}"#, .unprocessableContent, "name"),
                ("missing url", #"{"name":"A","events":["case.opened"]}"#, .unprocessableContent, "url"),
            ]
            var answers: [(String, PageResponse)] = []
            for (label, body, status, field) in bad {
                let answer = try await Self.call(owner, .post, "\(b)/webhooks", json: body)
                #expect(answer.status == status, "\(label): \(answer.text)")
                #expect(((try? answer.json())?["error"] as? [String: Any])?["field"] as? String == field, "\(label) names \(field)")
                answers.append(("post /webhooks", answer))
            }

            // MUT: the happy path, and who may do what
            let created = try await Self.call(owner, .post, "\(b)/webhooks",
                                              json: #"{"name":"Help desk","url":"https://desk.example.com/focus","events":["case.opened","response.received","case.opened"]}"#)
            let createdJSON = try created.json()
            let secret = try #require(createdJSON["secret"] as? String)
            let webhook = try #require(createdJSON["webhook"] as? [String: Any])
            let id = try #require(webhook["id"] as? String)
            let byToken = try await ownerToken.call(.post, "\(b)/webhooks", json: #"{"name":"T","url":"https://x.example.com","events":["case.opened"]}"#)
            let putByToken = try await ownerToken.call(.put, "\(b)/webhooks/\(id)", json: #"{"url":"https://evil.example.com"}"#)
            let rotateByToken = try await ownerToken.call(.post, "\(b)/webhooks/\(id)/rotate-secret")
            let readByAnalyst = try await analystToken.call(.get, "\(b)/webhooks")
            let list = try await ownerToken.call(.get, "\(b)/webhooks")
            let one = try await Self.call(owner, .get, "\(b)/webhooks/\(id)")
            let updated = try await Self.call(owner, .put, "\(b)/webhooks/\(id)", json: #"{"url":"https://desk.example.com/v2","active":false}"#)
            let badUpdate = try await Self.call(owner, .put, "\(b)/webhooks/\(id)", json: #"{"events":["nope"]}"#)
            let rotated = try await Self.call(owner, .post, "\(b)/webhooks/\(id)/rotate-secret")
            let newSecret = try #require(try rotated.json()["secret"] as? String)
            _ = try await Self.call(owner, .put, "\(b)/webhooks/\(id)", json: #"{"active":true}"#)
            _ = try await Self.enqueueResponse(app, workspace)
            let log = try await ownerToken.call(.get, "\(b)/webhooks/\(id)/deliveries")
            let deliveryID = try #require((try log.json()["items"] as? [[String: Any]])?.first?["id"] as? String)
            let badStatus = try await ownerToken.call(.get, "\(b)/webhooks/\(id)/deliveries?status=lost")
            let retried = try await ownerToken.call(.post, "\(b)/webhooks/\(id)/deliveries/\(deliveryID)/retry")
            try await app.services.database.sql.update("webhook_deliveries").set("status", to: SQLBind("delivered")).run()
            let retryDelivered = try await ownerToken.call(.post, "\(b)/webhooks/\(id)/deliveries/\(deliveryID)/retry")
            let after = try await ownerToken.call(.get, "\(b)/webhooks/\(id)")
            let deleted = try await ownerToken.call(.delete, "\(b)/webhooks/\(id)")
            let gone = try await ownerToken.call(.get, "\(b)/webhooks/\(id)")
            answers += [("post /webhooks", created), ("get /webhooks", list), ("get /webhooks/{id}", one), ("put /webhooks/{id}", updated),
                        ("put /webhooks/{id}", badUpdate), ("post /webhooks/{id}/rotate-secret", rotated),
                        ("get /webhooks/{id}/deliveries", log), ("get /webhooks/{id}/deliveries", badStatus),
                        ("post /webhooks/{id}/deliveries/{delivery}/retry", retried),
                        ("post /webhooks/{id}/deliveries/{delivery}/retry", retryDelivered), ("get /webhooks/{id}", after),
                        ("get /webhooks/{id}", gone)]

            // validate
            #expect(created.status == .created)
            #expect(secret.hasPrefix("whsec_") && secret.count > 40)
            #expect(webhook["events"] as? [String] == ["response.received", "case.opened"])
            #expect(byToken.status == .forbidden && putByToken.status == .forbidden && rotateByToken.status == .forbidden)
            #expect(readByAnalyst.status == .forbidden)
            #expect(list.status == .ok && one.status == .ok)
            for read in [list, one, updated, log, after] {
                #expect(!read.text.contains("whsec_") && !read.text.contains("secret"), "no secret in \(read.text.prefix(120))")
            }
            #expect(try updated.json()["url"] as? String == "https://desk.example.com/v2")
            #expect(try updated.json()["active"] as? Bool == false)
            #expect(badUpdate.status == .unprocessableContent)
            #expect(((try badUpdate.json())["error"] as? [String: Any])?["field"] as? String == "events")
            #expect(rotated.status == .ok && newSecret != secret && newSecret.hasPrefix("whsec_"))
            #expect(badStatus.status == .badRequest)
            #expect(retried.status == .ok)
            #expect(retryDelivered.status == .unprocessableContent)
            #expect(try after.json()["pending"] as? Int == 0)
            #expect(deleted.status == .noContent && gone.status == .notFound)
            let stored = try await app.services.database.sql.select().column("secret").from("webhooks").all()
            #expect(stored.isEmpty)
            // every change is in the audit log, by the person, without the secret
            struct Audit: Decodable { let action: String; let actor_name: String; let subject_kind: String; let details: String }
            let audit = try await app.services.database.sql.select().columns("action", "actor_name", "subject_kind", "details").from("audit_log")
                .orderBy("at").all(decoding: Audit.self)
            #expect(audit.map(\.action) == ["webhook.created", "webhook.updated", "webhook.secret_rotated", "webhook.updated", "webhook.deleted"])
            #expect(audit.allSatisfy { $0.subject_kind == "webhook" && !$0.details.contains("whsec_") })
            #expect(audit.first?.actor_name == "Olivia Owner")
            #expect(audit.last?.actor_name.hasPrefix("token") == true)
            let change = try StoredJSON.decode([String: String].self, audit[1].details)
            #expect(change["url"] == "https://desk.example.com/v2" && change["previous_url"] == "https://desk.example.com/focus")
            // and every answer matches its documented schema
            for (operation, response) in answers {
                let parts = operation.split(separator: " ", maxSplits: 1)
                let template = "/api/v1/workspaces/{workspace}" + parts[1]
                let op = try #require(paths[template]?[String(parts[0])] as? [String: Any], "\(operation) is documented")
                let responses = try #require(op["responses"] as? [String: Any])
                let documented = try #require(responses["\(response.status.code)"] as? [String: Any], "\(operation) documents \(response.status.code)")
                let schema = try #require(((documented["content"] as? [String: Any])?["application/json"] as? [String: Any])?["schema"] as? [String: Any])
                let value = try JSONSerialization.jsonObject(with: Data(response.text.utf8))
                #expect(check.problems(value, schema) == [], "\(operation) -> \(response.status.code): \(response.text.prefix(200))")
            }
        }
    }

    // MARK: the pages

    @Test("the pages: owners add a webhook and see its secret once, errors stand next to their field, the log retries a delivery",
          arguments: TestBackend.allCases)
    func pages(backend: TestBackend) async throws {
        try await TestApp.run(backend) { app, client in
            // setup
            let owner = try await app.setUpOwner(client)
            let workspace = try #require(try await app.services.workspaces.find(slug: "acme-insurance"))
            let analyst = try await app.member(client, workspace: workspace, role: .analyst, email: "ana@example.com")
            let list = "/w/acme-insurance/webhooks"

            // MUT
            let empty = try await owner.get(list)
            let refused = try await owner.submit(list, ["name": "Desk", "url": "mailto:desk@example.com", "events": "case.opened"])
            let noEvents = try await owner.submit(list, ["name": "Desk", "url": "https://desk.example.com/focus"])
            let created = try await owner.submit(list, ["name": "Desk", "url": "https://desk.example.com/focus", "events": "response.received"])
            let again = try await owner.get(list)
            let hook = try #require(try await app.services.webhooks.list(workspace.id).first)
            _ = try await Self.enqueueResponse(app, workspace)
            let detailPath = "\(list)/\(hook.webhook.id.uuidString)"
            let detail = try await owner.get(detailPath)
            let delivery = try #require(try await Self.deliveries(app).first)
            let retry = try await owner.submit("\(detailPath)/deliveries/\(delivery.id.uuidString)/retry", [:])
            let edited = try await owner.submit(detailPath, ["name": "Desk", "url": "nope", "events": "response.received", "active": "on"])
            let paused = try await owner.submit(detailPath, ["name": "Front desk", "url": "https://desk.example.com/focus", "events": "case.resolved"])
            let after = try #require(try await app.services.webhooks.get(workspace.id, id: hook.webhook.id))
            let rotated = try await owner.submit("\(detailPath)/rotate-secret", [:])
            let asAnalyst = try await analyst.get(list)
            let deleted = try await owner.submit("\(detailPath)/delete", [:])

            // validate
            #expect(empty.status == .ok && empty.text.contains("No webhooks yet") && empty.text.contains(#"href="/w/acme-insurance/webhooks""#))
            #expect(refused.status == .unprocessableContent && refused.text.contains(#"id="url-error""#))
            #expect(noEvents.status == .unprocessableContent && noEvents.text.contains(#"id="events-error""#))
            #expect(created.status == .ok && created.text.contains("whsec_") && created.text.contains("hmac.compare_digest"))
            #expect(again.status == .ok && !again.text.contains("whsec_") && again.text.contains("https://desk.example.com/focus"))
            #expect(detail.status == .ok && detail.text.contains("response.received") && detail.text.contains("Retry now"))
            #expect(retry.status == .seeOther)
            #expect(edited.status == .unprocessableContent && edited.text.contains(#"id="url-error""#))
            #expect(paused.status == .seeOther)
            #expect(after.webhook.name == "Front desk" && !after.webhook.active && after.webhook.events == [.caseResolved])
            #expect(rotated.status == .ok && rotated.text.contains("whsec_"))
            let analystHome = try await analyst.get("/w/acme-insurance")
            #expect(asAnalyst.status == .forbidden && !analystHome.text.contains("/webhooks"), "owners only, and no menu item for others")
            let remaining = try await app.services.webhooks.list(workspace.id)
            #expect(deleted.status == .seeOther && remaining.isEmpty)
        }
    }

    @Test("the signature is HMAC-SHA256 of the body in lower-case hex, and the default schedule doubles up to an hour")
    func signerAndSchedule() {
        // RFC 4231, test case 2: key "Jefe", data "what do ya want for nothing?"
        let body = Array("what do ya want for nothing?".utf8)
        #expect(WebhookSigner.signature(body: body, secret: "Jefe")
                == "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(WebhookSigner.verify(body: body, secret: "Jefe", header: "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"))
        #expect(!WebhookSigner.verify(body: body, secret: "Jefe", header: "sha256=00"))
        for attempts in 1...20 {
            let wait = WebhookDispatcher.exponentialBackoff(attempts)
            let base = min(10 * pow(2, Double(attempts - 1)), 3600)
            #expect(wait >= base * 0.9 && wait <= base * 1.1)
        }
    }
}
