import FocusCore
import Foundation
import Hummingbird
import NIOCore

/// An error the caller can act on: a status, a message, and the field at fault if there is one.
///
/// The JSON body is `{"error": {"status": 422, "message": "...", "field": "name"}}`.
public struct APIError: Error, Sendable, Equatable {
    public let status: HTTPResponse.Status
    public let message: String
    public let field: String?

    public init(_ status: HTTPResponse.Status, _ message: String, field: String? = nil) {
        self.status = status
        self.message = message
        self.field = field
    }

    static func notFound(_ what: String) -> APIError { APIError(.notFound, "\(what) not found") }
    static let unauthorized = APIError(.unauthorized, "sign in or send an API token (Authorization: Bearer ...)")
    static func forbidden(_ needed: Permission) -> APIError {
        APIError(.forbidden, "this needs the \(needed.minimumRole.rawValue) role or higher in this workspace")
    }
    static let csrf = APIError(.forbidden, "the form's security token is missing or out of date; reload the page and try again", field: "_csrf")

    init(_ fieldError: FieldError) {
        self.init(.unprocessableContent, "\(fieldError.field) \(fieldError.message)", field: fieldError.field)
    }

    struct Body: Encodable {
        struct Detail: Encodable {
            let status: Int
            let message: String
            let field: String?
        }
        let error: Detail
    }

    func jsonResponse() -> Response {
        let body = Body(error: .init(status: Int(status.code), message: message, field: field))
        let data = (try? JSONEncoder().encode(body)) ?? Data()
        return Response(
            status: status,
            headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: data))
        )
    }

    /// The error a failed decoding of a JSON body amounts to, naming the field.
    static func decoding(_ error: DecodingError) -> APIError {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
                .joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let field = path(context.codingPath + [key])
            return APIError(.badRequest, "\(field) is required", field: field)
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            let field = path(context.codingPath)
            return APIError(.badRequest, "\(field.isEmpty ? "body" : field) must be \(describe(type))", field: field.isEmpty ? "body" : field)
        case .dataCorrupted(let context):
            let field = path(context.codingPath)
            if field.isEmpty {
                return APIError(.badRequest, "the body is not valid JSON", field: "body")
            }
            // Foundation says "Attempted to decode UUID from invalid UUID string."; say what is expected instead.
            if context.debugDescription.contains("UUID") {
                return APIError(.badRequest, "\(field) must be an id (a UUID such as 1b4e28ba-2fa1-41d2-883f-0016d3cca427)", field: field)
            }
            return APIError(.badRequest, "\(field) \(context.debugDescription)", field: field)
        @unknown default:
            return APIError(.badRequest, "the body could not be read", field: "body")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type: "a whole number"
        case is Double.Type: "a number"
        case is Bool.Type: "true or false"
        default:
            "\(type)".contains("Dictionary") ? "an object" : "\(type)".contains("Array") ? "an array" : "of another type"
        }
    }
}
