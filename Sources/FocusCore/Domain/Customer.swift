/// A customer of the workspace's organisation, known by the organisation's own id.
///
/// Anonymous responses have no customer. Dates are calendar dates (``CalendarDate``) so that
/// they mean the same day in every time zone and every database.
public struct Customer: Sendable, Equatable, Codable {
    public enum Status: String, Codable, Sendable, CaseIterable {
        case active
        case churned
    }

    public var externalID: String
    public var name: String?
    public var email: String?
    public var segment: String?
    /// Further attributes such as region or plan, by name.
    public var attributes: [String: String]
    /// Revenue per year, in the workspace's currency.
    public var valuePerYear: Double?
    public var since: CalendarDate?
    public var status: Status
    public var churnedOn: CalendarDate?

    public init(
        externalID: String, name: String? = nil, email: String? = nil, segment: String? = nil,
        attributes: [String: String] = [:], valuePerYear: Double? = nil, since: CalendarDate? = nil,
        status: Status = .active, churnedOn: CalendarDate? = nil
    ) {
        self.externalID = externalID
        self.name = name
        self.email = email
        self.segment = segment
        self.attributes = attributes
        self.valuePerYear = valuePerYear
        self.since = since
        self.status = status
        self.churnedOn = churnedOn
    }

    /// The customer with its text trimmed and its rules checked, or a ``FieldError``.
    public func validated() throws(FieldError) -> Customer {
        let externalID = try Validate.name(self.externalID, field: "external_id", maxLength: 120)
        let email: String? = switch try Validate.optionalText(self.email, field: "email", maxLength: 254) {
        case .some(let e): try Validate.email(e)
        case .none: nil
        }
        guard attributes.count <= 50 else { throw FieldError("attributes", "must have at most 50 entries") }
        var cleaned: [String: String] = [:]
        for (key, value) in attributes {
            let k = key.trimmingWhitespace()
            guard !k.isEmpty, k.count <= 60 else { throw FieldError("attributes", "names must be 1 to 60 characters") }
            guard value.count <= 500 else { throw FieldError("attributes.\(k)", "must be at most 500 characters") }
            cleaned[k] = value.trimmingWhitespace()
        }
        switch status {
        case .active:
            if churnedOn != nil { throw FieldError("churned_on", "must be empty for an active customer") }
        case .churned:
            if churnedOn == nil { throw FieldError("churned_on", "is required for a churned customer") }
            if let since, let churnedOn, churnedOn < since {
                throw FieldError("churned_on", "must not be before the customer's start date")
            }
        }
        return Customer(
            externalID: externalID,
            name: try Validate.optionalText(name, field: "name", maxLength: 200),
            email: email,
            segment: try Validate.optionalText(segment, field: "segment", maxLength: 80),
            attributes: cleaned,
            valuePerYear: try Validate.nonNegative(valuePerYear, field: "value_per_year"),
            since: since,
            status: status,
            churnedOn: churnedOn
        )
    }
}
