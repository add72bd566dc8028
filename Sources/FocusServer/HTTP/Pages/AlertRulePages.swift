import FocusCore
import Foundation
import Hummingbird

/// The alert rules pages: every member sees what each rule checks and does, in words, and how
/// often it fired; analysts and owners add, change and delete rules. A rule's conditions and
/// actions are plain form fields (numbers, a keyword list, checkboxes, radio buttons), so no
/// script is needed to write one; what the form cannot express is refused by the same
/// validation as the API (`AlertRule.validated`), with the message next to the field.
struct AlertRulePages {
    let services: FocusServices

    func addRoutes(to routes: RouteTable) {
        routes.workspace(.get, "/w/:workspace/alert-rules", .read, list)
        routes.workspace(.post, "/w/:workspace/alert-rules", .configure, create)
        routes.workspace(.get, "/w/:workspace/alert-rules/:id/edit", .configure, edit)
        routes.workspace(.post, "/w/:workspace/alert-rules/:id", .configure, update)
        routes.workspace(.post, "/w/:workspace/alert-rules/:id/delete", .configure, delete)
    }

    typealias Option = CasePages.Option
    struct Check { let value: String; let label: String; let checked: Bool }

    // MARK: the form

    /// A rule as the form holds it: text as typed (so a wrong number comes back as it was
    /// written) and one message per field.
    struct Form {
        var name = ""
        var active = true
        var source = AlertSource.both.rawValue
        var surveyID = ""
        var touchpointID = ""
        var match = AlertMatch.all.rawValue
        var npsAtMost = ""
        var csatAtMost = ""
        var cesAtLeast = ""
        var sentimentBelow = ""
        var keywords = ""
        var customerValueAtLeast = ""
        var repeatContact = false
        var openCase = true
        var priority = CasePriority.normal.rawValue
        var assign = "touchpoint_team"
        var assignTeamID = ""
        var assignUserID = ""
        var webhookIDs: Set<String> = []

        var nameError: String?
        var scopeError: String?
        var conditionsError: String?
        var npsError: String?
        var csatError: String?
        var cesError: String?
        var sentimentError: String?
        var keywordsError: String?
        var valueError: String?
        var repeatError: String?
        var actionsError: String?
        var assignError: String?
        var webhooksError: String?
        var error: String?

        init() {}

        init(_ rule: AlertRule) {
            name = rule.name
            active = rule.active
            source = rule.source.rawValue
            surveyID = rule.surveyID?.uuidString ?? ""
            touchpointID = rule.touchpointID?.uuidString ?? ""
            match = rule.match.rawValue
            let c = rule.conditions
            npsAtMost = c.npsAtMost.map(String.init) ?? ""
            csatAtMost = c.csatAtMost.map(String.init) ?? ""
            cesAtLeast = c.cesAtLeast.map(String.init) ?? ""
            sentimentBelow = c.sentimentBelow.map { String($0) } ?? ""
            keywords = (c.keywords ?? []).joined(separator: "\n")
            customerValueAtLeast = c.customerValueAtLeast.map { String(format: "%.2f", $0) } ?? ""
            repeatContact = c.repeatContact == true
            openCase = rule.actions.openCase
            priority = rule.actions.priority.rawValue
            switch rule.actions.assignment {
            case .unassigned: assign = "none"
            case .touchpointTeam: assign = "touchpoint_team"
            case .team(let id): assign = "team"; assignTeamID = id.uuidString
            case .person(let id): assign = "person"; assignUserID = id.uuidString
            }
            webhookIDs = Set(rule.actions.webhookIDs.map(\.uuidString))
        }

        init(_ fields: [String: [String]]) {
            func v(_ name: String) -> String { CasePages.value(fields, name) }
            name = v("name")
            active = fields["active"] != nil
            source = v("source")
            surveyID = v("survey_id")
            touchpointID = v("touchpoint_id")
            match = v("match")
            npsAtMost = v("nps_at_most")
            csatAtMost = v("csat_at_most")
            cesAtLeast = v("ces_at_least")
            sentimentBelow = v("sentiment_below")
            keywords = fields["keywords"]?.first ?? ""
            customerValueAtLeast = v("customer_value_at_least")
            repeatContact = fields["repeat_contact"] != nil
            openCase = fields["open_case"] != nil
            priority = v("priority")
            assign = v("assign")
            assignTeamID = v("assign_team_id")
            assignUserID = v("assign_user_id")
            webhookIDs = Set((fields["webhook_ids"] ?? []).filter { !$0.isEmpty })
        }

