import FluentKit
import Foundation
import SQLKit

/// Every comment in one place for reading and searching (the text of survey responses,
/// outside feedback and contact notes), with its sentiment and themes; the workspace's
/// themes; and the full-text index (FTS5 on SQLite, a GIN-indexed tsvector on PostgreSQL).
/// Filled from the comments already stored, with the built-in themes given to every workspace.
struct CreateComments: AsyncMigration {
    var name: String { "011-comments" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        let postgres = sql.dialect.name == "postgresql"
        try await database.schema("themes")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id", onDelete: .cascade))
            .field("key", .string, .required)
            .field("name", .string, .required)
            .field("terms", .string, .required)
            .field("built_in", .bool, .required)
            .field("position", .int, .required)
            .field("updated_at", .double, .required)
            .unique(on: "workspace_id", "key")
            .create()
        try await sql.raw("""
            CREATE TABLE comments (
                seq \(unsafeRaw: postgres ? "BIGSERIAL" : "INTEGER") PRIMARY KEY,
                id UUID NOT NULL UNIQUE,
                workspace_id UUID NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
                source TEXT NOT NULL,
                survey_id UUID REFERENCES surveys (id) ON DELETE CASCADE,
                touchpoint_id UUID REFERENCES touchpoints (id) ON DELETE SET NULL,
                customer_id UUID REFERENCES customers (id) ON DELETE SET NULL,
                occurred_at DOUBLE PRECISION NOT NULL,
                language TEXT,
                text TEXT NOT NULL,
                search_words TEXT NOT NULL,
                sentiment DOUBLE PRECISION NOT NULL,
                nps INTEGER,
                csat INTEGER\(unsafeRaw: postgres ? ",\n    search TSVECTOR GENERATED ALWAYS AS (to_tsvector('simple', search_words)) STORED" : ""))
            """).run()
        try await sql.create(index: "comments_workspace_occurred").on("comments").column("workspace_id").column("occurred_at").column("id").run()
        // Re-tagging reads a workspace's comments in seq order; deletes of surveys, touchpoints and customers find theirs.
        try await sql.create(index: "comments_workspace_seq").on("comments").column("workspace_id").column("seq").run()
        for column in ["survey_id", "touchpoint_id", "customer_id"] {
            try await sql.create(index: SQLIdentifier("comments_\(column)")).on("comments").column(column).run()
        }
        try await sql.raw("""
            CREATE TABLE comment_themes (
                theme_id UUID NOT NULL REFERENCES themes (id) ON DELETE CASCADE,
                comment_seq BIGINT NOT NULL REFERENCES comments (seq) ON DELETE CASCADE,
                PRIMARY KEY (theme_id, comment_seq))
            """).run()
        try await sql.create(index: "comment_themes_comment").on("comment_themes").column("comment_seq").run()
        if postgres {
            try await sql.raw("CREATE INDEX comments_search ON comments USING GIN (search)").run()
        } else {
            // An external-content index over comments.search_words (the text's words as WordTokenizer splits
            // them, one space apart, which is what PostgreSQL indexes too, so both find the same rows), kept in
            // step by triggers in the same transaction. Diacritics are kept, as PostgreSQL's 'simple' keeps them.
            try await sql.raw("""
                CREATE VIRTUAL TABLE comment_search USING fts5(search_words, content='comments', content_rowid='seq',
                    tokenize='unicode61 remove_diacritics 0')
                """).run()
            try await sql.raw("""
                CREATE TRIGGER comments_search_insert AFTER INSERT ON comments BEGIN
                    INSERT INTO comment_search (rowid, search_words) VALUES (new.seq, new.search_words);
                END
                """).run()
            try await sql.raw("""
                CREATE TRIGGER comments_search_delete AFTER DELETE ON comments BEGIN
                    INSERT INTO comment_search (comment_search, rowid, search_words) VALUES ('delete', old.seq, old.search_words);
                END
                """).run()
            try await sql.raw("""
                CREATE TRIGGER comments_search_update AFTER UPDATE OF search_words ON comments BEGIN
                    INSERT INTO comment_search (comment_search, rowid, search_words) VALUES ('delete', old.seq, old.search_words);
                    INSERT INTO comment_search (rowid, search_words) VALUES (new.seq, new.search_words);
                END
                """).run()
        }
        struct Workspace: Decodable { let id: UUID }
        for workspace in try await sql.select().column("id").from("workspaces").all(decoding: Workspace.self) {
            try await ThemeStore.addBuiltIns(workspace.id, on: sql)
        }
        try await CommentIndex.rebuild(workspaceID: nil, on: sql)
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        if sql.dialect.name != "postgresql" { try await sql.raw("DROP TABLE comment_search").run() }
        try await sql.raw("DROP TABLE comment_themes").run()
        try await sql.raw("DROP TABLE comments").run()
        try await database.schema("themes").delete()
    }
}
