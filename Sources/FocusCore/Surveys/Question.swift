/// Text in several languages, by language code (`en`, `de`, ...).
public struct LocalizedText: Sendable, Equatable, Codable, Hashable {
    public var values: [String: String]

    public init(_ values: [String: String]) {
        self.values = values
    }

    public init(en: String) {
        self.values = ["en": en]
    }

    /// The text in the language, else in the fallback, else any.
    public func text(_ language: String, fallback: String) -> String {
        values[language] ?? values[fallback] ?? values.sorted { $0.key < $1.key }.first?.value ?? ""
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let plain = try? c.decode(String.self) {
            values = ["en": plain]
        } else {
            values = try c.decode([String: String].self)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(values)
    }
}

/// What a question asks for.
public enum QuestionKind: String, Sendable, Codable, CaseIterable {
    /// Likelihood to recommend, 0 to 10.
    case nps
    /// Satisfaction, 1 to 5.
    case csat
    /// Customer effort, 1 (very easy) to 7 (very hard).
    case ces
    /// A rating of one named attribute (a driver), 1 to 5 or 0 to 10.
    case rating
    case singleChoice = "single_choice"
    case multipleChoice = "multiple_choice"
    case text

    public var label: String {
        switch self {
        case .nps: "Likelihood to recommend (NPS, 0–10)"
        case .csat: "Satisfaction (CSAT, 1–5)"
        case .ces: "Customer effort (CES, 1–7)"
        case .rating: "Attribute rating (a driver)"
        case .singleChoice: "Single choice"
        case .multipleChoice: "Multiple choice"
        case .text: "Free text"
        }
    }

    public var isScale: Bool { self == .nps || self == .csat || self == .ces || self == .rating }
}

/// One option of a choice question; the key is what answers store.
public struct ChoiceOption: Sendable, Equatable, Codable {
    public var key: String
    public var label: LocalizedText

    public init(key: String, label: LocalizedText) {
        self.key = key
        self.label = label
    }
}

/// One question of a survey. Its `key` is stable: answers refer to it.
public struct Question: Sendable, Equatable, Codable {
    public var key: String
    public var kind: QuestionKind
    public var text: LocalizedText
    public var required: Bool
    /// For a rating: the attribute it rates ("speed", "friendliness").
    public var attribute: String?
    /// For a rating: the highest point of the scale (5 or 10); its lowest is 1 for 5, 0 for 10.
    public var scaleMax: Int?
    public var options: [ChoiceOption]
    /// For free text: the longest answer taken.
    public var maxLength: Int?

    public init(key: String, kind: QuestionKind, text: LocalizedText, required: Bool = false, attribute: String? = nil,
                scaleMax: Int? = nil, options: [ChoiceOption] = [], maxLength: Int? = nil) {
        self.key = key
        self.kind = kind
        self.text = text
        self.required = required
        self.attribute = attribute
        self.scaleMax = scaleMax
        self.options = options
        self.maxLength = maxLength
    }

    /// The range of a scale question's answers.
    public var scale: ClosedRange<Int>? {
        switch kind {
        case .nps: 0...10
        case .csat: 1...5
        case .ces: 1...7
        case .rating: (scaleMax ?? 5) == 10 ? 0...10 : 1...5
        default: nil
        }
    }

    public static let defaultTextLimit = 5_000

    /// The question's own rules, each broken one named by its field.
    public func validated(at index: Int) throws(FieldError) -> Question {
        let field = "questions[\(index)]"
        var q = self
        q.key = key.trimmingWhitespace()
        guard Validate.isPlainKey(q.key)
        else { throw FieldError("\(field).key", "must be 1 to 40 letters, digits, - or _") }
        guard !text.values.isEmpty, text.values.values.allSatisfy({ !$0.trimmingWhitespace().isEmpty }) else {
            throw FieldError("\(field).text", "must not be empty")
        }
        guard text.values.values.allSatisfy({ $0.count <= 1000 }) else { throw FieldError("\(field).text", "must be at most 1000 characters") }
        switch kind {
        case .rating:
            guard let attribute = attribute?.trimmingWhitespace(), !attribute.isEmpty, attribute.count <= 60 else {
                throw FieldError("\(field).attribute", "is required for a rating: the attribute it rates, such as speed")
            }
            q.attribute = attribute
            guard scaleMax == nil || scaleMax == 5 || scaleMax == 10 else { throw FieldError("\(field).scale_max", "must be 5 or 10") }
            q.scaleMax = scaleMax ?? 5
        case .singleChoice, .multipleChoice:
            guard (2...30).contains(options.count) else { throw FieldError("\(field).options", "must have 2 to 30 options") }
            guard Set(options.map(\.key)).count == options.count else { throw FieldError("\(field).options", "keys must be different") }
            for (i, option) in options.enumerated() {
                // Keys are plain words: exports join several chosen keys with ";".
                guard Validate.isPlainKey(option.key), !option.label.values.isEmpty
                else { throw FieldError("\(field).options[\(i)]", "needs a key of 1 to 40 letters, digits, - or _, and a label") }
            }
        case .text:
            if let maxLength, !(1...Self.defaultTextLimit).contains(maxLength) {
                throw FieldError("\(field).max_length", "must be from 1 to \(Self.defaultTextLimit)")
            }
        case .nps, .csat, .ces:
            break
        }
        if kind != .rating { q.attribute = nil; q.scaleMax = nil }
        if kind != .singleChoice && kind != .multipleChoice { q.options = [] }
        if kind != .text { q.maxLength = nil }
        return q
    }
}
