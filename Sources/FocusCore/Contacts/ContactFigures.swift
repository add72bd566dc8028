/// What a set of contacts adds up to: whole counts plus sums of cost and times. `+=` merges two sets.
///
/// The figures are aggregates, so a dashboard can keep them per reason, team and day and add them up.
public struct ContactFigures: Sendable, Equatable {
    public var contacts: Int
    /// The sum of the contacts' costs, in the workspace's currency.
    public var cost: Double
    /// Contacts where first-contact resolution is known.
    public var resolutionKnown: Int
    /// Of `resolutionKnown`, those resolved at the first contact.
    public var resolvedFirst: Int
    /// Contacts that were repeats (see ``RepeatDetector``).
    public var repeats: Int
    /// The sum of wait times in seconds over the `waitKnown` contacts whose wait time is known.
    public var waitSecondsSum: Double
    public var waitKnown: Int
    /// The sum of handling times in seconds over the `handlingKnown` contacts whose handling time is known.
    public var handlingSecondsSum: Double
    public var handlingKnown: Int

    public init() {
        self.init(contacts: 0, cost: 0, resolutionKnown: 0, resolvedFirst: 0, repeats: 0,
                  waitSecondsSum: 0, waitKnown: 0, handlingSecondsSum: 0, handlingKnown: 0)
    }

    public init(contacts: Int, cost: Double, resolutionKnown: Int, resolvedFirst: Int, repeats: Int,
                waitSecondsSum: Double, waitKnown: Int, handlingSecondsSum: Double, handlingKnown: Int) {
        self.contacts = contacts
        self.cost = cost
        self.resolutionKnown = resolutionKnown
        self.resolvedFirst = resolvedFirst
        self.repeats = repeats
        self.waitSecondsSum = waitSecondsSum
        self.waitKnown = waitKnown
        self.handlingSecondsSum = handlingSecondsSum
        self.handlingKnown = handlingKnown
    }

    /// Counts one contact. `nil` means unknown: it then counts in neither the numerator nor the denominator.
    public mutating func add(cost: Double, resolvedFirst: Bool?, isRepeat: Bool, waitSeconds: Double?, handlingSeconds: Double?) {
        contacts += 1
        self.cost += cost
        if let resolvedFirst {
            resolutionKnown += 1
            if resolvedFirst { self.resolvedFirst += 1 }
        }
        if isRepeat { repeats += 1 }
        if let waitSeconds {
            waitSecondsSum += waitSeconds
            waitKnown += 1
        }
        if let handlingSeconds {
            handlingSecondsSum += handlingSeconds
            handlingKnown += 1
        }
    }

    public static func += (a: inout ContactFigures, b: ContactFigures) {
        a.contacts += b.contacts
        a.cost += b.cost
        a.resolutionKnown += b.resolutionKnown
        a.resolvedFirst += b.resolvedFirst
        a.repeats += b.repeats
        a.waitSecondsSum += b.waitSecondsSum
        a.waitKnown += b.waitKnown
        a.handlingSecondsSum += b.handlingSecondsSum
        a.handlingKnown += b.handlingKnown
    }

    /// The share of contacts resolved at the first contact, of those where it is known: percent, Wilson interval.
    public var firstContactResolution: ScoreEstimate {
        Self.share(resolvedFirst, of: resolutionKnown)
    }

    /// The share of contacts that were repeats: percent, Wilson interval.
    public var repeatRate: ScoreEstimate {
        Self.share(repeats, of: contacts)
    }

    /// The mean wait in seconds over contacts whose wait is known; nil when none is.
    public var meanWaitSeconds: Double? {
        waitKnown > 0 ? waitSecondsSum / Double(waitKnown) : nil
    }

    /// The mean handling time in seconds over contacts whose handling time is known; nil when none is.
    public var meanHandlingSeconds: Double? {
        handlingKnown > 0 ? handlingSecondsSum / Double(handlingKnown) : nil
    }

    /// A share whose counts are first clamped to 0 ≤ successes ≤ n, so that inconsistent stored
    /// aggregates give a wrong-looking number instead of stopping the server.
    static func share(_ successes: Int, of n: Int) -> ScoreEstimate {
        let n = max(0, n)
        return ScoreStatistics.share(min(max(0, successes), n), of: n)
    }
}
