import FocusCore
import Foundation
import Hummingbird

/// The rules casework runs by, and the record of what was decided under them.
///
/// `/case-settings` shows everyone the teams (who leads, who is in, which touchpoints they look
/// after), the service level of each priority and the goodwill limits, so an agent knows their
/// own limit and whom a case escalates to. Analysts and owners edit teams; only owners change
/// service levels and limits, both in one form saved in one transaction. `/audit` lists every
/// decision, newest first, for owners.
struct CaseSettingsPages {
    let services: FocusServices

    func addRoutes(to routes: RouteTable) {
        routes.workspace(.get, "/w/:workspace/case-settings", .read, settings)
        routes.workspace(.post, "/w/:workspace/case-settings/teams", .configure, createTeam)
        routes.workspace(.post, "/w/:workspace/case-settings/teams/:id", .configure, updateTeam)
        routes.workspace(.post, "/w/:workspace/case-settings/teams/:id/delete", .configure, deleteTeam)
        routes.workspace(.post, "/w/:workspace/case-settings/policy", .administer, updatePolicy)
        routes.workspace(.get, "/w/:workspace/audit", .administer, audit)
    }

    typealias Option = CasePages.Option
    typealias Check = AlertRulePages.Check

    // MARK: teams

    /// A team form as typed, with a message per field.
    struct TeamForm {
        var name = ""
        var leadID = ""
        var memberIDs: Set<String> = []
        var touchpointIDs: Set<String> = []
        var nameError: String?
        var leadError: String?
        var membersError: String?
        var touchpointsError: String?
        var error: String?

        init() {}

        init(_ t: TeamRecord) {
            name = t.name
            leadID = t.leadID?.uuidString ?? ""
            memberIDs = Set(t.memberIDs.map(\.uuidString))
            touchpointIDs = Set(t.touchpointIDs.map(\.uuidString))
        }

        init(_ fields: [String: [String]]) {
            name = CasePages.value(fields, "name")
            leadID = CasePages.value(fields, "lead_id")
            memberIDs = Set((fields["member_ids"] ?? []).filter { !$0.isEmpty })
            touchpointIDs = Set((fields["touchpoint_ids"] ?? []).filter { !$0.isEmpty })
        }

        /// Everything the form shows is given, so saving replaces the lead, members and touchpoints.
        func input() throws(FieldError) -> TeamInput {
            func ids(_ texts: Set<String>, _ field: String) throws(FieldError) -> [UUID] {
                var result: [UUID] = []
                for (i, text) in texts.sorted().enumerated() {
                    guard let id = UUID(uuidString: text) else { throw FieldError("\(field)[\(i)]", "is not part of this workspace") }
                    result.append(id)
                }
                return result
            }
            var lead: UUID?
            if !leadID.isEmpty {
                guard let id = UUID(uuidString: leadID) else { throw FieldError("lead_id", "is not a member of this workspace") }
                lead = id
            }
            return TeamInput(name: name, leadID: .some(lead), memberIDs: try ids(memberIDs, "member_ids"),
                             touchpointIDs: try ids(touchpointIDs, "touchpoint_ids"))
        }

        mutating func show(_ e: FieldError) {
            switch e.field {
            case "name": nameError = AuthPages.sentence(e)
            case "lead_id": leadError = "The lead \(e.message)."
            case let f where f.hasPrefix("member_ids"): membersError = "A member \(e.message)."
            case let f where f.hasPrefix("touchpoint_ids"): touchpointsError = "A touchpoint \(e.message)."
            default: error = AuthPages.sentence(e)
            }
        }

        var failed: Bool { [nameError, leadError, membersError, touchpointsError, error].contains { $0 != nil } }
    }

