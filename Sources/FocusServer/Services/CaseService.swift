import FluentKit
import FocusCore
import Foundation
import HTTPTypes
import SQLKit

/// A goodwill recorded on a case.
public struct GoodwillRecord: Sendable, Equatable {
    public let id: UUID
    public let caseID: UUID
    public let kind: GoodwillKind
    public let cents: Int
    public let reason: String
    public let status: GoodwillStatus
    public let requestedBy: UUID?
    public let requestedByName: String
    public let requestedAt: Double
    public let decidedBy: UUID?
    public let decidedByName: String?
    public let decidedAt: Double?
    public let decisionNote: String?
}

/// One entry of a case's timeline.
public struct CaseEventRecord: Sendable, Equatable {
    public let at: Double
    public let actorID: UUID?
    public let actorName: String
    public let kind: String
    public let text: String?
}

/// A change to a case; what is nil stays as it is.
public struct CaseChange: Sendable {
    public var status: CaseStatus?
    public var outcome: CaseOutcome?
    public var priority: CasePriority?
    /// `.some(nil)` takes the case off its owner.
    public var ownerID: UUID??
    /// `.some(nil)` takes the case off its team.
    public var teamID: UUID??

    public init(status: CaseStatus? = nil, outcome: CaseOutcome? = nil, priority: CasePriority? = nil, ownerID: UUID?? = nil,
                teamID: UUID?? = nil) {
        self.status = status
        self.outcome = outcome
        self.priority = priority
        self.ownerID = ownerID
        self.teamID = teamID
    }

    var isEmpty: Bool { status == nil && outcome == nil && priority == nil && ownerID == nil && teamID == nil }
}

/// Which cases a list shows.
public struct CaseFilter: Sendable {
    public var statuses: Set<CaseStatus>?
    public var ownerID: UUID?
    public var teamID: UUID?
    /// Only cases without an owner.
    public var unassigned = false
    /// Only open cases past their due time.
    public var overdue = false
    public var customerID: UUID?

    public init(statuses: Set<CaseStatus>? = nil, ownerID: UUID? = nil, teamID: UUID? = nil, unassigned: Bool = false,
                overdue: Bool = false, customerID: UUID? = nil) {
        self.statuses = statuses
        self.ownerID = ownerID
        self.teamID = teamID
        self.unassigned = unassigned
        self.overdue = overdue
        self.customerID = customerID
    }
}

/// Working cases: the inbox and the board, a case with its customer's history, changes of
/// status, owner, team and priority, notes, and goodwill within each person's authority.
/// Every change is one transaction with its timeline entry, its audit row (for decisions) and
/// its webhook event.
public struct CaseService: Sendable {
    let database: FocusDatabase
    var deliveries: WorkSignal? = nil

    // MARK: reading

    /// Cases newest first, a page at a time; the cursor is `<opened_at>_<id>` of the last item.
    public func list(_ workspaceID: UUID, filter: CaseFilter, cursor: String? = nil, limit: Int = 50,
                     now: Double = Date().timeIntervalSince1970) async throws -> (items: [CaseRecord], nextCursor: String?) {
        let limit = max(1, min(limit, 500))
        var query = filtered(workspaceID, filter, now: now)
        if let cursor { query = try NewestFirstCursor(cursor).after(query, timeColumn: "opened_at") }
        let rows = try await query.orderBy("opened_at", .descending).orderBy("id", .descending).limit(limit + 1)
            .all(decoding: CaseStore.Row.self).map(\.record)
        let items = Array(rows.prefix(limit))
        return (items, rows.count > limit ? items.last.map { NewestFirstCursor(time: $0.openedAt, id: $0.id).text } : nil)
    }

    /// Open cases most urgent first (earliest due), at most `limit`: the inbox and the board.
    public func queue(_ workspaceID: UUID, filter: CaseFilter, limit: Int = 300,
                      now: Double = Date().timeIntervalSince1970) async throws -> [CaseRecord] {
        var filter = filter
        if filter.statuses == nil { filter.statuses = Set(CaseStatus.allCases.filter(\.isOpen)) }
        return try await filtered(workspaceID, filter, now: now).orderBy("due_at").orderBy("id").limit(limit)
            .all(decoding: CaseStore.Row.self).map(\.record)
    }

