import FocusCore
import Foundation

struct CaseDTO: WireObject {
    let id: UUID
    let number: Int
    let title: String
    let source: String
    let source_id: UUID?
    let customer_id: UUID?
    let touchpoint_id: UUID?
    let survey_id: UUID?
    let nps: Int?
    let csat: Int?
    let ces: Int?
    let comment: String?
    let priority: String
    let status: String
    let team_id: UUID?
    let owner_id: UUID?
    let opened_at: String
    let due_at: String
    let overdue: Bool
    let first_action_at: String?
    let contacted_at: String?
    let resolved_at: String?
    let closed_at: String?
    let outcome: String?
    let escalated_at: String?
    let escalated_to: UUID?

    init(_ c: CaseRecord, now: Double = Date().timeIntervalSince1970) {
        id = c.id
        number = c.number
        title = c.title
        source = c.source.rawValue
        source_id = c.sourceID
        customer_id = c.customerID
        touchpoint_id = c.touchpointID
        survey_id = c.surveyID
        nps = c.nps
        csat = c.csat
        ces = c.ces
        comment = c.comment
        priority = c.priority.rawValue
        status = c.status.rawValue
        team_id = c.teamID
        owner_id = c.ownerID
        opened_at = Timestamp.format(c.openedAt)
        due_at = Timestamp.format(c.dueAt)
        overdue = c.isOverdue(at: now)
        first_action_at = c.firstActionAt.map(Timestamp.format)
        contacted_at = c.contactedAt.map(Timestamp.format)
        resolved_at = c.resolvedAt.map(Timestamp.format)
        closed_at = c.closedAt.map(Timestamp.format)
        outcome = c.outcome?.rawValue
        escalated_at = c.escalatedAt.map(Timestamp.format)
        escalated_to = c.escalatedTo
    }
}

struct CaseEventDTO: WireObject {
    let at: String
    let actor_id: UUID?
    let actor: String
    let kind: String
    let text: String?

    init(_ e: CaseEventRecord) {
        at = Timestamp.format(e.at)
        actor_id = e.actorID
        actor = e.actorName
        kind = e.kind
        text = e.text
    }
}

struct GoodwillDTO: WireObject {
    let id: UUID
    let case_id: UUID
    let kind: String
    let amount: Double
    let currency: String
    let reason: String
    let status: String
    let requested_by: UUID?
    let requested_by_name: String
    let requested_at: String
    let decided_by: UUID?
    let decided_by_name: String?
    let decided_at: String?
    let decision_note: String?

    init(_ g: GoodwillRecord, currency: String) {
        id = g.id
        case_id = g.caseID
        kind = g.kind.rawValue
        amount = Money.amount(g.cents)
        self.currency = currency
        reason = g.reason
        status = g.status.rawValue
        requested_by = g.requestedBy
        requested_by_name = g.requestedByName
        requested_at = Timestamp.format(g.requestedAt)
        decided_by = g.decidedBy
        decided_by_name = g.decidedByName
        decided_at = g.decidedAt.map(Timestamp.format)
        decision_note = g.decisionNote
    }
}

/// A case with its timeline, goodwill and the customer's history.
struct CaseDetailDTO: WireObject {
    let `case`: CaseDTO
    let events: [CaseEventDTO]
    let goodwill: [GoodwillDTO]
    let history: CustomerHistoryDTO?
}

struct CustomerHistoryDTO: WireObject {
    struct Response: WireObject { let id: UUID; let survey_id: UUID; let received_at: String; let nps: Int?; let csat: Int?; let ces: Int?; let comment: String? }
    struct Contact: WireObject { let id: UUID; let occurred_at: String; let channel: String; let reason: String?; let is_repeat: Bool; let note: String? }
    struct Case: WireObject { let id: UUID; let number: Int; let title: String; let status: String; let opened_at: String; let outcome: String? }
    let customer_id: UUID
    let name: String?
    let external_id: String
    let segment: String?
    let value_per_year: Double?
    let status: String
    let responses: [Response]
    let contacts: [Contact]
    let cases: [Case]

    init(_ h: CustomerHistory) {
        customer_id = h.customerID
        name = h.name
        external_id = h.externalID
        segment = h.segment
        value_per_year = h.valuePerYear
        status = h.status
        responses = h.responses.map { Response(id: $0.id, survey_id: $0.surveyID, received_at: Timestamp.format($0.at), nps: $0.nps, csat: $0.csat, ces: $0.ces, comment: $0.comment) }
        contacts = h.contacts.map { Contact(id: $0.id, occurred_at: Timestamp.format($0.at), channel: $0.channel, reason: $0.reason, is_repeat: $0.isRepeat, note: $0.note) }
        cases = h.cases.map { Case(id: $0.id, number: $0.number, title: $0.title, status: $0.status.rawValue, opened_at: Timestamp.format($0.openedAt), outcome: $0.outcome?.rawValue) }
    }
}

