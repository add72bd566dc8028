import FluentKit
import FocusCore
import Foundation
import HTTPTypes
import SQLKit

/// A reason of the workspace's taxonomy, with its id.
public struct ContactReasonRecord: Sendable, Equatable {
    public let id: UUID
    public let reason: ContactReason
}

/// One contact as it arrives, before it is checked.
public struct ContactSubmission: Sendable {
    public var channel: String
    public var reasonID: UUID?
    public var touchpointID: UUID?
    public var customerExternalID: String?
    public var occurredAt: Double?
    public var waitSeconds: Double?
    public var handlingSeconds: Double?
    public var resolvedFirst: Bool?
    public var agent: String?
    public var team: String?
    public var cost: Double?
    public var note: String?

    public init(channel: String, reasonID: UUID? = nil, touchpointID: UUID? = nil, customerExternalID: String? = nil,
                occurredAt: Double? = nil, waitSeconds: Double? = nil, handlingSeconds: Double? = nil, resolvedFirst: Bool? = nil,
                agent: String? = nil, team: String? = nil, cost: Double? = nil, note: String? = nil) {
        self.channel = channel
        self.reasonID = reasonID
        self.touchpointID = touchpointID
        self.customerExternalID = customerExternalID
        self.occurredAt = occurredAt
        self.waitSeconds = waitSeconds
        self.handlingSeconds = handlingSeconds
        self.resolvedFirst = resolvedFirst
        self.agent = agent
        self.team = team
        self.cost = cost
        self.note = note
    }
}

/// A stored contact.
public struct ContactRecord: Sendable, Equatable {
    public let id: UUID
    public let channel: ContactChannel
    public let reasonID: UUID?
    public let touchpointID: UUID?
    public let customerID: UUID?
    public let occurredAt: Double
    public let waitSeconds: Double?
    public let handlingSeconds: Double?
    public let resolvedFirst: Bool?
    public let agent: String?
    public let team: String?
    public let cost: Double
    public let isRepeat: Bool
    public let note: String?
}

/// Contacts in (checked, all or none, idempotent, repeats flagged) and their analysis by
/// reason, channel and team; the workspace's reason taxonomy, channel costs and repeat window.
public struct ContactService: Sendable {
    let database: FocusDatabase
    /// The group-commit writer contacts share with responses.
    let writer: IngestWriter
    public static let maxBatch = 1_000

    // MARK: taxonomy

    public func reasons(_ workspaceID: UUID) async throws -> [ContactReasonRecord] {
        try await database.sql.select().columns("id", "category", "name", "avoidable", "fix", "fix_note").from("contact_reasons")
            .where("workspace_id", .equal, SQLBind(workspaceID)).orderBy("category").orderBy("name")
            .all(decoding: ReasonRow.self).map(\.record)
    }

    struct ReasonRow: Decodable {
        let id: UUID, category: String, name: String, avoidable: Bool, fix: String?, fix_note: String?
        var record: ContactReasonRecord {
            ContactReasonRecord(id: id, reason: ContactReason(category: category, name: name, avoidable: avoidable,
                                                              fix: fix.flatMap(FixKind.init(rawValue:)), fixNote: fix_note))
        }
    }

    public func addReason(_ workspaceID: UUID, _ input: ContactReason) async throws -> ContactReasonRecord {
        let reason = try input.validated()
        if try await reasons(workspaceID).contains(where: { $0.reason.category == reason.category && $0.reason.name == reason.name }) {
            throw FieldError("name", "this category already has a reason with this name")
        }
        let id = UUID()
        try await insertReason(workspaceID, id: id, reason, on: database.sql)
        return ContactReasonRecord(id: id, reason: reason)
    }

    private func insertReason(_ workspaceID: UUID, id: UUID, _ r: ContactReason, on sql: any SQLDatabase) async throws {
        try await sql.insert(into: "contact_reasons")
            .columns("id", "workspace_id", "category", "name", "avoidable", "fix", "fix_note", "created_at")
            .values(SQLBind(id), SQLBind(workspaceID), SQLBind(r.category), SQLBind(r.name), SQLBind(r.avoidable),
                    SQLBind(r.fix?.rawValue), SQLBind(r.fixNote), SQLBind(Date().timeIntervalSince1970))
            .run()
    }

