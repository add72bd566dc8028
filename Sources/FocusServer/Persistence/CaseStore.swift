import FocusCore
import Foundation
import SQLKit

/// A case as stored.
public struct CaseRecord: Sendable, Equatable {
    public enum Source: String, Sendable, Codable {
        case response
        case contact
        case manual
    }

    public let id: UUID
    public let number: Int
    public var title: String
    public let source: Source
    public let sourceID: UUID?
    public let customerID: UUID?
    public let touchpointID: UUID?
    public let surveyID: UUID?
    public let nps: Int?
    public let csat: Int?
    public let ces: Int?
    public let comment: String?
    public var priority: CasePriority
    public var status: CaseStatus
    public var teamID: UUID?
    public var ownerID: UUID?
    public let openedAt: Double
    public var dueAt: Double
    public var firstActionAt: Double?
    public var contactedAt: Double?
    public var resolvedAt: Double?
    public var closedAt: Double?
    public var outcome: CaseOutcome?
    public var escalatedAt: Double?
    public var escalatedTo: UUID?
    public var updatedAt: Double

    /// Open past its due time.
    public func isOverdue(at now: Double) -> Bool { status.isOpen && now > dueAt }
}

/// What a new case starts with.
struct CaseDraft: Sendable {
    var title: String
    var source: CaseRecord.Source
    var sourceID: UUID?
    var customerID: UUID?
    var touchpointID: UUID?
    var surveyID: UUID?
    var nps: Int?
    var csat: Int?
    var ces: Int?
    var comment: String?
    var priority: CasePriority
    var assignment: CaseAssignment
    var openedAt: Double
    /// Who or what opened it, for the timeline: a person's name or "alert rule …".
    var openedBy: String
}

/// The cases table and its timeline, written inside the caller's transaction. Opening a case
/// resolves its assignment, sets its due time from the workspace's service level, numbers it
/// (one counter per workspace, under the workspace's advisory lock on PostgreSQL) and queues
/// the `case.opened` webhook event with it.
enum CaseStore {
    static let columns = ["id", "number", "title", "source_kind", "source_id", "customer_id", "touchpoint_id", "survey_id", "nps", "csat",
                          "ces", "comment", "priority", "status", "team_id", "owner_id", "opened_at", "due_at", "first_action_at",
                          "contacted_at", "resolved_at", "closed_at", "outcome", "escalated_at", "escalated_to", "updated_at"]

    struct Row: Decodable {
        let id: UUID, number: Int, title: String, source_kind: String, source_id: UUID?, customer_id: UUID?, touchpoint_id: UUID?
        let survey_id: UUID?, nps: Int?, csat: Int?, ces: Int?, comment: String?, priority: String, status: String, team_id: UUID?
        let owner_id: UUID?, opened_at: Double, due_at: Double, first_action_at: Double?, contacted_at: Double?, resolved_at: Double?
        let closed_at: Double?, outcome: String?, escalated_at: Double?, escalated_to: UUID?, updated_at: Double

        var record: CaseRecord {
            CaseRecord(id: id, number: number, title: title, source: .init(rawValue: source_kind) ?? .manual, sourceID: source_id,
                       customerID: customer_id, touchpointID: touchpoint_id, surveyID: survey_id, nps: nps, csat: csat, ces: ces,
                       comment: comment, priority: CasePriority(rawValue: priority) ?? .normal, status: CaseStatus(rawValue: status) ?? .new,
                       teamID: team_id, ownerID: owner_id, openedAt: opened_at, dueAt: due_at, firstActionAt: first_action_at,
                       contactedAt: contacted_at, resolvedAt: resolved_at, closedAt: closed_at, outcome: outcome.flatMap(CaseOutcome.init),
                       escalatedAt: escalated_at, escalatedTo: escalated_to, updatedAt: updated_at)
        }
    }

    static func find(_ workspaceID: UUID, id: UUID, on sql: any SQLDatabase) async throws -> CaseRecord? {
        try await sql.select().columns(columns).from("cases").where("workspace_id", .equal, SQLBind(workspaceID))
            .where("id", .equal, SQLBind(id)).first(decoding: Row.self)?.record
    }

