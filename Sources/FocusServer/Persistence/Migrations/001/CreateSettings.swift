import FluentKit

/// Server-wide values such as the secret that signs CSRF tokens.
struct CreateSettings: AsyncMigration {
    var name: String { "001-settings" }

    func prepare(on database: any Database) async throws {
        try await database.schema("settings")
            .field("key", .string, .identifier(auto: false))
            .field("value", .string, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("settings").delete()
    }
}
