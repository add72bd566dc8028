import FocusCore
import Foundation
import HTTPTypes
import SQLKit
import Testing

@testable import FocusServer

@Suite("The demo insurer")
struct DemoTests {
    static let options = DemoInsurer.Options(seed: 7, responses: 1_500, asOf: CalendarDate(iso: "2026-06-30")!)

    /// The demo's customers as stored, without the generated row ids, in id order.
    static func customerRows(_ app: TestApp, workspace: UUID) async throws -> [String] {
        var rows: [String] = []
        var cursor: String?
        repeat {
            let page = try await app.services.customers.list(workspace, search: nil, cursor: cursor, limit: 500)
            rows += page.items.map { r in
                let c = r.customer
                return [c.externalID, c.name ?? "", c.email ?? "", c.segment ?? "",
                        c.attributes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ","),
                        c.valuePerYear.map { String($0) } ?? "", c.since?.iso ?? "", c.status.rawValue, c.churnedOn?.iso ?? ""]
                    .joined(separator: "|")
            }
            cursor = page.nextCursor
        } while cursor != nil
        return rows
    }

    @Test("the same seed gives the same data, loaded twice; another seed gives other data", arguments: TestBackend.allCases)
    func deterministic(backend: TestBackend) async throws {
        try await TestApp.run(backend) { app, _ in
            // setup
            let loader = DemoLoader(services: app.services)

            // MUT
            let first = try await loader.load(Self.options, logger: TestBackend.logger)
            let firstRows = try await Self.customerRows(app, workspace: first.id)
            let firstTouchpoints = try await app.services.catalogue.touchpoints(first.id).map(\.touchpoint)
            let second = try await loader.load(Self.options, logger: TestBackend.logger)
            let secondRows = try await Self.customerRows(app, workspace: second.id)
            var otherSeed = Self.options
            otherSeed.seed = 8
            let third = try await loader.load(otherSeed, logger: TestBackend.logger)
            let thirdRows = try await Self.customerRows(app, workspace: third.id)

            // validate
            #expect(firstRows.count == 300)
            #expect(firstRows == secondRows)
            #expect(thirdRows.count == 300)
            #expect(thirdRows != firstRows)
            #expect(try await app.services.workspaces.all().count == 1, "loading again replaces the demo workspace")
            #expect(firstTouchpoints.map(\.name).contains("Claim handling"))
            #expect(firstTouchpoints.filter { $0.kind == .internal }.count == 2)
            #expect(try await app.services.catalogue.brands(third.id).filter(\.brand.isOwn).map(\.brand.name) == ["Harbour Mutual"])
        }
    }

    @Test("SQLite and PostgreSQL hold the same demo data")
    func sameOnBothDatabases() async throws {
        let sqlite = try await TestApp.run(.sqlite) { app, _ in
            try await Self.customerRows(app, workspace: try await DemoLoader(services: app.services).load(Self.options, logger: TestBackend.logger).id)
        }
        let postgres = try await TestApp.run(.postgres) { app, _ in
            try await Self.customerRows(app, workspace: try await DemoLoader(services: app.services).load(Self.options, logger: TestBackend.logger).id)
        }
        #expect(sqlite == postgres)
    }

    @Test("the owner who set up the server sees the demo workspace", arguments: TestBackend.allCases)
    func ownerSeesDemo(backend: TestBackend) async throws {
        try await TestApp.run(backend) { app, client in
            // setup: demo first (as `focus serve --demo` does), then the setup link
            try await DemoLoader(services: app.services).load(Self.options, logger: TestBackend.logger)
            let token = try #require(try await app.services.accounts.issueSetupLink())
            let browser = Browser(client: client)
            _ = try await browser.get("/setup?token=\(token)")

            // MUT: no workspace name needed when the demo is there
            let done = try await browser.submit("/setup", [
                "token": token, "name": "Olivia", "email": "olivia@example.com", "password": "a long enough secret",
                "password_confirmation": "a long enough secret", "workspace": "", "currency": "EUR",
            ])

            // validate
            #expect(done.status == .seeOther)
            #expect(try await browser.get("/").location == "/w/harbour-mutual")
            let touchpoints = try await browser.get("/w/harbour-mutual/touchpoints")
            #expect(touchpoints.text.contains("Claim handling"))
            let customers = try await browser.get("/w/harbour-mutual/customers")
            #expect(customers.text.contains("300 customers in all"))
            #expect(customers.text.contains("HM1000001"))
        }
    }
}
