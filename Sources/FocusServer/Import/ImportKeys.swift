import Crypto
import FocusCore
import Foundation
import SQLKit

/// The keys that keep an import from storing a row twice: a row's `external_id`, or a SHA-256 of
/// its content, stored with what it became in the table's `import_key` column.
enum ImportKeys {
    /// "sha256:" and the hex digest of what `feed` hashes.
    static func digest(_ feed: (inout SHA256) -> Void) -> String {
        var hasher = SHA256()
        feed(&hasher)
        return "sha256:" + hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// A row's key: its external id, or a hash of all its columns and values.
    static func row(_ row: ImportRow, _ mapping: ImportMapping) -> String {
        if let id = row.value(mapping["external_id"] ?? "external_id") { return "id:" + id.prefix(200) }
        return digest { hasher in
            for column in row.values.keys.sorted() {
                hasher.update(data: Data(column.utf8))
                hasher.update(data: Data([0x1E]))
                hasher.update(data: Data((row.values[column] ?? "").utf8))
                hasher.update(data: Data([0x1F]))
            }
        }
    }

    /// Which of these keys the workspace's `table` already holds.
    static func stored(in table: String, _ workspaceID: UUID, _ keys: [String], on sql: any SQLDatabase) async throws -> Set<String> {
        var found = Set<String>()
        for start in stride(from: 0, to: keys.count, by: 500) {
            let part = Array(keys[start..<min(start + 500, keys.count)])
            for row in try await sql.select().column("import_key").from(table)
                .where("workspace_id", .equal, SQLBind(workspaceID)).where("import_key", .in, SQLBind.group(part)).all() {
                found.insert(try row.decode(column: "import_key", as: String.self))
            }
        }
        return found
    }
}
