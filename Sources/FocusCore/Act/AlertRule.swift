import Foundation

/// An alert rule: when a response or contact meets its conditions, it opens a case (assigned
/// by its touchpoint's team, to a team or to a person) and notifies webhooks.
///
/// Conditions are combined with `match`: all of them, or any one. A condition on something the
/// item does not carry (an NPS condition and a contact, a comment condition and a response
/// without a comment) is not met.
public struct AlertRule: Sendable, Equatable, Codable {
    public var name: String
    public var active: Bool
    public var source: AlertSource
    /// Only responses to this survey (responses only).
    public var surveyID: UUID?
    /// Only items at this touchpoint.
    public var touchpointID: UUID?
    public var match: AlertMatch
    public var conditions: AlertConditions
    public var actions: AlertActions

    public init(name: String, active: Bool = true, source: AlertSource = .both, surveyID: UUID? = nil, touchpointID: UUID? = nil,
                match: AlertMatch = .all, conditions: AlertConditions, actions: AlertActions = AlertActions()) {
        self.name = name
        self.active = active
        self.source = source
        self.surveyID = surveyID
        self.touchpointID = touchpointID
        self.match = match
        self.conditions = conditions
        self.actions = actions
    }

    enum CodingKeys: String, CodingKey {
        case name, active, source, match, conditions, actions
        case surveyID = "survey_id"
        case touchpointID = "touchpoint_id"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        active = try c.decodeIfPresent(Bool.self, forKey: .active) ?? true
        source = try c.decodeIfPresent(AlertSource.self, forKey: .source) ?? .both
        surveyID = try c.decodeIfPresent(UUID.self, forKey: .surveyID)
        touchpointID = try c.decodeIfPresent(UUID.self, forKey: .touchpointID)
        match = try c.decodeIfPresent(AlertMatch.self, forKey: .match) ?? .all
        conditions = try c.decode(AlertConditions.self, forKey: .conditions)
        actions = try c.decodeIfPresent(AlertActions.self, forKey: .actions) ?? AlertActions()
    }

    /// The rule with its name trimmed and its keywords normalised, or a ``FieldError`` naming the field.
    public func validated() throws(FieldError) -> AlertRule {
        var rule = self
        rule.name = try Validate.name(name, field: "name", maxLength: 100)
        guard !Validate.hasControlCharacter(rule.name) else { throw FieldError("name", "must not contain control characters") }
        rule.conditions = try conditions.validated()
        if surveyID != nil, source == .contacts { throw FieldError("survey_id", "a rule for contacts only cannot name a survey") }
        if source == .contacts, conditions.needsResponse, match == .all {
            throw FieldError("conditions", "a score condition can never hold for a contact; let the rule apply to responses")
        }
        if source == .responses, conditions.repeatContact == true, match == .all {
            throw FieldError("conditions.repeat_contact", "only a contact can repeat; let the rule apply to contacts")
        }
        guard actions.openCase || !actions.webhookIDs.isEmpty else {
            throw FieldError("actions", "must open a case or notify a webhook, or the rule does nothing")
        }
        if case .team = actions.assignment, !actions.openCase { throw FieldError("actions.assign", "assigns a case, so the rule must open one") }
        if case .person = actions.assignment, !actions.openCase { throw FieldError("actions.assign", "assigns a case, so the rule must open one") }
        guard Set(actions.webhookIDs).count == actions.webhookIDs.count else { throw FieldError("actions.webhook_ids", "names a webhook twice") }
        guard actions.webhookIDs.count <= 10 else { throw FieldError("actions.webhook_ids", "may name at most 10 webhooks") }
        return rule
    }

    /// Whether the rule applies to an item of this kind, survey and touchpoint at all.
    func covers(_ subject: AlertSubject) -> Bool {
        switch (source, subject.kind) {
        case (.responses, .contact), (.contacts, .response): return false
        default: break
        }
        if let surveyID, subject.surveyID != surveyID { return false }
        if let touchpointID, subject.touchpointID != touchpointID { return false }
        return true
    }
}

/// Which items a rule looks at.
public enum AlertSource: String, Codable, Sendable, CaseIterable {
    case responses
    case contacts
    case both
}

/// How a rule's conditions combine.
public enum AlertMatch: String, Codable, Sendable, CaseIterable {
    case all
    case any
}

/// The conditions a rule may test; those left out are not tested. At least one is required.
public struct AlertConditions: Sendable, Equatable, Codable {
    /// The response's NPS answer (0–10) is at or below this.
    public var npsAtMost: Int?
    /// The response's CSAT answer (1–5) is at or below this.
    public var csatAtMost: Int?
    /// The response's effort answer (1 very easy – 7 very hard) is at or above this.
    public var cesAtLeast: Int?
    /// The comment's sentiment (−1 to +1) is below this; −0.05 is where "negative" begins.
    public var sentimentBelow: Double?
    /// The comment mentions one of these terms: words, stems (`cancel*`) or phrases, as in a theme.
    public var keywords: [String]?
    /// The customer is worth at least this much a year (in the workspace's currency).
    public var customerValueAtLeast: Double?
    /// The contact repeats an earlier one of the same customer and reason (contacts only).
    public var repeatContact: Bool?

    public init(npsAtMost: Int? = nil, csatAtMost: Int? = nil, cesAtLeast: Int? = nil, sentimentBelow: Double? = nil,
                keywords: [String]? = nil, customerValueAtLeast: Double? = nil, repeatContact: Bool? = nil) {
        self.npsAtMost = npsAtMost
        self.csatAtMost = csatAtMost
        self.cesAtLeast = cesAtLeast
        self.sentimentBelow = sentimentBelow
        self.keywords = keywords
        self.customerValueAtLeast = customerValueAtLeast
        self.repeatContact = repeatContact
    }