    struct TeamModel {
        let teamID: String?
        let action: String
        let submitLabel: String
        let open: Bool
        let teamName: String
        let leadName: String
        let memberNames: String
        let touchpointNames: String
        let leads: [Option]
        let memberChecks: [Check]
        let touchpointChecks: [Check]
        let nameError: String?
        let leadError: String?
        let membersError: String?
        let touchpointsError: String?
        let teamError: String?
    }

    // MARK: service levels and limits

    struct PolicyField {
        let label: String
        let field: String
        let value: String
        let hint: String
        let fieldError: String?
        let isSet: Bool
    }

    /// What the policy form held, and a message per field (keyed by the form field's name).
    struct PolicyForm {
        var values: [String: String] = [:]
        var errors: [String: String] = [:]
        var error: String?
        var failed: Bool { !errors.isEmpty || error != nil }
    }

    struct Model {
        let layout: LayoutModel
        let notice: String?
        let teams: [TeamModel]
        let hasTeams: Bool
        let newTeam: TeamModel
        let canConfigure: Bool
        let canAdminister: Bool
        let currency: String
        let hours: [PolicyField]
        let roleLimits: [PolicyField]
        let personLimits: [PolicyField]
        let policyError: String?
    }

    @Sendable func settings(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let notice: String? = switch request.uri.queryParameters["done"].map(String.init) {
        case "team-created": "Team added."
        case "team-updated": "Team saved."
        case "team-deleted": "Team deleted; its cases stay, without a team."
        case "policy": "Service levels and limits saved. Open cases keep their due times."
        default: nil
        }
        return try await render(context, w, notice: notice)
    }

