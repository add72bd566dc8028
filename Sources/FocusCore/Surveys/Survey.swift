/// A survey's content: its questions, languages and words to the respondent.
public struct SurveyDefinition: Sendable, Equatable, Codable {
    public enum Status: String, Sendable, Codable, CaseIterable {
        /// Being written; not answerable.
        case draft
        /// Answerable.
        case live
        /// No longer answerable; its answers stay.
        case closed
    }

    public var name: String
    /// The languages the texts are in; the first is the default.
    public var languages: [String]
    public var intro: LocalizedText
    public var thanks: LocalizedText
    /// For a competitor benchmark: the respondent says which brand they are a customer of.
    public var asksBrand: Bool
    public var questions: [Question]

    public init(name: String, languages: [String] = ["en"], intro: LocalizedText = LocalizedText([:]),
                thanks: LocalizedText = LocalizedText(en: "Thank you for your answers."), asksBrand: Bool = false,
                questions: [Question]) {
        self.name = name
        self.languages = languages
        self.intro = intro
        self.thanks = thanks
        self.asksBrand = asksBrand
        self.questions = questions
    }

    public var defaultLanguage: String { languages.first ?? "en" }

    /// The question with the key.
    public func question(_ key: String) -> Question? { questions.first { $0.key == key } }

    /// The first question that yields a headline score (NPS, else CSAT, else CES).
    public var headline: Question? {
        questions.first { $0.kind == .nps } ?? questions.first { $0.kind == .csat } ?? questions.first { $0.kind == .ces }
    }

    /// The survey with its rules checked, each broken one named by its field.
    public func validated() throws(FieldError) -> SurveyDefinition {
        var s = self
        s.name = try Validate.name(name, field: "name", maxLength: 120)
        guard !languages.isEmpty, languages.count <= 20,
              languages.allSatisfy({ (2...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0 == "-") } })
        else { throw FieldError("languages", "must list 1 to 20 language codes such as en or de") }
        guard Set(languages).count == languages.count else { throw FieldError("languages", "must not repeat a language") }
        guard questions.count <= 100 else { throw FieldError("questions", "must be at most 100") }
        s.questions = []
        for (i, q) in questions.enumerated() {
            s.questions.append(try q.validated(at: i))
        }
        guard Set(s.questions.map(\.key)).count == s.questions.count else {
            throw FieldError("questions", "keys must be different")
        }
        return s
    }

    /// Whether this (edited) survey may replace `old`, given which questions already have answers.
    ///
    /// Questions may be added at any time and texts reworded; but a question with answers may not be
    /// removed, change its kind or scale, or lose an option that answers use, because that would
    /// change the meaning of the answers already given.
    public func checkCompatible(with old: SurveyDefinition, answered: Set<String>) throws(FieldError) {
        for (i, oldQuestion) in old.questions.enumerated() where answered.contains(oldQuestion.key) {
            guard let new = question(oldQuestion.key) else {
                throw FieldError("questions[\(i)]", "\(oldQuestion.key) has answers and cannot be removed")
            }
            let index = questions.firstIndex { $0.key == new.key } ?? i
            if new.kind != oldQuestion.kind {
                throw FieldError("questions[\(index)].kind", "cannot change: \(oldQuestion.key) has answers")
            }
            if new.scale != oldQuestion.scale {
                throw FieldError("questions[\(index)].scale_max", "cannot change: \(oldQuestion.key) has answers")
            }
            let kept = Set(new.options.map(\.key))
            if let lost = oldQuestion.options.first(where: { !kept.contains($0.key) }) {
                throw FieldError("questions[\(index)].options", "option \(lost.key) cannot be removed: \(oldQuestion.key) has answers")
            }
        }
    }
}

/// One answer, as stored: a number for scales, option keys for choices, text for free text.
public enum Answer: Sendable, Equatable, Codable {
    case number(Int)
    case choice(String)
    case choices([String])
    case text(String)