    enum CodingKeys: String, CodingKey {
        case npsAtMost = "nps_at_most"
        case csatAtMost = "csat_at_most"
        case cesAtLeast = "ces_at_least"
        case sentimentBelow = "sentiment_below"
        case keywords
        case customerValueAtLeast = "customer_value_at_least"
        case repeatContact = "repeat_contact"
    }

    /// Whether any condition needs a survey answer.
    var needsResponse: Bool { npsAtMost != nil || csatAtMost != nil || cesAtLeast != nil }
    public var usesSentiment: Bool { sentimentBelow != nil }
    public var usesCustomerValue: Bool { customerValueAtLeast != nil }
    var count: Int {
        [npsAtMost != nil, csatAtMost != nil, cesAtLeast != nil, sentimentBelow != nil, keywords != nil,
         customerValueAtLeast != nil, repeatContact == true].filter { $0 }.count
    }

    func validated() throws(FieldError) -> AlertConditions {
        var c = self
        if let v = npsAtMost, !(0...9).contains(v) { throw FieldError("conditions.nps_at_most", "must be a whole number from 0 to 9") }
        if let v = csatAtMost, !(1...4).contains(v) { throw FieldError("conditions.csat_at_most", "must be a whole number from 1 to 4") }
        if let v = cesAtLeast, !(2...7).contains(v) { throw FieldError("conditions.ces_at_least", "must be a whole number from 2 to 7") }
        if let v = sentimentBelow, !(v.isFinite && v > -1 && v <= 1) {
            throw FieldError("conditions.sentiment_below", "must be a number above −1 and at most 1 (−0.05 is where negative begins)")
        }
        if let v = customerValueAtLeast, !(v.isFinite && v >= 0 && v <= 1e9) {
            throw FieldError("conditions.customer_value_at_least", "must be an amount from 0 to 1000000000")
        }
        if repeatContact == false { c.repeatContact = nil }
        if let keywords {
            guard !keywords.isEmpty else { throw FieldError("conditions.keywords", "must list at least one term, or be left out") }
            guard keywords.count <= 100 else { throw FieldError("conditions.keywords", "may list at most 100 terms") }
            var seen: Set<String> = []
            var kept: [String] = []
            for (index, raw) in keywords.enumerated() {
                let term = try ThemeDefinition.normalise(raw, field: "conditions.keywords[\(index)]")
                if seen.insert(term).inserted { kept.append(term) }
            }
            c.keywords = kept
        }
        guard c.count > 0 else { throw FieldError("conditions", "must hold at least one condition") }
        return c
    }
}

/// Who a case a rule opens goes to.
public enum CaseAssignment: Sendable, Equatable, Codable {
    /// Nobody yet: it waits on the board.
    case unassigned
    /// The team that looks after the item's touchpoint (unassigned when none does).
    case touchpointTeam
    case team(UUID)
    case person(UUID)

    enum CodingKeys: String, CodingKey { case to, teamID = "team_id", userID = "user_id" }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(String.self, forKey: .to) {
        case "none": self = .unassigned
        case "touchpoint_team": self = .touchpointTeam
        case "team":
            guard let id = try c.decodeIfPresent(UUID.self, forKey: .teamID) else {
                throw DecodingError.keyNotFound(CodingKeys.teamID, .init(codingPath: c.codingPath, debugDescription: "team_id is required for to: team"))
            }
            self = .team(id)
        case "person":
            guard let id = try c.decodeIfPresent(UUID.self, forKey: .userID) else {
                throw DecodingError.keyNotFound(CodingKeys.userID, .init(codingPath: c.codingPath, debugDescription: "user_id is required for to: person"))
            }
            self = .person(id)
        default:
            throw DecodingError.dataCorruptedError(forKey: .to, in: c, debugDescription: "must be none, touchpoint_team, team or person")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .unassigned: try c.encode("none", forKey: .to)
        case .touchpointTeam: try c.encode("touchpoint_team", forKey: .to)
        case .team(let id): try c.encode("team", forKey: .to); try c.encode(id, forKey: .teamID)
        case .person(let id): try c.encode("person", forKey: .to); try c.encode(id, forKey: .userID)
        }
    }
}

/// What a rule does when it matches.
public struct AlertActions: Sendable, Equatable, Codable {
    public var openCase: Bool
    public var priority: CasePriority
    public var assignment: CaseAssignment
    /// Webhooks sent an `alert.triggered` event.
    public var webhookIDs: [UUID]

    public init(openCase: Bool = true, priority: CasePriority = .normal, assignment: CaseAssignment = .touchpointTeam, webhookIDs: [UUID] = []) {
        self.openCase = openCase
        self.priority = priority
        self.assignment = assignment
        self.webhookIDs = webhookIDs
    }

    enum CodingKeys: String, CodingKey {
        case openCase = "open_case", priority, assignment = "assign", webhookIDs = "webhook_ids"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        openCase = try c.decodeIfPresent(Bool.self, forKey: .openCase) ?? true
        priority = try c.decodeIfPresent(CasePriority.self, forKey: .priority) ?? .normal
        assignment = try c.decodeIfPresent(CaseAssignment.self, forKey: .assignment) ?? .touchpointTeam
        webhookIDs = try c.decodeIfPresent([UUID].self, forKey: .webhookIDs) ?? []
    }
}