    /// The workspace's service levels (the standard ones where it set none).
    static func serviceLevels(_ workspaceID: UUID, on sql: any SQLDatabase) async throws -> ServiceLevels {
        struct Row: Decodable { let priority: String; let hours: Double }
        let rows = try await sql.select().columns("priority", "hours").from("case_service_levels")
            .where("workspace_id", .equal, SQLBind(workspaceID)).all(decoding: Row.self)
        var levels = ServiceLevels.standard
        for row in rows { if let p = CasePriority(rawValue: row.priority) { levels.hours[p] = row.hours } }
        return levels
    }

    /// Opens cases; returns them in the order of the drafts. `queued` grows by the webhook deliveries queued.
    static func open(_ workspaceID: UUID, _ drafts: [CaseDraft], actorID: UUID?, queued: inout Int,
                     on sql: any SQLDatabase) async throws -> [CaseRecord] {
        guard !drafts.isEmpty else { return [] }
        try await CommentIndex.lockWorkspace(workspaceID, on: sql)
        let levels = try await serviceLevels(workspaceID, on: sql)
        let last = try await sql.select().column(SQLFunction("MAX", args: SQLColumn("number")), as: "n").from("cases")
            .where("workspace_id", .equal, SQLBind(workspaceID)).first()?.decode(column: "n", as: Int?.self) ?? 0
        // Teams by touchpoint and the teams and people that still exist, read only when an assignment needs them.
        let kinds = drafts.map(\.assignment)
        var byTouchpoint: [UUID: UUID] = [:]
        if kinds.contains(.touchpointTeam) {
            struct TeamRow: Decodable { let touchpoint_id: UUID; let team_id: UUID }
            byTouchpoint = Dictionary(try await sql.select()
                .columns(SQLColumn("touchpoint_id", table: "team_touchpoints"), SQLColumn("team_id", table: "team_touchpoints"))
                .from("team_touchpoints").join("teams", on: SQLColumn("id", table: "teams"), .equal, SQLColumn("team_id", table: "team_touchpoints"))
                .where(SQLColumn("workspace_id", table: "teams"), .equal, SQLBind(workspaceID)).all(decoding: TeamRow.self)
                .map { ($0.touchpoint_id, $0.team_id) }, uniquingKeysWith: { a, _ in a })
        }
        struct IDRow: Decodable { let id: UUID }
        var teams: Set<UUID> = []
        if kinds.contains(where: { if case .team = $0 { true } else { false } }) {
            teams = Set(try await sql.select().column("id").from("teams").where("workspace_id", .equal, SQLBind(workspaceID))
                .all(decoding: IDRow.self).map(\.id))
        }
        var members: Set<UUID> = []
        if kinds.contains(where: { if case .person = $0 { true } else { false } }) { members = try await WorkspaceMembers.ids(workspaceID, on: sql) }
        let now = Date().timeIntervalSince1970
        var records: [CaseRecord] = []
        for (offset, d) in drafts.enumerated() {
            var team: UUID?, owner: UUID?
            switch d.assignment {
            case .unassigned: break
            case .touchpointTeam: team = d.touchpointID.flatMap { byTouchpoint[$0] }
            case .team(let id): team = teams.contains(id) ? id : nil
            case .person(let id): owner = members.contains(id) ? id : nil
            }
            records.append(CaseRecord(
                id: UUID(), number: last + offset + 1, title: d.title, source: d.source, sourceID: d.sourceID, customerID: d.customerID,
                touchpointID: d.touchpointID, surveyID: d.surveyID, nps: d.nps, csat: d.csat, ces: d.ces, comment: d.comment,
                priority: d.priority, status: .new, teamID: team, ownerID: owner, openedAt: d.openedAt,
                dueAt: levels.due(openedAt: d.openedAt, priority: d.priority), firstActionAt: nil, contactedAt: nil, resolvedAt: nil,
                closedAt: nil, outcome: nil, escalatedAt: nil, escalatedTo: nil, updatedAt: now))
        }
        for start in stride(from: 0, to: records.count, by: 100) {
            var insert = sql.insert(into: "cases").columns(["workspace_id"] + columns)
            for r in records[start..<min(start + 100, records.count)] {
                insert = insert.values(
                    SQLBind(workspaceID), SQLBind(r.id), SQLBind(r.number), SQLBind(r.title), SQLBind(r.source.rawValue), SQLBind(r.sourceID), SQLBind(r.customerID),
                    SQLBind(r.touchpointID), SQLBind(r.surveyID), SQLBind(r.nps), SQLBind(r.csat), SQLBind(r.ces), SQLBind(r.comment),
                    SQLBind(r.priority.rawValue), SQLBind(r.status.rawValue), SQLBind(r.teamID), SQLBind(r.ownerID), SQLBind(r.openedAt),
                    SQLBind(r.dueAt), SQLBind(r.firstActionAt), SQLBind(r.contactedAt), SQLBind(r.resolvedAt), SQLBind(r.closedAt),
                    SQLBind(r.outcome?.rawValue), SQLBind(r.escalatedAt), SQLBind(r.escalatedTo), SQLBind(r.updatedAt))
            }
            try await insert.run()
        }
        try await addEvents(zip(records, drafts).map { r, d in
            Event(caseID: r.id, actor: (actorID, d.openedBy), kind: .opened,
                  text: "Opened by \(d.openedBy); due \(Timestamp.format(r.dueAt)) (\(r.priority.label.lowercased()) priority)")
        }, on: sql)
        queued += try await WebhookOutbox.enqueue(workspaceID, .caseOpened, records.map(CaseEventData.init), on: sql)
        return records
    }

