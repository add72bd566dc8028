import FocusCore
import Foundation

struct FeedbackInput: Decodable {
    let source: String?
    let text: String
    let rating: Double?
    let author: String?
    let url: String?
    let touchpointID: UUID?
    let customerID: String?
    let occurredAt: String?

    enum CodingKeys: String, CodingKey {
        case source, text, rating, author, url
        case touchpointID = "touchpoint_id"
        case customerID = "customer_id"
        case occurredAt = "occurred_at"
    }

    func submission() throws(FieldError) -> FeedbackSubmission {
        var source = Feedback.Source.other
        if let name = self.source {
            guard let s = Feedback.Source(rawValue: name) else {
                throw FieldError("source", "must be one of: \(Feedback.Source.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            source = s
        }
        var at: Double?
        if let occurredAt {
            guard let parsed = Timestamp.parse(occurredAt) else { throw FieldError("occurred_at", "must be an ISO 8601 date or time") }
            at = parsed
        }
        return FeedbackSubmission(feedback: Feedback(source: source, text: text, rating: rating, author: author, url: url),
                                  touchpointID: touchpointID, customerExternalID: customerID, occurredAt: at)
    }
}

struct FeedbackDTO: Encodable {
    let id: UUID
    let source: String
    let text: String
    let rating: Double?
    let author: String?
    let url: String?
    let touchpointID: UUID?
    let customerID: UUID?
    let occurredAt: String

    enum CodingKeys: String, CodingKey {
        case id, source, text, rating, author, url
        case touchpointID = "touchpoint_id"
        case customerID = "customer_id"
        case occurredAt = "occurred_at"
    }

    init(_ r: FeedbackRecord) {
        id = r.id
        source = r.feedback.source.rawValue
        text = r.feedback.text
        rating = r.feedback.rating
        author = r.feedback.author
        url = r.feedback.url
        touchpointID = r.touchpointID
        customerID = r.customerID
        occurredAt = Timestamp.format(r.occurredAt)
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(source, forKey: .source)
        try c.encode(text, forKey: .text)
        try c.encode(rating, forKey: .rating)
        try c.encode(author, forKey: .author)
        try c.encode(url, forKey: .url)
        try c.encode(touchpointID, forKey: .touchpointID)
        try c.encode(customerID, forKey: .customerID)
        try c.encode(occurredAt, forKey: .occurredAt)
    }
}
