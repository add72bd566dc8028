import Crypto
import FluentKit
import FocusCore
import Foundation
import SQLKit

/// A bad row of an import: its line, the field at fault and why.
public struct ImportRowError: Sendable, Codable, Equatable {
    public let line: Int
    public let field: String
    public let message: String
}

/// What an import did (or, in a dry run, would do).
public struct ImportReport: Sendable, Codable {
    public var dryRun: Bool
    public var rows = 0
    /// Rows stored (in a dry run: rows that would be stored).
    public var imported = 0
    /// Rows already stored by an earlier import of the same data (or repeated in the file): skipped.
    public var duplicates = 0
    public var failed = 0
    /// Rows that changed something stored before (customers whose data differs): updated.
    public var updated = 0
    /// The first ``maxListed`` bad rows; `failed` counts them all.
    public var errors: [ImportRowError] = []
    public static let maxListed = 1_000

    enum CodingKeys: String, CodingKey {
        case rows, imported, duplicates, failed, updated, errors
        case dryRun = "dry_run"
    }

    /// Counts a bad row, listing it while the list is not full.
    mutating func fail(_ line: Int, _ field: String, _ message: String) {
        failed += 1
        if errors.count < Self.maxListed { errors.append(ImportRowError(line: line, field: field, message: message)) }
    }
}

/// Importing contacts from a file: each row checked like a contact sent to the API, bad rows
/// reported with their line and skipped, good ones stored a chunk at a time (one transaction
/// each). A row's key (its `external_id`, or a hash of its content) is stored with it, so the
/// same file imported twice adds nothing the second time.
public struct ContactImport: Sendable {
    /// The fields a contact row may have; a mapping names the file's column for each.
    public static let fields = ["external_id", "channel", "category", "reason", "touchpoint", "customer_id", "occurred_at", "wait_seconds",
                                "handling_seconds", "resolved_first_contact", "agent", "team", "cost", "note"]
    /// Rows checked and stored per transaction. A server shares its one SQLite connection with
    /// ingest, so it commits small chunks; the command line commits larger ones, which on SQLite
    /// write each index page fewer times.
    public static let serverChunkSize = 5_000
    public static let commandLineChunkSize = 20_000

    let contacts: ContactService
    let catalogue: CatalogueService
    let database: FocusDatabase

    public init(services: FocusServices) {
        contacts = services.contacts
        catalogue = services.catalogue
        database = services.database
    }

    /// Checks a mapping against the file's columns; throws a FieldError naming the first problem.
    public static func checkMapping(_ mapping: ImportMapping, columns: [String]) throws(FieldError) {
        try ImportFields.check(mapping, fields: fields, columns: columns, kind: "contact")
        let mapped = Set(fields.map { mapping[$0] ?? $0 }).intersection(columns)
        guard mapped.contains(mapping["channel"] ?? "channel") else {
            throw FieldError("mapping.channel", "the file needs a channel column (or map one with channel=COLUMN)")
        }
    }

