import FocusCore
import Foundation
import Hummingbird
import HummingbirdTesting
import SQLKit
import Testing

@testable import FocusServer

/// Walks the whole route table: every route that is not open refuses strangers, refuses
/// the wrong workspace, refuses roles below what it declares, and lets the right role in.
@Suite("Route access: every route enforces the access it declares")
struct RouteAccessTests {
    static let openRoutes: Set<String> = [
        "GET /healthz", "GET /livez", "GET /static/focus.css", "GET /openapi.json",
        "GET /login", "POST /login", "GET /setup", "POST /setup", "GET /invitation", "POST /invitation",
        // the respondent's side
        "GET /s/:key", "POST /s/:key", "GET /s/:key/thanks", "GET /i/:token", "POST /i/:token",
        "GET /widget.js", "GET /api/v1/public/surveys/:key", "POST /api/v1/public/surveys/:key/responses",
    ]

    static func concrete(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { part in
            part == ":workspace" ? "acme-insurance" : part.hasPrefix(":") ? UUID().uuidString : String(part)
        }.joined(separator: "/")
    }

    static func body(for entry: RouteEntry) -> (String?, String?) {
        guard entry.method.isUnsafe else { return (nil, nil) }
        return entry.surface == .api ? ("{}", "application/json") : ("x=1", "application/x-www-form-urlencoded")
    }

    @Test("only the public routes are open")
    func openSet() async throws {
        try await TestApp.run(.sqlite) { app, _ in
            let open = Set(app.routes.filter { $0.access == .open }.map { "\($0.method.rawValue) \($0.path)" })
            #expect(open == Self.openRoutes)
        }
    }

