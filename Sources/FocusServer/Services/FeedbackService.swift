import FluentKit
import FocusCore
import Foundation
import SQLKit

/// Stored outside feedback.
public struct FeedbackRecord: Sendable, Equatable {
    public let id: UUID
    public let feedback: Feedback
    public let touchpointID: UUID?
    public let customerID: UUID?
    public let occurredAt: Double
}

/// One piece of feedback as it arrives, before it is checked.
public struct FeedbackSubmission: Sendable {
    public var feedback: Feedback
    public var touchpointID: UUID?
    public var customerExternalID: String?
    public var occurredAt: Double?

    public init(feedback: Feedback, touchpointID: UUID? = nil, customerExternalID: String? = nil, occurredAt: Double? = nil) {
        self.feedback = feedback
        self.touchpointID = touchpointID
        self.customerExternalID = customerExternalID
        self.occurredAt = occurredAt
    }
}

/// Outside feedback (reviews, social posts, e-mails): checked, stored, listed newest first.
public struct FeedbackService: Sendable {
    let database: FocusDatabase

    /// Checks a submission against the workspace; `customers` caches external ids looked up (nil: unknown).
    func check(_ workspaceID: UUID, _ s: FeedbackSubmission, touchpoints: Set<UUID>, customers: inout [String: UUID?],
               now: Double) async throws -> FeedbackRecord {
        let feedback = try s.feedback.validated()
        if let id = s.touchpointID, !touchpoints.contains(id) { throw FieldError("touchpoint_id", "is not a touchpoint of this workspace") }
        var customerID: UUID?
        if let external = s.customerExternalID?.trimmingWhitespace(), !external.isEmpty {
            if customers[external] == nil {
                struct Row: Decodable { let id: UUID }
                customers[external] = .some(try await database.sql.select().column("id").from("customers")
                    .where("workspace_id", .equal, SQLBind(workspaceID)).where("external_id", .equal, SQLBind(external))
                    .first(decoding: Row.self)?.id)
            }
            guard let known = customers[external] ?? nil else {
                throw FieldError("customer_id", "no customer has this external id; add the customer first")
            }
            customerID = known
        }
        if let at = s.occurredAt, !(at.isFinite && at > 946_684_800 && at <= now + 300) {
            throw FieldError("occurred_at", "must be a time between 2000 and now")
        }
        return FeedbackRecord(id: TimeOrderedUUID.make(at: now), feedback: feedback, touchpointID: s.touchpointID, customerID: customerID,
                              occurredAt: s.occurredAt ?? now)
    }

    /// Checks and stores one piece of feedback.
    public func create(_ workspaceID: UUID, _ s: FeedbackSubmission) async throws -> FeedbackRecord {
        var customers: [String: UUID?] = [:]
        let touchpoints = Set(try await CatalogueService(database: database).touchpoints(workspaceID).map(\.id))
        let record = try await check(workspaceID, s, touchpoints: touchpoints, customers: &customers, now: Date().timeIntervalSince1970)
        try await database.db.transaction { db in try await Self.insert(workspaceID, [record], on: db as! any SQLDatabase) }
        return record
    }

    /// Writes checked feedback; `importKeys`, when given, holds each one's key in its source file.
    static func insert(_ workspaceID: UUID, _ records: [FeedbackRecord], importKeys: [String?]? = nil, on sql: any SQLDatabase) async throws {
        let now = Date().timeIntervalSince1970
        let keys = importKeys ?? Array(repeating: nil, count: records.count)
        for start in stride(from: 0, to: records.count, by: 500) {
            var insert = sql.insert(into: "feedback").columns(
                "id", "workspace_id", "touchpoint_id", "customer_id", "source", "text", "rating", "author", "url", "occurred_at", "import_key", "created_at")
            for i in start..<min(start + 500, records.count) {
                let r = records[i], f = r.feedback
                insert = insert.values(SQLBind(r.id), SQLBind(workspaceID), SQLBind(r.touchpointID), SQLBind(r.customerID), SQLBind(f.source.rawValue),
                                       SQLBind(f.text), SQLBind(f.rating), SQLBind(f.author), SQLBind(f.url), SQLBind(r.occurredAt),
                                       SQLBind(keys[i]), SQLBind(now))
            }
            try await insert.run()
        }
        try await CommentIndex.add(workspaceID, records.map {
            CommentIndex.Entry(id: $0.id, source: .feedback, touchpointID: $0.touchpointID, customerID: $0.customerID, occurredAt: $0.occurredAt,
                               language: nil, text: $0.feedback.text)
        }, on: sql)
    }

    struct Row: Decodable {
        let id: UUID, touchpoint_id: UUID?, customer_id: UUID?, source: String, text: String, rating: Double?, author: String?, url: String?
        let occurred_at: Double
        var record: FeedbackRecord {
            FeedbackRecord(id: id, feedback: Feedback(source: Feedback.Source(rawValue: source) ?? .other, text: text, rating: rating, author: author, url: url),
                           touchpointID: touchpoint_id, customerID: customer_id, occurredAt: occurred_at)
        }
    }

    /// Newest first, a page at a time, optionally of one source or touchpoint; the cursor is `<occurred_at>_<id>` of the last item.
    public func list(_ workspaceID: UUID, source: Feedback.Source? = nil, touchpointID: UUID? = nil, cursor: String?, limit: Int) async throws
        -> (items: [FeedbackRecord], nextCursor: String?) {
        let limit = max(1, min(limit, 500))
        var query = database.sql.select().columns("id", "touchpoint_id", "customer_id", "source", "text", "rating", "author", "url", "occurred_at")
            .from("feedback").where("workspace_id", .equal, SQLBind(workspaceID))
        if let source { query = query.where("source", .equal, SQLBind(source.rawValue)) }
        if let touchpointID { query = query.where("touchpoint_id", .equal, SQLBind(touchpointID)) }
        if let cursor { query = try NewestFirstCursor(cursor).after(query, timeColumn: "occurred_at") }
        let rows = try await query.orderBy("occurred_at", .descending).orderBy("id", .descending).limit(limit + 1)
            .all(decoding: Row.self).map(\.record)
        let items = Array(rows.prefix(limit))
        return (items, rows.count > limit ? items.last.map { NewestFirstCursor(time: $0.occurredAt, id: $0.id).text } : nil)
    }

    /// How many pieces of feedback the workspace holds, by source.
    /// One piece of feedback, or nil when the workspace has none with this id.
    public func get(_ workspaceID: UUID, id: UUID) async throws -> FeedbackRecord? {
        try await database.sql.select().columns("id", "touchpoint_id", "customer_id", "source", "text", "rating", "author", "url", "occurred_at")
            .from("feedback").where("workspace_id", .equal, SQLBind(workspaceID)).where("id", .equal, SQLBind(id))
            .first(decoding: Row.self)?.record
    }

    public func counts(_ workspaceID: UUID) async throws -> [Feedback.Source: Int] {
        var result: [Feedback.Source: Int] = [:]
        for row in try await database.sql.select().column("source").column(SQLAlias(SQLRaw("COUNT(*)"), as: SQLIdentifier("n")))
            .from("feedback").where("workspace_id", .equal, SQLBind(workspaceID)).groupBy("source").all() {
            if let source = Feedback.Source(rawValue: try row.decode(column: "source", as: String.self)) {
                result[source] = try row.decode(column: "n", as: Int.self)
            }
        }
        return result
    }
}
