import FocusCore
import Foundation
import Hummingbird

/// Reading `application/x-www-form-urlencoded` bodies from the pages' forms.
enum FormBody {
    static func decode<T: Decodable>(_ type: T.Type, from request: Request, context: FocusRequestContext) async throws -> T {
        var request = request
        let buffer = try await request.collectBody(upTo: context.maxUploadSize)
        do {
            return try URLEncodedFormDecoder().decode(T.self, from: String(buffer: buffer))
        } catch let error as DecodingError {
            let apiError = APIError.decoding(error)
            throw FieldError(apiError.field ?? "form", apiError.message)
        }
    }

    /// Every field of a form body, by name; a name may repeat (checkboxes).
    static func fields(_ body: String) -> [String: [String]] {
        var values: [String: [String]] = [:]
        // Forms encode spaces as "+", which URLComponents leaves alone.
        for item in URLComponents(string: "?" + body.replacingOccurrences(of: "+", with: "%20"))?.queryItems ?? [] {
            values[item.name, default: []].append(item.value ?? "")
        }
        return values
    }

    /// The fields of the request's form body (collected, so the handler can read it again).
    static func fields(_ request: inout Request, context: FocusRequestContext) async throws -> [String: [String]] {
        fields(String(buffer: try await request.collectBody(upTo: context.maxUploadSize)))
    }

    /// A local path to go to after signing in; anything else (another site) becomes "/".
    /// Only a path on this server: no scheme or host, no backslash, no control characters
    /// (browsers drop tabs and newlines from URLs, turning `/\t/evil.com` into `//evil.com`).
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"),
              !next.unicodeScalars.contains(where: { $0 == "\\" || $0.value < 0x20 || $0.value == 0x7F }),
              let components = URLComponents(string: next), components.scheme == nil, components.host == nil,
              components.path.hasPrefix("/"), !components.path.hasPrefix("//")
        else { return "/" }
        return next
    }
}