    /// How many open cases per status, and how many of them are overdue.
    public func counts(_ workspaceID: UUID, now: Double = Date().timeIntervalSince1970) async throws -> (byStatus: [CaseStatus: Int], overdue: Int) {
        struct Row: Decodable { let status: String; let n: Int; let late: Int }
        let rows = try await database.sql.select().column("status")
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .column(SQLRaw("SUM(CASE WHEN due_at < \(now) AND status IN ('new','in_progress','waiting_for_customer') THEN 1 ELSE 0 END)"), as: "late")
            .from("cases").where("workspace_id", .equal, SQLBind(workspaceID)).groupBy("status").all(decoding: Row.self)
        var byStatus: [CaseStatus: Int] = [:]
        for row in rows { if let s = CaseStatus(rawValue: row.status) { byStatus[s] = row.n } }
        return (byStatus, rows.map(\.late).reduce(0, +))
    }

    private func filtered(_ workspaceID: UUID, _ f: CaseFilter, now: Double) -> SQLSelectBuilder {
        var query = database.sql.select().columns(CaseStore.columns).from("cases").where("workspace_id", .equal, SQLBind(workspaceID))
        if let statuses = f.statuses { query = query.where("status", .in, SQLBind.group(statuses.map(\.rawValue).sorted())) }
        if let id = f.ownerID { query = query.where("owner_id", .equal, SQLBind(id)) }
        if let id = f.teamID { query = query.where("team_id", .equal, SQLBind(id)) }
        if f.unassigned { query = query.where("owner_id", .is, SQLLiteral.null) }
        if f.overdue {
            query = query.where("due_at", .lessThan, SQLBind(now))
                .where("status", .in, SQLBind.group(CaseStatus.allCases.filter(\.isOpen).map(\.rawValue)))
        }
        if let id = f.customerID { query = query.where("customer_id", .equal, SQLBind(id)) }
        return query
    }

    public func get(_ workspaceID: UUID, id: UUID) async throws -> CaseRecord? {
        try await CaseStore.find(workspaceID, id: id, on: database.sql)
    }

    /// The case opened for a response or contact, if any.
    public func forSource(_ workspaceID: UUID, sourceID: UUID) async throws -> CaseRecord? {
        try await database.sql.select().columns(CaseStore.columns).from("cases").where("workspace_id", .equal, SQLBind(workspaceID))
            .where("source_id", .equal, SQLBind(sourceID)).first(decoding: CaseStore.Row.self)?.record
    }

    public func events(_ caseID: UUID) async throws -> [CaseEventRecord] {
        struct Row: Decodable { let at: Double; let actor_id: UUID?; let actor_name: String; let kind: String; let text: String? }
        return try await database.sql.select().columns("at", "actor_id", "actor_name", "kind", "text").from("case_events")
            .where("case_id", .equal, SQLBind(caseID)).orderBy("at").orderBy("id").all(decoding: Row.self)
            .map { CaseEventRecord(at: $0.at, actorID: $0.actor_id, actorName: $0.actor_name, kind: $0.kind, text: $0.text) }
    }

    struct GoodwillRow: Decodable {
        let id: UUID, case_id: UUID, kind: String, cents: Int, reason: String, status: String, requested_by: UUID?, requested_by_name: String
        let requested_at: Double, decided_by: UUID?, decided_by_name: String?, decided_at: Double?, decision_note: String?
        var record: GoodwillRecord {
            GoodwillRecord(id: id, caseID: case_id, kind: GoodwillKind(rawValue: kind) ?? .credit, cents: cents, reason: reason,
                           status: GoodwillStatus(rawValue: status) ?? .pending, requestedBy: requested_by, requestedByName: requested_by_name,
                           requestedAt: requested_at, decidedBy: decided_by, decidedByName: decided_by_name, decidedAt: decided_at,
                           decisionNote: decision_note)
        }
    }
    static let goodwillColumns = ["id", "case_id", "kind", "cents", "reason", "status", "requested_by", "requested_by_name", "requested_at",
                                  "decided_by", "decided_by_name", "decided_at", "decision_note"]

    public func goodwill(caseID: UUID) async throws -> [GoodwillRecord] {
        try await database.sql.select().columns(Self.goodwillColumns).from("goodwill").where("case_id", .equal, SQLBind(caseID))
            .orderBy("requested_at").all(decoding: GoodwillRow.self).map(\.record)
    }

