import FocusCore
import Foundation
import Hummingbird
import HummingbirdAuth
import Logging

/// Sign-in, sign-out, the first owner's setup, and accepting an invitation.
struct AuthPages {
    let services: FocusServices
    static let sessionLifetime: Duration = .seconds(12 * 3600)

    func addRoutes(to routes: RouteTable) {
        routes.open(.get, "/login", loginForm)
        routes.open(.post, "/login", login)
        routes.person(.post, "/logout", logout)
        routes.open(.get, "/setup", setupForm)
        routes.open(.post, "/setup", setup)
        routes.open(.get, "/invitation", invitationForm)
        routes.open(.post, "/invitation", acceptInvitation)
    }

    struct LoginModel {
        let layout: LayoutModel
        let next: String
        let email: String
        let error: String?
        let needsSetup: Bool
    }

    @Sendable func loginForm(_ request: Request, _ context: FocusRequestContext) async throws -> Response {
        if context.identity != nil { return .seeOther(FormBody.safeNext(request.uri.queryParameters["next"].map(String.init))) }
        return try await renderLogin(context, next: request.uri.queryParameters["next"].map(String.init) ?? "/", email: "", error: nil)
    }

    private func renderLogin(_ context: FocusRequestContext, next: String, email: String, error: String?,
                             status: HTTPResponse.Status = .ok) async throws -> Response {
        let model = LoginModel(
            layout: LayoutModel(title: "Sign in", context: context, renderer: services.pages),
            next: FormBody.safeNext(next), email: email, error: error,
            needsSetup: try await services.accounts.userCount() == 0)
        return services.pages.render("login", model, status: status)
    }

    struct LoginForm: Decodable {
        let email: String?
        let password: String?
        let next: String?
    }

    @Sendable func login(_ request: Request, _ context: FocusRequestContext) async throws -> Response {
        let form = try await FormBody.decode(LoginForm.self, from: request, context: context)
        let email = form.email ?? ""
        guard let userID = try await services.accounts.authenticate(email: email, password: form.password ?? "") else {
            context.logger.notice("sign-in failed", metadata: ["email": "\(email.lowercased())"])
            return try await renderLogin(context, next: form.next ?? "/", email: email,
                                         error: "The e-mail or the password is not right.", status: .unauthorized)
        }
        context.sessions.createSession(SessionState(userID: userID), expiresIn: Self.sessionLifetime)
        context.logger.info("signed in", metadata: ["user": "\(userID)"])
        return .seeOther(FormBody.safeNext(form.next))
    }

    @Sendable func logout(_ request: Request, _ context: FocusRequestContext, _ principal: Principal) async throws -> Response {
        context.sessions.clearSession()
        return .seeOther("/login")
    }

    struct SetupModel {
        let layout: LayoutModel
        let token: String
        let name: String
        let email: String
        let workspace: String
        let currency: String
        let hasWorkspaces: Bool
        let existingWorkspaces: String
        let error: String?
    }

    @Sendable func setupForm(_ request: Request, _ context: FocusRequestContext) async throws -> Response {
        let token = request.uri.queryParameters["token"].map(String.init) ?? ""
        guard try await services.accounts.isValidSetupLink(token: token) else {
            throw APIError(.notFound, "This setup link is not valid: it has been used, has expired, or the server already has an owner. Restart `focus serve` on an empty database for a new one.")
        }
        return try await renderSetup(context, token: token, form: nil, error: nil)
    }

    struct SetupForm: Decodable {
        let token: String?
        let name: String?
        let email: String?
        let password: String?
        let password_confirmation: String?
        let workspace: String?
        let currency: String?
    }

    private func renderSetup(_ context: FocusRequestContext, token: String, form: SetupForm?, error: String?) async throws -> Response {
        let existing = try await services.workspaces.all()
        let model = SetupModel(
            layout: LayoutModel(title: "Set up Focus", context: context, renderer: services.pages),
            token: token, name: form?.name ?? "", email: form?.email ?? "", workspace: form?.workspace ?? "",
            currency: form?.currency ?? "EUR", hasWorkspaces: !existing.isEmpty,
            existingWorkspaces: existing.map(\.name).joined(separator: ", "), error: error)
        return services.pages.render("setup", model, status: error == nil ? .ok : .unprocessableContent)
    }

