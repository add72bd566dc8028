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
