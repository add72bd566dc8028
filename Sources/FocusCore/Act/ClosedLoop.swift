/// Closing the loop with detractors, in figures: how many were reached, how fast, within the
/// service level or not, what the cases ended in, and what became of the customers afterwards.
///
/// The server reads the facts (one ``ClosedLoop/Detractor`` per detractor response of the period,
/// with its case and what the customer did next) and ``ClosedLoop/report(_:cases:asOf:)`` turns
/// them into a ``ClosedLoopReport``. Nothing here reads a clock: "now" is `asOf`, so the same
/// facts always give the same figures. Tested against `scripts/reference/closed_loop_reference.py`.
///
/// Definitions (the page and the API describe them the same way):
///
/// - **Detractor**: a response with an NPS answer of 0–6, received in the period.
/// - **Contacted**: the response's case records that someone talked to the customer (`contacted_at`).
/// - **Finished**: a case is finished at its `resolved_at`, or at its `closed_at` when it was closed
///   without being resolved. Reopening clears both, so a reopened case is open again.
/// - **Service level**: counted over the cases that are finished or whose due time has passed (an
///   open case not yet due may still make it, so it is left out rather than counted either way).
///   Within = finished at or before `due_at`; missed = finished after it, or still open past it.
/// - **Durations**: hours from `opened_at` to `first_action_at`, and to finished, over the cases
///   that have them; median and 90th percentile by linear interpolation between order statistics
///   (Hyndman & Fan 1996 type 7, the default of R's `quantile` and NumPy's `percentile`).
/// - **Afterwards**: each known customer counts once, at their first detractor response of the
///   period (the earliest; on a tie, the first given), so a customer who complained three times
///   does not weigh three times and the intervals' assumption of independent observations holds.
///   The customer is "contacted" when that response's case was. Their next NPS answer is the first
///   response with an NPS answer received strictly after it (any survey, any touchpoint); churn
///   counts a customer whose status is churned with `churned_on` after the response's UTC day.
public enum ClosedLoop {
    /// The times of a detractor's case, seconds since 1970.
    public struct CaseTimes: Sendable, Equatable {
        public var openedAt: Double
        public var dueAt: Double
        public var firstActionAt: Double?
        /// When someone recorded talking to the customer.
        public var contactedAt: Double?
        public var resolvedAt: Double?
        public var closedAt: Double?
        /// Recorded when the case is resolved; nil for open cases and those closed without resolving.
        public var outcome: CaseOutcome?

        public init(openedAt: Double, dueAt: Double, firstActionAt: Double? = nil, contactedAt: Double? = nil,
                    resolvedAt: Double? = nil, closedAt: Double? = nil, outcome: CaseOutcome? = nil) {
            self.openedAt = openedAt
            self.dueAt = dueAt
            self.firstActionAt = firstActionAt
            self.contactedAt = contactedAt
            self.resolvedAt = resolvedAt
            self.closedAt = closedAt
            self.outcome = outcome
        }

        /// When the case stopped being open: resolved, or closed if it never was resolved.
        public var finishedAt: Double? { resolvedAt ?? closedAt }
    }

    /// One detractor response of the period and what followed it.
    public struct Detractor: Sendable, Equatable {
        /// The NPS answer, 0–6.
        public var nps: Int
        /// When the response was received, seconds since 1970.
        public var receivedAt: Double
        /// Who answered (any key that tells customers apart); nil for an anonymous response.
        public var customer: String?
        /// The response's case; nil when none was opened.
        public var handling: CaseTimes?
        /// The customer's next NPS answer after this response, if they gave one.
        public var laterNPS: Int?
        /// The day the customer churned, when their status is churned; nil while they are a customer.
        public var churnedOn: CalendarDate?

        public init(nps: Int, receivedAt: Double, customer: String? = nil, handling: CaseTimes? = nil, laterNPS: Int? = nil,
                    churnedOn: CalendarDate? = nil) {
            self.nps = nps
            self.receivedAt = receivedAt
            self.customer = customer
            self.handling = handling
            self.laterNPS = laterNPS
            self.churnedOn = churnedOn
        }

        public var contacted: Bool { handling?.contactedAt != nil }

        /// Churned after the UTC day the response was received (not on it or before).
        public var churnedAfter: Bool {
            guard let churnedOn else { return false }
            return churnedOn > ClosedLoop.utcDay(receivedAt)
        }
    }

    /// Every case (of any source) opened in the period: how many, and where they stand now.
    /// Counted by the database, not from ``Detractor``s, so it includes cases about contacts and
    /// those opened by hand.
    public struct CaseVolume: Sendable, Equatable {
        public var opened: Int
        /// Resolved or closed (no longer open).
        public var resolved: Int
        public var open: Int
        /// Open and past their due time.
        public var overdue: Int

        public init(opened: Int = 0, resolved: Int = 0, open: Int = 0, overdue: Int = 0) {
            self.opened = opened
            self.resolved = resolved
            self.open = open
            self.overdue = overdue
        }
    }

