import Foundation
import Hummingbird
import NIOCore
import NIOFoundationCompat
import SQLKit

/// Health, the stylesheet and the OpenAPI document: open to everyone.
struct SystemRoutes {
    let services: FocusServices
    static let version = "0.1.0"

    func addRoutes(to routes: RouteTable) {
        routes.open(.get, "/healthz", surface: .api, operation: .init(
            id: "health", summary: "Whether the server and its database answer.", tag: "System",
            response: .object("Health"))) { _, _ in
            // A real round trip to the database, so a load balancer notices when it is gone.
            _ = try await services.database.sql.raw("SELECT 1 AS one").all()
            return try JSONBody.response(HealthDTO(status: "ok", database: services.database.dialect.rawValue, version: Self.version))
        }
        // Liveness without touching the database: also the benchmark's ceiling, the cost of
        // the HTTP stack, routing and middleware alone.
        routes.open(.get, "/livez", surface: .api, operation: .init(
            id: "live", summary: "Whether the process answers (no database round trip).", tag: "System",
            response: .none, status: 204)) { _, _ in
            Response(status: .noContent)
        }
        let css = services.pages.stylesheet
        routes.open(.get, "/static/focus.css") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=3600"],
                     body: .init(byteBuffer: ByteBuffer(string: css)))
        }
        let table = routes
        routes.open(.get, "/openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json", .accessControlAllowOrigin: "*"],
                     body: .init(byteBuffer: ByteBuffer(data: OpenAPIDocument.json(entries: table.entries, version: Self.version))))
        }
    }
}
