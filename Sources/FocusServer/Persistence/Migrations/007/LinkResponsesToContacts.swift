import FluentKit
import SQLKit

/// A response can name the contact it is about (the survey after a call), so that the wait a
/// customer had can be set against how satisfied they were; and a response imported from a file
/// keeps its key there (its external id, or a hash of its row), so importing the file again adds nothing.
struct LinkResponsesToContacts: AsyncMigration {
    var name: String { "007-response-contact" }

    func prepare(on database: any Database) async throws {
        try await database.schema("responses")
            .field("contact_id", .uuid, .references("contacts", "id", onDelete: .setNull))
            .update()
        // SQLite adds one column per ALTER TABLE.
        try await database.schema("responses").field("import_key", .string).update()
        try await (database as! any SQLDatabase).create(index: "responses_import_key").unique().on("responses")
            .column("workspace_id").column("import_key").run()
        try await (database as! any SQLDatabase).create(index: "responses_contact").on("responses").column("workspace_id").column("contact_id").run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).drop(index: "responses_import_key").run()
        try await (database as! any SQLDatabase).drop(index: "responses_contact").run()
        try await database.schema("responses").deleteField("import_key").update()
        try await database.schema("responses").deleteField("contact_id").update()
    }
}