    public var number: Int? { if case .number(let n) = self { n } else { nil } }
    public var textValue: String? { if case .text(let t) = self { t } else { nil } }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let n = try? c.decode(Int.self) { self = .number(n) }
        else if let list = try? c.decode([String].self) { self = .choices(list) }
        else { self = .text(try c.decode(String.self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .number(let n): try c.encode(n)
        case .choice(let s), .text(let s): try c.encode(s)
        case .choices(let list): try c.encode(list)
        }
    }
}

/// An answer as it arrives, before it is checked against its question.
public enum AnswerInput: Sendable, Equatable {
    case number(Double)
    case text(String)
    case list([String])
    case null
}

extension SurveyDefinition {
    /// Answers read back from storage, where a chosen option and a text are both plain strings:
    /// the question's kind says which one it is.
    public func interpret(_ stored: [String: Answer]) -> [String: Answer] {
        var result = stored
        for q in questions where q.kind == .singleChoice {
            if case .text(let key) = stored[q.key] { result[q.key] = .choice(key) }
        }
        return result
    }

    public static let maximumTextLength = Question.defaultTextLimit

    /// Checks answers against the questions and returns them as stored.
    ///
    /// - Throws: a ``FieldError`` naming `answers.<key>` for an unknown question, a required one
    ///   left out, a number out of range, an unknown option, or text that is too long.
    public func checkAnswers(_ input: [String: AnswerInput]) throws(FieldError) -> [String: Answer] {
        for key in input.keys.sorted() where question(key) == nil {
            throw FieldError("answers.\(key)", "is not a question of this survey")
        }
        var result: [String: Answer] = [:]
        for q in questions {
            let field = "answers.\(q.key)"
            let given = input[q.key] ?? .null
            if case .text(let t) = given, t.trimmingWhitespace().isEmpty {
                if q.required { throw FieldError(field, "is required") }
                continue
            }
            if case .list(let l) = given, l.isEmpty {
                if q.required { throw FieldError(field, "is required") }
                continue
            }
            if case .null = given {
                if q.required { throw FieldError(field, "is required") }
                continue
            }
            switch q.kind {
            case .nps, .csat, .ces, .rating:
                let range = q.scale!
                let value: Double
                switch given {
                case .number(let n): value = n
                case .text(let t):
                    guard let n = Double(t.trimmingWhitespace()) else { throw FieldError(field, "must be a whole number from \(range.lowerBound) to \(range.upperBound)") }
                    value = n
                default: throw FieldError(field, "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
                }
                guard value == value.rounded(), value >= Double(range.lowerBound), value <= Double(range.upperBound) else {
                    throw FieldError(field, "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
                }
                result[q.key] = .number(Int(value))
            case .singleChoice:
                let keys = Set(q.options.map(\.key))
                let chosen: String
                switch given {
                case .text(let t): chosen = t
                case .list(let l) where l.count == 1: chosen = l[0]
                default: throw FieldError(field, "must be one of the options")
                }
                guard keys.contains(chosen) else { throw FieldError(field, "must be one of: \(q.options.map(\.key).joined(separator: ", "))") }
                result[q.key] = .choice(chosen)
            case .multipleChoice:
                let keys = Set(q.options.map(\.key))
                let chosen: [String]
                switch given {
                case .text(let t): chosen = [t]
                case .list(let l): chosen = l
                default: throw FieldError(field, "must be a list of options")
                }
                guard let bad = chosen.first(where: { !keys.contains($0) }) else {
                    // keep the survey's order, drop repeats
                    result[q.key] = .choices(q.options.map(\.key).filter(Set(chosen).contains))
                    continue
                }
                throw FieldError(field, "\(bad) is not one of: \(q.options.map(\.key).joined(separator: ", "))")
            case .text:
                guard case .text(let t) = given else { throw FieldError(field, "must be text") }
                let limit = q.maxLength ?? Self.maximumTextLength
                guard t.count <= limit else { throw FieldError(field, "must be at most \(limit) characters") }
                result[q.key] = .text(t.trimmingWhitespace())
            }
        }
        return result
    }
}