    @Test("every protected route refuses strangers, other workspaces and lower roles", arguments: TestBackend.allCases)
    func everyRoute(backend: TestBackend) async throws {
        try await TestApp.run(backend) { app, client in
            // setup
            let owner = try await app.setUpOwner(client)
            _ = try await owner.get("/w/acme-insurance")
            let workspace = try #require(try await app.services.workspaces.find(slug: "acme-insurance"))
            let other = try await app.services.workspaces.create(name: "Other Co", currency: "EUR", owner: nil)
            var tokens: [Role: String] = [:]
            for role in Role.allCases { tokens[role] = try await app.token(workspace: workspace, role: role) }
            let otherOwnerToken = try await app.token(workspace: other, role: .owner)
            let protected = app.routes.filter { $0.access != .open }
            #expect(protected.count > 20)

            for entry in protected {
                let path = Self.concrete(entry.path)
                let (body, type) = Self.body(for: entry)
                let label = "\(entry.method) \(entry.path)"

                // No credentials at all.
                let stranger = Browser(client: client)
                let anonymous = try await stranger.send(path, method: entry.method, body: body, contentType: type)
                if entry.surface == .api {
                    #expect(anonymous.status == .unauthorized, "\(label) without credentials")
                } else {
                    #expect(anonymous.status == .seeOther, "\(label) without credentials")
                    #expect(anonymous.location?.hasPrefix("/login") == true, "\(label) sends strangers to sign in")
                }

                // A token that does not exist (and no fallback to anything else).
                let forged = try await APIClient(client: client, token: "focus_forged").call(entry.method, path, json: body)
                #expect(forged.status == .unauthorized || forged.status == .seeOther, "\(label) with a forged token")

                if entry.access == .person {
                    let refused = try await APIClient(client: client, token: try #require(tokens[.owner])).call(entry.method, path, json: body)
                    #expect(refused.status == .forbidden, "\(label) is for people, not tokens")
                    continue
                }
                guard case .workspace(let permission) = entry.access else {
                    let ok = try await APIClient(client: client, token: try #require(tokens[.viewer])).call(entry.method, path, json: body)
                    #expect(ok.status != .unauthorized && ok.status != .forbidden, "\(label) lets a valid token in")
                    continue
                }

                if !entry.tokensAllowed {
                    let refused = try await APIClient(client: client, token: try #require(tokens[.owner])).call(entry.method, path, json: body)
                    #expect(refused.status == .forbidden, "\(label) is for people, not tokens")
                    if entry.method.isUnsafe {
                        let noCSRF = try await owner.send(path, method: entry.method, body: body, contentType: type)
                        #expect(noCSRF.status == .forbidden, "\(label) needs a CSRF token from a session")
                    }
                    continue
                }

                // The owner of another workspace.
                let foreign = try await APIClient(client: client, token: otherOwnerToken).call(entry.method, path, json: body)
                #expect(foreign.status == .notFound, "\(label) with another workspace's token")

                for role in Role.allCases {
                    let response = try await APIClient(client: client, token: try #require(tokens[role])).call(entry.method, path, json: body)
                    if role.allows(permission) {
                        #expect(response.status != .unauthorized && response.status != .forbidden, "\(label) lets \(role) in")
                        #expect(!response.text.contains("workspace not found"), "\(label) finds the workspace for \(role)")
                    } else {
                        #expect(response.status == .forbidden, "\(label) refuses \(role)")
                    }
                }

                // A signed-in owner whose form lacks the CSRF token.
                if entry.method.isUnsafe {
                    let noCSRF = try await owner.send(path, method: entry.method, body: body, contentType: type)
                    #expect(noCSRF.status == .forbidden, "\(label) needs a CSRF token from a session")
                }
            }
        }
    }

    @Test("a token is capped by its creator's current role, and stops when the creator leaves", arguments: TestBackend.allCases)
    func tokenFollowsCreator(backend: TestBackend) async throws {
        try await TestApp.run(backend) { app, client in
            // setup
            _ = try await app.setUpOwner(client)
            let workspace = try #require(try await app.services.workspaces.find(slug: "acme-insurance"))
            _ = try await app.member(client, workspace: workspace, role: .analyst, email: "ana@example.com")
            let ana = try #require(try await app.services.accounts.members(of: workspace.id).first { $0.email == "ana@example.com" })
            let anaPrincipal = try #require(try await app.services.accounts.principal(userID: ana.userID))
            let (_, secret) = try await app.services.tokens.create(workspaceID: workspace.id, name: "ana's", role: .analyst,
                                                                  by: anaPrincipal, creatorRole: .analyst)
            let api = APIClient(client: client, token: secret)
            let body = #"{"name":"Chat"}"#
            #expect(try await api.call(.post, "/api/v1/workspaces/acme-insurance/touchpoints", json: body).status == .created)

            // MUT: Ana becomes a viewer, then leaves
            try await app.services.accounts.changeRole(workspaceID: workspace.id, userID: ana.userID, to: .viewer)
            app.services.tokens.principals.removeAll()
            let asViewer = try await api.call(.post, "/api/v1/workspaces/acme-insurance/touchpoints", json: #"{"name":"Mail"}"#)
            let read = try await api.call(.get, "/api/v1/workspaces/acme-insurance/touchpoints")
            try await app.services.accounts.removeMember(workspaceID: workspace.id, userID: ana.userID)
            app.services.tokens.principals.removeAll()
            let gone = try await api.call(.get, "/api/v1/workspaces/acme-insurance/touchpoints")

            // validate
            #expect(asViewer.status == .forbidden)
            #expect(read.status == .ok)
            #expect(gone.status == .unauthorized)
        }
    }

    @Test("a revoked token stops working at once", arguments: TestBackend.allCases)
    func revokedToken(backend: TestBackend) async throws {
        try await TestApp.run(backend) { app, client in
            // setup
            _ = try await app.setUpOwner(client)
            let workspace = try #require(try await app.services.workspaces.find(slug: "acme-insurance"))
            let token = try await app.token(workspace: workspace, role: .analyst)
            let api = APIClient(client: client, token: token)
            #expect(try await api.call(.get, "/api/v1/me").status == .ok)
            let id = try #require(try await app.services.tokens.list(workspaceID: workspace.id).first?.id)

            // MUT
            try await app.services.tokens.revoke(workspaceID: workspace.id, id: id)

            // validate
            #expect(try await api.call(.get, "/api/v1/me").status == .unauthorized)
        }
    }

    @Test("tokens are stored only as hashes, and may not outrank their creator", arguments: TestBackend.allCases)
    func tokenStorage(backend: TestBackend) async throws {
        try await TestApp.run(backend) { app, client in
            _ = try await app.setUpOwner(client)
            let workspace = try #require(try await app.services.workspaces.find(slug: "acme-insurance"))
            let token = try await app.token(workspace: workspace, role: .viewer)
            struct Row: Decodable { let token_hash: String }
            let rows = try await app.services.database.sql.select().column("token_hash").from("api_tokens").all(decoding: Row.self)
            #expect(rows.count == 1)
            #expect(rows[0].token_hash != token)
            #expect(rows[0].token_hash == SecretToken.hash(token))
            let analyst = Principal(kind: .user, userID: nil, displayName: "a", email: nil, roles: [workspace.id: .analyst])
            await #expect(throws: FieldError.self) {
                _ = try await app.services.tokens.create(workspaceID: workspace.id, name: "too strong", role: .owner, by: analyst, creatorRole: .analyst)
            }
        }
    }
}
