/// Feedback from outside the surveys: a review on a rating site, a social-media post, an e-mail,
/// kept as a comment tied to a touchpoint so that what customers say everywhere is read together.
public struct Feedback: Sendable, Equatable {
    public enum Source: String, Sendable, CaseIterable, Codable {
        case review
        case social
        case email
        case other

        public var label: String {
            switch self {
            case .review: "Review"
            case .social: "Social post"
            case .email: "E-mail"
            case .other: "Other"
            }
        }
    }

    public static let maxTextLength = 10_000

    public var source: Source
    public var text: String
    /// Stars, from 1 to 5 (halves allowed), where the source gives them.
    public var rating: Double?
    public var author: String?
    /// Where it was published.
    public var url: String?

    public init(source: Source, text: String, rating: Double? = nil, author: String? = nil, url: String? = nil) {
        self.source = source
        self.text = text
        self.rating = rating
        self.author = author
        self.url = url
    }

    /// The feedback with its text trimmed and its rules checked, or a ``FieldError``.
    public func validated() throws(FieldError) -> Feedback {
        let text = self.text.trimmingWhitespace()
        guard !text.isEmpty else { throw FieldError("text", "is required") }
        guard text.count <= Self.maxTextLength else { throw FieldError("text", "must be at most \(Self.maxTextLength) characters") }
        if let rating, !(rating.isFinite && rating >= 1 && rating <= 5 && (rating * 2).rounded() == rating * 2) {
            throw FieldError("rating", "must be from 1 to 5 stars (halves allowed)")
        }
        let url = try Validate.optionalText(self.url, field: "url", maxLength: 2000)
        if let url, !(url.hasPrefix("https://") || url.hasPrefix("http://")) {
            throw FieldError("url", "must be a web address starting with http:// or https://")
        }
        return Feedback(source: source, text: text, rating: rating, author: try Validate.optionalText(author, field: "author", maxLength: 200),
                        url: url)
    }
}