    /// The page; `failedTeam` is the team whose form failed (nil: the new team's), shown open with its messages.
    private func render(_ context: FocusRequestContext, _ w: WorkspaceContext, notice: String? = nil, teamForm: TeamForm? = nil,
                        failedTeam: UUID? = nil, policy: PolicyForm = PolicyForm()) async throws -> Response {
        let teams = try await services.teams.list(w.id)
        let members = try await services.accounts.members(of: w.id).sorted { $0.name < $1.name }
        let touchpoints = try await services.catalogue.touchpoints(w.id)
        let levels = try await services.casePolicy.serviceLevels(w.id)
        let limits = try await services.casePolicy.limits(w.id)
        let memberNames = Dictionary(members.map { ($0.userID, $0.name) }, uniquingKeysWith: { a, _ in a })
        let touchpointNames = Dictionary(touchpoints.map { ($0.id, $0.touchpoint.name) }, uniquingKeysWith: { a, _ in a })

        func teamModel(_ team: TeamRecord?, _ form: TeamForm, open: Bool) -> TeamModel {
            let base = "/w/\(w.slug)/case-settings/teams"
            return TeamModel(
                teamID: team?.id.uuidString, action: team.map { "\(base)/\($0.id.uuidString)" } ?? base,
                submitLabel: team == nil ? "Add team" : "Save team", open: open,
                teamName: team?.name ?? "",
                leadName: team?.leadID.map { memberNames[$0] ?? "a former member" } ?? "none",
                memberNames: team.map { $0.memberIDs.compactMap { memberNames[$0] }.sorted().joined(separator: ", ") } ?? "",
                touchpointNames: team.map { $0.touchpointIDs.compactMap { touchpointNames[$0] }.sorted().joined(separator: ", ") } ?? "",
                leads: [Option(value: "", label: "No lead", selected: form.leadID.isEmpty)]
                    + members.map { Option(value: $0.userID.uuidString, label: $0.name, selected: $0.userID.uuidString == form.leadID) },
                memberChecks: members.map { Check(value: $0.userID.uuidString, label: "\($0.name) (\($0.role.label.lowercased()))",
                                                  checked: form.memberIDs.contains($0.userID.uuidString)) },
                touchpointChecks: touchpoints.map { t in
                    // A touchpoint has one team: say which one has it now, since saving takes it over.
                    let holder = teams.first { $0.id != team?.id && $0.touchpointIDs.contains(t.id) }
                    return Check(value: t.id.uuidString, label: t.touchpoint.name + (holder.map { " (now \($0.name))" } ?? ""),
                                 checked: form.touchpointIDs.contains(t.id.uuidString))
                },
                nameError: form.nameError, leadError: form.leadError, membersError: form.membersError,
                touchpointsError: form.touchpointsError, teamError: form.error)
        }
        let newFailed = teamForm != nil && failedTeam == nil
        func field(_ label: String, _ name: String, current: String, hint: String) -> PolicyField {
            let value = policy.values[name] ?? current
            return PolicyField(label: label, field: name, value: value, hint: hint, fieldError: policy.errors[name], isSet: !value.isEmpty)
        }
        func amount(_ cents: Int) -> String { String(format: "%.2f", Money.amount(cents)) }
        let model = Model(
            layout: try await WorkspacePages.layout(services, context, w, title: "Case settings", section: "case-settings"),
            notice: teamForm == nil && !policy.failed ? notice : nil,
            teams: teams.map { t in
                let failed = failedTeam == t.id
                return teamModel(t, failed ? teamForm ?? TeamForm(t) : TeamForm(t), open: failed)
            },
            hasTeams: !teams.isEmpty,
            newTeam: teamModel(nil, newFailed ? teamForm! : TeamForm(), open: newFailed),
            canConfigure: w.role.allows(.configure), canAdminister: w.role.allows(.administer), currency: w.currency,
            hours: CasePriority.allCases.reversed().map { p in
                field("\(p.label) priority", "hours_\(p.rawValue)", current: ServiceLevels.format(levels.hours(for: p)),
                      hint: "standard: \(ServiceLevels.format(ServiceLevels.standard.hours(for: p))) h")
            },
            roleLimits: Role.allCases.reversed().map { r in
                field(r.label, "limit_\(r.rawValue)", current: amount(limits.limit(person: nil, role: r)),
                      hint: "standard: \(Money.format(AuthorityLimits.standard.limit(person: nil, role: r), currency: w.currency))")
            },
            personLimits: members.map { m in
                field("\(m.name) (\(m.role.label.lowercased()))", "limit_person_\(m.userID.uuidString)",
                      current: limits.people[m.userID].map(amount) ?? "",
                      hint: "empty: the \(m.role.label.lowercased())s’ \(Money.format(limits.limit(person: nil, role: m.role), currency: w.currency))")
            },
            policyError: policy.error)
        let failed = teamForm?.failed == true || policy.failed
        return services.pages.render("case-settings", model, status: failed ? .unprocessableContent : .ok)
    }

    @Sendable func createTeam(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        var request = request
        var form = TeamForm(try await FormBody.fields(&request, context: context))
        do {
            _ = try await services.teams.create(w.id, try form.input(), by: Caller(w))
            return .seeOther("/w/\(w.slug)/case-settings?done=team-created#teams")
        } catch let e as FieldError {
            form.show(e)
            return try await render(context, w, teamForm: form)
        }
    }

    @Sendable func updateTeam(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let id = try context.id(of: "team")
        var request = request
        var form = TeamForm(try await FormBody.fields(&request, context: context))
        do {
            _ = try await services.teams.update(w.id, id: id, try form.input(), by: Caller(w))
            return .seeOther("/w/\(w.slug)/case-settings?done=team-updated#teams")
        } catch let e as FieldError {
            form.show(e)
            return try await render(context, w, teamForm: form, failedTeam: id)
        }
    }

    @Sendable func deleteTeam(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        try await services.teams.delete(w.id, id: try context.id(of: "team"), by: Caller(w))
        return .seeOther("/w/\(w.slug)/case-settings?done=team-deleted#teams")
    }

