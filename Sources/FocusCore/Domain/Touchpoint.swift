/// Where a customer meets the organisation: a web shop, a phone line, an invoice, claim handling.
///
/// An internal touchpoint is a department that serves other departments (internal customers).
public struct Touchpoint: Sendable, Equatable, Codable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case external
        case `internal`
    }

    public var name: String
    public var kind: Kind
    public var stage: String?
    public var description: String?

    public init(name: String, kind: Kind = .external, stage: String? = nil, description: String? = nil) {
        self.name = name
        self.kind = kind
        self.stage = stage
        self.description = description
    }

    /// The touchpoint with its text trimmed, or a ``FieldError`` naming the bad field.
    public func validated() throws(FieldError) -> Touchpoint {
        Touchpoint(
            name: try Validate.name(name, field: "name", maxLength: 120),
            kind: kind,
            stage: try Validate.optionalText(stage, field: "stage", maxLength: 80),
            description: try Validate.optionalText(description, field: "description", maxLength: 1000)
        )
    }
}

/// A stage of the customer journey that touchpoints are grouped into, in journey order.
public struct JourneyStage: Sendable, Equatable, Codable {
    public var name: String
    public var position: Int

    public init(name: String, position: Int) {
        self.name = name
        self.position = position
    }
}
