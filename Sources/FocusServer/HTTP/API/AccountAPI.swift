import FocusCore
import Foundation
import Hummingbird

/// Who the caller is, and which workspaces they may use.
struct AccountAPI {
    let services: FocusServices

    func addRoutes(to routes: RouteTable) {
        routes.signedIn(.get, "/api/v1/me", surface: .api, operation: .init(
            id: "getMe", summary: "The caller (a person or a token) and the workspaces it may use.", tag: "Account",
            response: .object("Me")), me)
        routes.signedIn(.get, "/api/v1/workspaces", surface: .api, operation: .init(
            id: "listWorkspaces", summary: "The workspaces the caller may use, with its role in each.", tag: "Account",
            response: .list("Workspace")), workspaces)
    }

    private func workspaceDTOs(_ principal: Principal) async throws -> [WorkspaceDTO] {
        try await services.workspaces.list(for: principal).compactMap { w in
            principal.role(in: w.id).map { WorkspaceDTO(slug: w.slug, name: w.name, currency: w.currency, role: $0.rawValue) }
        }
    }

    @Sendable func me(_ request: Request, _ context: FocusRequestContext, _ principal: Principal) async throws -> Response {
        try JSONBody.response(MeDTO(kind: principal.isToken ? "token" : "user", name: principal.displayName,
                                    email: principal.email, workspaces: try await workspaceDTOs(principal)))
    }

    @Sendable func workspaces(_ request: Request, _ context: FocusRequestContext, _ principal: Principal) async throws -> Response {
        try JSONBody.response(try await workspaceDTOs(principal))
    }
}