    public func run(_ workspaceID: UUID, rows reader: ImportRowReader, mapping: ImportMapping, dryRun: Bool, chunkSize: Int = serverChunkSize,
                    progress: (@Sendable (ImportReport) -> Void)? = nil) async throws -> ImportReport {
        try Self.checkMapping(mapping, columns: reader.columns)
        if database.dialect == .sqlite, !dryRun {
            // A bulk insert into tables with several indexes needs their pages at hand (SQLite's default cache
            // is 2 MB), and each multi-row INSERT keeps a statement journal, better in memory than in a temporary
            // file.
            try await database.sql.raw("PRAGMA cache_size=-65536").run()
            try await database.sql.raw("PRAGMA temp_store=MEMORY").run()
        }
        var report = ImportReport(dryRun: dryRun)
        let lookup = try await Lookup(workspaceID, contacts: contacts, catalogue: catalogue)
        let window = try await contacts.repeatDays(workspaceID)
        let now = Date().timeIntervalSince1970
        // Customers looked up by external id, kept across chunks (a file names the same customers again
        // and again) but emptied when large, so memory stays bounded however many customers the file names.
        var customers: [String: UUID?] = [:]

        // Each chunk is read and checked while the one before is written: reading the file and SQLite's
        // work run side by side on two cores. A chunk is written only after the one before is stored, so
        // its rows are compared with every row imported before them.
        var writing: Task<(imported: Int, duplicates: Int), any Error>?
        func finishWriting() async throws {
            guard let pending = writing else { return }
            writing = nil
            let written = try await pending.value
            report.imported += written.imported
            report.duplicates += written.duplicates
            progress?(report)
        }
        do {
            var done = false
            while !done {
                let chunk = try reader.nextChunk(chunkSize)
                done = chunk.count < chunkSize
                if chunk.isEmpty { break }
                report.rows += chunk.count
                if customers.count > 100_000 { customers.removeAll(keepingCapacity: true) }
                try await prefetchCustomers(workspaceID, chunk.compactMap { value($0, "customer_id", mapping) }, into: &customers)
                var records: [ContactRecord] = []
                var keys: [String] = []
                records.reserveCapacity(chunk.count)
                keys.reserveCapacity(chunk.count)
                for row in chunk {
                    do {
                        records.append(try await record(workspaceID, row, mapping, lookup, customers: &customers, now: now))
                        keys.append(Self.key(row, mapping))
                    } catch let error as FieldError {
                        report.fail(row.line, error.field, error.message)
                    }
                }
                try await finishWriting()
                let checked = records, checkedKeys = keys
                writing = Task { try await write(workspaceID, checked, keys: checkedKeys, windowDays: window, dryRun: dryRun) }
            }
            try await finishWriting()
        } catch {
            // Never leave a write running behind an error.
            _ = try? await writing?.value
            throw error
        }
        return report
    }

    /// The workspace's reasons, touchpoints and costs, by the names a file uses.
    struct Lookup: Sendable {
        let reasonByName: [String: UUID]
        let reasonByBoth: [String: UUID]
        let ambiguous: Set<String>
        let touchpointByName: [String: UUID]
        let reasonIDs: Set<UUID>
        let touchpointIDs: Set<UUID>
        let costs: [ContactChannel: Double]

        init(_ workspaceID: UUID, contacts: ContactService, catalogue: CatalogueService) async throws {
            let reasons = try await contacts.reasons(workspaceID)
            reasonByName = Dictionary(reasons.map { ($0.reason.name.lowercased(), $0.id) }, uniquingKeysWith: { a, _ in a })
            reasonByBoth = Dictionary(reasons.map { ("\($0.reason.category.lowercased())|\($0.reason.name.lowercased())", $0.id) },
                                      uniquingKeysWith: { a, _ in a })
            ambiguous = Set(Dictionary(grouping: reasons, by: { $0.reason.name.lowercased() }).filter { $0.value.count > 1 }.keys)
            let touchpoints = try await catalogue.touchpoints(workspaceID)
            touchpointByName = Dictionary(touchpoints.map { ($0.touchpoint.name.lowercased(), $0.id) }, uniquingKeysWith: { a, _ in a })
            reasonIDs = Set(reasons.map(\.id))
            touchpointIDs = Set(touchpoints.map(\.id))
            costs = try await contacts.costs(workspaceID)
        }
    }

    /// One row as a checked contact, reason and touchpoint found by name; throws a FieldError naming the bad field.
    private func record(_ workspaceID: UUID, _ row: ImportRow, _ mapping: ImportMapping, _ lookup: Lookup,
                        customers: inout [String: UUID?], now: Double) async throws -> ContactRecord {
        var submission = try submission(row, mapping)
        if let name = value(row, "reason", mapping) {
            if let category = value(row, "category", mapping) {
                guard let id = lookup.reasonByBoth["\(category.lowercased())|\(name.lowercased())"] else {
                    throw FieldError("reason", "\(category)/\(name) is not a contact reason of this workspace")
                }
                submission.reasonID = id
            } else {
                guard let id = lookup.reasonByName[name.lowercased()] else { throw FieldError("reason", "\(name) is not a contact reason of this workspace") }
                guard !lookup.ambiguous.contains(name.lowercased()) else { throw FieldError("category", "\(name) is a reason in several categories: give the category") }
                submission.reasonID = id
            }
        }
        if let name = value(row, "touchpoint", mapping) {
            guard let id = lookup.touchpointByName[name.lowercased()] else { throw FieldError("touchpoint", "\(name) is not a touchpoint of this workspace") }
            submission.touchpointID = id
        }
        return try await contacts.check(workspaceID, submission, reasons: lookup.reasonIDs, touchpoints: lookup.touchpointIDs,
                                        costs: lookup.costs, customers: &customers, now: now)
    }

