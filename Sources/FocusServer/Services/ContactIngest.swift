import FluentKit
import FocusCore
import Foundation
import HTTPTypes
import SQLKit

/// Taking in contacts: every one checked before anything is written, a batch in one
/// transaction, repeats flagged against the customer's earlier contacts, and an idempotency
/// key (kept with the responses' keys, under `contacts:`) making a retry return the first answer.
extension ContactService {
    public struct Outcome: Sendable {
        public let records: [ContactRecord]
        public let replayed: Bool
    }

    public func submit(_ workspaceID: UUID, _ submissions: [ContactSubmission], batch: Bool,
                       idempotency: ResponseService.Idempotency? = nil) async throws -> Outcome {
        guard !submissions.isEmpty else { throw FieldError("contacts", "must hold at least one contact") }
        guard submissions.count <= Self.maxBatch else { throw FieldError("contacts", "must hold at most \(Self.maxBatch) contacts") }
        // Kept beside the responses' keys, so under a prefix of its own.
        let stored = idempotency.map { ResponseService.Idempotency(key: "contacts:" + $0.key, requestHash: $0.requestHash) }
        if let stored, let earlier = try await replay(workspaceID, stored) { return earlier }
        let reasons = Set(try await database.sql.select().column("id").from("contact_reasons")
            .where("workspace_id", .equal, SQLBind(workspaceID)).all(decoding: IDRow.self).map(\.id))
        let costs = try await costs(workspaceID)
        let touchpoints = Set(try await database.sql.select().column("id").from("touchpoints")
            .where("workspace_id", .equal, SQLBind(workspaceID)).all(decoding: IDRow.self).map(\.id))
        var customers: [String: UUID?] = [:]
        var records: [ContactRecord] = []
        let now = Date().timeIntervalSince1970
        for (index, s) in submissions.enumerated() {
            let prefix = batch ? "contacts[\(index)]." : ""
            do {
                records.append(try await check(workspaceID, s, reasons: reasons, touchpoints: touchpoints, costs: costs,
                                               customers: &customers, now: now))
            } catch let error as FieldError {
                throw FieldError(prefix + error.field, error.message)
            }
        }
        let result: IngestWriter.Result
        do {
            result = try await writer.write(workspaceID, .contacts(records), idempotency: stored)
        } catch {
            // Another server process stored the same key first: answer as it was answered.
            if let stored, let earlier = try await replay(workspaceID, stored) { return earlier }
            throw error
        }
        switch result {
        case .written(.contacts(let flagged)):
            return Outcome(records: flagged, replayed: false)
        case .written(.responses):
            preconditionFailure("the writer answers contacts with contacts")
        case .replay(let ids):
            return Outcome(records: try await list(workspaceID, inOrder: ids), replayed: true)
        }
    }

    struct IDRow: Decodable { let id: UUID }

    private func replay(_ workspaceID: UUID, _ idempotency: ResponseService.Idempotency) async throws -> Outcome? {
        struct Row: Decodable { let request_hash: String; let body: String }
        guard let row = try await database.sql.select().columns("request_hash", "body").from("idempotency_keys")
            .where("workspace_id", .equal, SQLBind(workspaceID)).where("key", .equal, SQLBind(idempotency.key)).first(decoding: Row.self)
        else { return nil }
        guard row.request_hash == idempotency.requestHash else {
            throw APIError(.unprocessableContent, "this Idempotency-Key was used before with a different body", field: "Idempotency-Key")
        }
        let ids = try StoredJSON.decode([String].self, row.body).compactMap(UUID.init(uuidString:))
        return Outcome(records: try await list(workspaceID, inOrder: ids), replayed: true)
    }

    /// The stored contacts with these ids, in this order.
    private func list(_ workspaceID: UUID, inOrder ids: [UUID]) async throws -> [ContactRecord] {
        let found = Dictionary(uniqueKeysWithValues: try await list(workspaceID, ids: ids).map { ($0.id, $0) })
        return ids.compactMap { found[$0] }
    }