    /// Goodwill waiting for approval in the workspace, oldest first.
    public func pendingGoodwill(_ workspaceID: UUID) async throws -> [GoodwillRecord] {
        try await database.sql.select().columns(Self.goodwillColumns).from("goodwill").where("workspace_id", .equal, SQLBind(workspaceID))
            .where("status", .equal, SQLBind(GoodwillStatus.pending.rawValue)).orderBy("requested_at").limit(500)
            .all(decoding: GoodwillRow.self).map(\.record)
    }

    // MARK: changing

    /// Opens a case by hand (about a customer, or about a response or contact that has none yet).
    public func open(_ workspaceID: UUID, title: String, priority: CasePriority, customerID: UUID?, sourceID: UUID?,
                     assignment: CaseAssignment, by caller: Caller) async throws -> CaseRecord {
        let title = try Validate.name(title, field: "title", maxLength: 200)
        if let sourceID, let existing = try await forSource(workspaceID, sourceID: sourceID) {
            throw FieldError("source_id", "already has case \(existing.number)")
        }
        let (opened, queued) = try await database.db.transaction { db -> (CaseRecord, Int) in
            var queued = 0
            let sql = db as! any SQLDatabase
            var draft = CaseDraft(title: title, source: .manual, sourceID: nil, customerID: customerID, touchpointID: nil, surveyID: nil,
                                  priority: priority, assignment: assignment, openedAt: Date().timeIntervalSince1970, openedBy: caller.name)
            if let sourceID { try await Self.describe(&draft, source: sourceID, workspaceID, on: sql) }
            if let customerID {
                guard try await sql.select().column("id").from("customers").where("workspace_id", .equal, SQLBind(workspaceID))
                    .where("id", .equal, SQLBind(customerID)).first() != nil
                else { throw FieldError("customer_id", "is not a customer of this workspace") }
            }
            if case .team(let id) = assignment, try await sql.select().column("id").from("teams").where("workspace_id", .equal, SQLBind(workspaceID))
                .where("id", .equal, SQLBind(id)).first() == nil { throw FieldError("team_id", "is not a team of this workspace") }
            if case .person(let id) = assignment, try await sql.select().column("user_id").from("memberships")
                .where("workspace_id", .equal, SQLBind(workspaceID)).where("user_id", .equal, SQLBind(id)).first() == nil {
                throw FieldError("owner_id", "is not a member of this workspace")
            }
            let records = try await CaseStore.open(workspaceID, [draft], actorID: caller.id, queued: &queued, on: sql)
            try await AuditLog.record(workspaceID, actor: caller.actor, action: "case.opened", subjectKind: "case", subjectID: records[0].id,
                                      details: ["number": String(records[0].number), "title": title], on: sql)
            return (records[0], queued)
        }
        if queued > 0 { deliveries?.signal() }
        return opened
    }

    /// Fills a hand-opened case from the response or contact it is about.
    private static func describe(_ draft: inout CaseDraft, source: UUID, _ workspaceID: UUID, on sql: any SQLDatabase) async throws {
        struct Response: Decodable { let survey_id: UUID; let touchpoint_id: UUID?; let customer_id: UUID?; let nps: Int?; let csat: Int?; let ces: Int?; let comment: String? }
        struct Contact: Decodable { let touchpoint_id: UUID?; let customer_id: UUID?; let note: String? }
        if let r = try await sql.select().columns("survey_id", "touchpoint_id", "customer_id", "nps", "csat", "ces", "comment").from("responses")
            .where("workspace_id", .equal, SQLBind(workspaceID)).where("id", .equal, SQLBind(source)).first(decoding: Response.self) {
            draft.source = .response
            draft.surveyID = r.survey_id
            draft.touchpointID = r.touchpoint_id
            draft.customerID = draft.customerID ?? r.customer_id
            (draft.nps, draft.csat, draft.ces, draft.comment) = (r.nps, r.csat, r.ces, r.comment)
        } else if let c = try await sql.select().columns("touchpoint_id", "customer_id", "note").from("contacts")
            .where("workspace_id", .equal, SQLBind(workspaceID)).where("id", .equal, SQLBind(source)).first(decoding: Contact.self) {
            draft.source = .contact
            draft.touchpointID = c.touchpoint_id
            draft.customerID = draft.customerID ?? c.customer_id
            draft.comment = c.note
        } else {
            throw FieldError("source_id", "is not a response or contact of this workspace")
        }
        draft.sourceID = source
    }

