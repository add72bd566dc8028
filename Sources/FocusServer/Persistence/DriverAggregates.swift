import FluentKit
import FocusCore
import Foundation
import SQLKit

/// The daily sums driver analyses read instead of the responses: per workspace, survey, UTC day,
/// touchpoint, brand and segment, the exact ``DriverMoments`` of the survey's outcome and rating
/// answers, stored as bytes, with the list of questions they are over (`variables`, the keys
/// joined by commas: a survey that gains a question starts new rows, and a reader lines old and
/// new up with ``DriverMoments/mapped(from:to:)``).
///
/// Kept up to date in the transaction that stores the responses; rebuilt exactly from the responses
/// by `focus migrate --rebuild-aggregates`. The sums cannot be added inside SQL, so a writer reads
/// the rows it changes, adds in Swift and writes them back; on PostgreSQL a transaction-scoped
/// advisory lock per workspace keeps two writers from doing so at once.
enum DriverAggregates {
    static let table = "driver_days"
    static let keyColumns = ["workspace_id", "survey_id", "day", "touchpoint_key", "brand_key", "segment", "variables"]
    static let none = ScoreAggregates.none

    struct Key: Hashable, Comparable {
        let survey: UUID, day: Int, touchpoint: UUID, brand: UUID, segment: [UInt8], variables: String

        static func < (a: Key, b: Key) -> Bool {
            if a.survey != b.survey { return a.survey.uuidString < b.survey.uuidString }
            if a.day != b.day { return a.day < b.day }
            if a.touchpoint != b.touchpoint { return a.touchpoint.uuidString < b.touchpoint.uuidString }
            if a.brand != b.brand { return a.brand.uuidString < b.brand.uuidString }
            if a.segment != b.segment { return a.segment.lexicographicallyPrecedes(b.segment) }
            return Array(a.variables.utf8).lexicographicallyPrecedes(Array(b.variables.utf8))
        }
    }

    struct Sums {
        var responses = 0
        var moments: DriverMoments
    }

    /// One response's part: its key and its answers to the survey's driver questions.
    struct Entry: Sendable {
        let survey: UUID, receivedAt: Double, touchpoint: UUID?, brand: UUID?, segment: String?
        let keys: [String], values: [Int?]
    }

    static func key(_ e: Entry) -> Key {
        Key(survey: e.survey, day: ScoreAggregates.day(e.receivedAt), touchpoint: e.touchpoint ?? none, brand: e.brand ?? none,
            segment: Array((e.segment ?? "").utf8), variables: e.keys.joined(separator: ","))
    }

    static func sums(_ entries: [Entry]) -> [Key: Sums] {
        var sums: [Key: Sums] = [:]
        for e in entries {
            let k = key(e)
            if sums[k] == nil { sums[k] = Sums(moments: DriverMoments(count: e.keys.count)) }
            sums[k]!.responses += 1
            sums[k]!.moments.add(e.values)
        }
        return sums
    }

    /// Adds stored responses to the sums; runs inside the transaction that inserts them.
    static func add(_ workspaceID: UUID, _ entries: [Entry], on sql: any SQLDatabase) async throws {
        guard !entries.isEmpty else { return }
        try await merge(workspaceID, sums(entries), on: sql)
    }

    /// Adds `sums` to the rows with the same keys (reading them first), or inserts them.
    static func merge(_ workspaceID: UUID, _ sums: [Key: Sums], on sql: any SQLDatabase) async throws {
        guard !sums.isEmpty else { return }
        if sql.dialect.name == "postgresql" {
            try await sql.raw("SELECT pg_advisory_xact_lock(\(bind: advisoryKey(workspaceID)))").run()
        }
        var merged = sums
        for (survey, keys) in Dictionary(grouping: sums.keys, by: \.survey) {
            let days = Array(Set(keys.map(\.day)))
            for start in stride(from: 0, to: days.count, by: 500) {
                let rows = try await sql.select().columns("day", "touchpoint_key", "brand_key", "segment", "variables", "responses", "moments")
                    .from(table).where("workspace_id", .equal, SQLBind(workspaceID)).where("survey_id", .equal, SQLBind(survey))
                    .where("day", .in, SQLBind.group(Array(days[start..<min(start + 500, days.count)]))).all()
                for row in rows {
                    let key = Key(survey: survey, day: try row.decode(column: "day", as: Int.self),
                                  touchpoint: try row.decode(column: "touchpoint_key", as: UUID.self),
                                  brand: try row.decode(column: "brand_key", as: UUID.self),
                                  segment: Array(try row.decode(column: "segment", as: String.self).utf8),
                                  variables: try row.decode(column: "variables", as: String.self))
                    guard merged[key] != nil else { continue }
                    merged[key]!.responses += try row.decode(column: "responses", as: Int.self)
                    merged[key]!.moments += try DriverMoments(decoding: try row.decode(column: "moments", as: Data.self))
                }
            }
        }
        try await write(workspaceID, merged, on: sql)
    }

