@testable import FocusServer
import FocusCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore

/// A Focus application on a fresh database of one backend, as the tests use it.
struct TestApp: Sendable {
    let services: FocusServices
    /// Every route, as the route table recorded it.
    let routes: [RouteEntry]
    let backend: TestBackend

    /// Builds the application exactly as `focus serve` does (with a cheap bcrypt cost), runs
    /// `body` against its router, and removes the database afterwards.
    static func run<T>(_ backend: TestBackend, _ body: (TestApp, any TestClientProtocol) async throws -> T) async throws -> T {
        try await backend.withEmptyDatabase { storage in try await run(backend, storage: storage, body) }
    }

    /// The same on a database that outlives the application (from `backend.withEmptyDatabase`), so that a test
    /// can stop one application and start another on the same data, as a server restart does.
    static func run<T>(_ backend: TestBackend, storage: FocusConfiguration.Storage,
                       _ body: (TestApp, any TestClientProtocol) async throws -> T) async throws -> T {
        let configuration = FocusConfiguration(storage: storage, bcryptCost: 4)
        let app = try await FocusApplication.make(configuration: configuration, logger: TestBackend.logger)
        let testApp = TestApp(services: app.services, routes: app.routes, backend: backend)
        let result: Result<T, any Error>
        nonisolated(unsafe) let body = body
        do {
            let application = Application(router: app.router, logger: TestBackend.logger)
            result = .success(try await application.test(.router) { client in try await body(testApp, client) })
        } catch {
            result = .failure(error)
        }
        await app.services.database.shutdown()
        return try result.get()
    }

    /// Creates the owner through the real setup flow and returns a browser signed in as them.
    func setUpOwner(_ client: any TestClientProtocol, workspace: String = "Acme Insurance",
                    email: String = "owner@example.com", password: String = "a long enough secret") async throws -> Browser {
        let token = try await services.accounts.issueSetupLink()!
        let browser = Browser(client: client)
        let page = try await browser.get("/setup?token=\(token)")
        guard page.status == .ok else { throw TestSetupError("setup page answered \(page.status)") }
        let response = try await browser.submit("/setup", [
            "token": token, "name": "Olivia Owner", "email": email, "password": password,
            "password_confirmation": password, "workspace": workspace, "currency": "EUR",
        ])
        guard response.status == .seeOther else { throw TestSetupError("setup answered \(response.status): \(response.text)") }
        return browser
    }

    /// A member with the role, created directly, and a browser signed in as them.
    func member(_ client: any TestClientProtocol, workspace: WorkspaceRecord, role: Role, email: String) async throws -> Browser {
        let (_, token) = try await services.accounts.invite(workspaceID: workspace.id, name: "\(role.label) Person", email: email,
                                                            role: role, invitedBy: nil)
        _ = try await services.accounts.acceptInvitation(token: token, signedIn: nil, password: "member password 1",
                                                         confirmation: "member password 1")
        let browser = Browser(client: client)
        _ = try await browser.get("/login")
        let response = try await browser.submit("/login", ["email": email, "password": "member password 1"])
        guard response.status == .seeOther else { throw TestSetupError("login answered \(response.status)") }
        return browser
    }

    func token(workspace: WorkspaceRecord, role: Role) async throws -> String {
        let owner = Principal(kind: .user, userID: nil, displayName: "test", email: nil, roles: [workspace.id: .owner])
        return try await services.tokens.create(workspaceID: workspace.id, name: "\(role) token", role: role, by: owner, creatorRole: .owner).1
    }
}

/// A response with its body read as text.
struct PageResponse {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let text: String

    var location: String? { headers[.location] }

    func json() throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw TestSetupError("not a JSON object: \(text)")
        }
        return object
    }

    func jsonArray() throws -> [[String: Any]] {
        guard let array = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]] else {
            throw TestSetupError("not a JSON array: \(text)")
        }
        return array
    }
}

/// A browser: keeps cookies between requests and fills in the CSRF field from the last page.
final class Browser {
    let client: any TestClientProtocol
    var cookies: [String: String] = [:]
    var csrf: String?

    init(client: any TestClientProtocol) {
        self.client = client
    }

    func get(_ uri: String) async throws -> PageResponse {
        try await send(uri, method: .get, body: nil, contentType: nil)
    }

    /// Posts a form with the CSRF token of the last page loaded (unless `csrf` is given).
    func submit(_ uri: String, _ fields: [String: String], csrf: String? = nil, includeCSRF: Bool = true) async throws -> PageResponse {
        var all = fields
        if includeCSRF { all["_csrf"] = csrf ?? self.csrf ?? "" }
        let body = all.sorted { $0.key < $1.key }.map { "\(Self.encode($0.key))=\(Self.encode($0.value))" }.joined(separator: "&")
        return try await send(uri, method: .post, body: body, contentType: "application/x-www-form-urlencoded")
    }

    func sendJSON(_ uri: String, method: HTTPRequest.Method, json: String?) async throws -> PageResponse {
        try await send(uri, method: method, body: json, contentType: json == nil ? nil : "application/json")
    }

    func send(_ uri: String, method: HTTPRequest.Method, body: String?, contentType: String?,
                       extraHeaders: HTTPFields = [:]) async throws -> PageResponse {
        var headers = extraHeaders
        if !cookies.isEmpty {
            headers[.cookie] = cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
        }
        if let contentType { headers[.contentType] = contentType }
        let response = try await client.execute(uri: uri, method: method, headers: headers,
                                                body: body.map { ByteBuffer(string: $0) })
        for value in response.headers[values: .setCookie] {
            let pair = value.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            let name = String(pair[0]).trimmingCharacters(in: .whitespaces)
            let cookieValue = String(pair[1])
            if value.lowercased().contains("max-age=0") || value.lowercased().contains("expires=thu, 01 jan 1970") {
                cookies.removeValue(forKey: name)
            } else {
                cookies[name] = cookieValue
            }
        }
        let text = String(buffer: response.body)
        if let range = text.range(of: #"name="_csrf" value=""#) {
            csrf = String(text[range.upperBound...].prefix { $0 != "\"" })
        }
        return PageResponse(status: response.status, headers: response.headers, text: text)
    }

    static func encode(_ s: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s
    }
}

/// A program calling the API with a bearer token.
struct APIClient {
    let client: any TestClientProtocol
    let token: String

    func call(_ method: HTTPRequest.Method, _ uri: String, json: String? = nil) async throws -> PageResponse {
        var headers: HTTPFields = [.authorization: "Bearer \(token)"]
        if json != nil { headers[.contentType] = "application/json" }
        let response = try await client.execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
        return PageResponse(status: response.status, headers: response.headers, text: String(buffer: response.body))
    }
}