    /// Changes a case's status (resolving needs an outcome), priority (its due time follows),
    /// owner or team. The first change by a person is the case's first action.
    public func update(_ workspaceID: UUID, id: UUID, _ change: CaseChange, by caller: Caller) async throws -> CaseRecord {
        guard !change.isEmpty else { throw FieldError("status", "nothing to change: give a status, outcome, priority, owner_id or team_id") }
        let (updated, queued) = try await database.db.transaction { db -> (CaseRecord, Int) in
            var queued = 0
            let sql = db as! any SQLDatabase
            try await CommentIndex.lockWorkspace(workspaceID, on: sql)
            guard var c = try await CaseStore.find(workspaceID, id: id, on: sql) else { throw APIError(.notFound, "no such case") }
            let now = Date().timeIntervalSince1970
            var events: [CaseStore.Event] = []
            func event(_ kind: CaseStore.Event.Kind, _ text: String) { events.append(.init(caseID: id, actor: caller.actor, kind: kind, text: text)) }
            if change.outcome != nil, change.status != .resolved, c.status != .resolved {
                throw FieldError("outcome", "is recorded when the case is resolved; set status to resolved with it (now \(c.status.rawValue))")
            }
            if let status = change.status, status != c.status {
                guard c.status.mayMove(to: status) else {
                    throw FieldError("status", "a \(c.status.label.lowercased()) case cannot move to \(status.rawValue)")
                }
                if status == .resolved {
                    guard let outcome = change.outcome else {
                        throw FieldError("outcome", "is required to resolve a case: resolved, retained or lost")
                    }
                    c.outcome = outcome
                    c.resolvedAt = now
                    event(.status, "Resolved: \(outcome.label.lowercased())")
                } else if status == .closed {
                    c.closedAt = now
                    event(.status, "Closed")
                } else {
                    if !c.status.isOpen { c.resolvedAt = nil; c.closedAt = nil; c.outcome = nil }
                    event(.status, c.status.isOpen ? "Status: \(status.label.lowercased())" : "Reopened: \(status.label.lowercased())")
                }
                try await AuditLog.record(workspaceID, actor: caller.actor, action: "case.status", subjectKind: "case", subjectID: id,
                                          details: ["from": c.status.rawValue, "to": status.rawValue, "outcome": c.outcome?.rawValue ?? ""], on: sql)
                c.status = status
            } else if let outcome = change.outcome, c.status == .resolved, outcome != c.outcome {
                event(.status, "Outcome: \(outcome.label.lowercased())")
                try await AuditLog.record(workspaceID, actor: caller.actor, action: "case.outcome", subjectKind: "case", subjectID: id,
                                          details: ["from": c.outcome?.rawValue ?? "", "to": outcome.rawValue], on: sql)
                c.outcome = outcome
            }
            if let priority = change.priority, priority != c.priority {
                let levels = try await CaseStore.serviceLevels(workspaceID, on: sql)
                c.priority = priority
                c.dueAt = levels.due(openedAt: c.openedAt, priority: priority)
                event(.priority, "Priority \(priority.rawValue); due \(Timestamp.format(c.dueAt))")
            }
            if let owner = change.ownerID, owner != c.ownerID {
                if let owner {
                    guard let name = try await Self.memberName(workspaceID, owner, on: sql) else {
                        throw FieldError("owner_id", "is not a member of this workspace")
                    }
                    event(.assigned, "Assigned to \(name)")
                } else {
                    event(.assigned, "Owner removed")
                }
                c.ownerID = owner
            }
            if let team = change.teamID, team != c.teamID {
                if let team {
                    guard let name = try await TeamService.name(workspaceID, team, on: sql) else {
                        throw FieldError("team_id", "is not a team of this workspace")
                    }
                    event(.assigned, "Team: \(name)")
                } else {
                    event(.assigned, "Team removed")
                }
                c.teamID = team
            }
            if c.firstActionAt == nil, caller.id != nil, !events.isEmpty { c.firstActionAt = now }
            c.updatedAt = now
            try await Self.save(c, on: sql)
            try await CaseStore.addEvents(events, on: sql)
            if change.status == .resolved {
                queued += try await WebhookOutbox.enqueue(workspaceID, .caseResolved, [CaseEventData(c)], on: sql)
            }
            return (c, queued)
        }
        if queued > 0 { deliveries?.signal() }
        return updated
    }

