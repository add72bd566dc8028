/// A rejected input, naming the field that was wrong and why.
///
/// Every layer reports bad input with this type so that the HTTP layer can answer with a
/// 4xx whose body names the field, and a form can show the message next to its input.
public struct FieldError: Error, Sendable, Equatable, CustomStringConvertible {
    public let field: String
    public let message: String

    public init(_ field: String, _ message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
}

/// Small checks shared by every input type; each throws a ``FieldError`` naming the field.
public enum Validate {
    /// Trims the text and requires it to be between 1 and `maxLength` characters.
    public static func name(_ value: String, field: String, maxLength: Int = 200) throws(FieldError) -> String {
        let trimmed = value.trimmingWhitespace()
        guard !trimmed.isEmpty else { throw FieldError(field, "must not be empty") }
        guard trimmed.count <= maxLength else { throw FieldError(field, "must be at most \(maxLength) characters") }
        return trimmed
    }

    /// Trims optional text; empty becomes nil.
    public static func optionalText(_ value: String?, field: String, maxLength: Int = 2000) throws(FieldError) -> String? {
        guard let trimmed = value?.trimmingWhitespace(), !trimmed.isEmpty else { return nil }
        guard trimmed.count <= maxLength else { throw FieldError(field, "must be at most \(maxLength) characters") }
        return trimmed
    }

    /// A plausible e-mail address, lower-cased: one `@`, a non-empty local part and a dotted domain.
    public static func email(_ value: String, field: String = "email") throws(FieldError) -> String {
        let trimmed = value.trimmingWhitespace().lowercased()
        let parts = trimmed.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
              !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
              !trimmed.contains(where: { $0.isWhitespace }), trimmed.count <= 254
        else { throw FieldError(field, "must be an e-mail address such as name@example.com") }
        return trimmed
    }

    /// A new password: at least 10 characters, at most 72 bytes (bcrypt's limit).
    public static func newPassword(_ value: String, confirmation: String?, field: String = "password") throws(FieldError) {
        guard value.count >= 10 else { throw FieldError(field, "must be at least 10 characters") }
        guard value.utf8.count <= 72 else { throw FieldError(field, "must be at most 72 bytes") }
        if let confirmation, confirmation != value {
            throw FieldError("password_confirmation", "does not match the password")
        }
    }

    /// A URL-safe identifier: lower-case letters, digits and dashes, 2 to 48 characters.
    public static func slug(_ value: String, field: String = "slug") throws(FieldError) -> String {
        let trimmed = value.trimmingWhitespace().lowercased()
        guard (2...48).contains(trimmed.count),
              trimmed.allSatisfy({ ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "-" }),
              !trimmed.hasPrefix("-"), !trimmed.hasSuffix("-")
        else { throw FieldError(field, "must be 2 to 48 lower-case letters, digits or dashes") }
        return trimmed
    }

    /// Hidden attributes carried by a link or a response (a ticket number, a page): at most 50,
    /// names up to 60 and values up to 500 characters.
    public static func hiddenAttributes(_ hidden: [String: String], field: String = "hidden") throws(FieldError) {
        guard hidden.count <= 50, hidden.allSatisfy({ !$0.key.isEmpty && $0.key.count <= 60 && $0.value.count <= 500 }) else {
            throw FieldError(field, "takes at most 50 attributes, names of 1 to 60 and values up to 500 characters")
        }
        // Control characters (NUL above all) cannot be stored as text by PostgreSQL, nor shown.
        for (key, value) in hidden.sorted(by: { $0.key < $1.key }) where hasControlCharacter(key) || hasControlCharacter(value) {
            throw FieldError("\(field).\(key.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.map(String.init).joined())",
                             "must not contain control characters")
        }
    }

    public static func hasControlCharacter(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }
    }

    /// A key that answers and exports refer to: 1 to 40 ASCII letters, digits, `-` or `_`.
    public static func isPlainKey(_ key: String) -> Bool {
        (1...40).contains(key.count) && key.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
    }

    /// A finite, non-negative amount.
    public static func nonNegative(_ value: Double?, field: String) throws(FieldError) -> Double? {
        guard let value else { return nil }
        guard value.isFinite, value >= 0 else { throw FieldError(field, "must be a number zero or above") }
        return value
    }
}

extension String {
    /// The text without leading and trailing white space.
    public func trimmingWhitespace() -> String {
        // Most values have nothing to trim: checking the ends' scalars avoids walking characters.
        guard let first = unicodeScalars.first, let last = unicodeScalars.last else { return self }
        if !first.properties.isWhitespace, !last.properties.isWhitespace { return self }
        var view = Substring(self)
        while let first = view.first, first.isWhitespace { view.removeFirst() }
        while let last = view.last, last.isWhitespace { view.removeLast() }
        return String(view)
    }

    /// A slug made from a name: lower-case ASCII letters and digits, other runs become one dash.
    public func slugified(maxLength: Int = 48) -> String {
        var out = ""
        var pendingDash = false
        for scalar in self.lowercased().unicodeScalars {
            if scalar.isASCII, CharacterSetLite.isAlphanumeric(scalar) {
                if pendingDash, !out.isEmpty { out.append("-") }
                pendingDash = false
                out.unicodeScalars.append(scalar)
            } else {
                pendingDash = true
            }
            if out.count >= maxLength { break }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out
    }
}

enum CharacterSetLite {
    static func isAlphanumeric(_ s: Unicode.Scalar) -> Bool {
        (s >= "a" && s <= "z") || (s >= "0" && s <= "9")
    }
}