    /// Inserts or replaces rows, in key order (so concurrent writers lock in the same order).
    static func write(_ workspaceID: UUID, _ sums: [Key: Sums], on sql: any SQLDatabase) async throws {
        let rows = sums.sorted { $0.key < $1.key }
        for start in stride(from: 0, to: rows.count, by: 200) {
            var insert = sql.insert(into: table).columns(keyColumns + ["responses", "moments"])
            for (key, s) in rows[start..<min(start + 200, rows.count)] {
                insert = insert.values(SQLBind(workspaceID), SQLBind(key.survey), SQLBind(key.day), SQLBind(key.touchpoint), SQLBind(key.brand),
                                       SQLBind(String(decoding: key.segment, as: UTF8.self)), SQLBind(key.variables), SQLBind(s.responses),
                                       SQLBind(Data(s.moments.encoded())))
            }
            try await insert.onConflict(with: keyColumns) { update in
                update.set(excludedValueOf: "responses").set(excludedValueOf: "moments")
            }.run()
        }
    }

    /// A stable 64-bit number for the workspace's advisory lock.
    static func advisoryKey(_ workspaceID: UUID) -> Int64 {
        let u = workspaceID.uuid
        let bytes = [u.0, u.1, u.2, u.3, u.4, u.5, u.6, u.7]
        return Int64(bitPattern: bytes.reduce(UInt64(0x6472_6976)) { ($0 << 8 | UInt64($1)) })
    }

    // MARK: reading

    /// The sums of a survey's responses in `days` (UTC day numbers, both ends included), matching
    /// the touchpoints, brand and segment when given, per day and brand, over `variables`.
    static func read(_ workspaceID: UUID, survey: UUID, days: ClosedRange<Int>, touchpoints: [UUID]?, brand: UUID?, segment: String?,
                     variables: [String], on sql: any SQLDatabase) async throws -> [(day: Int, brand: UUID, moments: DriverMoments)] {
        var query = sql.select().columns("day", "brand_key", "variables", "moments").from(table)
            .where("workspace_id", .equal, SQLBind(workspaceID)).where("survey_id", .equal, SQLBind(survey))
            .where("day", .greaterThanOrEqual, SQLBind(days.lowerBound)).where("day", .lessThanOrEqual, SQLBind(days.upperBound))
        if let touchpoints { query = query.where("touchpoint_key", .in, SQLBind.group(touchpoints)) }
        if let brand { query = query.where("brand_key", .equal, SQLBind(brand)) }
        if let segment { query = query.where("segment", .equal, SQLBind(segment)) }
        var result: [String: (day: Int, brand: UUID, moments: DriverMoments)] = [:]
        let wanted = variables.joined(separator: ",")
        for row in try await query.all() {
            let day = try row.decode(column: "day", as: Int.self), brand = try row.decode(column: "brand_key", as: UUID.self)
            let stored = try row.decode(column: "variables", as: String.self)
            var moments = try DriverMoments(decoding: try row.decode(column: "moments", as: Data.self))
            if stored != wanted { moments = moments.mapped(from: stored.split(separator: ",").map(String.init), to: variables) }
            let slot = "\(day)|\(brand)"
            if result[slot] == nil { result[slot] = (day, brand, moments) } else { result[slot]!.moments += moments }
        }
        return Array(result.values)
    }

    // MARK: rebuilding