        /// The keywords as listed: one per line or separated by commas.
        var keywordList: [String] {
            keywords.split(whereSeparator: { $0.isNewline || $0 == "," }).map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
        }

        /// The rule the form describes; numbers that are not numbers are refused here, naming
        /// the field as the rule's own validation does, the rest by `AlertRule.validated`.
        func rule() throws(FieldError) -> AlertRule {
            func whole(_ text: String, _ field: String, _ range: ClosedRange<Int>) throws(FieldError) -> Int? {
                if text.isEmpty { return nil }
                guard let n = Int(text) else { throw FieldError(field, "must be a whole number from \(range.lowerBound) to \(range.upperBound)") }
                return n
            }
            var conditions = AlertConditions()
            conditions.npsAtMost = try whole(npsAtMost, "conditions.nps_at_most", 0...9)
            conditions.csatAtMost = try whole(csatAtMost, "conditions.csat_at_most", 1...4)
            conditions.cesAtLeast = try whole(cesAtLeast, "conditions.ces_at_least", 2...7)
            if !sentimentBelow.isEmpty {
                // People type the minus sign of what they read (−0.05), not always a hyphen.
                guard let v = Double(sentimentBelow.replacingOccurrences(of: "−", with: "-").replacingOccurrences(of: ",", with: ".")) else {
                    throw FieldError("conditions.sentiment_below", "must be a number above −1 and at most 1, such as −0.05")
                }
                conditions.sentimentBelow = v
            }
            let terms = keywordList
            conditions.keywords = terms.isEmpty ? nil : terms
            if !customerValueAtLeast.isEmpty {
                conditions.customerValueAtLeast = Money.amount(try CasePages.cents(customerValueAtLeast, field: "conditions.customer_value_at_least"))
            }
            conditions.repeatContact = repeatContact ? true : nil
            guard let source = AlertSource(rawValue: source) else { throw FieldError("source", "must be responses, contacts or both") }
            guard let match = AlertMatch(rawValue: match) else { throw FieldError("match", "must be all or any") }
            guard let priority = CasePriority(rawValue: priority) else { throw FieldError("actions.priority", "must be low, normal, high or urgent") }
            func id(_ text: String, _ field: String, _ what: String) throws(FieldError) -> UUID? {
                if text.isEmpty { return nil }
                guard let id = UUID(uuidString: text) else { throw FieldError(field, "is not \(what) of this workspace") }
                return id
            }
            let assignment: CaseAssignment
            switch assign {
            case "none": assignment = .unassigned
            case "team":
                guard let team = try id(assignTeamID, "actions.assign.team_id", "a team") else { throw FieldError("actions.assign", "to a team needs the team: choose one") }
                assignment = .team(team)
            case "person":
                guard let user = try id(assignUserID, "actions.assign.user_id", "a member") else { throw FieldError("actions.assign", "to a person needs the person: choose one") }
                assignment = .person(user)
            default: assignment = .touchpointTeam
            }
            var webhooks: [UUID] = []
            for text in webhookIDs.sorted() {
                guard let hook = try id(text, "actions.webhook_ids", "a webhook") else { continue }
                webhooks.append(hook)
            }
            return AlertRule(name: name, active: active, source: source, surveyID: try id(surveyID, "survey_id", "a survey"),
                             touchpointID: try id(touchpointID, "touchpoint_id", "a touchpoint"), match: match, conditions: conditions,
                             actions: AlertActions(openCase: openCase, priority: priority, assignment: assignment, webhookIDs: webhooks))
        }