    /// Every figure of ``ClosedLoopReport`` from the period's detractors, at the instant `now`
    /// (seconds since 1970), which decides which open cases are past due.
    public static func report(_ detractors: [Detractor], cases: CaseVolume, asOf now: Double) -> ClosedLoopReport {
        let handled = detractors.compactMap(\.handling)
        let contacted = detractors.filter(\.contacted).count
        let reach = ClosedLoopReport.Reach(
            detractors: detractors.count, withCase: handled.count, contacted: contacted,
            caseShare: ScoreStatistics.share(handled.count, of: detractors.count),
            contactedShare: ScoreStatistics.share(contacted, of: detractors.count))

        var within = 0, late = 0, overdue = 0, notYetDue = 0
        for c in handled {
            if let finished = c.finishedAt {
                if finished <= c.dueAt { within += 1 } else { late += 1 }
            } else if c.dueAt < now {
                overdue += 1
            } else {
                notYetDue += 1
            }
        }
        let serviceLevel = ClosedLoopReport.ServiceLevel(
            cases: handled.count, within: within, finishedLate: late, openOverdue: overdue, openNotYetDue: notYetDue,
            withinShare: ScoreStatistics.share(within, of: within + late + overdue))

        let hours = { (from: Double, to: Double) in (to - from) / 3600 }
        let outcomes = ClosedLoopReport.Outcomes(
            resolved: handled.filter { $0.outcome == .resolved }.count,
            retained: handled.filter { $0.outcome == .retained }.count,
            lost: handled.filter { $0.outcome == .lost }.count,
            closedWithoutOutcome: handled.filter { $0.finishedAt != nil && $0.outcome == nil }.count)

        return ClosedLoopReport(
            asOf: now, reach: reach, serviceLevel: serviceLevel,
            timeToFirstAction: .init(handled.compactMap { c in c.firstActionAt.map { hours(c.openedAt, $0) } }),
            timeToResolution: .init(handled.compactMap { c in c.finishedAt.map { hours(c.openedAt, $0) } }),
            outcomes: outcomes, afterwards: afterwards(detractors), cases: cases)
    }

    /// The "afterwards" comparison: each known customer once, at their first detractor response.
    static func afterwards(_ detractors: [Detractor]) -> ClosedLoopReport.Afterwards {
        var first: [String: Detractor] = [:]
        var order: [String] = []
        for d in detractors {
            guard let customer = d.customer else { continue }
            if let seen = first[customer] {
                if d.receivedAt < seen.receivedAt { first[customer] = d }
            } else {
                first[customer] = d
                order.append(customer)
            }
        }
        let customers = order.map { first[$0]! }
        let repeats = detractors.filter { $0.customer != nil }.count - customers.count
        var groups = (contacted: GroupSums(), notContacted: GroupSums())
        for d in customers {
            if d.contacted { groups.contacted.add(d) } else { groups.notContacted.add(d) }
        }
        let (a, b) = (groups.notContacted, groups.contacted)
        return ClosedLoopReport.Afterwards(
            customers: customers.count, repeatResponses: repeats,
            contacted: b.group, notContacted: a.group,
            npsChangeDifference: ScoreStatistics.compareMeans(
                (a.withLater, Double(a.changeSum), Double(a.changeSquares)), (b.withLater, Double(b.changeSum), Double(b.changeSquares))),
            promotersDifference: ScoreStatistics.compareShares((a.promoters, a.withLater), (b.promoters, b.withLater)),
            churnDifference: ScoreStatistics.compareShares((a.churned, a.customers), (b.churned, b.customers)))
    }

    /// Whole-number sums of one group, so means and variances come out exactly as from the answers.
    struct GroupSums {
        var customers = 0
        var withLater = 0
        var changeSum = 0
        var changeSquares = 0
        var promoters = 0
        var churned = 0

        mutating func add(_ d: Detractor) {
            customers += 1
            if d.churnedAfter { churned += 1 }
            guard let later = d.laterNPS else { return }
            withLater += 1
            let change = later - d.nps
            changeSum += change
            changeSquares += change * change
            if later >= 9 { promoters += 1 }
        }

        var group: ClosedLoopReport.Group {
            ClosedLoopReport.Group(
                customers: customers, withLaterResponse: withLater, promotersLater: promoters, churned: churned,
                npsChange: ScoreStatistics.mean(n: withLater, sum: Double(changeSum), sumOfSquares: Double(changeSquares)),
                promoterShare: ScoreStatistics.share(promoters, of: withLater),
                churnShare: ScoreStatistics.share(churned, of: customers))
        }
    }

