import FocusCore
import Foundation
import Hummingbird

/// Alert rules for programs. A rule is checked against every response or contact stored after
/// it is saved, once, in the transaction that stores the item.
struct AlertRulesAPI {
    let services: FocusServices

    func addRoutes(to routes: RouteTable) {
        let b = ResponsesAPI.base
        routes.workspace(.get, "\(b)/alert-rules", .read, surface: .api, operation: .init(
            id: "listAlertRules", summary: "The workspace's alert rules, with how many items each matched.", tag: "Alert rules",
            response: .list("AlertRule")), list)
        routes.workspace(.post, "\(b)/alert-rules", .configure, surface: .api, operation: .init(
            id: "createAlertRule", summary: "Add an alert rule; it applies to items stored from now on.", tag: "Alert rules",
            request: .object("AlertRuleInput"), response: .object("AlertRule"), status: 201), create)
        routes.workspace(.get, "\(b)/alert-rules/:id", .read, surface: .api, operation: .init(
            id: "getAlertRule", summary: "One alert rule.", tag: "Alert rules", response: .object("AlertRule")), get)
        routes.workspace(.put, "\(b)/alert-rules/:id", .configure, surface: .api, operation: .init(
            id: "updateAlertRule", summary: "Replace an alert rule; items stored before are not checked again.", tag: "Alert rules",
            request: .object("AlertRuleInput"), response: .object("AlertRule")), update)
        routes.workspace(.delete, "\(b)/alert-rules/:id", .configure, surface: .api, operation: .init(
            id: "deleteAlertRule", summary: "Delete an alert rule; the cases it opened stay.", tag: "Alert rules", response: .none, status: 204), delete)
    }

    @Sendable func list(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        try JSONBody.response(try await services.alertRules.list(w.id).map(AlertRuleDTO.init))
    }

    @Sendable func create(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let rule = try await JSONBody.decode(AlertRule.self, from: request, context: context)
        return try JSONBody.response(AlertRuleDTO(try await services.alertRules.create(w.id, rule, by: Caller(w))), status: .created)
    }

    @Sendable func get(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        guard let rule = try await services.alertRules.get(w.id, id: try context.id(of: "alert rule")) else {
            throw APIError(.notFound, "no such alert rule")
        }
        return try JSONBody.response(AlertRuleDTO(rule))
    }

    @Sendable func update(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let id = try context.id(of: "alert rule")
        let rule = try await JSONBody.decode(AlertRule.self, from: request, context: context)
        return try JSONBody.response(AlertRuleDTO(try await services.alertRules.update(w.id, id: id, rule, by: Caller(w))))
    }

    @Sendable func delete(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        try await services.alertRules.delete(w.id, id: try context.id(of: "alert rule"), by: Caller(w))
        return Response(status: .noContent)
    }
}