        /// Puts the message next to the field it names, in words a person reads.
        mutating func show(_ e: FieldError) {
            func say(_ label: String) -> String { "\(label) \(e.message)." }
            let f = e.field
            switch true {
            case f == "name": nameError = AuthPages.sentence(e)
            case f == "source", f == "survey_id", f == "touchpoint_id", f == "match":
                scopeError = say(["source": "What it looks at", "survey_id": "The survey", "touchpoint_id": "The touchpoint", "match": "Match"][f]!)
            case f == "conditions.nps_at_most": npsError = say("NPS at most")
            case f == "conditions.csat_at_most": csatError = say("CSAT at most")
            case f == "conditions.ces_at_least": cesError = say("Effort at least")
            case f == "conditions.sentiment_below": sentimentError = say("Sentiment below")
            case f.hasPrefix("conditions.keywords"):
                // `conditions.keywords[2]`: name the keyword itself.
                let index = f.split(separator: "[").last.flatMap { Int($0.dropLast()) }
                let terms = keywordList
                keywordsError = say(index.flatMap { terms.indices.contains($0) ? "The keyword “\(terms[$0])”" : nil } ?? "Keywords")
            case f == "conditions.customer_value_at_least": valueError = say("Customer value")
            case f == "conditions.repeat_contact": repeatError = say("Repeat contact")
            case f == "conditions": conditionsError = say("The conditions")
            case f.hasPrefix("actions.assign"): assignError = say("Assigning")
            case f.hasPrefix("actions.webhook_ids"): webhooksError = say("A webhook")
            case f.hasPrefix("actions"): actionsError = say("The rule")
            default: error = AuthPages.sentence(e)
            }
        }

        var failed: Bool {
            [nameError, scopeError, conditionsError, npsError, csatError, cesError, sentimentError, keywordsError, valueError, repeatError,
             actionsError, assignError, webhooksError, error].contains { $0 != nil }
        }
    }

    /// The form as the templates show it (both the list's and the edit page's use `{{#form}}`).
    struct FormModel {
        let action: String
        let submitLabel: String
        let name: String
        let active: Bool
        let sources: [Option]
        let surveys: [Option]
        let touchpoints: [Option]
        let matchOptions: [Option]
        let npsAtMost: String
        let csatAtMost: String
        let cesAtLeast: String
        let sentimentBelow: String
        let keywords: String
        let customerValueAtLeast: String
        let repeatContact: Bool
        let openCase: Bool
        let priorities: [Option]
        let assignOptions: [Option]
        let teams: [Option]
        let people: [Option]
        let webhooks: [Check]
        let hasWebhooks: Bool
        let currency: String
        let nameError: String?
        let scopeError: String?
        let conditionsError: String?
        let npsError: String?
        let csatError: String?
        let cesError: String?
        let sentimentError: String?
        let keywordsError: String?
        let valueError: String?
        let repeatError: String?
        let actionsError: String?
        let assignError: String?
        let webhooksError: String?
        let formError: String?
    }

    /// What the pages need to show names instead of ids.
    struct Catalogue {
        let surveys: [(UUID, String)]
        let touchpoints: [(UUID, String)]
        let teams: [(UUID, String)]
        let people: [(UUID, String)]
        let webhooks: [(UUID, String)]
    }

    private func catalogue(_ w: WorkspaceContext) async throws -> Catalogue {
        Catalogue(
            surveys: try await services.surveys.list(w.id).map { ($0.id, $0.definition.name) },
            touchpoints: try await services.catalogue.touchpoints(w.id).map { ($0.id, $0.touchpoint.name) },
            teams: try await services.teams.list(w.id).map { ($0.id, $0.name) },
            people: try await services.accounts.members(of: w.id).sorted { $0.name < $1.name }.map { ($0.userID, $0.name) },
            webhooks: try await services.webhooks.list(w.id).map { ($0.webhook.id, $0.webhook.name + ($0.webhook.active ? "" : " (paused)")) })
    }

