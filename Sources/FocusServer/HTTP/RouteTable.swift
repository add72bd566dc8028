import FocusCore
import Foundation
import Hummingbird
import HummingbirdAuth
import Logging

/// Who may call a route.
public enum Access: Sendable, Equatable {
    /// Anyone: sign-in, setup, health, static files, (later) survey pages and the widget.
    case open
    /// Any signed-in person or valid token.
    case signedIn
    /// A signed-in person, not a token: managing one's own account and workspaces.
    case person
    /// A member (or token) of the workspace named in the path, with at least this permission.
    case workspace(Permission)
}

/// Whether a route serves people (HTML) or programs (JSON).
public enum Surface: Sendable, Equatable {
    case page
    case api
}

/// One route as the table records it.
public struct RouteEntry: Sendable {
    public let method: HTTPRequest.Method
    /// The path with `:name` parameters, as Hummingbird takes it.
    public let path: String
    public let access: Access
    public let surface: Surface
    /// Open routes that take posts from anywhere without a session (none yet) skip CSRF.
    public let csrfExempt: Bool
    public let operation: APIOperation?
    /// False for routes only people may use (managing members and tokens), so that a leaked
    /// token cannot make more tokens or invite anyone.
    public var tokensAllowed: Bool = true
}

/// Every route of the application goes through this table, which wraps each handler in the
/// access check its entry declares: a route cannot be added without saying who may call it,
/// and the handler of a workspace route only runs with the caller's role in hand.
/// Tests walk ``entries`` to prove every route enforces what it declares.
public final class RouteTable: @unchecked Sendable {
    public private(set) var entries: [RouteEntry] = []
    let router: Router<FocusRequestContext>
    let services: FocusServices

    init(router: Router<FocusRequestContext>, services: FocusServices) {
        self.router = router
        self.services = services
    }

    typealias OpenHandler = @Sendable (Request, FocusRequestContext) async throws -> Response
    typealias SignedInHandler = @Sendable (Request, FocusRequestContext, Principal) async throws -> Response
    typealias WorkspaceHandler = @Sendable (Request, FocusRequestContext, WorkspaceContext) async throws -> Response

    func open(_ method: HTTPRequest.Method, _ path: String, surface: Surface = .page, csrfExempt: Bool = false,
              operation: APIOperation? = nil, _ handler: @escaping OpenHandler) {
        add(RouteEntry(method: method, path: path, access: .open, surface: surface, csrfExempt: csrfExempt, operation: operation)) {
            request, context in try await handler(request, context)
        }
    }

    func signedIn(_ method: HTTPRequest.Method, _ path: String, surface: Surface = .page,
                  operation: APIOperation? = nil, _ handler: @escaping SignedInHandler) {
        add(RouteEntry(method: method, path: path, access: .signedIn, surface: surface, csrfExempt: false, operation: operation)) {
            request, context in
            guard let principal = context.identity else { throw Unauthenticated() }
            return try await handler(request, context, principal)
        }
    }

    func person(_ method: HTTPRequest.Method, _ path: String, _ handler: @escaping SignedInHandler) {
        add(RouteEntry(method: method, path: path, access: .person, surface: .page, csrfExempt: false, operation: nil)) {
            request, context in
            guard let principal = context.identity else { throw Unauthenticated() }
            guard !principal.isToken else { throw APIError(.forbidden, "this is for people signed in, not for API tokens") }
            return try await handler(request, context, principal)
        }
    }

    func workspace(_ method: HTTPRequest.Method, _ path: String, _ permission: Permission, surface: Surface = .page,
                   operation: APIOperation? = nil, tokensAllowed: Bool = true, _ handler: @escaping WorkspaceHandler) {
        precondition(path.contains(":workspace"), "a workspace route names its workspace in the path")
        let services = self.services
        var entry = RouteEntry(method: method, path: path, access: .workspace(permission), surface: surface, csrfExempt: false, operation: operation)
        entry.tokensAllowed = tokensAllowed
        add(entry) {
            request, context in
            guard let principal = context.identity else { throw Unauthenticated() }
            if !tokensAllowed, principal.isToken { throw APIError(.forbidden, "this is for people signed in, not for API tokens") }
            let slug = try context.parameters.require("workspace")
            // A workspace the caller is not a member of answers as if it did not exist.
            guard let workspace = try await services.workspaces.find(slug: slug),
                  let role = principal.role(in: workspace.id)
            else { throw APIError.notFound("workspace") }
            guard role.allows(permission) else { throw APIError.forbidden(permission) }
            let scope = WorkspaceContext(
                id: workspace.id, name: workspace.name, slug: workspace.slug,
                currency: workspace.currency, role: role, principal: principal)
            return try await handler(request, context, scope)
        }
    }

    private struct Unauthenticated: Error {}

    private func add(_ entry: RouteEntry, _ body: @escaping OpenHandler) {
        precondition(entry.surface == .page || entry.operation != nil,
                     "API route \(entry.method) \(entry.path) needs its OpenAPI description")
        entries.append(entry)
        let services = self.services
        router.on(RouterPath(entry.path), method: entry.method) { request, context -> Response in
            var request = request
            do {
                if entry.method.isUnsafe, !entry.csrfExempt, !context.authenticatedByToken {
                    // Check the caller before the form: an anonymous post to a protected route is a 401.
                    if entry.access != .open, context.identity == nil { throw Unauthenticated() }
                    let token = try await services.csrf.submittedToken(&request, context: context)
                    guard services.csrf.isValid(token: token, seed: context.csrf.fromCookie) else { throw APIError.csrf }
                }
                return try await body(request, context)
            } catch {
                return RouteTable.errorResponse(error, entry: entry, request: request, context: context, services: services)
            }
        }
    }

    /// Turns an error into the answer the caller understands: JSON for the API, a page for people.
    static func errorResponse(_ error: any Error, entry: RouteEntry, request: Request, context: FocusRequestContext,
                              services: FocusServices) -> Response {
        let apiError: APIError
        switch error {
        case is Unauthenticated:
            if entry.surface == .page {
                let next = request.uri.path + (request.uri.query.map { "?\($0)" } ?? "")
                return Response.seeOther("/login?next=\(next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/")")
            }
            apiError = .unauthorized
        case let e as APIError: apiError = e
        case let e as FieldError: apiError = APIError(e)
        case let e as HTTPError: apiError = APIError(e.status, e.body ?? e.status.reasonPhrase)
        default:
            context.logger.error("unexpected error", metadata: ["error": "\(String(reflecting: error))", "path": "\(request.uri.path)"])
            apiError = APIError(.internalServerError, "something went wrong on our side; it has been logged")
        }
        if entry.surface == .api { return apiError.jsonResponse() }
        return services.pages.errorPage(apiError, context: context)
    }
}

extension HTTPRequest.Method {
    var isUnsafe: Bool { self != .get && self != .head && self != .options }
}

extension FocusRequestContext {
    var authenticatedByToken: Bool { identity?.isToken == true }
}

extension Response {
    /// 303: after a form post, the browser loads the page with GET.
    static func seeOther(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }
}
