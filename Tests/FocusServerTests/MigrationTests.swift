import FluentKit
import FocusCore
import Foundation
import SQLKit
import Testing

@testable import FocusServer

@Suite("Migrations")
struct MigrationTests {
    @Test("an empty database gets the whole schema, and migrating again changes nothing", arguments: TestBackend.allCases)
    func fresh(backend: TestBackend) async throws {
        try await backend.withEmptyDatabase { storage in
            // setup
            let database = try FocusDatabase(storage: storage, logger: TestBackend.logger)

            // MUT
            try await database.migrate()
            let first = try await database.appliedMigrations()
            try await database.migrate()
            let second = try await database.appliedMigrations()

            // validate
            #expect(first == FocusMigrations.all.map(\.name))
            #expect(second == first)
            for table in ["settings", "workspaces", "users", "memberships", "account_links", "sessions", "api_tokens",
                          "journey_stages", "touchpoints", "brands", "customers"] {
                let rows = try await database.sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").all()
                #expect(try rows.first?.decode(column: "n", as: Int.self) == 0, "table \(table)")
            }
            if backend == .sqlite {
                let mode = try await database.sql.raw("PRAGMA journal_mode").first()?.decode(column: "journal_mode", as: String.self)
                #expect(mode == "wal")
                // FULL (2): a commit, and so every 2xx for a response, survives a crash of the machine too.
                let synchronous = try await database.sql.raw("PRAGMA synchronous").first()?.decode(column: "synchronous", as: Int.self)
                #expect(synchronous == 2)
            }
            await database.shutdown()
        }
    }

    @Test("a database written by an older version upgrades in place and keeps its data", arguments: TestBackend.allCases)
    func upgrade(backend: TestBackend) async throws {
        try await backend.withEmptyDatabase { storage in
            // setup: the schema of a version that had only workspaces and accounts
            let accountsOnly = FocusMigrations.all.firstIndex { $0.name == "001-api-tokens" }! + 1
            let old = try FocusDatabase(storage: storage, logger: TestBackend.logger)
            try await old.migrate(first: accountsOnly)
            try await old.sql.insert(into: "workspaces").columns("id", "name", "slug", "currency", "created_at")
                .values(SQLBind(UUID()), SQLBind("Old Co"), SQLBind("old-co"), SQLBind("EUR"), SQLBind(1.0)).run()
            await old.shutdown()

            // MUT: the current version opens the same database
            let app = try await FocusApplication.make(configuration: FocusConfiguration(storage: storage, bcryptCost: 4),
                                                      logger: TestBackend.logger)

            // validate
            let workspace = try #require(try await app.services.workspaces.find(slug: "old-co"))
            let created = try await app.services.catalogue.createTouchpoint(workspace.id, Touchpoint(name: "Phone line", stage: "Get help"))
            #expect(created.touchpoint.name == "Phone line")
            #expect(try await app.services.database.appliedMigrations() == FocusMigrations.all.map(\.name))
            await app.services.database.shutdown()
        }
    }
}
