import FluentKit
import FocusCore
import Foundation
import HTTPTypes
import SQLKit

/// A workspace's theme, as services hand it out.
public struct StoredThemeRecord: Sendable, Equatable {
    public let id: UUID
    public let definition: ThemeDefinition
    public let builtIn: Bool
}

/// Editing a workspace's themes. Every change re-tags all of the workspace's comments in the
/// same transaction, so the themes page never mixes old and new definitions.
public struct ThemeService: Sendable {
    let database: FocusDatabase

    public func list(_ workspaceID: UUID) async throws -> [StoredThemeRecord] {
        try await ThemeStore.themes(workspaceID, on: database.sql).map { StoredThemeRecord(id: $0.id, definition: $0.definition, builtIn: $0.builtIn) }
    }

    public func theme(_ workspaceID: UUID, id: UUID) async throws -> StoredThemeRecord? {
        try await list(workspaceID).first { $0.id == id }
    }

    /// What a change did: the theme as stored and how many comments were tagged again.
    public struct Change: Sendable {
        public let theme: StoredThemeRecord?
        public let reanalysed: Int
    }

    public func create(_ workspaceID: UUID, name: String, terms: [String: [String]]) async throws -> Change {
        let definition = try ThemeDefinition(key: "", name: name, terms: terms).validated()
        return try await database.db.transaction { db in
            let sql = db as! any SQLDatabase
            try await CommentIndex.lockWorkspace(workspaceID, on: sql)
            let existing = try await ThemeStore.themes(workspaceID, on: sql)
            guard !existing.contains(where: { $0.definition.name.lowercased() == definition.name.lowercased() }) else {
                throw FieldError("name", "another theme already has this name")
            }
            let base = definition.name.slugified(maxLength: 40).isEmpty ? "theme" : definition.name.slugified(maxLength: 40)
            var key = base
            var n = 1
            while existing.contains(where: { $0.definition.key == key }) { n += 1; key = "\(base)-\(n)" }
            let id = UUID()
            try await sql.insert(into: "themes").columns("id", "workspace_id", "key", "name", "terms", "built_in", "position", "updated_at")
                .values(SQLBind(id), SQLBind(workspaceID), SQLBind(key), SQLBind(definition.name), SQLBind(try StoredJSON.encode(definition.terms)),
                        SQLBind(false), SQLBind((existing.map(\.position).max() ?? -1) + 1), SQLBind(Date().timeIntervalSince1970))
                .run()
            let read = try await CommentIndex.retag(workspaceID, only: id, on: sql)
            return Change(theme: StoredThemeRecord(id: id, definition: ThemeDefinition(key: key, name: definition.name, terms: definition.terms),
                                                   builtIn: false), reanalysed: read)
        }
    }

    /// Changes a theme's name or terms (the ones given).
    public func update(_ workspaceID: UUID, id: UUID, name: String?, terms: [String: [String]]?) async throws -> Change {
        try await database.db.transaction { db in
            let sql = db as! any SQLDatabase
            try await CommentIndex.lockWorkspace(workspaceID, on: sql)
            let existing = try await ThemeStore.themes(workspaceID, on: sql)
            guard let current = existing.first(where: { $0.id == id }) else { throw APIError(.notFound, "no such theme") }
            let definition = try ThemeDefinition(key: current.definition.key, name: name ?? current.definition.name,
                                                 terms: terms ?? current.definition.terms).validated()
            if existing.contains(where: { $0.id != id && $0.definition.name.lowercased() == definition.name.lowercased() }) {
                throw FieldError("name", "another theme already has this name")
            }
            try await sql.update("themes").set("name", to: SQLBind(definition.name)).set("terms", to: SQLBind(try StoredJSON.encode(definition.terms)))
                .set("updated_at", to: SQLBind(Date().timeIntervalSince1970))
                .where("workspace_id", .equal, SQLBind(workspaceID)).where("id", .equal, SQLBind(id)).run()
            let read = try await CommentIndex.retag(workspaceID, only: id, on: sql)
            return Change(theme: StoredThemeRecord(id: id, definition: definition, builtIn: current.builtIn), reanalysed: read)
        }
    }

    public func delete(_ workspaceID: UUID, id: UUID) async throws {
        try await database.db.transaction { db in
            let sql = db as! any SQLDatabase
            try await CommentIndex.lockWorkspace(workspaceID, on: sql)
            guard try await ThemeStore.themes(workspaceID, on: sql).contains(where: { $0.id == id }) else { throw APIError(.notFound, "no such theme") }
            try await sql.delete(from: "comment_themes").where("theme_id", .equal, SQLBind(id)).run()
            try await sql.delete(from: "themes").where("workspace_id", .equal, SQLBind(workspaceID)).where("id", .equal, SQLBind(id)).run()
        }
    }

    /// Gives the workspace back the built-in themes it deleted; returns the change.
    public func restoreBuiltIns(_ workspaceID: UUID) async throws -> Int {
        try await database.db.transaction { db in
            let sql = db as! any SQLDatabase
            try await CommentIndex.lockWorkspace(workspaceID, on: sql)
            try await ThemeStore.addBuiltIns(workspaceID, on: sql)
            return try await CommentIndex.retag(workspaceID, on: sql)
        }
    }
}
