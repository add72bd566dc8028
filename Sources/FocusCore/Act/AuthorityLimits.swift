import Foundation

/// What kind of goodwill an employee gives a customer on a case.
public enum GoodwillKind: String, Codable, Sendable, CaseIterable {
    case refund
    case credit

    public var label: String { self == .refund ? "Refund" : "Credit" }
}

/// Where a goodwill stands: final at once within the giver's limit, otherwise waiting until
/// someone whose limit covers it approves or rejects it.
public enum GoodwillStatus: String, Codable, Sendable, CaseIterable {
    /// Within the giver's own limit: final when recorded.
    case final
    case pending
    case approved
    case rejected

    /// Whether the money is given (final or approved).
    public var isGiven: Bool { self == .final || self == .approved }
}

/// Each role's (and, where set, each person's) authority for goodwill, in cents of the
/// workspace's currency. A person's own limit replaces their role's, up or down.
public struct AuthorityLimits: Sendable, Equatable {
    public var roles: [Role: Int]
    public var people: [UUID: Int]

    public init(roles: [Role: Int], people: [UUID: Int] = [:]) {
        self.roles = roles
        self.people = people
    }

    /// Until a workspace sets its own: agents 50, analysts 250, owners 2,500; viewers give nothing.
    public static let standard = AuthorityLimits(roles: [.viewer: 0, .agent: 5_000, .analyst: 25_000, .owner: 250_000])

    /// The most this person may give without approval.
    public func limit(person: UUID?, role: Role) -> Int {
        if let person, let own = people[person] { return own }
        return roles[role] ?? Self.standard.roles[role] ?? 0
    }

    /// What becomes of a goodwill of `cents` recorded by this person: final within their limit, else pending.
    public func status(ofGoodwill cents: Int, by person: UUID?, role: Role) -> GoodwillStatus {
        cents <= limit(person: person, role: role) ? .final : .pending
    }

    /// Whether `approver` may decide a pending goodwill recorded by `requester`: not their own
    /// (four eyes), and only within the approver's own limit. Throws saying why not.
    public func checkApproval(ofGoodwill cents: Int, requester: UUID?, approver: UUID?, role: Role, currency: String) throws(FieldError) {
        guard let approver else { throw FieldError("approver", "only a person may approve a goodwill, not an API token without a person") }
        guard approver != requester else { throw FieldError("approver", "a goodwill needs someone other than the person who recorded it to approve it") }
        let own = limit(person: approver, role: role)
        guard cents <= own else {
            throw FieldError("approver", "your limit of \(Money.format(own, currency: currency)) does not cover \(Money.format(cents, currency: currency))")
        }
    }

    /// Limits are whole amounts from 0 to ``Money/maximumCents``.
    public func validated() throws(FieldError) -> AuthorityLimits {
        for (role, cents) in roles where !(0...Money.maximumCents).contains(cents) {
            throw FieldError("roles.\(role.rawValue)", "must be an amount from 0 to \(Money.maximumCents / 100)")
        }
        for (person, cents) in people where !(0...Money.maximumCents).contains(cents) {
            throw FieldError("people.\(person.uuidString.lowercased())", "must be an amount from 0 to \(Money.maximumCents / 100)")
        }
        return self
    }
}