    /// Adds a note; `contacted` says the note records talking to the customer.
    public func addNote(_ workspaceID: UUID, id: UUID, text: String, contacted: Bool, by caller: Caller) async throws -> CaseRecord {
        let text = try Validate.name(text, field: "text", maxLength: 5000)
        return try await database.db.transaction { db in
            let sql = db as! any SQLDatabase
            guard var c = try await CaseStore.find(workspaceID, id: id, on: sql) else { throw APIError(.notFound, "no such case") }
            let now = Date().timeIntervalSince1970
            if c.firstActionAt == nil, caller.id != nil { c.firstActionAt = now }
            if contacted, c.contactedAt == nil { c.contactedAt = now }
            // A new case someone works on is in progress.
            if c.status == .new, caller.id != nil { c.status = .inProgress }
            c.updatedAt = now
            try await Self.save(c, on: sql)
            try await CaseStore.addEvents([.init(caseID: id, actor: caller.actor, kind: contacted ? .contacted : .note, text: text)], on: sql)
            return c
        }
    }

    /// Records a goodwill: final at once within the caller's limit, otherwise waiting for someone
    /// whose limit covers it. Both are audited.
    public func recordGoodwill(_ workspaceID: UUID, caseID: UUID, kind: GoodwillKind, cents: Int, reason: String, currency: String,
                               by caller: Caller) async throws -> GoodwillRecord {
        let reason = try Validate.name(reason, field: "reason", maxLength: 1000)
        guard cents > 0 else { throw FieldError("amount", "must be more than 0") }
        return try await database.db.transaction { db in
            let sql = db as! any SQLDatabase
            guard var c = try await CaseStore.find(workspaceID, id: caseID, on: sql) else { throw APIError(.notFound, "no such case") }
            guard c.status != .closed else { throw FieldError("case", "is closed; reopen it to record a goodwill") }
            let limits = try await CasePolicyService.limits(workspaceID, on: sql)
            let status = limits.status(ofGoodwill: cents, by: caller.id, role: caller.role)
            let now = Date().timeIntervalSince1970
            let record = GoodwillRecord(id: UUID(), caseID: caseID, kind: kind, cents: cents, reason: reason, status: status,
                                        requestedBy: caller.id, requestedByName: caller.name, requestedAt: now, decidedBy: nil,
                                        decidedByName: nil, decidedAt: status == .final ? now : nil, decisionNote: nil)
            try await sql.insert(into: "goodwill").columns(["workspace_id"] + Self.goodwillColumns)
                .values(SQLBind(workspaceID), SQLBind(record.id), SQLBind(caseID), SQLBind(kind.rawValue), SQLBind(cents), SQLBind(reason), SQLBind(status.rawValue),
                        SQLBind(caller.id), SQLBind(caller.name), SQLBind(now), SQLBind(nil as UUID?), SQLBind(nil as String?),
                        SQLBind(record.decidedAt), SQLBind(nil as String?))
                .run()
            let amount = Money.format(cents, currency: currency)
            let limit = Money.format(limits.limit(person: caller.id, role: caller.role), currency: currency)
            try await CaseStore.addEvents([.init(caseID: caseID, actor: caller.actor, kind: .goodwill, text: status == .final
                ? "\(kind.label) of \(amount) given (within the limit of \(limit)): \(reason)"
                : "\(kind.label) of \(amount) asked for, above the limit of \(limit); waiting for approval: \(reason)")], on: sql)
            try await AuditLog.record(workspaceID, actor: caller.actor, action: status == .final ? "goodwill.given" : "goodwill.requested",
                                      subjectKind: "goodwill", subjectID: record.id,
                                      details: ["case": String(c.number), "kind": kind.rawValue, "amount": amount, "limit": limit, "reason": reason],
                                      on: sql)
            if c.firstActionAt == nil, caller.id != nil { c.firstActionAt = now }
            c.updatedAt = now
            try await Self.save(c, on: sql)
            return record
        }
    }