    private func formModel(_ form: Form, action: String, submitLabel: String, _ cat: Catalogue, _ w: WorkspaceContext) -> FormModel {
        func options(_ all: [(UUID, String)], none: String, selected: String) -> [Option] {
            [Option(value: "", label: none, selected: selected.isEmpty)]
                + all.map { Option(value: $0.0.uuidString, label: $0.1, selected: $0.0.uuidString == selected) }
        }
        return FormModel(
            action: action, submitLabel: submitLabel, name: form.name, active: form.active,
            sources: [("both", "Responses and contacts"), ("responses", "Survey responses only"), ("contacts", "Contacts only")]
                .map { Option(value: $0.0, label: $0.1, selected: $0.0 == form.source) },
            surveys: options(cat.surveys, none: "Any survey", selected: form.surveyID),
            touchpoints: options(cat.touchpoints, none: "Any touchpoint", selected: form.touchpointID),
            matchOptions: [("all", "All the conditions filled in"), ("any", "Any one of them")]
                .map { Option(value: $0.0, label: $0.1, selected: $0.0 == form.match) },
            npsAtMost: form.npsAtMost, csatAtMost: form.csatAtMost, cesAtLeast: form.cesAtLeast, sentimentBelow: form.sentimentBelow,
            keywords: form.keywords, customerValueAtLeast: form.customerValueAtLeast, repeatContact: form.repeatContact,
            openCase: form.openCase,
            priorities: CasePriority.allCases.reversed().map { Option(value: $0.rawValue, label: $0.label, selected: $0.rawValue == form.priority) },
            assignOptions: [("touchpoint_team", "The team of the item's touchpoint"), ("team", "A team"), ("person", "A person"), ("none", "Nobody (unassigned)")]
                .map { Option(value: $0.0, label: $0.1, selected: $0.0 == form.assign) },
            teams: options(cat.teams, none: "Choose a team", selected: form.assignTeamID),
            people: options(cat.people, none: "Choose a person", selected: form.assignUserID),
            webhooks: cat.webhooks.map { Check(value: $0.0.uuidString, label: $0.1, checked: form.webhookIDs.contains($0.0.uuidString)) },
            hasWebhooks: !cat.webhooks.isEmpty, currency: w.currency,
            nameError: form.nameError, scopeError: form.scopeError, conditionsError: form.conditionsError, npsError: form.npsError,
            csatError: form.csatError, cesError: form.cesError, sentimentError: form.sentimentError, keywordsError: form.keywordsError,
            valueError: form.valueError, repeatError: form.repeatError, actionsError: form.actionsError, assignError: form.assignError,
            webhooksError: form.webhooksError, formError: form.error)
    }

    // MARK: in words

    /// What a rule checks, in a sentence: "Survey responses to “NPS” with NPS at most 6 and a comment mentioning “cancel*”".
    static func checks(_ rule: AlertRule, _ cat: Catalogue, currency: String) -> String {
        func name(_ id: UUID?, in all: [(UUID, String)]) -> String? { id.map { id in all.first { $0.0 == id }?.1 ?? "a deleted one" } }
        var scope = switch rule.source {
        case .both: "Responses and contacts"
        case .responses: "Survey responses"
        case .contacts: "Contacts"
        }
        if let survey = name(rule.surveyID, in: cat.surveys) { scope += " to “\(survey)”" }
        if let touchpoint = name(rule.touchpointID, in: cat.touchpoints) { scope += " at “\(touchpoint)”" }
        let c = rule.conditions
        let parts = [
            c.npsAtMost.map { "NPS at most \($0)" },
            c.csatAtMost.map { "CSAT at most \($0)" },
            c.cesAtLeast.map { "effort (CES) at least \($0)" },
            c.sentimentBelow.map { "comment sentiment below \(String(format: "%.2f", $0).replacingOccurrences(of: "-", with: "−"))" },
            c.keywords.map { "a comment mentioning \($0.map { "“\($0)”" }.joined(separator: ", "))" },
            c.customerValueAtLeast.map { "a customer worth at least \(Money.format(Int(($0 * 100).rounded()), currency: currency)) a year" },
            c.repeatContact == true ? "a repeat contact" : nil,
        ].compactMap { $0 }
        return scope + " with " + parts.joined(separator: rule.match == .all ? " and " : " or ")
    }

    /// What a rule does: "Opens a high-priority case for the touchpoint's team; notifies “Help desk”".
    static func does(_ rule: AlertRule, _ cat: Catalogue) -> String {
        func name(_ id: UUID, in all: [(UUID, String)]) -> String { all.first { $0.0 == id }?.1 ?? "a deleted one" }
        var parts: [String] = []
        if rule.actions.openCase {
            let to = switch rule.actions.assignment {
            case .unassigned: "unassigned"
            case .touchpointTeam: "for the team of its touchpoint"
            case .team(let id): "for the team “\(name(id, in: cat.teams))”"
            case .person(let id): "for \(name(id, in: cat.people))"
            }
            parts.append("Opens a \(rule.actions.priority.rawValue)-priority case \(to)")
        }
        if !rule.actions.webhookIDs.isEmpty {
            parts.append((parts.isEmpty ? "Notifies " : "notifies ") + rule.actions.webhookIDs.map { "“\(name($0, in: cat.webhooks))”" }.joined(separator: ", "))
        }
        return parts.joined(separator: "; ")
    }

