import FocusCore
import Foundation

// The contacts' wire format.

struct ContactReasonDTO: Codable {
    let id: UUID?
    let category: String
    let name: String
    let avoidable: Bool
    let fix: String?
    let fixNote: String?

    enum CodingKeys: String, CodingKey {
        case id, category, name, avoidable, fix
        case fixNote = "fix_note"
    }

    init(id: UUID?, _ r: ContactReason) {
        self.id = id
        category = r.category
        name = r.name
        avoidable = r.avoidable
        fix = r.fix?.rawValue
        fixNote = r.fixNote
    }

    init(_ r: ContactReasonRecord) { self.init(id: r.id, r.reason) }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(id, forKey: .id)
        try c.encode(category, forKey: .category)
        try c.encode(name, forKey: .name)
        try c.encode(avoidable, forKey: .avoidable)
        try c.encode(fix, forKey: .fix)
        try c.encode(fixNote, forKey: .fixNote)
    }
}

struct ContactReasonInput: Decodable {
    let category: String
    let name: String
    let avoidable: Bool?
    let fix: String?
    let fixNote: String?

    enum CodingKeys: String, CodingKey {
        case category, name, avoidable, fix
        case fixNote = "fix_note"
    }

    func domain() throws(FieldError) -> ContactReason {
        var kind: FixKind?
        if let fix, !fix.isEmpty {
            guard let k = FixKind(rawValue: fix) else {
                throw FieldError("fix", "must be one of: \(FixKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            kind = k
        }
        return ContactReason(category: category, name: name, avoidable: avoidable ?? false, fix: kind, fixNote: fixNote)
    }
}

struct StarterTaxonomyDTO: Codable {
    let key: String
    let label: String
    let reasons: [ContactReasonDTO]
}

struct AdoptInput: Decodable { let taxonomy: String }

struct AdoptDTO: Codable {
    let added: Int
    let reasons: [ContactReasonDTO]
}

struct ContactInput: Decodable {
    let channel: String
    let reasonID: UUID?
    let touchpointID: UUID?
    let customerID: String?
    let occurredAt: String?
    let waitSeconds: Double?
    let handlingSeconds: Double?
    let resolvedFirstContact: Bool?
    let agent: String?
    let team: String?
    let cost: Double?
    let note: String?

    enum CodingKeys: String, CodingKey {
        case channel, agent, team, cost, note
        case reasonID = "reason_id"
        case touchpointID = "touchpoint_id"
        case customerID = "customer_id"
        case occurredAt = "occurred_at"
        case waitSeconds = "wait_seconds"
        case handlingSeconds = "handling_seconds"
        case resolvedFirstContact = "resolved_first_contact"
    }

    func submission() throws(FieldError) -> ContactSubmission {
        var at: Double?
        if let occurredAt {
            guard let parsed = Timestamp.parse(occurredAt) else { throw FieldError("occurred_at", "must be an ISO 8601 date or time") }
            at = parsed
        }
        return ContactSubmission(channel: channel, reasonID: reasonID, touchpointID: touchpointID, customerExternalID: customerID,
                                 occurredAt: at, waitSeconds: waitSeconds, handlingSeconds: handlingSeconds,
                                 resolvedFirst: resolvedFirstContact, agent: agent, team: team, cost: cost, note: note)
    }
}

struct ContactBatchInput: Decodable { let contacts: [ContactInput] }

struct ContactDTO: Codable {
    let id: UUID
    let channel: String
    let reasonID: UUID?
    let touchpointID: UUID?
    let customerID: UUID?
    let occurredAt: String
    let waitSeconds: Double?
    let handlingSeconds: Double?
    let resolvedFirstContact: Bool?
    let agent: String?
    let team: String?
    let cost: Double
    let isRepeat: Bool
    let note: String?

    enum CodingKeys: String, CodingKey {
        case id, channel, agent, team, cost, note
        case reasonID = "reason_id"
        case touchpointID = "touchpoint_id"
        case customerID = "customer_id"
        case occurredAt = "occurred_at"
        case waitSeconds = "wait_seconds"
        case handlingSeconds = "handling_seconds"
        case resolvedFirstContact = "resolved_first_contact"
        case isRepeat = "is_repeat"
    }

    init(_ r: ContactRecord) {
        id = r.id
        channel = r.channel.rawValue
        reasonID = r.reasonID
        touchpointID = r.touchpointID
        customerID = r.customerID
        occurredAt = Timestamp.format(r.occurredAt)
        waitSeconds = r.waitSeconds
        handlingSeconds = r.handlingSeconds
        resolvedFirstContact = r.resolvedFirst
        agent = r.agent
        team = r.team
        cost = r.cost
        isRepeat = r.isRepeat
        note = r.note
    }
}

struct ContactBatchDTO: Codable { let contacts: [ContactDTO] }

struct ContactSettingsDTO: Codable {
    let repeatDays: Int?
    let costs: [String: Double]?

    enum CodingKeys: String, CodingKey {
        case costs
        case repeatDays = "repeat_days"
    }
}

struct ContactFiguresDTO: Codable {
    let contacts: Int
    let cost: Double
    let firstContactResolution: EstimateDTO
    let repeatRate: EstimateDTO
    let meanWaitSeconds: Double?
    let meanHandlingSeconds: Double?

    enum CodingKeys: String, CodingKey {
        case contacts, cost
        case firstContactResolution = "first_contact_resolution"
        case repeatRate = "repeat_rate"
        case meanWaitSeconds = "mean_wait_seconds"
        case meanHandlingSeconds = "mean_handling_seconds"
    }

    init(_ f: ContactFigures) {
        contacts = f.contacts
        cost = f.cost
        firstContactResolution = EstimateDTO(f.firstContactResolution)
        repeatRate = EstimateDTO(f.repeatRate)
        meanWaitSeconds = f.meanWaitSeconds
        meanHandlingSeconds = f.meanHandlingSeconds
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(contacts, forKey: .contacts)
        try c.encode(cost, forKey: .cost)
        try c.encode(firstContactResolution, forKey: .firstContactResolution)
        try c.encode(repeatRate, forKey: .repeatRate)
        try c.encode(meanWaitSeconds, forKey: .meanWaitSeconds)
        try c.encode(meanHandlingSeconds, forKey: .meanHandlingSeconds)
    }
}

struct ContactAnalysisDTO: Encodable {
    struct ReasonRow: Encodable {
        let reasonID: String?
        let category: String?
        let name: String
        let avoidable: Bool
        let share: Double
        let cumulativeShare: Double
        let figures: ContactFiguresDTO

        enum CodingKeys: String, CodingKey {
            case category, name, avoidable, share, figures
            case reasonID = "reason_id"
            case cumulativeShare = "cumulative_share"
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(reasonID, forKey: .reasonID)
            try c.encode(category, forKey: .category)
            try c.encode(name, forKey: .name)
            try c.encode(avoidable, forKey: .avoidable)
            try c.encode(share, forKey: .share)
            try c.encode(cumulativeShare, forKey: .cumulativeShare)
            try c.encode(figures, forKey: .figures)
        }
    }

    struct Fix: Encodable {
        let reasonID: String
        let reason: String
        let fix: String?
        let fixNote: String?
        let contacts: Int
        let periodCost: Double
        let yearlySaving: Double

        enum CodingKeys: String, CodingKey {
            case reason, fix, contacts
            case reasonID = "reason_id"
            case fixNote = "fix_note"
            case periodCost = "period_cost"
            case yearlySaving = "yearly_saving"
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(reasonID, forKey: .reasonID)
            try c.encode(reason, forKey: .reason)
            try c.encode(fix, forKey: .fix)
            try c.encode(fixNote, forKey: .fixNote)
            try c.encode(contacts, forKey: .contacts)
            try c.encode(periodCost, forKey: .periodCost)
            try c.encode(yearlySaving, forKey: .yearlySaving)
        }
    }

    struct Group: Encodable {
        let key: String
        let figures: ContactFiguresDTO
    }

    let period: PeriodDTO
    let total: ContactFiguresDTO
    let avoidableShare: EstimateDTO
    let avoidableContacts: Int
    let avoidableYearlyCost: Double
    let reasons: [ReasonRow]
    let fixes: [Fix]
    let teams: [Group]
    let channels: [Group]
    let waitSatisfaction: WaitSatisfactionDTO

    enum CodingKeys: String, CodingKey {
        case period, total, reasons, fixes, teams, channels
        case waitSatisfaction = "wait_satisfaction"
        case avoidableShare = "avoidable_share"
        case avoidableContacts = "avoidable_contacts"
        case avoidableYearlyCost = "avoidable_yearly_cost"
    }

    init(_ report: ContactReport) {
        let a = report.analysis
        period = PeriodDTO(report.period)
        total = ContactFiguresDTO(a.total)
        avoidableShare = EstimateDTO(a.avoidableShare)
        avoidableContacts = a.avoidable.contacts
        avoidableYearlyCost = a.avoidableYearlyCost
        reasons = a.pareto.map {
            ReasonRow(reasonID: $0.key.isEmpty ? nil : $0.key, category: $0.reason?.category, name: $0.reason?.name ?? "No reason",
                      avoidable: $0.reason?.avoidable ?? false, share: $0.share, cumulativeShare: $0.cumulativeShare,
                      figures: ContactFiguresDTO($0.figures))
        }
        fixes = a.fixes.map {
            Fix(reasonID: $0.key, reason: $0.reason.name, fix: $0.reason.fix?.rawValue, fixNote: $0.reason.fixNote, contacts: $0.contacts,
                periodCost: $0.periodCost, yearlySaving: $0.yearlyCost)
        }
        teams = report.byTeam.map { Group(key: $0.team, figures: ContactFiguresDTO($0.figures)) }
        channels = report.byChannel.map { Group(key: $0.channel.rawValue, figures: ContactFiguresDTO($0.figures)) }
        waitSatisfaction = WaitSatisfactionDTO(report.waitSatisfaction)
    }
}

/// Satisfaction by wait band, and the shortest waits against the longest on the main score.
struct WaitSatisfactionDTO: Encodable {
    struct Band: Encodable {
        let label: String
        let fromSeconds: Double
        let toSeconds: Double?
        let responses: Int
        let scores: ScoresDTO

        enum CodingKeys: String, CodingKey {
            case label, responses, scores
            case fromSeconds = "from_seconds"
            case toSeconds = "to_seconds"
        }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(label, forKey: .label)
            try c.encode(fromSeconds, forKey: .fromSeconds)
            try c.encode(toSeconds, forKey: .toSeconds)
            try c.encode(responses, forKey: .responses)
            try c.encode(scores, forKey: .scores)
        }
    }

    let responses: Int
    let score: String?
    let bands: [Band]
    let shortestAgainstLongest: ChangeDTO?

    enum CodingKeys: String, CodingKey {
        case responses, score, bands
        case shortestAgainstLongest = "shortest_against_longest"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(responses, forKey: .responses)
        try c.encode(score, forKey: .score)
        try c.encode(bands, forKey: .bands)
        try c.encode(shortestAgainstLongest, forKey: .shortestAgainstLongest)
    }

    init(_ w: WaitSatisfaction) {
        responses = w.responses
        score = w.mainScore?.rawValue
        bands = w.bands.map { Band(label: $0.label, fromSeconds: $0.fromSeconds, toSeconds: $0.toSeconds, responses: $0.tally.responses,
                                   scores: ScoresDTO($0.tally)) }
        shortestAgainstLongest = w.mainScore.flatMap { ChangeDTO(w.shortestAgainstLongest($0)?.comparison) }
    }
}