    /// Approves or rejects a pending goodwill; only someone else whose own limit covers the amount may.
    public func decideGoodwill(_ workspaceID: UUID, id: UUID, approve: Bool, note: String?, currency: String,
                               by caller: Caller) async throws -> GoodwillRecord {
        let note = try Validate.optionalText(note, field: "note", maxLength: 1000)
        return try await database.db.transaction { db in
            let sql = db as! any SQLDatabase
            guard let g = try await sql.select().columns(Self.goodwillColumns).from("goodwill").where("workspace_id", .equal, SQLBind(workspaceID))
                .where("id", .equal, SQLBind(id)).first(decoding: GoodwillRow.self)?.record
            else { throw APIError(.notFound, "no such goodwill") }
            guard g.status == .pending else { throw FieldError("goodwill", "was \(g.status.rawValue) already; only a pending one can be decided") }
            let limits = try await CasePolicyService.limits(workspaceID, on: sql)
            try limits.checkApproval(ofGoodwill: g.cents, requester: g.requestedBy, approver: caller.id, role: caller.role, currency: currency)
            let status: GoodwillStatus = approve ? .approved : .rejected
            let now = Date().timeIntervalSince1970
            // Decided once: a second approver racing this one changes nothing.
            let changed = try await sql.update("goodwill").set("status", to: SQLBind(status.rawValue)).set("decided_by", to: SQLBind(caller.id))
                .set("decided_by_name", to: SQLBind(caller.name)).set("decided_at", to: SQLBind(now)).set("decision_note", to: SQLBind(note))
                .where("id", .equal, SQLBind(id)).where("status", .equal, SQLBind(GoodwillStatus.pending.rawValue))
                .returning("id").all()
            guard !changed.isEmpty else { throw FieldError("goodwill", "was decided by someone else a moment ago") }
            let amount = Money.format(g.cents, currency: currency)
            let c = try await CaseStore.find(workspaceID, id: g.caseID, on: sql)
            try await CaseStore.addEvents([.init(caseID: g.caseID, actor: caller.actor, kind: .approval,
                                                 text: "\(g.kind.label) of \(amount) \(approve ? "approved" : "rejected")" + (note.map { ": \($0)" } ?? ""))],
                                          on: sql)
            try await AuditLog.record(workspaceID, actor: caller.actor, action: approve ? "goodwill.approved" : "goodwill.rejected",
                                      subjectKind: "goodwill", subjectID: id,
                                      details: ["case": c.map { String($0.number) } ?? "", "kind": g.kind.rawValue, "amount": amount,
                                                "requested_by": g.requestedByName, "note": note ?? ""], on: sql)
            return GoodwillRecord(id: g.id, caseID: g.caseID, kind: g.kind, cents: g.cents, reason: g.reason, status: status,
                                  requestedBy: g.requestedBy, requestedByName: g.requestedByName, requestedAt: g.requestedAt,
                                  decidedBy: caller.id, decidedByName: caller.name, decidedAt: now, decisionNote: note)
        }
    }

    static func save(_ c: CaseRecord, on sql: any SQLDatabase) async throws {
        try await sql.update("cases")
            .set("title", to: SQLBind(c.title)).set("priority", to: SQLBind(c.priority.rawValue)).set("status", to: SQLBind(c.status.rawValue))
            .set("team_id", to: SQLBind(c.teamID)).set("owner_id", to: SQLBind(c.ownerID)).set("due_at", to: SQLBind(c.dueAt))
            .set("first_action_at", to: SQLBind(c.firstActionAt)).set("contacted_at", to: SQLBind(c.contactedAt))
            .set("resolved_at", to: SQLBind(c.resolvedAt)).set("closed_at", to: SQLBind(c.closedAt)).set("outcome", to: SQLBind(c.outcome?.rawValue))
            .set("escalated_at", to: SQLBind(c.escalatedAt)).set("escalated_to", to: SQLBind(c.escalatedTo)).set("updated_at", to: SQLBind(c.updatedAt))
            .where("id", .equal, SQLBind(c.id)).run()
    }

    static func memberName(_ workspaceID: UUID, _ userID: UUID, on sql: any SQLDatabase) async throws -> String? {
        struct Row: Decodable { let name: String }
        return try await sql.select().column(SQLColumn("name", table: "users")).from("memberships")
            .join("users", on: SQLColumn("id", table: "users"), .equal, SQLColumn("user_id", table: "memberships"))
            .where(SQLColumn("workspace_id", table: "memberships"), .equal, SQLBind(workspaceID))
            .where(SQLColumn("user_id", table: "memberships"), .equal, SQLBind(userID)).first(decoding: Row.self)?.name
    }
}
