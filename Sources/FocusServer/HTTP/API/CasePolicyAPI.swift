import FocusCore
import Foundation
import Hummingbird

/// Teams, service levels, authority limits and the audit log for programs.
struct CasePolicyAPI {
    let services: FocusServices

    func addRoutes(to routes: RouteTable) {
        let b = ResponsesAPI.base
        routes.workspace(.get, "\(b)/teams", .read, surface: .api, operation: .init(
            id: "listTeams", summary: "The workspace's teams with their lead, members and touchpoints.", tag: "Teams", response: .list("Team")), listTeams)
        routes.workspace(.post, "\(b)/teams", .configure, surface: .api, operation: .init(
            id: "createTeam", summary: "Add a team. A touchpoint given to it is taken from any team that had it.", tag: "Teams",
            request: .object("TeamInput"), response: .object("Team"), status: 201), createTeam)
        routes.workspace(.put, "\(b)/teams/:id", .configure, surface: .api, operation: .init(
            id: "updateTeam", summary: "Change a team: what is given replaces what it had; `lead_id: null` removes the lead.", tag: "Teams",
            request: .object("TeamInput"), response: .object("Team")), updateTeam)
        routes.workspace(.delete, "\(b)/teams/:id", .configure, surface: .api, operation: .init(
            id: "deleteTeam", summary: "Delete a team; its cases stay, without a team.", tag: "Teams", response: .none, status: 204), deleteTeam)
        routes.workspace(.get, "\(b)/case-policy", .read, surface: .api, operation: .init(
            id: "getCasePolicy", summary: "The service level (hours to resolve) per priority and the goodwill authority limit per role and per person.",
            tag: "Teams", response: .object("CasePolicy")), getPolicy)
        routes.workspace(.put, "\(b)/case-policy", .administer, surface: .api, operation: .init(
            id: "updateCasePolicy", summary: "Change service levels and authority limits (those given). Open cases keep their due times. Audited.",
            tag: "Teams", request: .object("CasePolicyInput"), response: .object("CasePolicy")), setPolicy)
        routes.workspace(.get, "\(b)/audit-log", .administer, surface: .api, operation: .init(
            id: "listAuditLog", summary: "Every decision (goodwill given, asked for, approved, rejected; case status and outcome; limits, teams, rules and webhooks changed; escalations), newest first.",
            tag: "Teams", response: .page("AuditEntry"),
            query: [.init("action", "An action (goodwill.approved) or a prefix ending in a dot (goodwill.)."),
                    .init("cursor", "The next_cursor of the previous page."),
                    .init("limit", "Items per page, 1 to 500 (default 100).", type: "integer")]), audit)
    }

    @Sendable func listTeams(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        try JSONBody.response(try await services.teams.list(w.id).map(TeamDTO.init))
    }

    @Sendable func createTeam(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let input = try await JSONBody.decode(TeamInputDTO.self, from: request, context: context).input
        return try JSONBody.response(TeamDTO(try await services.teams.create(w.id, input, by: Caller(w))), status: .created)
    }

    @Sendable func updateTeam(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let id = try context.id(of: "team")
        let input = try await JSONBody.decode(TeamInputDTO.self, from: request, context: context).input
        return try JSONBody.response(TeamDTO(try await services.teams.update(w.id, id: id, input, by: Caller(w))))
    }

    @Sendable func deleteTeam(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        try await services.teams.delete(w.id, id: try context.id(of: "team"), by: Caller(w))
        return Response(status: .noContent)
    }

    @Sendable func getPolicy(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        try JSONBody.response(CasePolicyDTO(levels: try await services.casePolicy.serviceLevels(w.id),
                                            limits: try await services.casePolicy.limits(w.id), currency: w.currency))
    }

    @Sendable func setPolicy(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let input = try await JSONBody.decode(CasePolicyInput.self, from: request, context: context)
        var levels: [CasePriority: Double]?
        if let hours = input.service_level_hours {
            levels = [:]
            for (key, value) in hours {
                guard let priority = CasePriority(rawValue: key) else {
                    throw FieldError("service_level_hours.\(key)", "is not a priority (low, normal, high, urgent)")
                }
                levels?[priority] = value
            }
        }
        var roles: [Role: Int] = [:]
        for (key, value) in input.authority_limits ?? [:] {
            guard let role = Role(rawValue: key) else { throw FieldError("authority_limits.\(key)", "is not a role (viewer, agent, analyst, owner)") }
            roles[role] = try Money.cents(value, field: "authority_limits.\(key)")
        }
        var people: [UUID: Int?]?
        if let given = input.personal_limits {
            var all: [UUID: Int?] = [:]
            for (i, p) in given.enumerated() { all[p.user_id] = try p.amount.map { try Money.cents($0, field: "personal_limits[\(i)].amount") } }
            // Everyone who had a limit and is not listed loses it.
            for person in try await services.casePolicy.limits(w.id).people.keys where all[person] == nil { all[person] = .some(nil) }
            people = all
        }
        do {
            try await services.casePolicy.update(w.id, hours: levels, roles: roles, people: people, currency: w.currency, by: Caller(w))
        } catch let error as FieldError {
            // The core names the parts of the policy; the API names its own fields.
            let renamed = [("hours.", "service_level_hours."), ("roles.", "authority_limits."), ("people.", "personal_limits.")]
            if let (from, to) = renamed.first(where: { error.field.hasPrefix($0.0) }) {
                throw FieldError(to + error.field.dropFirst(from.count), error.message)
            }
            throw error
        }
        return try await getPolicy(request, context, w)
    }

    @Sendable func audit(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let page = try await services.audit.list(w.id, action: QueryPeriod.text(request, "action"), cursor: QueryPeriod.text(request, "cursor"),
                                                 limit: try CaseQuery.limit(request, default: 100, max: 500))
        return try JSONBody.response(Page(items: page.items.map(AuditEntryDTO.init), nextCursor: page.nextCursor))
    }
}
