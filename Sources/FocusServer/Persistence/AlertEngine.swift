import FocusCore
import Foundation
import SQLKit

/// Checks the workspace's alert rules against responses and contacts in the transaction that
/// stores them, so each item is checked exactly once: what the rules ask for (a case, webhook
/// events) commits with the item or not at all, and `alert_matches` (one row per rule and item,
/// its key the pair) would refuse a second firing. Imports and the demo bring in history and do
/// not come through here.
///
/// The cost when nothing matches is one indexed read of the rules (and of the webhooks for
/// `response.received`) per transaction; group commit shares it between many requests.
enum AlertEngine {
    struct Item {
        var subject: AlertSubject
        var language: String?
        var at: Double
    }

    /// What the engine did, so the caller can nudge the webhook dispatcher after the commit.
    struct Result {
        var cases: [CaseRecord] = []
        var queuedDeliveries = 0
    }

    /// Responses just inserted (the same transaction).
    static func responses(_ workspaceID: UUID, _ rows: [ResponseService.Prepared], rules: IngestRules,
                          on sql: any SQLDatabase) async throws -> Result {
        let items = rows.map { p in
            Item(subject: AlertSubject(kind: .response, id: p.record.id, surveyID: p.record.surveyID, touchpointID: p.record.touchpointID,
                                       customerID: p.record.customerID, nps: p.nps, csat: p.csat, ces: p.ces, comment: p.comment),
                 language: p.record.language, at: p.record.receivedAt)
        }
        var result = try await run(workspaceID, items, rules: rules, on: sql)
        // Payloads are built only for a workspace with a subscriber; `enqueue` reads the subscribers itself.
        if !rules.subscribers(.responseReceived).isEmpty {
            result.queuedDeliveries += try await WebhookOutbox.enqueue(workspaceID, .responseReceived, rows.map(ResponseEventData.init), on: sql)
        }
        return result
    }

    /// Contacts just inserted, their repeat flags set (the same transaction).
    static func contacts(_ workspaceID: UUID, _ records: [ContactRecord], rules: IngestRules, on sql: any SQLDatabase) async throws -> Result {
        try await run(workspaceID, records.map { r in
            Item(subject: AlertSubject(kind: .contact, id: r.id, touchpointID: r.touchpointID, customerID: r.customerID,
                                       comment: r.note, isRepeat: r.isRepeat),
                 language: nil, at: r.occurredAt)
        }, rules: rules, on: sql)
    }

    /// The workspace's rules, active or not, by id.
    static func rules(_ workspaceID: UUID, on sql: any SQLDatabase) async throws -> [(id: UUID, rule: AlertRule)] {
        struct Row: Decodable { let id: UUID; let definition: String }
        return try await sql.select().columns("id", "definition").from("alert_rules").where("workspace_id", .equal, SQLBind(workspaceID))
            .orderBy("created_at").all(decoding: Row.self)
            .map { ($0.id, try StoredJSON.decode(AlertRule.self, $0.definition)) }
    }

    /// Checks the rules against items stored earlier, opening their cases at the items' own times:
    /// the demo uses it to give its recent detractors the cases they would have had. An item
    /// checked before is refused by `alert_matches`' key, as a second firing would be.
    static func replay(_ workspaceID: UUID, _ items: [Item], on sql: any SQLDatabase) async throws -> Result {
        try await run(workspaceID, items, backdated: true, rules: try await IngestRules.current(workspaceID, on: sql), on: sql)
    }