    /// Checks one contact. `customers` caches external ids already looked up (nil: known not to exist).
    func check(_ workspaceID: UUID, _ s: ContactSubmission, reasons: Set<UUID>, touchpoints: Set<UUID>,
               costs: [ContactChannel: Double], customers: inout [String: UUID?], now: Double) async throws -> ContactRecord {
        guard let channel = ContactChannel(rawValue: s.channel) else {
            throw FieldError("channel", "must be one of: \(ContactChannel.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let id = s.reasonID, !reasons.contains(id) { throw FieldError("reason_id", "is not a contact reason of this workspace") }
        if let id = s.touchpointID, !touchpoints.contains(id) { throw FieldError("touchpoint_id", "is not a touchpoint of this workspace") }
        var customerID: UUID?
        if let external = s.customerExternalID?.trimmingWhitespace(), !external.isEmpty {
            if let known = customers[external] {
                guard let known else { throw FieldError("customer_id", "no customer has this external id; add the customer first") }
                customerID = known
            } else {
                struct Row: Decodable { let id: UUID }
                guard let row = try await database.sql.select().column("id").from("customers")
                    .where("workspace_id", .equal, SQLBind(workspaceID)).where("external_id", .equal, SQLBind(external)).first(decoding: Row.self)
                else {
                    customers[external] = .some(nil)
                    throw FieldError("customer_id", "no customer has this external id; add the customer first")
                }
                customers[external] = row.id
                customerID = row.id
            }
        }
        if let at = s.occurredAt, !(at.isFinite && at > 946_684_800 && at <= now + 300) {
            throw FieldError("occurred_at", "must be a time between 2000 and now")
        }
        for (field, value) in [("wait_seconds", s.waitSeconds), ("handling_seconds", s.handlingSeconds)] {
            if let value, !(value.isFinite && value >= 0 && value <= 7 * 86400) {
                throw FieldError(field, "must be a number of seconds from 0 to 604800 (a week)")
            }
        }
        if let cost = s.cost, !(cost.isFinite && cost >= 0 && cost <= 100_000) { throw FieldError("cost", "must be an amount from 0 to 100000") }
        let agent = try Validate.optionalText(s.agent, field: "agent", maxLength: 80)
        let team = try Validate.optionalText(s.team, field: "team", maxLength: 80)
        let note = try Validate.optionalText(s.note, field: "note", maxLength: 2000)
        return ContactRecord(id: TimeOrderedUUID.make(at: Date().timeIntervalSince1970), channel: channel, reasonID: s.reasonID, touchpointID: s.touchpointID, customerID: customerID,
                             occurredAt: s.occurredAt ?? now, waitSeconds: s.waitSeconds, handlingSeconds: s.handlingSeconds,
                             resolvedFirst: s.resolvedFirst, agent: agent, team: team, cost: s.cost ?? costs[channel] ?? channel.defaultCost,
                             isRepeat: false, note: note)
    }

    /// Marks contacts that repeat an earlier one (stored, or earlier in the batch) of the same customer and reason within the window.
    static func flagRepeats(_ workspaceID: UUID, _ records: [ContactRecord], windowDays: Int, on sql: any SQLDatabase) async throws -> [ContactRecord] {
        let keyed = records.filter { $0.customerID != nil && $0.reasonID != nil }
        guard !keyed.isEmpty else { return records }
        let window = Double(windowDays) * 86400
        var history: [RepeatDetector.Key<UUID>: [Double]] = [:]
        let first = keyed.map(\.occurredAt).min()!, last = keyed.map(\.occurredAt).max()!
        // Per reason, the stored contacts of the customers who have a contact of that reason here, from a
        // window before the batch's first contact to its last: one index seek per customer and reason
        // on (customer, reason, time), so the cost follows the batch, not the customers' history.
        var customersByReason: [UUID: Set<UUID>] = [:]
        for r in keyed { customersByReason[r.reasonID!, default: []].insert(r.customerID!) }
        for (reason, customerSet) in customersByReason {
            let customers = Array(customerSet)
            for chunk in stride(from: 0, to: customers.count, by: 500) {
                let rows = try await sql.select().columns("customer_id", "occurred_at").from("contacts")
                    .where("workspace_id", .equal, SQLBind(workspaceID))
                    .where("customer_id", .in, SQLBind.group(Array(customers[chunk..<min(chunk + 500, customers.count)])))
                    .where("reason_id", .equal, SQLBind(reason))
                    .where("occurred_at", .greaterThanOrEqual, SQLBind(first - window)).where("occurred_at", .lessThanOrEqual, SQLBind(last))
                    .all()
                // Read by column rather than through Codable: an import reads thousands of these per chunk.
                for row in rows {
                    let key = RepeatDetector.Key(customer: try row.decode(column: "customer_id", as: UUID.self), reason: reason)
                    history[key, default: []].append(try row.decode(column: "occurred_at", as: Double.self))
                }
            }
        }
        // A contact without a customer or a reason is never a repeat.
        let flags = RepeatDetector(windowDays: windowDays).flags(
            records.map { r in (customer: r.customerID, reason: r.reasonID, time: r.occurredAt) },
            history: history)
        return zip(records, flags).map { r, repeated in
            ContactRecord(id: r.id, channel: r.channel, reasonID: r.reasonID, touchpointID: r.touchpointID, customerID: r.customerID,
                          occurredAt: r.occurredAt, waitSeconds: r.waitSeconds, handlingSeconds: r.handlingSeconds,
                          resolvedFirst: r.resolvedFirst, agent: r.agent, team: r.team, cost: r.cost, isRepeat: repeated, note: r.note)
        }
    }

    /// Writes checked contacts and adds them to the daily tallies; `importKeys`, when given, holds
    /// each one's key in its source file. Runs in the caller's transaction.
    static func insert(_ workspaceID: UUID, _ records: [ContactRecord], importKeys: [String?]? = nil, on sql: any SQLDatabase) async throws {
        let now = Date().timeIntervalSince1970
        let keys = importKeys ?? Array(repeating: nil, count: records.count)
        for chunk in stride(from: 0, to: records.count, by: 500) {
            var insert = sql.insert(into: "contacts").columns(
                "id", "workspace_id", "reason_id", "touchpoint_id", "customer_id", "channel", "occurred_at", "wait_seconds",
                "handling_seconds", "resolved_first", "agent", "team", "cost", "is_repeat", "note", "import_key", "created_at")
            for (r, key) in zip(records[chunk..<min(chunk + 500, records.count)], keys[chunk..<min(chunk + 500, records.count)]) {
                insert = insert.values(SQLBind(r.id), SQLBind(workspaceID), SQLBind(r.reasonID), SQLBind(r.touchpointID), SQLBind(r.customerID),
                                       SQLBind(r.channel.rawValue), SQLBind(r.occurredAt), SQLBind(r.waitSeconds), SQLBind(r.handlingSeconds),
                                       SQLBind(r.resolvedFirst), SQLBind(r.agent), SQLBind(r.team), SQLBind(r.cost), SQLBind(r.isRepeat),
                                       SQLBind(r.note), SQLBind(key), SQLBind(now))
            }
            try await insert.run()
        }
        try await ContactAggregates.add(workspaceID, records, on: sql)
        try await CommentIndex.add(workspaceID, records.compactMap { r in
            r.note.map { CommentIndex.Entry(id: r.id, source: .contact, touchpointID: r.touchpointID, customerID: r.customerID,
                                            occurredAt: r.occurredAt, language: nil, text: $0) }
        }, on: sql)
    }

    // MARK: reading

    struct ContactRow: Decodable {
        let id: UUID, channel: String, reason_id: UUID?, touchpoint_id: UUID?, customer_id: UUID?, occurred_at: Double
        let wait_seconds: Double?, handling_seconds: Double?, resolved_first: Bool?, agent: String?, team: String?, cost: Double
        let is_repeat: Bool, note: String?
        var record: ContactRecord {
            ContactRecord(id: id, channel: ContactChannel(rawValue: channel) ?? .phone, reasonID: reason_id, touchpointID: touchpoint_id,
                          customerID: customer_id, occurredAt: occurred_at, waitSeconds: wait_seconds, handlingSeconds: handling_seconds,
                          resolvedFirst: resolved_first, agent: agent, team: team, cost: cost, isRepeat: is_repeat, note: note)
        }
    }

    static let columns = ["id", "channel", "reason_id", "touchpoint_id", "customer_id", "occurred_at", "wait_seconds", "handling_seconds",
                          "resolved_first", "agent", "team", "cost", "is_repeat", "note"]

    /// The contacts with these ids.
    func list(_ workspaceID: UUID, ids: [UUID]) async throws -> [ContactRecord] {
        guard !ids.isEmpty else { return [] }
        return try await database.sql.select().columns(Self.columns).from("contacts").where("workspace_id", .equal, SQLBind(workspaceID))
            .where("id", .in, SQLBind.group(ids)).all(decoding: ContactRow.self).map(\.record)
    }

    /// Newest first, a page at a time; the cursor is `<occurred_at>_<id>` of the last item.
    public func list(_ workspaceID: UUID, cursor: String?, limit: Int) async throws -> (items: [ContactRecord], nextCursor: String?) {
        let limit = max(1, min(limit, 1000))
        var query = database.sql.select().columns(Self.columns).from("contacts").where("workspace_id", .equal, SQLBind(workspaceID))
        if let cursor { query = try NewestFirstCursor(cursor).after(query, timeColumn: "occurred_at") }
        let rows = try await query.orderBy("occurred_at", .descending).orderBy("id", .descending).limit(limit + 1)
            .all(decoding: ContactRow.self).map(\.record)
        let items = Array(rows.prefix(limit))
        return (items, rows.count > limit ? items.last.map { NewestFirstCursor(time: $0.occurredAt, id: $0.id).text } : nil)
    }
}
