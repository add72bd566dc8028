import FocusCore
import Foundation
import Hummingbird

/// Members and API tokens of a workspace: owners only.
struct AdminPages {
    let services: FocusServices

    func addRoutes(to routes: RouteTable) {
        routes.workspace(.get, "/w/:workspace/members", .administer, tokensAllowed: false, members)
        routes.workspace(.post, "/w/:workspace/members", .administer, tokensAllowed: false, invite)
        routes.workspace(.post, "/w/:workspace/members/:user/role", .administer, tokensAllowed: false, changeRole)
        routes.workspace(.post, "/w/:workspace/members/:user/remove", .administer, tokensAllowed: false, remove)
        routes.workspace(.post, "/w/:workspace/invitations/:id/withdraw", .administer, tokensAllowed: false, withdraw)
        routes.workspace(.get, "/w/:workspace/tokens", .administer, tokensAllowed: false, tokens)
        routes.workspace(.post, "/w/:workspace/tokens", .administer, tokensAllowed: false, createToken)
        routes.workspace(.post, "/w/:workspace/tokens/:id/revoke", .administer, tokensAllowed: false, revokeToken)
    }

    struct MembersModel {
        struct RoleOption { let value: String; let label: String; let selected: Bool }
        struct Row { let userID: String; let name: String; let email: String; let hasPassword: Bool; let roles: [RoleOption] }
        struct Pending { let id: String; let name: String; let email: String; let role: String; let expires: String }
        let layout: LayoutModel
        let rows: [Row]
        let pending: [Pending]
        let inviteLink: String?
        let invitedName: String?
        let notice: String?
        let error: String?
    }

    private func renderMembers(_ context: FocusRequestContext, _ w: WorkspaceContext, inviteLink: String? = nil,
                               invitedName: String? = nil, notice: String? = nil, error: String? = nil) async throws -> Response {
        let rows = try await services.accounts.members(of: w.id).map { m in
            MembersModel.Row(userID: m.userID.uuidString, name: m.name, email: m.email, hasPassword: m.hasPassword,
                             roles: Role.allCases.reversed().map { .init(value: $0.rawValue, label: $0.label, selected: $0 == m.role) })
        }
        let model = MembersModel(
            layout: try await WorkspacePages.layout(services, context, w, title: "Members", section: "members"),
            rows: rows,
            pending: try await services.accounts.pendingInvitations(w.id).map {
                .init(id: $0.id.uuidString, name: $0.name, email: $0.email, role: $0.role.label, expires: Self.day($0.expiresAt))
            },
            inviteLink: inviteLink, invitedName: invitedName, notice: notice, error: error)
        return services.pages.render("members", model, status: error == nil ? .ok : .unprocessableContent)
    }

    @Sendable func members(_ request: Request, _ context: FocusRequestContext, _ workspace: WorkspaceContext) async throws -> Response {
        try await renderMembers(context, workspace)
    }

    struct InviteForm: Decodable {
        let name: String?
        let email: String?
        let role: String?
    }

    @Sendable func invite(_ request: Request, _ context: FocusRequestContext, _ workspace: WorkspaceContext) async throws -> Response {
        let form = try await FormBody.decode(InviteForm.self, from: request, context: context)
        do {
            guard let role = Role(rawValue: form.role ?? "") else { throw FieldError("role", "must be viewer, agent, analyst or owner") }
            let (invitation, token) = try await services.accounts.invite(workspaceID: workspace.id, name: form.name ?? "",
                                                                         email: form.email ?? "", role: role, invitedBy: workspace.principal.userID)
            return try await renderMembers(context, workspace, inviteLink: "\(services.configuration.baseURL)/invitation?token=\(token)",
                                           invitedName: invitation.name)
        } catch let error as FieldError {
            return try await renderMembers(context, workspace, error: AuthPages.sentence(error))
        } catch let error as APIError where error.status == .conflict {
            return try await renderMembers(context, workspace, error: error.message)
        }
    }

