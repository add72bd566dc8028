import HTTPTypes
@testable import FocusServer
import FocusCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("CSRF: forms without the right token are refused and write nothing")
struct CSRFTests {
    @Test("a signed-in form post without, or with a wrong, CSRF token is a 403", arguments: TestBackend.allCases)
    func rejected(backend: TestBackend) async throws {
        try await TestApp.run(backend) { app, client in
            // setup
            let owner = try await app.setUpOwner(client)
            _ = try await owner.get("/w/acme-insurance/touchpoints")
            let workspace = try #require(try await app.services.workspaces.find(slug: "acme-insurance"))
            let attacker = Browser(client: client)
            _ = try await attacker.get("/login")
            let attackersOwnToken = try #require(attacker.csrf)

            // MUT
            let missing = try await owner.submit("/w/acme-insurance/touchpoints", ["name": "Forged"], includeCSRF: false)
            let wrong = try await owner.submit("/w/acme-insurance/touchpoints", ["name": "Forged"], csrf: "not-a-token")
            let foreign = try await owner.submit("/w/acme-insurance/touchpoints", ["name": "Forged"], csrf: attackersOwnToken)
            let header = try await owner.send("/w/acme-insurance/touchpoints", method: .post, body: "name=ViaHeader",
                                              contentType: "application/x-www-form-urlencoded",
                                              extraHeaders: [HTTPField.Name("X-CSRF-Token")!: try #require(owner.csrf)])
            let proper = try await owner.submit("/w/acme-insurance/touchpoints", ["name": "Web shop"])

            // validate
            #expect(missing.status == .forbidden)
            #expect(wrong.status == .forbidden)
            #expect(foreign.status == .forbidden)
            #expect(header.status == .seeOther)
            #expect(proper.status == .seeOther)
            let names = try await app.services.catalogue.touchpoints(workspace.id).map(\.touchpoint.name)
            #expect(names == ["ViaHeader", "Web shop"])
        }
    }

    @Test("the sign-in form needs its CSRF token too", arguments: TestBackend.allCases)
    func loginNeedsToken(backend: TestBackend) async throws {
        try await TestApp.run(backend) { app, client in
            _ = try await app.setUpOwner(client)
            let browser = Browser(client: client)
            _ = try await browser.get("/login")
            let response = try await browser.submit("/login", ["email": "owner@example.com", "password": "a long enough secret"],
                                                    includeCSRF: false)
            #expect(response.status == .forbidden)
            #expect(browser.cookies["focus_session"] == nil)
        }
    }
}
