import Foundation

/// What a rule looks at in one response or contact.
public struct AlertSubject: Sendable {
    public enum Kind: String, Sendable, Codable {
        case response
        case contact
    }

    public var kind: Kind
    public var id: UUID
    public var surveyID: UUID?
    public var touchpointID: UUID?
    public var customerID: UUID?
    public var nps: Int?
    public var csat: Int?
    public var ces: Int?
    public var comment: String?
    /// The comment's sentiment; filled in by the caller when a rule asks for it.
    public var sentiment: Double?
    /// The customer's value per year; filled in by the caller when a rule asks for it.
    public var customerValue: Double?
    public var isRepeat: Bool

    public init(kind: Kind, id: UUID, surveyID: UUID? = nil, touchpointID: UUID? = nil, customerID: UUID? = nil, nps: Int? = nil,
                csat: Int? = nil, ces: Int? = nil, comment: String? = nil, sentiment: Double? = nil, customerValue: Double? = nil,
                isRepeat: Bool = false) {
        self.kind = kind
        self.id = id
        self.surveyID = surveyID
        self.touchpointID = touchpointID
        self.customerID = customerID
        self.nps = nps
        self.csat = csat
        self.ces = ces
        self.comment = comment
        self.sentiment = sentiment
        self.customerValue = customerValue
        self.isRepeat = isRepeat
    }
}

/// A workspace's active rules, compiled once, checked against each item as it is stored.
public struct AlertEvaluator: Sendable {
    public struct Rule: Sendable {
        public let id: UUID
        public let rule: AlertRule
        let keywords: ThemeMatcher?
    }

    /// What all the rules that matched one item ask for together: at most one case (the highest
    /// priority asked for, assigned as the highest-priority rule that opens a case says), and
    /// every webhook named.
    public struct Outcome: Sendable, Equatable {
        public let subjectID: UUID
        public let ruleIDs: [UUID]
        public let openCase: Bool
        public let priority: CasePriority
        public let assignment: CaseAssignment
        public let webhookIDs: [UUID]
    }

    public let rules: [Rule]

    public init(rules: [(id: UUID, rule: AlertRule)]) {
        self.rules = rules.filter(\.rule.active).map { id, rule in
            Rule(id: id, rule: rule, keywords: rule.conditions.keywords.map { ThemeMatcher([ThemeDefinition(key: "k", name: "k", terms: ["*": $0])]) })
        }
    }

    public var isEmpty: Bool { rules.isEmpty }
    /// Whether some rule needs the comments' sentiment (so the caller computes it).
    public var needsSentiment: Bool { rules.contains { $0.rule.conditions.usesSentiment } }
    /// Whether some rule needs the customers' value (so the caller reads it).
    public var needsCustomerValue: Bool { rules.contains { $0.rule.conditions.usesCustomerValue } }

    /// Whether one rule's conditions hold for the item.
    public func matches(_ rule: Rule, _ s: AlertSubject) -> Bool {
        guard rule.rule.covers(s) else { return false }
        let c = rule.rule.conditions
        var results: [Bool] = []
        if let v = c.npsAtMost { results.append(s.nps.map { $0 <= v } ?? false) }
        if let v = c.csatAtMost { results.append(s.csat.map { $0 <= v } ?? false) }
        if let v = c.cesAtLeast { results.append(s.ces.map { $0 >= v } ?? false) }
        if let v = c.sentimentBelow { results.append(s.sentiment.map { $0 < v } ?? false) }
        if let matcher = rule.keywords { results.append(s.comment.map { !matcher.themes(of: $0, language: nil).isEmpty } ?? false) }
        if let v = c.customerValueAtLeast { results.append(s.customerValue.map { $0 >= v } ?? false) }
        if c.repeatContact == true { results.append(s.kind == .contact && s.isRepeat) }
        return rule.rule.match == .all ? !results.isEmpty && results.allSatisfy { $0 } : results.contains(true)
    }

    /// The outcome for an item, or nil when no rule matched.
    public func evaluate(_ subject: AlertSubject) -> Outcome? {
        let matched = rules.filter { matches($0, subject) }
        guard !matched.isEmpty else { return nil }
        let opening = matched.filter(\.rule.actions.openCase)
        // The first of the highest priority decides the assignment.
        let lead = opening.max { a, b in a.rule.actions.priority < b.rule.actions.priority }
        var webhooks: [UUID] = []
        for rule in matched { for id in rule.rule.actions.webhookIDs where !webhooks.contains(id) { webhooks.append(id) } }
        return Outcome(subjectID: subject.id, ruleIDs: matched.map(\.id), openCase: lead != nil,
                       priority: lead?.rule.actions.priority ?? .normal, assignment: lead?.rule.actions.assignment ?? .unassigned,
                       webhookIDs: webhooks)
    }
}