    // MARK: the list

    struct ListModel {
        struct Row {
            let id: String
            let name: String
            let active: Bool
            let checks: String
            let does: String
            let matches: Int
            let recentMatches: Int
        }
        let layout: LayoutModel
        let rows: [Row]
        let canEdit: Bool
        let notice: String?
        let form: FormModel
    }

    @Sendable func list(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let notice: String? = switch request.uri.queryParameters["done"].map(String.init) {
        case "created": "Rule added. It checks every response or contact stored from now on."
        case "updated": "Rule saved. It applies to items stored from now on."
        case "deleted": "Rule deleted. The cases it opened stay."
        default: nil
        }
        return try await renderList(context, w, form: Form(), notice: notice)
    }

    private func renderList(_ context: FocusRequestContext, _ w: WorkspaceContext, form: Form, notice: String? = nil) async throws -> Response {
        let cat = try await catalogue(w)
        let rules = try await services.alertRules.list(w.id)
        let model = ListModel(
            layout: try await WorkspacePages.layout(services, context, w, title: "Alert rules", section: "alert-rules"),
            rows: rules.map { r in
                ListModel.Row(id: r.id.uuidString, name: r.rule.name, active: r.rule.active, checks: Self.checks(r.rule, cat, currency: w.currency),
                              does: Self.does(r.rule, cat), matches: r.matches, recentMatches: r.recentMatches)
            },
            canEdit: w.role.allows(.configure), notice: notice,
            form: formModel(form, action: "/w/\(w.slug)/alert-rules", submitLabel: "Add rule", cat, w))
        return services.pages.render("alert-rules", model, status: form.failed ? .unprocessableContent : .ok)
    }

    @Sendable func create(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        var request = request
        var form = Form(try await FormBody.fields(&request, context: context))
        do {
            _ = try await services.alertRules.create(w.id, try form.rule(), by: Caller(w))
            return .seeOther("/w/\(w.slug)/alert-rules?done=created")
        } catch let e as FieldError {
            form.show(e)
            return try await renderList(context, w, form: form)
        }
    }

    // MARK: one rule

    struct EditModel {
        let layout: LayoutModel
        let ruleID: String
        let ruleName: String
        let matches: Int
        let recentMatches: Int
        let form: FormModel
    }

    @Sendable func edit(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let id = try context.id(of: "alert rule")
        guard let record = try await services.alertRules.get(w.id, id: id) else { throw APIError.notFound("alert rule") }
        return try await renderEdit(context, w, record: record, form: Form(record.rule))
    }

    private func renderEdit(_ context: FocusRequestContext, _ w: WorkspaceContext, record: AlertRuleRecord, form: Form) async throws -> Response {
        let cat = try await catalogue(w)
        let model = EditModel(
            layout: try await WorkspacePages.layout(services, context, w, title: "Alert rule \(record.rule.name)", section: "alert-rules"),
            ruleID: record.id.uuidString, ruleName: record.rule.name, matches: record.matches, recentMatches: record.recentMatches,
            form: formModel(form, action: "/w/\(w.slug)/alert-rules/\(record.id.uuidString)", submitLabel: "Save rule", cat, w))
        return services.pages.render("alert-rule-edit", model, status: form.failed ? .unprocessableContent : .ok)
    }

    @Sendable func update(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let id = try context.id(of: "alert rule")
        var request = request
        var form = Form(try await FormBody.fields(&request, context: context))
        guard let record = try await services.alertRules.get(w.id, id: id) else { throw APIError.notFound("alert rule") }
        do {
            _ = try await services.alertRules.update(w.id, id: id, try form.rule(), by: Caller(w))
            return .seeOther("/w/\(w.slug)/alert-rules?done=updated")
        } catch let e as FieldError {
            form.show(e)
            return try await renderEdit(context, w, record: record, form: form)
        }
    }

    @Sendable func delete(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        try await services.alertRules.delete(w.id, id: try context.id(of: "alert rule"), by: Caller(w))
        return .seeOther("/w/\(w.slug)/alert-rules?done=deleted")
    }
}