    @Sendable func withdraw(_ request: Request, _ context: FocusRequestContext, _ workspace: WorkspaceContext) async throws -> Response {
        let id = try context.id(of: "invitation")
        try await services.accounts.withdrawInvitation(workspace.id, id: id)
        return .seeOther("/w/\(workspace.slug)/members")
    }

    struct RoleForm: Decodable { let role: String? }

    @Sendable func changeRole(_ request: Request, _ context: FocusRequestContext, _ workspace: WorkspaceContext) async throws -> Response {
        let userID = try context.id("user", of: "member")
        let form = try await FormBody.decode(RoleForm.self, from: request, context: context)
        guard let role = Role(rawValue: form.role ?? "") else { throw FieldError("role", "must be viewer, agent, analyst or owner") }
        do {
            try await services.accounts.changeRole(workspaceID: workspace.id, userID: userID, to: role)
        } catch let error as APIError where error.status == .conflict {
            return try await renderMembers(context, workspace, error: error.message)
        }
        return .seeOther("/w/\(workspace.slug)/members")
    }

    @Sendable func remove(_ request: Request, _ context: FocusRequestContext, _ workspace: WorkspaceContext) async throws -> Response {
        let userID = try context.id("user", of: "member")
        do {
            try await services.accounts.removeMember(workspaceID: workspace.id, userID: userID)
        } catch let error as APIError where error.status == .conflict {
            return try await renderMembers(context, workspace, error: error.message)
        }
        return .seeOther("/w/\(workspace.slug)/members")
    }

    struct TokensModel {
        struct Row { let id: String; let name: String; let role: String; let hint: String; let created: String; let lastUsed: String; let revoked: Bool }
        let layout: LayoutModel
        let rows: [Row]
        let newToken: String?
        let error: String?
    }

    private func renderTokens(_ context: FocusRequestContext, _ workspace: WorkspaceContext, newToken: String? = nil,
                              error: String? = nil) async throws -> Response {
        let rows = try await services.tokens.list(workspaceID: workspace.id).map { t in
            TokensModel.Row(id: t.id.uuidString, name: t.name, role: t.role.label, hint: t.hint, created: Self.day(t.createdAt),
                            lastUsed: t.lastUsedAt.map(Self.day) ?? "never", revoked: t.revoked)
        }
        let model = TokensModel(
            layout: try await WorkspacePages.layout(services, context, workspace, title: "API tokens", section: "tokens"),
            rows: rows, newToken: newToken, error: error)
        return services.pages.render("tokens", model, status: error == nil ? .ok : .unprocessableContent)
    }

    static func day(_ seconds: Double) -> String {
        CalendarDate(daysSinceEpoch: Int((seconds / 86400).rounded(.down))).iso
    }

    @Sendable func tokens(_ request: Request, _ context: FocusRequestContext, _ workspace: WorkspaceContext) async throws -> Response {
        try await renderTokens(context, workspace)
    }

    struct TokenForm: Decodable {
        let name: String?
        let role: String?
    }

    @Sendable func createToken(_ request: Request, _ context: FocusRequestContext, _ workspace: WorkspaceContext) async throws -> Response {
        let form = try await FormBody.decode(TokenForm.self, from: request, context: context)
        do {
            guard let role = Role(rawValue: form.role ?? "") else { throw FieldError("role", "must be viewer, agent, analyst or owner") }
            let (_, secret) = try await services.tokens.create(workspaceID: workspace.id, name: form.name ?? "", role: role,
                                                               by: workspace.principal, creatorRole: workspace.role)
            return try await renderTokens(context, workspace, newToken: secret)
        } catch let error as FieldError {
            return try await renderTokens(context, workspace, error: AuthPages.sentence(error))
        }
    }

    @Sendable func revokeToken(_ request: Request, _ context: FocusRequestContext, _ workspace: WorkspaceContext) async throws -> Response {
        let id = try context.id(of: "token")
        try await services.tokens.revoke(workspaceID: workspace.id, id: id)
        return .seeOther("/w/\(workspace.slug)/tokens")
    }
}