    private static func run(_ workspaceID: UUID, _ items: [Item], backdated: Bool = false, rules: IngestRules,
                            on sql: any SQLDatabase) async throws -> Result {
        let (stored, evaluator) = (rules.alertRules, rules.evaluator)
        guard !evaluator.isEmpty, !items.isEmpty else { return Result() }
        var items = items
        if evaluator.needsSentiment {
            let analyzer = try SentimentLexicons.analyzer()
            for i in items.indices {
                items[i].subject.sentiment = items[i].subject.comment.map { analyzer.score($0, language: items[i].language) }
            }
        }
        if evaluator.needsCustomerValue {
            let ids = Array(Set(items.compactMap(\.subject.customerID)))
            var values: [UUID: Double] = [:]
            for start in stride(from: 0, to: ids.count, by: 500) {
                struct Row: Decodable { let id: UUID; let value_per_year: Double? }
                for row in try await sql.select().columns("id", "value_per_year").from("customers")
                    .where("id", .in, SQLBind.group(Array(ids[start..<min(start + 500, ids.count)]))).all(decoding: Row.self) {
                    values[row.id] = row.value_per_year
                }
            }
            for i in items.indices { items[i].subject.customerValue = items[i].subject.customerID.flatMap { values[$0] } }
        }
        var matched: [(item: Item, outcome: AlertEvaluator.Outcome)] = []
        for item in items { if let outcome = evaluator.evaluate(item.subject) { matched.append((item, outcome)) } }
        guard !matched.isEmpty else { return Result() }

        let names = Dictionary(uniqueKeysWithValues: stored.map { ($0.id, $0.rule.name) })
        let opening = matched.filter(\.outcome.openCase)
        let drafts = opening.map { m in
            CaseDraft(title: title(m.outcome.ruleIDs.compactMap { names[$0] }, m.item.subject), source: m.item.subject.kind == .response ? .response : .contact,
                      sourceID: m.item.subject.id, customerID: m.item.subject.customerID, touchpointID: m.item.subject.touchpointID,
                      surveyID: m.item.subject.surveyID, nps: m.item.subject.nps, csat: m.item.subject.csat, ces: m.item.subject.ces,
                      comment: m.item.subject.comment.map { String($0.prefix(2000)) }, priority: m.outcome.priority,
                      assignment: m.outcome.assignment, openedAt: backdated ? m.item.at : Date().timeIntervalSince1970,
                      openedBy: "alert rule " + m.outcome.ruleIDs.compactMap { names[$0] }.joined(separator: ", "))
        }
        var result = Result()
        result.cases = try await CaseStore.open(workspaceID, drafts, actorID: nil, queued: &result.queuedDeliveries, on: sql)
        let caseBySubject = Dictionary(uniqueKeysWithValues: zip(opening.map(\.item.subject.id), result.cases.map(\.id)))
        let now = Date().timeIntervalSince1970
        let rows = matched.flatMap { m in m.outcome.ruleIDs.map { (rule: $0, item: m.item, case: caseBySubject[m.item.subject.id]) } }
        for start in stride(from: 0, to: rows.count, by: 200) {
            var insert = sql.insert(into: "alert_matches").columns("rule_id", "subject_id", "workspace_id", "subject_kind", "matched_at", "case_id")
            for r in rows[start..<min(start + 200, rows.count)] {
                insert = insert.values(SQLBind(r.rule), SQLBind(r.item.subject.id), SQLBind(workspaceID), SQLBind(r.item.subject.kind.rawValue),
                                       SQLBind(now), SQLBind(r.case))
            }
            try await insert.run()
        }
        for m in matched where !m.outcome.webhookIDs.isEmpty {
            result.queuedDeliveries += try await WebhookOutbox.enqueue(
                workspaceID, .alertTriggered,
                [AlertEventData(rules: m.outcome.ruleIDs.map { AlertEventData.Rule(id: $0, name: names[$0] ?? "") },
                                subject_kind: m.item.subject.kind.rawValue, subject_id: m.item.subject.id,
                                customer_id: m.item.subject.customerID, touchpoint_id: m.item.subject.touchpointID,
                                nps: m.item.subject.nps, csat: m.item.subject.csat, ces: m.item.subject.ces, comment: m.item.subject.comment,
                                case_id: caseBySubject[m.item.subject.id])],
                only: m.outcome.webhookIDs, on: sql)
        }
        return result
    }

    /// "Detractor follow-up: NPS 3", "Repeat contacts: repeat contact".
    static func title(_ rules: [String], _ s: AlertSubject) -> String {
        var facts: [String] = []
        if let v = s.nps { facts.append("NPS \(v)") }
        if let v = s.csat { facts.append("CSAT \(v)") }
        if let v = s.ces { facts.append("effort \(v)") }
        if s.kind == .contact { facts.append(s.isRepeat ? "repeat contact" : "contact") }
        let name = rules.first ?? "Alert"
        return String((facts.isEmpty ? name : "\(name): \(facts.joined(separator: ", "))").prefix(200))
    }
}

/// A response as the `response.received` event carries it.
struct ResponseEventData: Encodable, Sendable {
    let id: UUID
    let survey_id: UUID
    let touchpoint_id: UUID?
    let customer_id: UUID?
    let channel: String
    let language: String
    let received_at: String
    let nps: Int?
    let csat: Int?
    let ces: Int?
    let comment: String?
    let answers: [String: Answer]

    init(_ p: ResponseService.Prepared) {
        id = p.record.id
        survey_id = p.record.surveyID
        touchpoint_id = p.record.touchpointID
        customer_id = p.record.customerID
        channel = p.record.channel
        language = p.record.language
        received_at = Timestamp.format(p.record.receivedAt)
        nps = p.nps
        csat = p.csat
        ces = p.ces
        comment = p.comment
        answers = p.record.answers
    }
}

/// What the `alert.triggered` event carries: the rules that matched and the item.
struct AlertEventData: Encodable, Sendable {
    struct Rule: Encodable, Sendable { let id: UUID; let name: String }
    let rules: [Rule]
    let subject_kind: String
    let subject_id: UUID
    let customer_id: UUID?
    let touchpoint_id: UUID?
    let nps: Int?
    let csat: Int?
    let ces: Int?
    let comment: String?
    let case_id: UUID?
}