    @Sendable func setup(_ request: Request, _ context: FocusRequestContext) async throws -> Response {
        let form = try await FormBody.decode(SetupForm.self, from: request, context: context)
        do {
            let userID = try await services.accounts.completeSetup(
                token: form.token ?? "", name: form.name ?? "", email: form.email ?? "", password: form.password ?? "",
                confirmation: form.password_confirmation ?? "", workspaceName: form.workspace,
                currency: form.currency ?? "EUR", workspaces: services.workspaces)
            context.sessions.createSession(SessionState(userID: userID), expiresIn: Self.sessionLifetime)
            context.logger.notice("owner account created", metadata: ["user": "\(userID)"])
            return .seeOther("/")
        } catch let error as FieldError {
            return try await renderSetup(context, token: form.token ?? "", form: form, error: Self.sentence(error))
        }
    }

    struct InvitationModel {
        let layout: LayoutModel
        let token: String
        let name: String
        let email: String
        let workspace: String
        let role: String
        /// Signed in: join with the current account.
        let signedInAs: String?
        /// Not signed in and an account with the e-mail exists: sign in first.
        let signInHref: String?
        /// Not signed in and no account: pick a password for a new one.
        let createsAccount: Bool
        let error: String?
    }

    private func renderInvitation(_ context: FocusRequestContext, token: String, error: String?,
                                  status: HTTPResponse.Status = .ok) async throws -> Response {
        guard let (invitation, workspace) = try await services.accounts.invitation(token: token) else {
            throw APIError(.notFound, "This invitation link is not valid: it has been used or has expired. Ask an owner of the workspace for a new one.")
        }
        let exists = try await services.accounts.accountExists(email: invitation.email)
        let here = "/invitation?token=\(token)"
        let model = InvitationModel(
            layout: LayoutModel(title: "Join \(workspace)", context: context, renderer: services.pages),
            token: token, name: invitation.name, email: invitation.email, workspace: workspace, role: invitation.role.label,
            signedInAs: context.identity.flatMap { $0.isToken ? nil : $0.displayName },
            signInHref: context.identity == nil && exists
                ? "/login?next=\(here.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/")" : nil,
            createsAccount: context.identity == nil && !exists, error: error)
        return services.pages.render("invitation", model, status: status)
    }

    @Sendable func invitationForm(_ request: Request, _ context: FocusRequestContext) async throws -> Response {
        try await renderInvitation(context, token: request.uri.queryParameters["token"].map(String.init) ?? "", error: nil)
    }

    struct InvitationForm: Decodable {
        let token: String?
        let password: String?
        let password_confirmation: String?
    }

    @Sendable func acceptInvitation(_ request: Request, _ context: FocusRequestContext) async throws -> Response {
        let form = try await FormBody.decode(InvitationForm.self, from: request, context: context)
        let token = form.token ?? ""
        let signedIn = context.identity.flatMap { $0.isToken ? nil : $0.userID }
        do {
            let userID = try await services.accounts.acceptInvitation(
                token: token, signedIn: signedIn, password: form.password, confirmation: form.password_confirmation)
            if signedIn == nil {
                context.sessions.createSession(SessionState(userID: userID), expiresIn: Self.sessionLifetime)
            }
            return .seeOther("/")
        } catch let error as FieldError {
            return try await renderInvitation(context, token: token, error: Self.sentence(error), status: .unprocessableContent)
        } catch let error as APIError where error.status == .conflict {
            return try await renderInvitation(context, token: token, error: error.message, status: .conflict)
        }
    }

    /// A field error as a sentence for a person: "Password must be at least 10 characters."
    static func sentence(_ error: FieldError) -> String {
        let field = error.field.replacingOccurrences(of: "_", with: " ")
        return field.prefix(1).uppercased() + field.dropFirst() + " " + error.message + "."
    }
}
