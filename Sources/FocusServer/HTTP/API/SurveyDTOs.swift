import FocusCore
import Foundation

// The surveys' and responses' wire format (snake_case), apart from the domain types.

/// Any JSON value, for answers whose type depends on the question.
enum JSONValue: Decodable, Sendable {
    case number(Double)
    case string(String)
    case bool(Bool)
    case array([JSONValue])
    case object([String: JSONValue])
    case null

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        // Most answers are texts and numbers: tried first, each failed try builds an error.
        if c.decodeNil() { self = .null }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let n = try? c.decode(Double.self) { self = .number(n) }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    /// The answer it carries, or a ``FieldError`` naming the answer.
    func answer(field: String) throws -> AnswerInput {
        switch self {
        case .number(let n): return .number(n)
        case .string(let s): return .text(s)
        case .null: return .null
        case .array(let items):
            return .list(try items.map {
                guard case .string(let s) = $0 else { throw FieldError(field, "must list option keys as strings") }
                return s
            })
        case .bool, .object: throw FieldError(field, "must be a number, a text or a list of option keys")
        }
    }
}

struct OptionDTO: Codable {
    let key: String
    let label: LocalizedText
}

struct QuestionDTO: Codable {
    let key: String
    let kind: String
    let text: LocalizedText
    let required: Bool?
    let attribute: String?
    let scaleMax: Int?
    let options: [OptionDTO]?
    let maxLength: Int?

    enum CodingKeys: String, CodingKey {
        case key, kind, text, required, attribute, options
        case scaleMax = "scale_max"
        case maxLength = "max_length"
    }

    init(_ q: Question) {
        key = q.key
        kind = q.kind.rawValue
        text = q.text
        required = q.required
        attribute = q.attribute
        scaleMax = q.scaleMax
        options = q.options.map { OptionDTO(key: $0.key, label: $0.label) }
        maxLength = q.maxLength
    }

    func domain(index: Int) throws -> Question {
        guard let kind = QuestionKind(rawValue: kind) else {
            throw FieldError("questions[\(index)].kind", "must be one of: \(QuestionKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return Question(key: key, kind: kind, text: text, required: required ?? false, attribute: attribute, scaleMax: scaleMax,
                        options: (options ?? []).map { ChoiceOption(key: $0.key, label: $0.label) }, maxLength: maxLength)
    }
}

struct SurveyDTO: Codable {
    let id: UUID
    let name: String
    let status: String
    let template: String?
    let touchpointID: UUID?
    let publicKey: String
    let publicURL: String
    let languages: [String]
    let intro: LocalizedText
    let thanks: LocalizedText
    let asksBrand: Bool
    let questions: [QuestionDTO]

    enum CodingKeys: String, CodingKey {
        case id, name, status, template, languages, intro, thanks, questions
        case touchpointID = "touchpoint_id"
        case publicKey = "public_key"
        case publicURL = "public_url"
        case asksBrand = "asks_brand"
    }

    init(_ s: SurveyRecord, baseURL: String) {
        id = s.id
        name = s.definition.name
        status = s.status.rawValue
        template = s.template?.rawValue
        touchpointID = s.touchpointID
        publicKey = s.publicKey
        publicURL = "\(baseURL)/s/\(s.publicKey)"
        languages = s.definition.languages
        intro = s.definition.intro
        thanks = s.definition.thanks
        asksBrand = s.definition.asksBrand
        questions = s.definition.questions.map(QuestionDTO.init)
    }
}

struct SurveyInput: Decodable {
    let name: String
    let touchpointID: UUID?
    let languages: [String]?
    let intro: LocalizedText?
    let thanks: LocalizedText?
    let asksBrand: Bool?
    let questions: [QuestionDTO]?

    enum CodingKeys: String, CodingKey {
        case name, languages, intro, thanks, questions
        case touchpointID = "touchpoint_id"
        case asksBrand = "asks_brand"
    }

    func domain() throws -> SurveyDefinition {
        SurveyDefinition(
            name: name, languages: languages ?? ["en"], intro: intro ?? LocalizedText([:]),
            thanks: thanks ?? LocalizedText(en: "Thank you for your answers."), asksBrand: asksBrand ?? false,
            questions: try (questions ?? []).enumerated().map { try $0.element.domain(index: $0.offset) })
    }
}

struct TemplateInput: Decodable {
    let template: String
    let name: String?
    let touchpointID: UUID?

