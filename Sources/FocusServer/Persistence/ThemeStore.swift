import FocusCore
import Foundation
import SQLKit

/// A workspace's themes as stored: built-in ones (copied in when the workspace is made, then
/// the workspace's to edit) and its own, in the order they are listed.
struct StoredTheme: Sendable, Equatable {
    let id: UUID
    let definition: ThemeDefinition
    let builtIn: Bool
    let position: Int
}

enum ThemeStore {
    struct Row: Decodable {
        let id: UUID, key: String, name: String, terms: String, built_in: Bool, position: Int
    }

    /// The workspace's themes, in list order.
    static func themes(_ workspaceID: UUID, on sql: any SQLDatabase) async throws -> [StoredTheme] {
        try await sql.select().columns("id", "key", "name", "terms", "built_in", "position").from("themes")
            .where("workspace_id", .equal, SQLBind(workspaceID)).orderBy("position").orderBy("name")
            .all(decoding: Row.self).map { row in
                StoredTheme(id: row.id, definition: ThemeDefinition(key: row.key, name: row.name,
                                                                    terms: (try? StoredJSON.decode([String: [String]].self, row.terms)) ?? [:]),
                            builtIn: row.built_in, position: row.position)
            }
    }

    /// Gives a workspace the built-in themes it does not have yet (by key).
    static func addBuiltIns(_ workspaceID: UUID, on sql: any SQLDatabase) async throws {
        let existing = Set(try await themes(workspaceID, on: sql).map(\.definition.key))
        let now = Date().timeIntervalSince1970
        for (position, theme) in BuiltInThemes.all.enumerated() where !existing.contains(theme.key) {
            let valid = try theme.validated()
            try await sql.insert(into: "themes").columns("id", "workspace_id", "key", "name", "terms", "built_in", "position", "updated_at")
                .values(SQLBind(UUID()), SQLBind(workspaceID), SQLBind(valid.key), SQLBind(valid.name), SQLBind(try StoredJSON.encode(valid.terms)),
                        SQLBind(true), SQLBind(position), SQLBind(now))
                .run()
        }
    }
}
