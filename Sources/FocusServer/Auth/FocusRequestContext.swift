import Foundation
import Hummingbird
import NIOConcurrencyHelpers
import HummingbirdAuth
import Logging
import NIOCore

/// The context every request carries: its session, who it is, and the CSRF seed.
public struct FocusRequestContext: AuthRequestContext, SessionRequestContext, RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var identity: Principal?
    public let sessions: SessionContext<SessionState>
    /// The browser's CSRF seed: read from its cookie, made only when a page renders a form.
    public let csrf = CSRFSeed()

    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.identity = nil
        self.sessions = .init()
    }

    /// The id in a path parameter; one that is not an id names nothing, so it is a 404.
    func id(_ parameter: String = "id", of what: String) throws -> UUID {
        guard let id = UUID(uuidString: try parameters.require(parameter)) else { throw APIError.notFound(what) }
        return id
    }

    /// Requests may carry up to 4 MiB; batches and imports stream through their own routes.
    public var maxUploadSize: Int { 4 * 1024 * 1024 }
}

/// The CSRF seed of one request. Pages that render forms ask for it (making a new one if the
/// browser sent none); the middleware then sets the cookie. Requests that render no form,
/// such as API calls and health checks, never pay for one.
public final class CSRFSeed: Sendable {
    private let state = NIOLockedValueBox<(value: String?, isNew: Bool)>((nil, false))

    /// The seed the browser sent, if any (what a posted form is checked against).
    public var fromCookie: String? {
        state.withLockedValue { $0.isNew ? nil : $0.value }
    }

    /// The seed for forms on this page, made now if the browser had none.
    public func forForm() -> String {
        state.withLockedValue { s in
            if let value = s.value { return value }
            let value = SecretToken.make()
            s = (value, true)
            return value
        }
    }

    /// A seed made during this request, which the response must set as a cookie.
    var new: String? {
        state.withLockedValue { $0.isNew ? $0.value : nil }
    }

    func set(fromCookie value: String) {
        state.withLockedValue { $0 = (value, false) }
    }
}