    /// Service levels, role limits and personal limits from one form, saved together or not at all.
    @Sendable func updatePolicy(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        var request = request
        let fields = try await FormBody.fields(&request, context: context)
        var form = PolicyForm()
        for (name, values) in fields where name.hasPrefix("hours_") || name.hasPrefix("limit_") { form.values[name] = values.first?.trimmingWhitespace() ?? "" }
        let members = try await services.accounts.members(of: w.id)
        let levels = try await services.casePolicy.serviceLevels(w.id)
        let limits = try await services.casePolicy.limits(w.id)
        do {
            // Only what changed is passed on, so saving the form as it was adds nothing to the audit log.
            var hours: [CasePriority: Double] = [:]
            for p in CasePriority.allCases {
                guard let text = form.values["hours_\(p.rawValue)"] else { continue }
                guard let value = Double(text.replacingOccurrences(of: ",", with: ".")) else {
                    throw FieldError("hours.\(p.rawValue)", "must be a number of hours")
                }
                if value != levels.hours(for: p) { hours[p] = value }
            }
            var roles: [Role: Int] = [:]
            for r in Role.allCases {
                guard let text = form.values["limit_\(r.rawValue)"] else { continue }
                let cents = try CasePages.cents(text, field: "roles.\(r.rawValue)")
                if cents != limits.limit(person: nil, role: r) { roles[r] = cents }
            }
            // An amount is the person's own limit; an empty field gives them their role's again.
            var people: [UUID: Int?] = [:]
            for m in members {
                guard let text = form.values["limit_person_\(m.userID.uuidString)"] else { continue }
                let own = text.isEmpty ? nil : try CasePages.cents(text, field: "people.\(m.userID.uuidString.lowercased())")
                if own != limits.people[m.userID] { people[m.userID] = .some(own) }
            }
            try await services.casePolicy.update(w.id, hours: hours.isEmpty ? nil : hours, roles: roles, people: people.isEmpty ? nil : people,
                                                 currency: w.currency, by: Caller(w))
            return .seeOther("/w/\(w.slug)/case-settings?done=policy#policy")
        } catch let e as FieldError {
            // The service names fields `hours.high`, `roles.agent`, `people.<id>`; the form, `hours_high`, `limit_agent`, `limit_person_<ID>`.
            let parts = e.field.split(separator: ".", maxSplits: 1).map(String.init)
            let key = parts.count == 2 ? parts[1] : ""
            switch parts.first {
            case "hours" where CasePriority(rawValue: key) != nil:
                form.errors["hours_\(key)"] = "\(CasePriority(rawValue: key)!.label) priority \(e.message)."
            case "roles" where Role(rawValue: key) != nil:
                form.errors["limit_\(key)"] = "The \(Role(rawValue: key)!.label.lowercased())s’ limit \(e.message)."
            case "people":
                if let m = members.first(where: { $0.userID.uuidString.lowercased() == key }) {
                    form.errors["limit_person_\(m.userID.uuidString)"] = "The limit of \(m.name) \(e.message)."
                } else {
                    form.error = "A person’s limit \(e.message)."
                }
            default: form.error = AuthPages.sentence(e)
            }
            return try await render(context, w, policy: form)
        }
    }

    // MARK: the audit log

    struct AuditModel {
        struct Row {
            let at: String
            let actor: String
            let action: String
            let subject: String
            let subjectHref: String?
            let details: String
        }
        let layout: LayoutModel
        let actions: [Option]
        let rows: [Row]
        let nextHref: String?
        let firstHref: String?
    }

    /// The prefixes offered by the filter; the log's actions are `<subject>.<verb>`.
    static let actionPrefixes: [(String, String)] = [
        ("goodwill.", "Goodwill given, asked for, approved, rejected"), ("case.", "Cases opened, status, outcome, escalations"),
        ("authority_limits.", "Authority limits"), ("service_levels.", "Service levels"), ("team.", "Teams"),
        ("alert_rule.", "Alert rules"), ("webhook.", "Webhooks"),
    ]