    /// The `p` quantile (0…1) of `values` by linear interpolation between order statistics
    /// (Hyndman & Fan 1996, type 7): with the values sorted x₀ ≤ … ≤ xₙ₋₁ and h = (n − 1)·p,
    /// x⌊h⌋ + (h − ⌊h⌋)(x⌊h⌋₊₁ − x⌊h⌋). The median is the usual one (the middle value, or the mean
    /// of the middle two); nil without values.
    ///
    /// Why type 7: it is what R, NumPy and spreadsheets (PERCENTILE.INC) give by default, so an analyst
    /// checking a figure gets the same number, and it never reports a value outside the data.
    public static func quantile(_ values: [Double], _ p: Double) -> Double? {
        precondition(p >= 0 && p <= 1, "p must be between 0 and 1")
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let h = Double(sorted.count - 1) * p
        let low = Int(h.rounded(.down))
        let high = min(low + 1, sorted.count - 1)
        return sorted[low] + (h - Double(low)) * (sorted[high] - sorted[low])
    }

    /// The UTC calendar day of an instant (seconds since 1970).
    public static func utcDay(_ seconds: Double) -> CalendarDate {
        CalendarDate(daysSinceEpoch: Int((seconds / 86400).rounded(.down)))
    }
}

/// The closed-loop figures of a period; see ``ClosedLoop`` for the definitions.
///
/// Shares are in percent with Wilson 95% intervals, means with Student t intervals, differences
/// "contacted minus not contacted" with their 95% intervals (Newcombe for shares, Welch for means).
/// Every estimate carries its n, so a reader can tell a figure from a handful of cases.
public struct ClosedLoopReport: Sendable, Equatable {
    /// Said wherever the afterwards comparison is shown.
    public static let caveat = "Customers were not assigned at random to be contacted or not: the team chooses whom to call, "
        + "and customers who can be reached differ from those who cannot. The comparison shows an association, "
        + "not proof that contacting them caused the difference."

    /// How many detractors got a case, and how many were talked to.
    public struct Reach: Sendable, Equatable {
        public let detractors: Int
        public let withCase: Int
        public let contacted: Int
        /// Detractors with a case, of all detractors.
        public let caseShare: ScoreEstimate
        /// Detractors contacted, of all detractors.
        public let contactedShare: ScoreEstimate
    }

    /// The detractor cases against their due times.
    public struct ServiceLevel: Sendable, Equatable {
        /// Detractor cases, whatever their state.
        public let cases: Int
        /// Finished at or before their due time.
        public let within: Int
        /// Finished after their due time.
        public let finishedLate: Int
        /// Still open and past their due time.
        public let openOverdue: Int
        /// Still open and not yet due: not counted either way.
        public let openNotYetDue: Int
        /// Within, of the cases measured (finished or past due).
        public let withinShare: ScoreEstimate

        public var measured: Int { within + missed }
        public var missed: Int { finishedLate + openOverdue }
    }

    /// Hours from one moment of a case to another, over the cases that reached it.
    public struct Hours: Sendable, Equatable {
        public let n: Int
        public let median: Double?
        public let percentile90: Double?

        public init(_ values: [Double]) {
            n = values.count
            median = ClosedLoop.quantile(values, 0.5)
            percentile90 = ClosedLoop.quantile(values, 0.9)
        }

        public init(n: Int, median: Double?, percentile90: Double?) {
            self.n = n
            self.median = median
            self.percentile90 = percentile90
        }
    }

    /// What the resolved detractor cases ended in.
    public struct Outcomes: Sendable, Equatable {
        public let resolved: Int
        public let retained: Int
        public let lost: Int
        /// Closed without being resolved, so without an outcome; not part of ``total``.
        public let closedWithoutOutcome: Int

        /// Resolved cases (each has an outcome).
        public var total: Int { resolved + retained + lost }
    }

    /// One side of the afterwards comparison.
    public struct Group: Sendable, Equatable {
        /// Customers in the group (each once).
        public let customers: Int
        /// Of those, who gave an NPS answer later.
        public let withLaterResponse: Int
        /// Of those, who gave 9 or 10.
        public let promotersLater: Int
        /// Customers who churned after the day of their detractor response.
        public let churned: Int
        /// Mean of later NPS − original NPS, in scale points, over ``withLaterResponse``.
        public let npsChange: ScoreEstimate
        /// Promoters later, of ``withLaterResponse``.
        public let promoterShare: ScoreEstimate
        /// Churned, of ``customers``.
        public let churnShare: ScoreEstimate
    }

    /// Contacted customers against the others. Differences are contacted minus not contacted;
    /// nil where a group is too small to compare (no customers; fewer than two later answers for
    /// the mean change).
    public struct Afterwards: Sendable, Equatable {
        /// Distinct known customers among the detractors.
        public let customers: Int
        /// Further detractor responses of those customers in the period, not counted again.
        public let repeatResponses: Int
        public let contacted: Group
        public let notContacted: Group
        public let npsChangeDifference: Comparison?
        public let promotersDifference: Comparison?
        public let churnDifference: Comparison?
    }

    /// The instant the report describes (open cases past due are counted as of then).
    public let asOf: Double
    public let reach: Reach
    public let serviceLevel: ServiceLevel
    public let timeToFirstAction: Hours
    /// Hours to finished: resolved, or closed if never resolved.
    public let timeToResolution: Hours
    public let outcomes: Outcomes
    public let afterwards: Afterwards
    /// Every case opened in the period, whatever its source.
    public let cases: ClosedLoop.CaseVolume
}
