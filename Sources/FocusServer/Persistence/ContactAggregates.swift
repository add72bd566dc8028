import FluentKit
import FocusCore
import Foundation
import SQLKit

/// Daily tallies of contacts that the contacts page and its API read instead of the contacts: one
/// row per workspace, UTC day, reason, channel and team, kept up to date in the same transaction
/// as the contacts they count. Money is counted in cents and times in milliseconds, whole numbers
/// rounded per contact, so the sums are exact and a rebuild equals what ingest kept up.
/// "No reason" is the nil UUID and "no team" the empty text, so a key is never NULL.
enum ContactAggregates {
    static let table = "contact_days"
    static let keyColumns = ["workspace_id", "day", "reason_id", "channel", "team"]
    static let valueColumns = ["contacts", "cost_cents", "resolution_known", "resolved_first", "repeats", "wait_ms", "wait_known",
                               "handling_ms", "handling_known"]
    static let none = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))

    struct Key: Hashable, Comparable {
        let day: Int
        let reason: UUID
        let channel: String
        let team: String

        static func < (a: Key, b: Key) -> Bool {
            (a.day, a.reason.uuidString, a.channel, a.team) < (b.day, b.reason.uuidString, b.channel, b.team)
        }
    }

    /// The whole-number sums of one key's contacts.
    struct Sums: Equatable {
        var contacts = 0, costCents = 0, resolutionKnown = 0, resolvedFirst = 0, repeats = 0
        var waitMilliseconds = 0, waitKnown = 0, handlingMilliseconds = 0, handlingKnown = 0

        mutating func add(_ r: ContactRecord) {
            contacts += 1
            costCents += Int((r.cost * 100).rounded())
            if let resolved = r.resolvedFirst { resolutionKnown += 1; if resolved { resolvedFirst += 1 } }
            if r.isRepeat { repeats += 1 }
            if let wait = r.waitSeconds { waitMilliseconds += Int((wait * 1000).rounded()); waitKnown += 1 }
            if let handling = r.handlingSeconds { handlingMilliseconds += Int((handling * 1000).rounded()); handlingKnown += 1 }
        }

        var values: [SQLBind] {
            [contacts, costCents, resolutionKnown, resolvedFirst, repeats, waitMilliseconds, waitKnown, handlingMilliseconds, handlingKnown]
                .map { SQLBind($0) }
        }

        var figures: ContactFigures {
            ContactFigures(contacts: contacts, cost: Double(costCents) / 100, resolutionKnown: resolutionKnown, resolvedFirst: resolvedFirst,
                           repeats: repeats, waitSecondsSum: Double(waitMilliseconds) / 1000, waitKnown: waitKnown,
                           handlingSecondsSum: Double(handlingMilliseconds) / 1000, handlingKnown: handlingKnown)
        }
    }

    static func key(_ r: ContactRecord) -> Key {
        Key(day: Int((r.occurredAt / 86400).rounded(.down)), reason: r.reasonID ?? none, channel: r.channel.rawValue, team: r.team ?? "")
    }

    /// Adds stored contacts to the tallies; runs in the caller's transaction.
    static func add(_ workspaceID: UUID, _ records: [ContactRecord], on sql: any SQLDatabase) async throws {
        var sums: [Key: Sums] = [:]
        for r in records { sums[key(r), default: Sums()].add(r) }
        try await upsert(workspaceID, sums, on: sql)
    }

    /// Inserts rows, or adds their sums to the rows already there, in key order.
    static func upsert(_ workspaceID: UUID, _ sums: [Key: Sums], on sql: any SQLDatabase) async throws {
        let rows = sums.sorted { $0.key < $1.key }
        for start in stride(from: 0, to: rows.count, by: 500) {
            var insert = sql.insert(into: table).columns(keyColumns + valueColumns)
            for (key, s) in rows[start..<min(start + 500, rows.count)] {
                insert = insert.values([SQLBind(workspaceID), SQLBind(key.day), SQLBind(key.reason), SQLBind(key.channel), SQLBind(key.team)] + s.values)
            }
            try await insert.onConflict(with: keyColumns) { update in
                for column in valueColumns { update.set(column, to: SQLRaw("\(table).\(column) + excluded.\(column)")) }
                return update
            }.run()
        }
    }

    /// A deleted reason's contacts count as "no reason": its rows are added to those of no reason.
    static func forgetReason(_ workspaceID: UUID, _ reasonID: UUID, on sql: any SQLDatabase) async throws {
        var sums: [Key: Sums] = [:]
        for row in try await sql.select().columns(["day", "channel", "team"] + valueColumns).from(table)
            .where("workspace_id", .equal, SQLBind(workspaceID)).where("reason_id", .equal, SQLBind(reasonID)).all() {
            sums[Key(day: try row.decode(column: "day", as: Int.self), reason: none, channel: try row.decode(column: "channel", as: String.self),
                     team: try row.decode(column: "team", as: String.self)), default: Sums()] = try storedSums(row)
        }
        try await sql.delete(from: table).where("workspace_id", .equal, SQLBind(workspaceID)).where("reason_id", .equal, SQLBind(reasonID)).run()
        try await upsert(workspaceID, sums, on: sql)
    }

    static func storedSums(_ row: any SQLRow) throws -> Sums {
        func n(_ column: String) throws -> Int { try row.decode(column: column, as: Int.self) }
        return Sums(contacts: try n("contacts"), costCents: try n("cost_cents"), resolutionKnown: try n("resolution_known"),
                    resolvedFirst: try n("resolved_first"), repeats: try n("repeats"), waitMilliseconds: try n("wait_ms"),
                    waitKnown: try n("wait_known"), handlingMilliseconds: try n("handling_ms"), handlingKnown: try n("handling_known"))
    }

    /// The period's sums grouped by one key column ("reason_id", "channel" or "team"), as the figures of each value.
    static func figures(_ workspaceID: UUID, _ period: Period, by column: String, on sql: any SQLDatabase) async throws -> [String: ContactFigures] {
        var query = sql.select().column(SQLAlias(SQLColumn(column), as: SQLIdentifier("key")))
        for c in valueColumns { query = query.column(SQLAlias(SQLRaw("CAST(SUM(\(c)) AS BIGINT)"), as: SQLIdentifier(c))) }
        var result: [String: ContactFigures] = [:]
        for row in try await query.from(table).where("workspace_id", .equal, SQLBind(workspaceID))
            .where("day", .greaterThanOrEqual, SQLBind(period.start.daysSinceEpoch)).where("day", .lessThan, SQLBind(period.end.daysSinceEpoch))
            .groupBy(column).all() {
            var key: String
            if column == "reason_id" {
                let id = try row.decode(column: "key", as: UUID.self)
                key = id == none ? "" : id.uuidString
            } else {
                key = try row.decode(column: "key", as: String.self)
            }
            result[key] = try storedSums(row).figures
        }
        return result
    }

    /// The period's contacts per reason ("" for none) and day.
    static func daily(_ workspaceID: UUID, _ period: Period, on sql: any SQLDatabase) async throws -> [(reason: String, day: Int, contacts: Int)] {
        try await sql.select().column("reason_id").column("day").column(SQLAlias(SQLRaw("CAST(SUM(contacts) AS BIGINT)"), as: SQLIdentifier("n")))
            .from(table).where("workspace_id", .equal, SQLBind(workspaceID))
            .where("day", .greaterThanOrEqual, SQLBind(period.start.daysSinceEpoch)).where("day", .lessThan, SQLBind(period.end.daysSinceEpoch))
            .groupBy("reason_id").groupBy("day").all().map { row in
                let id = try row.decode(column: "reason_id", as: UUID.self)
                return (id == none ? "" : id.uuidString, try row.decode(column: "day", as: Int.self), try row.decode(column: "n", as: Int.self))
            }
    }

    /// Recounts every contact tally in one transaction (ingest waits for it). Returns the rows written.
    static func rebuildAll(_ database: FocusDatabase) async throws -> Int {
        try await database.db.transaction { db in
            let sql = db as! any SQLDatabase
            if database.dialect == .postgres {
                try await sql.raw("LOCK TABLE contacts IN SHARE MODE").run()
                try await sql.raw("LOCK TABLE contact_days IN EXCLUSIVE MODE").run()
            }
            return try await rebuild(workspaceID: nil, on: sql)
        }
    }

    /// Recounts the tallies from the contacts: of one workspace, or of all when nil. Reads the contacts
    /// a page at a time and sums them with the same arithmetic as ingest, so the result is identical.
    @discardableResult
    static func rebuild(workspaceID: UUID?, on sql: any SQLDatabase) async throws -> Int {
        var delete = sql.delete(from: table)
        if let workspaceID { delete = delete.where("workspace_id", .equal, SQLBind(workspaceID)) }
        try await delete.run()
        var sums: [UUID: [Key: Sums]] = [:]
        var after: UUID?
        while true {
            var query = sql.select().columns(["workspace_id"] + ContactService.columns).from("contacts")
            if let workspaceID { query = query.where("workspace_id", .equal, SQLBind(workspaceID)) }
            if let after { query = query.where("id", .greaterThan, SQLBind(after)) }
            let rows = try await query.orderBy("id").limit(20_000).all()
            guard !rows.isEmpty else { break }
            for row in rows {
                let record = try row.decode(model: ContactService.ContactRow.self).record
                sums[try row.decode(column: "workspace_id", as: UUID.self), default: [:]][key(record), default: Sums()].add(record)
                after = record.id
            }
        }
        for (workspace, keyed) in sums { try await upsert(workspace, keyed, on: sql) }
        return sums.values.reduce(0) { $0 + $1.count }
    }
}
