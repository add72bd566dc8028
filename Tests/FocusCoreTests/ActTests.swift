import FocusCore
import Foundation
import Testing

@Suite("Act: alert rules, service levels, authority limits, case lifecycle, money")
struct ActTests {
    let detractorRule = AlertRule(name: "Detractors", source: .responses, conditions: AlertConditions(npsAtMost: 6),
                                  actions: AlertActions(priority: .high, assignment: .touchpointTeam))

    func response(nps: Int? = nil, csat: Int? = nil, ces: Int? = nil, comment: String? = nil, sentiment: Double? = nil,
                  value: Double? = nil, touchpoint: UUID? = nil) -> AlertSubject {
        AlertSubject(kind: .response, id: UUID(), touchpointID: touchpoint, nps: nps, csat: csat, ces: ces, comment: comment,
                     sentiment: sentiment, customerValue: value)
    }

    @Test("each condition at its boundary; a condition on what the item lacks is not met")
    func boundaries() throws {
        let evaluator = AlertEvaluator(rules: [
            (UUID(), detractorRule),
            (UUID(), AlertRule(name: "Unhappy", conditions: AlertConditions(csatAtMost: 2))),
            (UUID(), AlertRule(name: "Effort", conditions: AlertConditions(cesAtLeast: 5))),
            (UUID(), AlertRule(name: "Negative", conditions: AlertConditions(sentimentBelow: -0.05))),
            (UUID(), AlertRule(name: "Valuable", conditions: AlertConditions(customerValueAtLeast: 1000))),
        ])
        func names(_ s: AlertSubject) -> [String] {
            evaluator.rules.filter { evaluator.matches($0, s) }.map(\.rule.name)
        }
        #expect(names(response(nps: 6)) == ["Detractors"])
        #expect(names(response(nps: 7)).isEmpty)
        #expect(names(response(csat: 2)) == ["Unhappy"])
        #expect(names(response(csat: 3)).isEmpty)
        #expect(names(response(ces: 5)) == ["Effort"])
        #expect(names(response(ces: 4)).isEmpty)
        #expect(names(response(sentiment: -0.06)) == ["Negative"])
        #expect(names(response(sentiment: -0.05)).isEmpty)
        #expect(names(response(value: 1000)) == ["Valuable"])
        #expect(names(response(value: 999.99)).isEmpty)
        #expect(names(response()).isEmpty, "no data, no match")
        // A contact has no NPS: the responses-only rule does not look at it, whatever it carries.
        let contact = AlertSubject(kind: .contact, id: UUID(), nps: 0, isRepeat: true)
        #expect(!names(contact).contains("Detractors"))
    }

    @Test("keywords match words, stems and phrases as themes do; any and all; scope by touchpoint")
    func keywordsAndMatch() throws {
        let rule = try AlertRule(name: "Churn risk", conditions: AlertConditions(keywords: ["Cancel*", "switch insurer"])).validated()
        #expect(rule.conditions.keywords == ["cancel*", "switch insurer"])
        let touchpoint = UUID()
        let scoped = AlertRule(name: "Branch", touchpointID: touchpoint, match: .any, conditions: AlertConditions(npsAtMost: 3, keywords: ["rude"]))
        let all = AlertRule(name: "Both", match: .all, conditions: AlertConditions(npsAtMost: 3, keywords: ["rude"]))
        let evaluator = AlertEvaluator(rules: [(UUID(), rule), (UUID(), scoped), (UUID(), all)])
        func names(_ s: AlertSubject) -> Set<String> { Set(evaluator.rules.filter { evaluator.matches($0, s) }.map(\.rule.name)) }
        #expect(names(response(comment: "I will CANCELLED it")) == ["Churn risk"])
        #expect(names(response(comment: "thinking to switch insurer soon")) == ["Churn risk"])
        #expect(names(response(comment: "the insurer will switch")).isEmpty, "a phrase keeps its order")
        #expect(names(response(comment: "can we talk")).isEmpty, "a stem needs its letters")
        #expect(names(response(nps: 2, touchpoint: touchpoint)) == ["Branch"], "any: one condition is enough")
        #expect(names(response(nps: 9, comment: "so rude", touchpoint: touchpoint)) == ["Branch"])
        #expect(names(response(nps: 2, comment: "so rude")) == ["Both"], "another touchpoint: the scoped rule does not look")
        #expect(names(response(nps: 2, comment: "so rude", touchpoint: touchpoint)) == ["Branch", "Both"])
    }