    public func updateReason(_ workspaceID: UUID, id: UUID, _ input: ContactReason) async throws -> ContactReasonRecord {
        let reason = try input.validated()
        let all = try await reasons(workspaceID)
        guard all.contains(where: { $0.id == id }) else { throw APIError.notFound("contact reason") }
        if all.contains(where: { $0.id != id && $0.reason.category == reason.category && $0.reason.name == reason.name }) {
            throw FieldError("name", "this category already has a reason with this name")
        }
        try await database.sql.update("contact_reasons")
            .set("category", to: SQLBind(reason.category)).set("name", to: SQLBind(reason.name))
            .set("avoidable", to: SQLBind(reason.avoidable)).set("fix", to: SQLBind(reason.fix?.rawValue))
            .set("fix_note", to: SQLBind(reason.fixNote))
            .where("workspace_id", .equal, SQLBind(workspaceID)).where("id", .equal, SQLBind(id)).run()
        return ContactReasonRecord(id: id, reason: reason)
    }

    /// Deletes a reason; its contacts keep their other data and count as "no reason".
    public func deleteReason(_ workspaceID: UUID, id: UUID) async throws {
        guard try await reasons(workspaceID).contains(where: { $0.id == id }) else { throw APIError.notFound("contact reason") }
        try await database.db.transaction { db in
            let sql = db as! any SQLDatabase
            try await sql.delete(from: "contact_reasons").where("workspace_id", .equal, SQLBind(workspaceID)).where("id", .equal, SQLBind(id)).run()
            try await ContactAggregates.forgetReason(workspaceID, id, on: sql)
        }
    }

    /// Adds the starter taxonomy's reasons the workspace does not have yet (by category and name); returns how many.
    @discardableResult
    public func adopt(_ workspaceID: UUID, _ taxonomy: StarterTaxonomy, on db: (any Database)? = nil) async throws -> Int {
        let sql = (db ?? database.db) as! any SQLDatabase
        let existing = Set(try await sql.select().columns("category", "name").from("contact_reasons")
            .where("workspace_id", .equal, SQLBind(workspaceID)).all(decoding: ReasonKey.self).map { "\($0.category)|\($0.name)" })
        var added = 0
        for reason in taxonomy.reasons where !existing.contains("\(reason.category)|\(reason.name)") {
            try await insertReason(workspaceID, id: UUID(), reason, on: sql)
            added += 1
        }
        return added
    }

    struct ReasonKey: Decodable { let category: String; let name: String }

    // MARK: settings

    /// The cost of one contact per channel: the workspace's own where set, else the default.
    public func costs(_ workspaceID: UUID) async throws -> [ContactChannel: Double] {
        struct Row: Decodable { let channel: String; let cost: Double }
        var costs = Dictionary(uniqueKeysWithValues: ContactChannel.allCases.map { ($0, $0.defaultCost) })
        for row in try await database.sql.select().columns("channel", "cost").from("channel_costs")
            .where("workspace_id", .equal, SQLBind(workspaceID)).all(decoding: Row.self) {
            if let channel = ContactChannel(rawValue: row.channel) { costs[channel] = row.cost }
        }
        return costs
    }

    public func setCosts(_ workspaceID: UUID, _ costs: [String: Double]) async throws {
        var checked: [(ContactChannel, Double)] = []
        for (name, cost) in costs.sorted(by: { $0.key < $1.key }) {
            guard let channel = ContactChannel(rawValue: name) else {
                throw FieldError("costs.\(name)", "is not a channel; channels are \(ContactChannel.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard cost.isFinite, cost >= 0, cost <= 100_000 else { throw FieldError("costs.\(name)", "must be an amount from 0 to 100000") }
            checked.append((channel, cost))
        }
        let rows = checked
        try await database.db.transaction { db in
            let sql = db as! any SQLDatabase
            for (channel, cost) in rows {
                try await sql.insert(into: "channel_costs").columns("workspace_id", "channel", "cost")
                    .values(SQLBind(workspaceID), SQLBind(channel.rawValue), SQLBind(cost))
                    .onConflict(with: ["workspace_id", "channel"]) { $0.set(excludedValueOf: "cost") }.run()
            }
        }
    }

    public func repeatDays(_ workspaceID: UUID) async throws -> Int {
        try await Self.repeatDays(workspaceID, on: database.sql)
    }

    static func repeatDays(_ workspaceID: UUID, on sql: any SQLDatabase) async throws -> Int {
        struct Row: Decodable { let repeat_days: Int }
        return try await sql.select().column("repeat_days").from("workspaces").where("id", .equal, SQLBind(workspaceID))
            .first(decoding: Row.self)?.repeat_days ?? 7
    }

    public func setRepeatDays(_ workspaceID: UUID, _ days: Int) async throws {
        guard (1...90).contains(days) else { throw FieldError("repeat_days", "must be a whole number of days from 1 to 90") }
        try await database.sql.update("workspaces").set("repeat_days", to: SQLBind(days)).where("id", .equal, SQLBind(workspaceID)).run()
    }
}