    /// One entry of a case's timeline.
    struct Event: Sendable {
        enum Kind: String, Sendable {
            case opened, note, contacted, status, assigned, priority, goodwill, approval, escalated
        }

        let caseID: UUID
        let actor: (id: UUID?, name: String)
        let kind: Kind
        let text: String?
    }

    static func addEvents(_ events: [Event], on sql: any SQLDatabase) async throws {
        let now = Date().timeIntervalSince1970
        for start in stride(from: 0, to: events.count, by: 200) {
            var insert = sql.insert(into: "case_events").columns("id", "case_id", "at", "actor_id", "actor_name", "kind", "text")
            for (offset, e) in events[start..<min(start + 200, events.count)].enumerated() {
                // Entries written together keep the order they were made in: a microsecond apart.
                let at = now + Double(start + offset) * 1e-6
                insert = insert.values(SQLBind(UUID()), SQLBind(e.caseID), SQLBind(at), SQLBind(e.actor.id), SQLBind(e.actor.name),
                                       SQLBind(e.kind.rawValue), SQLBind(e.text))
            }
            if !events.isEmpty { try await insert.run() }
        }
    }
}

/// A case as webhook events carry it.
struct CaseEventData: Encodable, Sendable {
    let id: UUID
    let number: Int
    let title: String
    let status: String
    let priority: String
    let source: String
    let source_id: UUID?
    let customer_id: UUID?
    let touchpoint_id: UUID?
    let team_id: UUID?
    let owner_id: UUID?
    let opened_at: String
    let due_at: String
    let resolved_at: String?
    let outcome: String?
    let nps: Int?
    let comment: String?

    init(_ r: CaseRecord) {
        id = r.id
        number = r.number
        title = r.title
        status = r.status.rawValue
        priority = r.priority.rawValue
        source = r.source.rawValue
        source_id = r.sourceID
        customer_id = r.customerID
        touchpoint_id = r.touchpointID
        team_id = r.teamID
        owner_id = r.ownerID
        opened_at = Timestamp.format(r.openedAt)
        due_at = Timestamp.format(r.dueAt)
        resolved_at = r.resolvedAt.map(Timestamp.format)
        outcome = r.outcome?.rawValue
        nps = r.nps
        comment = r.comment
    }
}