    /// Stores a chunk's checked rows, one transaction, skipping rows stored before (by an earlier
    /// import) or earlier in the chunk; in a dry run only counts them.
    private func write(_ workspaceID: UUID, _ records: [ContactRecord], keys: [String], windowDays: Int,
                       dryRun: Bool) async throws -> (imported: Int, duplicates: Int) {
        let stored = try await ImportKeys.stored(in: "contacts", workspaceID, keys, on: database.sql)
        var seen = Set<String>()
        var fresh: [ContactRecord] = []
        var freshKeys: [String?] = []
        for (record, key) in zip(records, keys) {
            if stored.contains(key) || !seen.insert(key).inserted { continue }
            fresh.append(record)
            freshKeys.append(key)
        }
        if !dryRun, !fresh.isEmpty {
            let rows = fresh, rowKeys = freshKeys
            try await database.db.transaction { db in
                let sql = db as! any SQLDatabase
                let flagged = try await ContactService.flagRepeats(workspaceID, rows, windowDays: windowDays, on: sql)
                try await ContactService.insert(workspaceID, flagged, importKeys: rowKeys, on: sql)
            }
        }
        return (fresh.count, records.count - fresh.count)
    }

    func value(_ row: ImportRow, _ field: String, _ mapping: ImportMapping) -> String? {
        row.value(mapping[field] ?? field)
    }

    /// The row as a contact to check (reason and touchpoint are resolved by name afterwards).
    func submission(_ row: ImportRow, _ mapping: ImportMapping) throws -> ContactSubmission {
        func number(_ field: String) throws -> Double? {
            guard let text = value(row, field, mapping) else { return nil }
            guard let n = Double(text.replacingOccurrences(of: ",", with: ".")) else { throw FieldError(field, "must be a number, not \(text.prefix(40))") }
            return n
        }
        var at: Double?
        if let text = value(row, "occurred_at", mapping) {
            guard let parsed = Timestamp.parse(text) else { throw FieldError("occurred_at", "must be an ISO 8601 date or time, not \(text.prefix(40))") }
            at = parsed
        }
        var resolved: Bool?
        if let text = value(row, "resolved_first_contact", mapping)?.lowercased() {
            switch text {
            case "true", "yes", "y", "1": resolved = true
            case "false", "no", "n", "0": resolved = false
            default: throw FieldError("resolved_first_contact", "must be yes or no (or true/false, 1/0), not \(text.prefix(40))")
            }
        }
        return ContactSubmission(
            channel: value(row, "channel", mapping)?.lowercased() ?? "", customerExternalID: value(row, "customer_id", mapping), occurredAt: at,
            waitSeconds: try number("wait_seconds"), handlingSeconds: try number("handling_seconds"), resolvedFirst: resolved,
            agent: value(row, "agent", mapping), team: value(row, "team", mapping), cost: try number("cost"), note: value(row, "note", mapping))
    }

    /// The row's key: its external id, or a hash of all its mapped values.
    static func key(_ row: ImportRow, _ mapping: ImportMapping) -> String {
        if let id = row.values[mapping["external_id"] ?? "external_id"]?.trimmingWhitespace(), !id.isEmpty {
            return "id:" + id.prefix(200)
        }
        return ImportKeys.digest { hasher in
            for field in fields {
                hasher.update(data: Data((row.values[mapping[field] ?? field] ?? "").utf8))
                hasher.update(data: Data([0x1F]))
            }
        }
    }

    /// Looks up the chunk's customers not known yet at once (missing ones are remembered as missing).
    private func prefetchCustomers(_ workspaceID: UUID, _ externalIDs: [String], into cache: inout [String: UUID?]) async throws {
        let wanted = Array(Set(externalIDs).filter { cache[$0] == nil })
        struct Row: Decodable { let id: UUID; let external_id: String }
        for start in stride(from: 0, to: wanted.count, by: 500) {
            let part = Array(wanted[start..<min(start + 500, wanted.count)])
            for id in part { cache[id] = .some(nil) }
            for row in try await database.sql.select().columns("id", "external_id").from("customers")
                .where("workspace_id", .equal, SQLBind(workspaceID)).where("external_id", .in, SQLBind.group(part)).all(decoding: Row.self) {
                cache[row.external_id] = row.id
            }
        }
    }
}