    enum CodingKeys: String, CodingKey {
        case template, name
        case touchpointID = "touchpoint_id"
    }
}

struct TemplateDTO: Codable {
    let key: String
    let title: String
    let summary: String
}

struct StatusInput: Decodable {
    let status: String
}

struct ResponseInput: Decodable {
    let surveyID: UUID
    let answers: [String: JSONValue]
    let touchpointID: UUID?
    let brand: String?
    let customerID: String?
    let channel: String?
    let language: String?
    let hidden: [String: String]?
    let receivedAt: String?
    let contactID: UUID?

    enum CodingKeys: String, CodingKey {
        case answers, brand, channel, language, hidden
        case surveyID = "survey_id"
        case touchpointID = "touchpoint_id"
        case customerID = "customer_id"
        case receivedAt = "received_at"
        case contactID = "contact_id"
    }

    func submission(defaultChannel: String = "api") throws -> ResponseSubmission {
        var answers: [String: AnswerInput] = [:]
        for (key, value) in self.answers { answers[key] = try value.answer(field: "answers.\(key)") }
        var at: Double?
        if let receivedAt {
            guard let date = Timestamp.parse(receivedAt) else {
                throw FieldError("received_at", "must be a time in ISO 8601, such as 2026-03-14T09:30:00Z")
            }
            at = date
        }
        return ResponseSubmission(surveyID: surveyID, answers: answers, touchpointID: touchpointID, brand: brand,
                                  customerExternalID: customerID, channel: channel ?? defaultChannel, language: language,
                                  hidden: hidden ?? [:], receivedAt: at, contactID: contactID)
    }
}

struct ResponseBatchInput: Decodable {
    let responses: [ResponseInput]
}

struct ResponseDTO: Codable {
    let id: UUID
    let surveyID: UUID
    let touchpointID: UUID?
    let brandID: UUID?
    let customerID: UUID?
    let channel: String
    let language: String
    let receivedAt: String
    let answers: [String: Answer]
    let hidden: [String: String]
    let contactID: UUID?

    enum CodingKeys: String, CodingKey {
        case id, channel, language, answers, hidden
        case surveyID = "survey_id"
        case touchpointID = "touchpoint_id"
        case brandID = "brand_id"
        case customerID = "customer_id"
        case receivedAt = "received_at"
        case contactID = "contact_id"
    }

    init(_ r: ResponseRecord) {
        id = r.id
        surveyID = r.surveyID
        touchpointID = r.touchpointID
        brandID = r.brandID
        customerID = r.customerID
        channel = r.channel
        language = r.language
        receivedAt = Timestamp.format(r.receivedAt)
        answers = r.answers
        hidden = r.hidden
        contactID = r.contactID
    }
}

struct ResponseBatchDTO: Codable {
    let responses: [ResponseDTO]
}

struct InvitationInput: Decodable {
    let surveyID: UUID
    let customerID: String?
    let touchpointID: UUID?
    let hidden: [String: String]?
    let language: String?
    let channel: String?
    let expiresInDays: Int?

    enum CodingKeys: String, CodingKey {
        case hidden, language, channel
        case surveyID = "survey_id"
        case customerID = "customer_id"
        case touchpointID = "touchpoint_id"
        case expiresInDays = "expires_in_days"
    }

    var request: InvitationRequest {
        InvitationRequest(surveyID: surveyID, customerExternalID: customerID, touchpointID: touchpointID, hidden: hidden ?? [:],
                          language: language, channel: channel ?? "email", expiresInDays: expiresInDays ?? 14)
    }
}

struct InvitationBatchInput: Decodable {
    let invitations: [InvitationInput]
}

struct InvitationResultDTO: Codable {
    let status: String
    let id: UUID?
    let url: String?
    let expiresAt: String?
    let reason: String?
    let lastInvitedAt: String?

    enum CodingKeys: String, CodingKey {
        case status, id, url, reason
        case expiresAt = "expires_at"
        case lastInvitedAt = "last_invited_at"
    }

    init(_ outcome: InvitationOutcome, baseURL: String) {
        switch outcome {
        case .created(let id, let token, let expiresAt):
            status = "created"; self.id = id; url = "\(baseURL)/i/\(token)"; self.expiresAt = Timestamp.format(expiresAt)
            reason = nil; lastInvitedAt = nil
        case .skipped(let reason, let last):
            status = "skipped"; id = nil; url = nil; expiresAt = nil; self.reason = reason; lastInvitedAt = Timestamp.format(last)
        }
    }
}

struct InvitationBatchDTO: Codable {
    let invitations: [InvitationResultDTO]
}

struct SettingsDTO: Codable {
    let fatigueDays: Int

    enum CodingKeys: String, CodingKey {
        case fatigueDays = "fatigue_days"
    }
}