    @Sendable func audit(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let action = QueryPeriod.text(request, "action")
        if let action, !action.allSatisfy({ $0.isASCII && ($0.isLowercase || $0 == "_" || $0 == ".") }) {
            throw APIError(.badRequest, "action must be an action such as goodwill.approved or a prefix such as goodwill.", field: "action")
        }
        let cursor = QueryPeriod.text(request, "cursor")
        let page = try await services.audit.list(w.id, action: action, cursor: cursor, limit: 100)
        let names = Dictionary(try await services.accounts.members(of: w.id).map { ($0.userID.uuidString.lowercased(), $0.name) },
                               uniquingKeysWith: { a, _ in a })
        let base = "/w/\(w.slug)/audit" + (action.map { "?action=\(CustomerPages.encode($0))" } ?? "")
        // Only `case.opened` carries the case's number; the others name the case by id, so look the numbers up once.
        var caseNumbers: [UUID: Int] = [:]
        for id in Set(page.items.filter { $0.subjectKind == "case" && $0.details["number"] == nil }.compactMap(\.subjectID)) {
            if let c = try await services.cases.get(w.id, id: id) { caseNumbers[id] = c.number }
        }
        let rows = page.items.map { e in
            let href: String? = switch e.subjectKind {
            case "case": e.subjectID.map { "/w/\(w.slug)/cases/\($0.uuidString)" }
            case "alert_rule" where !e.action.hasSuffix(".deleted"): e.subjectID.map { "/w/\(w.slug)/alert-rules/\($0.uuidString)/edit" }
            case "team", "workspace": "/w/\(w.slug)/case-settings"
            case "webhook" where !e.action.hasSuffix(".deleted"): e.subjectID.map { "/w/\(w.slug)/webhooks/\($0.uuidString)" }
            default: nil
            }
            let subject = switch e.subjectKind {
            case "case": (e.details["number"] ?? e.subjectID.flatMap { caseNumbers[$0] }.map(String.init)).map { "Case \($0)" } ?? "A deleted case"
            case "goodwill": e.details["case"].map { "Goodwill on case \($0)" } ?? "Goodwill"
            case "alert_rule": "Alert rule " + (e.details["name"] ?? "")
            case "team": "Team " + (e.details["name"] ?? "")
            case "webhook": "Webhook " + (e.details["name"] ?? "")
            case "workspace": "The workspace"
            default: e.subjectKind
            }
            // The stored rule definition is long JSON; the rule's page shows it in words.
            let details = e.details.filter { $0.key != "definition" && !$0.value.isEmpty }.sorted { $0.key < $1.key }.map { key, value in
                let label = if key.hasPrefix("person.") {
                    "limit of " + (names[String(key.dropFirst(7))] ?? "a former member")
                } else if key.hasPrefix("role."), let role = Role(rawValue: String(key.dropFirst(5))) {
                    "limit of \(role.label.lowercased())s"
                } else {
                    key.replacingOccurrences(of: "_", with: " ")
                }
                return "\(label): \(value)"
            }.joined(separator: "; ")
            return AuditModel.Row(at: CasePages.time(e.at), actor: e.actorName, action: e.action, subject: subject, subjectHref: href, details: details)
        }
        let model = AuditModel(
            layout: try await WorkspacePages.layout(services, context, w, title: "Audit log", section: "audit"),
            actions: [Option(value: "", label: "Every decision", selected: action == nil)]
                + Self.actionPrefixes.map { Option(value: $0.0, label: $0.1, selected: $0.0 == action) }
                + (action.flatMap { a in Self.actionPrefixes.contains { $0.0 == a } ? nil : Option(value: a, label: a, selected: true) }.map { [$0] } ?? []),
            rows: rows,
            nextHref: page.nextCursor.map { base + (action == nil ? "?" : "&") + "cursor=\(CustomerPages.encode($0))" },
            firstHref: cursor == nil ? nil : base)
        return services.pages.render("audit", model)
    }
}