    /// Recomputes the sums from the responses: of one workspace, or of all when nil. Reads the
    /// answers of each survey with driver questions a page at a time. Runs in the caller's transaction.
    static func rebuild(workspaceID: UUID?, on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        struct SurveyRow: Decodable { let id: UUID; let workspace_id: UUID; let definition: String }
        var surveys = sql.select().columns("id", "workspace_id", "definition").from("surveys")
        if let workspaceID {
            try await sql.delete(from: table).where("workspace_id", .equal, SQLBind(workspaceID)).run()
            surveys = surveys.where("workspace_id", .equal, SQLBind(workspaceID))
        } else {
            try await sql.delete(from: table).run()
        }
        for survey in try await surveys.all(decoding: SurveyRow.self) {
            guard let definition = try? StoredJSON.decode(SurveyDefinition.self, survey.definition), definition.driverQuestions != nil else { continue }
            struct ResponseRow: Decodable {
                let id: UUID, received_at: Double, touchpoint_id: UUID?, brand_id: UUID?, segment: String?, answers: String
            }
            var sums: [Key: Sums] = [:]
            var after: (Double, UUID)?
            while true {
                var page = sql.select().columns("id", "received_at", "touchpoint_id", "brand_id", "segment", "answers").from("responses")
                    .where("survey_id", .equal, SQLBind(survey.id))
                if let (time, id) = after {
                    // (received_at, id) after the last row read, so both databases use the index on survey and time.
                    page = page.where { g in
                        g.where("received_at", .greaterThan, SQLBind(time))
                            .orWhere { h in h.where("received_at", .equal, SQLBind(time)).where("id", .greaterThan, SQLBind(id)) }
                    }
                }
                let rows = try await page.orderBy("received_at").orderBy("id").limit(10_000).all(decoding: ResponseRow.self)
                guard let last = rows.last else { break }
                after = (last.received_at, last.id)
                let entries = rows.compactMap { r -> Entry? in
                    guard let answers = try? StoredJSON.decode([String: Answer].self, r.answers),
                          let (keys, values) = definition.driverValues(answers) else { return nil }
                    return Entry(survey: survey.id, receivedAt: r.received_at, touchpoint: r.touchpoint_id, brand: r.brand_id,
                                 segment: r.segment, keys: keys, values: values)
                }
                for (key, s) in Self.sums(entries) {
                    if sums[key] == nil { sums[key] = s } else { sums[key]!.responses += s.responses; sums[key]!.moments += s.moments }
                }
                if rows.count < 10_000 { break }
            }
            try await write(survey.workspace_id, sums, on: sql)
        }
    }

    // MARK: when the catalogue changes

    /// A deleted touchpoint's (or brand's) responses now have none: fold its rows into "none".
    static func forget(_ workspaceID: UUID, column: String, _ id: UUID, on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        let rows = try await sql.select().columns(keyColumns.filter { $0 != "workspace_id" } + ["responses", "moments"]).from(table)
            .where("workspace_id", .equal, SQLBind(workspaceID)).where(SQLColumn(column), .equal, SQLBind(id)).all()
        guard !rows.isEmpty else { return }
        var moved: [Key: Sums] = [:]
        for row in rows {
            let touchpoint = try row.decode(column: "touchpoint_key", as: UUID.self), brand = try row.decode(column: "brand_key", as: UUID.self)
            let key = Key(survey: try row.decode(column: "survey_id", as: UUID.self), day: try row.decode(column: "day", as: Int.self),
                          touchpoint: column == "touchpoint_key" ? none : touchpoint, brand: column == "brand_key" ? none : brand,
                          segment: Array(try row.decode(column: "segment", as: String.self).utf8),
                          variables: try row.decode(column: "variables", as: String.self))
            let moments = try DriverMoments(decoding: try row.decode(column: "moments", as: Data.self))
            let responses = try row.decode(column: "responses", as: Int.self)
            if moved[key] == nil { moved[key] = Sums(responses: responses, moments: moments) }
            else { moved[key]!.responses += responses; moved[key]!.moments += moments }
        }
        try await sql.delete(from: table).where("workspace_id", .equal, SQLBind(workspaceID)).where(SQLColumn(column), .equal, SQLBind(id)).run()
        try await merge(workspaceID, moved, on: sql)
    }
}
