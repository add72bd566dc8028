import Crypto
import Foundation

/// Unguessable secrets (session ids, API tokens, one-time links) and their stored hashes.
///
/// Only the SHA-256 of a secret is stored, so a copy of the database cannot be used to sign in.
/// The secrets carry 256 random bits, so a fast hash is enough (unlike passwords).
enum SecretToken {
    /// A new secret: `prefix` followed by 32 random bytes in URL-safe base64.
    static func make(prefix: String = "") -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return prefix + base64URL(bytes)
    }

    /// The hex SHA-256 of the text, as stored.
    static func hash(_ text: String) -> String {
        hex(SHA256.hash(data: Data(text.utf8)))
    }

    private static let digits = Array("0123456789abcdef".utf8)

    /// Lower-case hex, without a format string per byte (this runs on every API request).
    static func hex<D: Sequence>(_ bytes: D) -> String where D.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func base64URL<D: Sequence>(_ bytes: D) -> String where D.Element == UInt8 {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Compares two strings in time that does not depend on where they differ.
    static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<x.count { diff |= x[i] ^ y[i] }
        return diff == 0
    }
}
