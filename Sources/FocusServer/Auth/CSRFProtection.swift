import Crypto
import Foundation
import HTTPTypes
import Hummingbird

/// Protects every form against cross-site request forgery.
///
/// Each browser gets a random seed in an HttpOnly, SameSite=Strict cookie. A form carries
/// `HMAC-SHA256(server secret, seed)` in its `_csrf` field (scripts send it as `X-CSRF-Token`).
/// Another site can make the browser send the cookie but can neither read it nor compute the
/// HMAC, so it cannot forge the field. Requests authenticated by a bearer token carry no
/// ambient credentials and need no CSRF token.
public struct CSRFProtection: Sendable {
    static let cookieName = "focus_csrf"
    static let fieldName = "_csrf"
    static let headerName = HTTPField.Name("X-CSRF-Token")!

    let secret: [UInt8]
    let secureCookies: Bool

    init(secret: String, secureCookies: Bool) {
        self.secret = Array(secret.utf8)
        self.secureCookies = secureCookies
    }

    /// The token that forms rendered for this seed must carry.
    public func token(forSeed seed: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(seed.utf8), using: SymmetricKey(data: secret))
        return SecretToken.base64URL(Array(mac))
    }

    func isValid(token: String?, seed: String?) -> Bool {
        guard let token, let seed, !seed.isEmpty else { return false }
        return SecretToken.constantTimeEquals(token, self.token(forSeed: seed))
    }

    func cookie(seed: String) -> Cookie {
        Cookie(name: Self.cookieName, value: seed, path: "/", secure: secureCookies, httpOnly: true, sameSite: .strict)
    }

    /// Reads the token a request carries: the header, or the `_csrf` field of a form body.
    /// Collecting the body keeps it readable by the handler afterwards.
    func submittedToken(_ request: inout Request, context: FocusRequestContext) async throws -> String? {
        if let header = request.headers[Self.headerName] { return header }
        guard let type = request.headers[.contentType], type.lowercased().hasPrefix("application/x-www-form-urlencoded") else {
            return nil
        }
        return try await FormBody.fields(&request, context: context)[Self.fieldName]?.first
    }
}

/// Reads the browser's CSRF seed from its cookie, and sets the cookie when a page made a new one.
struct CSRFSeedMiddleware: RouterMiddleware {
    typealias Context = FocusRequestContext
    let protection: CSRFProtection

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let seed = request.cookies[CSRFProtection.cookieName]?.value, seed.count >= 32 {
            context.csrf.set(fromCookie: seed)
        }
        var response = try await next(request, context)
        if let seed = context.csrf.new {
            response.setCookie(protection.cookie(seed: seed))
        }
        return response
    }
}