    @Test("several rules on one item: one case at the highest priority, assigned as its rule says; every webhook once")
    func outcome() throws {
        let team = UUID(), person = UUID(), hookA = UUID(), hookB = UUID()
        let ids = [UUID(), UUID(), UUID()]
        let evaluator = AlertEvaluator(rules: [
            (ids[0], AlertRule(name: "A", conditions: AlertConditions(npsAtMost: 6),
                               actions: AlertActions(priority: .normal, assignment: .team(team), webhookIDs: [hookA]))),
            (ids[1], AlertRule(name: "B", conditions: AlertConditions(npsAtMost: 2),
                               actions: AlertActions(priority: .urgent, assignment: .person(person), webhookIDs: [hookA, hookB]))),
            (ids[2], AlertRule(name: "C", active: false, conditions: AlertConditions(npsAtMost: 10))),
        ])
        let subject = response(nps: 1)
        let result = try #require(evaluator.evaluate(subject))
        #expect(result.ruleIDs == [ids[0], ids[1]], "the inactive rule is not checked")
        #expect(result.openCase && result.priority == .urgent && result.assignment == .person(person))
        #expect(result.webhookIDs == [hookA, hookB])
        #expect(evaluator.evaluate(response(nps: 8)) == nil)
        let notifyOnly = AlertEvaluator(rules: [(UUID(), AlertRule(name: "N", conditions: AlertConditions(npsAtMost: 6),
                                                                   actions: AlertActions(openCase: false, assignment: .unassigned, webhookIDs: [hookB])))])
        let quiet = try #require(notifyOnly.evaluate(subject))
        #expect(!quiet.openCase && quiet.webhookIDs == [hookB])
    }

