import Hummingbird

/// A path no route matches: the API answers its usual JSON error, so a client that mistyped a
/// path reads why instead of an empty body; pages keep Hummingbird's plain 404.
struct NotFoundMiddleware: RouterMiddleware {
    typealias Context = FocusRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound && request.uri.path.hasPrefix("/api/") {
            return APIError(.notFound, "no API route \(request.method) \(request.uri.path); the routes are listed in /openapi.json").jsonResponse()
        }
    }
}
