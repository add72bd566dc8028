import FluentKit
import SQLKit

/// A response can name the contact it is about (the survey after a call), so that the wait a
/// customer had can be set against how satisfied they were.
struct LinkResponsesToContacts: AsyncMigration {
    var name: String { "007-response-contact" }

    func prepare(on database: any Database) async throws {
        try await database.schema("responses")
            .field("contact_id", .uuid, .references("contacts", "id", onDelete: .setNull))
            .update()
        try await (database as! any SQLDatabase).create(index: "responses_contact").on("responses").column("contact_id").run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).drop(index: "responses_contact").run()
        try await database.schema("responses").deleteField("contact_id").update()
    }
}