    @Test("a rule is checked before it is stored, naming the field")
    func validation() {
        func field(_ rule: AlertRule) -> String? {
            do { _ = try rule.validated(); return nil } catch { return error.field }
        }
        #expect(field(AlertRule(name: "x", conditions: AlertConditions())) == "conditions")
        #expect(field(AlertRule(name: "x", conditions: AlertConditions(npsAtMost: 10))) == "conditions.nps_at_most")
        #expect(field(AlertRule(name: "x", conditions: AlertConditions(csatAtMost: 5))) == "conditions.csat_at_most")
        #expect(field(AlertRule(name: "x", conditions: AlertConditions(cesAtLeast: 1))) == "conditions.ces_at_least")
        #expect(field(AlertRule(name: "x", conditions: AlertConditions(sentimentBelow: -1))) == "conditions.sentiment_below")
        #expect(field(AlertRule(name: "x", conditions: AlertConditions(keywords: ["ok", "ab*"]))) == "conditions.keywords[1]")
        #expect(field(AlertRule(name: "x", conditions: AlertConditions(keywords: []))) == "conditions.keywords")
        #expect(field(AlertRule(name: " ", conditions: AlertConditions(npsAtMost: 6))) == "name")
        #expect(field(AlertRule(name: "x", source: .contacts, conditions: AlertConditions(npsAtMost: 6))) == "conditions")
        #expect(field(AlertRule(name: "x", source: .responses, conditions: AlertConditions(repeatContact: true))) == "conditions.repeat_contact")
        #expect(field(AlertRule(name: "x", conditions: AlertConditions(npsAtMost: 6), actions: AlertActions(openCase: false))) == "actions")
        #expect(field(AlertRule(name: "x", conditions: AlertConditions(npsAtMost: 6),
                                actions: AlertActions(openCase: false, assignment: .team(UUID()), webhookIDs: [UUID()]))) == "actions.assign")
        #expect(field(detractorRule) == nil)
    }

    @Test("the rule's JSON: defaults filled in, assignment spelled out")
    func coding() throws {
        let team = UUID()
        let json = #"{"name":"R","conditions":{"nps_at_most":4},"actions":{"assign":{"to":"team","team_id":"\#(team)"}}}"#
        let rule = try JSONDecoder().decode(AlertRule.self, from: Data(json.utf8))
        #expect(rule.active && rule.source == .both && rule.match == .all)
        #expect(rule.actions.openCase && rule.actions.priority == .normal && rule.actions.assignment == .team(team))
        let again = try JSONDecoder().decode(AlertRule.self, from: try JSONEncoder().encode(rule))
        #expect(again == rule)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(AlertRule.self, from: Data(#"{"name":"R","conditions":{},"actions":{"assign":{"to":"team"}}}"#.utf8))
        }
    }

    @Test("service levels: due times per priority; a higher priority is never due later")
    func serviceLevels() throws {
        let levels = ServiceLevels.standard
        #expect(levels.due(openedAt: 1_000_000, priority: .high) == 1_000_000 + 24 * 3600)
        #expect(levels.due(openedAt: 0, priority: .urgent) == 4 * 3600)
        #expect(levels.due(openedAt: 0, priority: .low) == 168 * 3600)
        var custom = levels
        custom.hours[.high] = 2
        #expect(throws: FieldError("hours.high", "must be at least the urgent priority's 4 hours")) { try custom.validated() }
        custom.hours[.high] = 0
        #expect(throws: FieldError.self) { try custom.validated() }
        custom.hours[.high] = 8
        #expect(try custom.validated().hours(for: .high) == 8)
    }

    @Test("authority: within the limit final, above it pending; approval by someone else whose limit covers it")
    func authority() throws {
        let agent = UUID(), lead = UUID(), trusted = UUID()
        var limits = AuthorityLimits.standard
        limits.people[trusted] = 100_000
        #expect(limits.status(ofGoodwill: 5_000, by: agent, role: .agent) == .final)
        #expect(limits.status(ofGoodwill: 5_001, by: agent, role: .agent) == .pending)
        #expect(limits.status(ofGoodwill: 60_000, by: trusted, role: .agent) == .final, "a person's own limit replaces the role's")
        #expect(limits.status(ofGoodwill: 1, by: nil, role: .viewer) == .pending)
        #expect(throws: FieldError.self) { try limits.checkApproval(ofGoodwill: 12_050, requester: agent, approver: agent, role: .owner, currency: "EUR") }
        #expect(throws: FieldError("approver", "your limit of EUR 250.00 does not cover EUR 300.00")) {
            try limits.checkApproval(ofGoodwill: 30_000, requester: agent, approver: lead, role: .analyst, currency: "EUR")
        }
        try limits.checkApproval(ofGoodwill: 25_000, requester: agent, approver: lead, role: .analyst, currency: "EUR")
        #expect(throws: FieldError.self) { try AuthorityLimits(roles: [.agent: -1]).validated() }
    }

    @Test("case statuses move forward, resolved and closed cases reopen into progress, nothing returns to new")
    func lifecycle() {
        #expect(CaseStatus.new.mayMove(to: .inProgress) && CaseStatus.new.mayMove(to: .resolved))
        #expect(CaseStatus.waitingForCustomer.mayMove(to: .inProgress))
        #expect(!CaseStatus.inProgress.mayMove(to: .new) && !CaseStatus.inProgress.mayMove(to: .inProgress))
        #expect(CaseStatus.resolved.mayMove(to: .closed) && CaseStatus.resolved.mayMove(to: .inProgress))
        #expect(!CaseStatus.resolved.mayMove(to: .waitingForCustomer))
        #expect(CaseStatus.closed.mayMove(to: .inProgress) && !CaseStatus.closed.mayMove(to: .resolved))
        #expect(CaseStatus.allCases.filter(\.isOpen) == [.new, .inProgress, .waitingForCustomer])
    }

    @Test("money in cents: two decimals at most, exact sums, formatted with the currency")
    func money() throws {
        #expect(try Money.cents(25.5, field: "amount") == 2550)
        #expect(try Money.cents(0.1 + 0.2, field: "amount") == 30)
        #expect(try Money.cents(120.5, field: "amount") == 12050)
        #expect(throws: FieldError("amount", "may have at most two decimals")) { try Money.cents(1.234, field: "amount") }
        #expect(throws: FieldError.self) { try Money.cents(-1, field: "amount") }
        #expect(throws: FieldError.self) { try Money.cents(.nan, field: "amount") }
        #expect(Money.format(123_456_789, currency: "EUR") == "EUR 1,234,567.89")
        #expect(Money.format(5, currency: "CHF") == "CHF 0.05")
        #expect(Money.format(100_000, currency: "EUR") == "EUR 1,000.00")
    }
}
