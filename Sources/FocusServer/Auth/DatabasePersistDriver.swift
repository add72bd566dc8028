import FluentKit
import Foundation
import Hummingbird
import SQLKit

/// Hummingbird's key-value store for sessions, kept in Focus's own database.
///
/// Keys are stored as their SHA-256, values as JSON; expired entries read as absent and are
/// removed when met.
struct DatabasePersistDriver: PersistDriver {
    let database: FocusDatabase

    private struct Row: Codable {
        let value: String
        let expires_at: Double?
    }

    func create<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        let json = try String(decoding: JSONEncoder().encode(value), as: UTF8.self)
        do {
            try await database.sql.insert(into: "sessions")
                .columns("key_hash", "value", "expires_at")
                .values(SQLBind(SecretToken.hash(key)), SQLBind(json), SQLBind(expires.map(Self.deadline)))
                .run()
        } catch {
            if try await get(key: key, as: Object.self) != nil { throw PersistError.duplicate }
            throw error
        }
    }

    func set<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        let json = try String(decoding: JSONEncoder().encode(value), as: UTF8.self)
        let hash = SecretToken.hash(key)
        let sql = database.sql
        let existing = try await sql.select().column("expires_at").from("sessions")
            .where("key_hash", .equal, SQLBind(hash)).first()
        if existing == nil {
            try await sql.insert(into: "sessions")
                .columns("key_hash", "value", "expires_at")
                .values(SQLBind(hash), SQLBind(json), SQLBind(expires.map(Self.deadline)))
                .run()
        } else if let expires {
            try await sql.update("sessions").set("value", to: SQLBind(json))
                .set("expires_at", to: SQLBind(Self.deadline(expires)))
                .where("key_hash", .equal, SQLBind(hash)).run()
        } else {
            try await sql.update("sessions").set("value", to: SQLBind(json))
                .where("key_hash", .equal, SQLBind(hash)).run()
        }
    }

    func get<Object: Codable & Sendable>(key: String, as: Object.Type) async throws -> Object? {
        try await getWithTTL(key: key, as: Object.self)?.object
    }

    func getWithTTL<Object: Codable & Sendable>(key: String, as: Object.Type) async throws -> (object: Object, ttl: Duration?)? {
        let hash = SecretToken.hash(key)
        guard let row = try await database.sql.select().columns("value", "expires_at").from("sessions")
            .where("key_hash", .equal, SQLBind(hash)).first(decoding: Row.self)
        else { return nil }
        let now = Date().timeIntervalSince1970
        if let expiresAt = row.expires_at, expiresAt <= now {
            try await remove(key: key)
            return nil
        }
        guard let object = try? JSONDecoder().decode(Object.self, from: Data(row.value.utf8)) else { return nil }
        return (object, row.expires_at.map { .seconds($0 - now) })
    }

    func remove(key: String) async throws {
        try await database.sql.delete(from: "sessions")
            .where("key_hash", .equal, SQLBind(SecretToken.hash(key))).run()
    }

    /// Deletes every expired session; run now and then so the table does not grow.
    func removeExpired() async throws {
        try await database.sql.delete(from: "sessions")
            .where("expires_at", .lessThan, SQLBind(Date().timeIntervalSince1970)).run()
    }

    static func deadline(_ duration: Duration) -> Double {
        Date().timeIntervalSince1970 + Double(duration.components.seconds)
    }
}
