/// Where a case stands. A case is open until it is resolved; resolving records what became of
/// the customer (``CaseOutcome``); a resolved or closed case may be reopened.
public enum CaseStatus: String, Codable, Sendable, CaseIterable {
    case new
    case inProgress = "in_progress"
    case waitingForCustomer = "waiting_for_customer"
    case resolved
    case closed

    public var isOpen: Bool { self == .new || self == .inProgress || self == .waitingForCustomer }

    public var label: String {
        switch self {
        case .new: "New"
        case .inProgress: "In progress"
        case .waitingForCustomer: "Waiting for customer"
        case .resolved: "Resolved"
        case .closed: "Closed"
        }
    }

    /// Whether a case may move from this status to `next`. Nothing moves back to `new`; a
    /// closed case is reopened into progress, not straight to resolved.
    public func mayMove(to next: CaseStatus) -> Bool {
        guard next != self, next != .new else { return false }
        switch self {
        case .new, .inProgress, .waitingForCustomer: return true
        case .resolved: return next == .closed || next == .inProgress
        case .closed: return next == .inProgress
        }
    }
}

/// How urgent a case is; each priority has its own service level (``ServiceLevels``).
public enum CasePriority: String, Codable, Sendable, CaseIterable, Comparable {
    case low
    case normal
    case high
    case urgent

    var rank: Int {
        switch self {
        case .low: 0
        case .normal: 1
        case .high: 2
        case .urgent: 3
        }
    }

    public static func < (lhs: CasePriority, rhs: CasePriority) -> Bool { lhs.rank < rhs.rank }

    public var label: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }
}

/// What became of the customer when the case was resolved.
public enum CaseOutcome: String, Codable, Sendable, CaseIterable {
    /// The problem was put right; nothing is known yet of the customer staying or going.
    case resolved
    /// The customer said they stay (or renewed).
    case retained
    /// The customer left anyway.
    case lost

    public var label: String {
        switch self {
        case .resolved: "Problem resolved"
        case .retained: "Customer retained"
        case .lost: "Customer lost"
        }
    }
}

/// The hours within which a case of each priority must be resolved.
public struct ServiceLevels: Sendable, Equatable {
    public var hours: [CasePriority: Double]

    public init(hours: [CasePriority: Double]) { self.hours = hours }

    /// A detractor should hear back within a day: high is 24 hours.
    public static let standard = ServiceLevels(hours: [.urgent: 4, .high: 24, .normal: 72, .low: 168])

    /// The longest service level a workspace may set: 90 days.
    public static let maximumHours = 2160.0

    /// The hours for a priority (the standard's when the workspace has not set it).
    public func hours(for priority: CasePriority) -> Double { hours[priority] ?? Self.standard.hours[priority]! }

    /// When a case of this priority opened at `opened` (seconds since 1970) is due.
    public func due(openedAt opened: Double, priority: CasePriority) -> Double { opened + hours(for: priority) * 3600 }

    /// Every priority's hours must be positive, at most ``maximumHours``, and no shorter for a lower priority
    /// than for a higher one (an urgent case is never due later than a normal one).
    public func validated() throws(FieldError) -> ServiceLevels {
        var all: [CasePriority: Double] = [:]
        for priority in CasePriority.allCases {
            let value = hours(for: priority)
            guard value.isFinite, value > 0, value <= Self.maximumHours else {
                throw FieldError("hours.\(priority.rawValue)", "must be a number of hours above 0 and at most \(Int(Self.maximumHours))")
            }
            all[priority] = value
        }
        for (lower, higher) in zip(CasePriority.allCases, CasePriority.allCases.dropFirst()) where all[lower]! < all[higher]! {
            throw FieldError("hours.\(lower.rawValue)", "must be at least the \(higher.rawValue) priority's \(Self.format(all[higher]!)) hours")
        }
        return ServiceLevels(hours: all)
    }

    public static func format(_ hours: Double) -> String {
        hours == hours.rounded() ? String(Int(hours)) : String(hours)
    }
}
