import Hummingbird
import HummingbirdAuth
import Logging
import NIOCore

/// The context every request carries: its session, who it is, and the CSRF seed.
public struct FocusRequestContext: AuthRequestContext, SessionRequestContext, RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var identity: Principal?
    public let sessions: SessionContext<SessionState>
    /// The value of the browser's CSRF cookie (new if the browser had none), from which the
    /// forms' CSRF tokens are derived.
    public var csrfSeed: String?
    /// Whether the seed is new, so the response must set the cookie.
    public var csrfSeedIsNew = false

    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.identity = nil
        self.sessions = .init()
    }

    /// Requests may carry up to 4 MiB; batches and imports stream through their own routes.
    public var maxUploadSize: Int { 4 * 1024 * 1024 }
}
