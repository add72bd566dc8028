import Foundation
import Hummingbird
import NIOCore
import NIOFoundationCompat

/// Reading JSON request bodies and writing JSON responses the same way everywhere.
enum JSONBody {
    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return e
    }()

    /// Decodes the body as `T`, or throws an ``APIError`` naming the field.
    static func decode<T: Decodable>(_ type: T.Type, from request: Request, context: FocusRequestContext,
                                     acceptPlainText: Bool = false) async throws -> T {
        try await decodeWithBytes(type, from: request, context: context, acceptPlainText: acceptPlainText).value
    }

    /// Decodes the body, and returns its bytes too (for idempotency checks).
    /// `acceptPlainText` lets the widget send JSON as text/plain, a request browsers send cross-origin without a preflight.
    static func decodeWithBytes<T: Decodable>(_ type: T.Type, from request: Request, context: FocusRequestContext,
                                              acceptPlainText: Bool = false) async throws -> (value: T, bytes: Data) {
        if let contentType = request.headers[.contentType]?.lowercased(), !contentType.contains("json"),
           !(acceptPlainText && contentType.hasPrefix("text/plain")) {
            throw APIError(.unsupportedMediaType, "send the body as application/json", field: "body")
        }
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: context.maxUploadSize)
        } catch {
            throw APIError(.contentTooLarge, "the body is larger than \(context.maxUploadSize) bytes", field: "body")
        }
        guard buffer.readableBytes > 0 else { throw APIError(.badRequest, "the body is empty; send a JSON object", field: "body") }
        let data = Data(buffer: buffer)
        do {
            return (try JSONDecoder().decode(T.self, from: data), data)
        } catch let error as DecodingError {
            throw APIError.decoding(error)
        }
    }

    static func response<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try encoder.encode(value)
        return Response(
            status: status,
            headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: data))
        )
    }
}

/// A list with a cursor for the next page (nil on the last page).
struct Page<Item: Encodable>: Encodable {
    let items: [Item]
    let nextCursor: String?

    enum CodingKeys: String, CodingKey {
        case items
        case nextCursor = "next_cursor"
    }

    /// `next_cursor` is always present, null on the last page.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        try container.encode(nextCursor, forKey: .nextCursor)
    }
}
