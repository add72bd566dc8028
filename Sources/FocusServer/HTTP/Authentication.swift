import Hummingbird
import HummingbirdAuth

/// Finds who is calling: a bearer token if the request carries one (and then only the token:
/// a bad token is not rescued by a session cookie), else the signed-in session.
struct FocusAuthenticator: AuthenticatorMiddleware {
    typealias Context = FocusRequestContext
    let services: FocusServices

    func authenticate(request: Request, context: Context) async throws -> Principal? {
        if let bearer = request.headers.bearer {
            return try await services.tokens.principal(secret: bearer.token)
        }
        if let session = context.sessions.session {
            guard let principal = try await services.accounts.principal(userID: session.userID) else {
                // The account is gone: end the session.
                context.sessions.clearSession()
                return nil
            }
            return principal
        }
        return nil
    }
}