/// A change to a case as the API takes it; `owner_id` and `team_id` may be null to clear them.
struct CaseChangeInput: Decodable {
    let change: CaseChange

    enum CodingKeys: String, CodingKey { case status, outcome, priority, owner_id, team_id }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        var change = CaseChange()
        change.status = try c.decodeIfPresent(CaseStatus.self, forKey: .status)
        change.outcome = try c.decodeIfPresent(CaseOutcome.self, forKey: .outcome)
        change.priority = try c.decodeIfPresent(CasePriority.self, forKey: .priority)
        if c.contains(.owner_id) { change.ownerID = .some(try c.decodeIfPresent(UUID.self, forKey: .owner_id)) }
        if c.contains(.team_id) { change.teamID = .some(try c.decodeIfPresent(UUID.self, forKey: .team_id)) }
        self.change = change
    }
}

struct CaseOpenInput: Decodable {
    let title: String
    let priority: CasePriority?
    let customer_id: UUID?
    let source_id: UUID?
    let assign: CaseAssignment?
}

struct NoteInput: Decodable {
    let text: String
    let contacted: Bool?
}

struct GoodwillInput: Decodable {
    let kind: GoodwillKind
    let amount: Double
    let reason: String
}

struct DecisionInput: Decodable {
    let note: String?
}

struct AlertRuleDTO: WireObject {
    let id: UUID
    let name: String
    let active: Bool
    let source: String
    let survey_id: UUID?
    let touchpoint_id: UUID?
    let match: String
    let conditions: AlertConditions
    let actions: AlertActions
    let matches: Int
    let matches_last_30_days: Int
    let created_at: String
    let updated_at: String

    init(_ r: AlertRuleRecord) {
        id = r.id
        name = r.rule.name
        active = r.rule.active
        source = r.rule.source.rawValue
        survey_id = r.rule.surveyID
        touchpoint_id = r.rule.touchpointID
        match = r.rule.match.rawValue
        conditions = r.rule.conditions
        actions = r.rule.actions
        matches = r.matches
        matches_last_30_days = r.recentMatches
        created_at = Timestamp.format(r.createdAt)
        updated_at = Timestamp.format(r.updatedAt)
    }
}

struct TeamDTO: WireObject {
    let id: UUID
    let name: String
    let lead_id: UUID?
    let member_ids: [UUID]
    let touchpoint_ids: [UUID]

    init(_ t: TeamRecord) {
        id = t.id
        name = t.name
        lead_id = t.leadID
        member_ids = t.memberIDs
        touchpoint_ids = t.touchpointIDs
    }
}

struct TeamInputDTO: Decodable {
    let input: TeamInput

    enum CodingKeys: String, CodingKey { case name, lead_id, member_ids, touchpoint_ids }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        var input = TeamInput()
        input.name = try c.decodeIfPresent(String.self, forKey: .name)
        if c.contains(.lead_id) { input.leadID = .some(try c.decodeIfPresent(UUID.self, forKey: .lead_id)) }
        input.memberIDs = try c.decodeIfPresent([UUID].self, forKey: .member_ids)
        input.touchpointIDs = try c.decodeIfPresent([UUID].self, forKey: .touchpoint_ids)
        self.input = input
    }
}

/// Service levels and authority limits, read and written as one settings object.
struct CasePolicyDTO: WireObject {
    struct Person: WireObject { let user_id: UUID; let amount: Double }
    let currency: String
    let service_level_hours: [String: Double]
    let authority_limits: [String: Double]
    let personal_limits: [Person]

    init(levels: ServiceLevels, limits: AuthorityLimits, currency: String) {
        self.currency = currency
        service_level_hours = Dictionary(uniqueKeysWithValues: CasePriority.allCases.map { ($0.rawValue, levels.hours(for: $0)) })
        authority_limits = Dictionary(uniqueKeysWithValues: Role.allCases.map { ($0.rawValue, Money.amount(limits.limit(person: nil, role: $0))) })
        personal_limits = limits.people.sorted { $0.key.uuidString < $1.key.uuidString }.map { Person(user_id: $0.key, amount: Money.amount($0.value)) }
    }
}

struct CasePolicyInput: Decodable {
    struct Person: Decodable { let user_id: UUID; let amount: Double? }
    let service_level_hours: [String: Double]?
    let authority_limits: [String: Double]?
    /// Replaces every personal limit; an amount of null removes one.
    let personal_limits: [Person]?
}

struct AuditEntryDTO: WireObject {
    let id: UUID
    let at: String
    let actor_id: UUID?
    let actor: String
    let action: String
    let subject_kind: String
    let subject_id: UUID?
    let details: [String: String]

    init(_ e: AuditEntry) {
        id = e.id
        at = Timestamp.format(e.at)
        actor_id = e.actorID
        actor = e.actorName
        action = e.action
        subject_kind = e.subjectKind
        subject_id = e.subjectID
        details = e.details
    }
}
