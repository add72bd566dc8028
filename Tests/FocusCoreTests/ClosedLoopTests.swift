import FocusCore
import Foundation
import Testing

/// The closed-loop figures against values computed independently of the Swift code:
///
/// - `Data/closed-loop-reference.json`, written by `scripts/reference/closed_loop_reference.py` (a seeded data set
///   of 421 detractor responses with the figures from their definitions: NumPy's percentiles, SciPy's t
///   distribution, Welch test and χ² test, the Wilson and Newcombe intervals written out from the papers);
/// - a small case worked out by hand below.
///
/// Tolerance: counts exactly; shares, means, differences and durations to 1e-9 (relative once above 1);
/// intervals, standard errors and p-values to 1e-6.
@Suite("Closed loop: reach, service level, durations, outcomes and what became of the customers")
struct ClosedLoopTests {
    // MARK: - against the reference file

    @Test("a seeded data set of a few hundred detractors matches the reference")
    func reference() throws {
        // setup
        let reference = try Reference.load()
        let detractors = try reference.detractors.map { try $0.facts() }
        let volume = ClosedLoop.CaseVolume(opened: reference.cases.opened, resolved: reference.cases.resolved,
                                           open: reference.cases.open, overdue: reference.cases.overdue)
        let e = reference.expected
        #expect(detractors.count >= 300)

        // MUT
        let report = ClosedLoop.report(detractors, cases: volume, asOf: reference.asOf)

        // validate
        #expect(report.asOf == reference.asOf)
        #expect(report.reach.detractors == e.reach.detractors)
        #expect(report.reach.withCase == e.reach.withCase)
        #expect(report.reach.contacted == e.reach.contacted)
        check(report.reach.caseShare, e.reach.caseShare, "case share")
        check(report.reach.contactedShare, e.reach.contactedShare, "contacted share")

        let s = report.serviceLevel
        #expect(s.cases == e.serviceLevel.cases)
        #expect(s.within == e.serviceLevel.within)
        #expect(s.finishedLate == e.serviceLevel.finishedLate)
        #expect(s.openOverdue == e.serviceLevel.openOverdue)
        #expect(s.openNotYetDue == e.serviceLevel.openNotYetDue)
        #expect(s.measured == e.serviceLevel.measured)
        #expect(s.missed == e.serviceLevel.missed)
        #expect(s.openOverdue > 10 && s.openNotYetDue > 0 && s.finishedLate > 10, "the data set exercises every branch")
        check(s.withinShare, e.serviceLevel.withinShare, "within service level")

        check(report.timeToFirstAction, e.timeToFirstAction, "time to first action")
        check(report.timeToResolution, e.timeToResolution, "time to resolution")

        #expect(report.outcomes.resolved == e.outcomes.resolved)
        #expect(report.outcomes.retained == e.outcomes.retained)
        #expect(report.outcomes.lost == e.outcomes.lost)
        #expect(report.outcomes.closedWithoutOutcome == e.outcomes.closedWithoutOutcome)
        #expect(report.outcomes.total == e.outcomes.total)

        let a = report.afterwards
        #expect(a.customers == e.afterwards.customers)
        #expect(a.repeatResponses == e.afterwards.repeatResponses)
        check(a.contacted, e.afterwards.contacted, "contacted")
        check(a.notContacted, e.afterwards.notContacted, "not contacted")
        check(a.npsChangeDifference, e.afterwards.npsChangeDifference, "NPS change difference")
        check(a.promotersDifference, e.afterwards.promotersDifference, "promoters difference")
        check(a.churnDifference, e.afterwards.churnDifference, "churn difference")
        #expect(report.cases == volume, "the case volume is passed through")
    }

    // MARK: - worked by hand

    /// 2026-03-02 00:00 UTC, and an hour.
    static let t0 = 1_772_409_600.0
    static let h = 3600.0
    static let day = ClosedLoop.utcDay(t0)

    /// Eight detractors, six of them known customers (A twice), checked figure by figure below.
    static var handCase: [ClosedLoop.Detractor] {
        let (t0, h) = (t0, h)
        return [
            // A: contacted, resolved in 20 h of 24 (within), retained; came back a promoter (2 → 9).
            .init(nps: 2, receivedAt: t0, customer: "A",
                  handling: .init(openedAt: t0, dueAt: t0 + 24 * h, firstActionAt: t0 + 2 * h, contactedAt: t0 + 3 * h,
                                  resolvedAt: t0 + 20 * h, outcome: .retained),
                  laterNPS: 9),
            // B: contacted, resolved 6 h late, lost; later 6 (+1); churned five days later.
            .init(nps: 5, receivedAt: t0 + h, customer: "B",
                  handling: .init(openedAt: t0 + h, dueAt: t0 + 25 * h, firstActionAt: t0 + 5 * h, contactedAt: t0 + 6 * h,
                                  resolvedAt: t0 + 31 * h, outcome: .lost),
                  laterNPS: 6, churnedOn: day.adding(days: 5)),
            // C: a case acted on but never contacted, still open long past due; no later answer.
            .init(nps: 0, receivedAt: t0 + 2 * h, customer: "C",
                  handling: .init(openedAt: t0 + 2 * h, dueAt: t0 + 26 * h, firstActionAt: t0 + 10 * h)),
            // D: no case; later a 10 (+4).
            .init(nps: 6, receivedAt: t0 + 2.5 * h, customer: "D", laterNPS: 10),
            // A again, nine days on: open, not yet due; not counted again afterwards.
            .init(nps: 3, receivedAt: t0 + 9 * 86400, customer: "A",
                  handling: .init(openedAt: t0 + 9 * 86400, dueAt: t0 + 9 * 86400 + 72 * h), laterNPS: 0),
            // Anonymous: closed after 9 h without being resolved (within, no outcome).
            .init(nps: 4, receivedAt: t0 + 3 * h,
                  handling: .init(openedAt: t0 + 3 * h, dueAt: t0 + 27 * h, firstActionAt: t0 + 4 * h, closedAt: t0 + 12 * h)),
            // E: no case; later 3 (+2); churned the same day, which is not "after".
            .init(nps: 1, receivedAt: t0 + 4 * h, customer: "E", laterNPS: 3, churnedOn: day),
            // F: resolved exactly at its due time (within), not contacted; later 8 (+2); churned three days later.
            .init(nps: 6, receivedAt: t0 + 5 * h, customer: "F",
                  handling: .init(openedAt: t0 + 5 * h, dueAt: t0 + 29 * h, firstActionAt: t0 + 29 * h, resolvedAt: t0 + 29 * h,
                                  outcome: .resolved),
                  laterNPS: 8, churnedOn: day.adding(days: 3)),
        ]
    }

    @Test("a small case worked out by hand")
    func byHand() throws {
        // setup
        let asOf = Self.t0 + 10 * 86400

        // MUT
        let report = ClosedLoop.report(Self.handCase, cases: .init(opened: 9, resolved: 4, open: 5, overdue: 2), asOf: asOf)

        // validate: reach — 6 of 8 have a case, A (first) and B were contacted.
        #expect((report.reach.detractors, report.reach.withCase, report.reach.contacted) == (8, 6, 2))
        #expect(report.reach.caseShare.value == 75)
        #expect(report.reach.contactedShare.value == 25)
        // Wilson for 2 of 8: (p + z²/2n ± z·√(p(1−p)/n + z²/4n²)) / (1 + z²/n) = 7.148% to 59.07%.
        let contacted = try #require(report.reach.contactedShare.interval)
        #expect(abs(contacted.low - 7.14792) < 1e-4 && abs(contacted.high - 59.07246) < 1e-4)

        // Service level: A, anonymous (closed) and F (exactly at due) within; B late; C open past due;
        // A's second case not yet due and left out: 3 of 5 = 60%.
        let s = report.serviceLevel
        #expect((s.cases, s.within, s.finishedLate, s.openOverdue, s.openNotYetDue) == (6, 3, 1, 1, 1))
        #expect((s.measured, s.missed) == (5, 2))
        #expect(s.withinShare.value == 60)
        let within = try #require(s.withinShare.interval)
        #expect(abs(within.low - 23.07243) < 1e-4 && abs(within.high - 88.23792) < 1e-4)

        // First action after 2, 4, 8, 1 and 24 hours: sorted 1, 2, 4, 8, 24; median 4;
        // 90th: h = 4 · 0.9 = 3.6, so 8 + 0.6 · (24 − 8) = 17.6.
        #expect(report.timeToFirstAction.n == 5 && report.timeToFirstAction.median == 4)
        #expect(abs(try #require(report.timeToFirstAction.percentile90) - 17.6) < 1e-12)
        // Finished after 20, 30, 9 (closed) and 24 hours: sorted 9, 20, 24, 30; median (20 + 24) / 2 = 22;
        // 90th: h = 3 · 0.9 = 2.7, so 24 + 0.7 · 6 = 28.2.
        #expect(report.timeToResolution.n == 4 && report.timeToResolution.median == 22)
        #expect(abs(try #require(report.timeToResolution.percentile90) - 28.2) < 1e-12)

        // Outcomes: one each; the anonymous case was closed without one.
        let o = report.outcomes
        #expect((o.resolved, o.retained, o.lost, o.closedWithoutOutcome, o.total) == (1, 1, 1, 1, 3))

        // Afterwards: A, B, C, D, E, F once each (A's second response is a repeat).
        let a = report.afterwards
        #expect((a.customers, a.repeatResponses) == (6, 1))
        // Contacted: A (+7, promoter) and B (+1, churned after): mean change 4, s² = 18, SE = 3,
        // t(0.975, 1) = 12.7062, interval 4 ± 38.1186.
        #expect((a.contacted.customers, a.contacted.withLaterResponse, a.contacted.promotersLater, a.contacted.churned) == (2, 2, 1, 1))
        #expect(a.contacted.npsChange.value == 4 && a.contacted.npsChange.standardError == 3)
        let change = try #require(a.contacted.npsChange.interval)
        #expect(abs(change.low + 34.118614) < 1e-5 && abs(change.high - 42.118614) < 1e-5)
        #expect(a.contacted.promoterShare.value == 50 && a.contacted.churnShare.value == 50)
        // Not contacted: C (no later answer), D (+4, promoter), E (+2; churned the same day: no), F (+2; churned after).
        #expect((a.notContacted.customers, a.notContacted.withLaterResponse, a.notContacted.promotersLater, a.notContacted.churned) == (4, 3, 1, 1))
        #expect(abs(try #require(a.notContacted.npsChange.value) - 8.0 / 3) < 1e-12)
        #expect(abs(try #require(a.notContacted.promoterShare.value) - 100.0 / 3) < 1e-12)
        #expect(a.notContacted.churnShare.value == 25)
        // Differences, contacted minus not contacted.
        #expect(abs(try #require(a.npsChangeDifference).difference - 4.0 / 3) < 1e-12)
        #expect(abs(try #require(a.promotersDifference).difference - 50.0 / 3) < 1e-12)
        #expect(try #require(a.churnDifference).difference == 25)
        #expect(report.cases == .init(opened: 9, resolved: 4, open: 5, overdue: 2))
    }

    @Test("without detractors every figure is empty, not zero per cent")
    func empty() {
        let report = ClosedLoop.report([], cases: .init(), asOf: Self.t0)
        #expect(report.reach.contactedShare.value == nil && report.reach.contactedShare.n == 0)
        #expect(report.serviceLevel.withinShare.value == nil)
        #expect(report.timeToFirstAction == .init(n: 0, median: nil, percentile90: nil))
        #expect(report.afterwards.contacted.npsChange.value == nil)
        #expect(report.afterwards.npsChangeDifference == nil && report.afterwards.churnDifference == nil)
    }

    @Test("quantiles interpolate linearly between order statistics (type 7)")
    func quantiles() {
        #expect(ClosedLoop.quantile([], 0.5) == nil)
        #expect(ClosedLoop.quantile([7], 0.9) == 7)
        #expect(ClosedLoop.quantile([4, 1, 3, 2], 0.5) == 2.5)
        #expect(ClosedLoop.quantile([4, 1, 3, 2], 0) == 1 && ClosedLoop.quantile([4, 1, 3, 2], 1) == 4)
        // h = 9 · 0.9 = 8.1 between 9 and 10 (the values 1…10).
        #expect(abs(ClosedLoop.quantile((1...10).map(Double.init).reversed(), 0.9)! - 9.1) < 1e-12)
    }

    @Test("churn counts only after the UTC day of the response")
    func churnDay() {
        let late = 1_772_409_600.0 + 86399   // 23:59:59 on 2026-03-02
        var d = ClosedLoop.Detractor(nps: 3, receivedAt: late, customer: "X", churnedOn: CalendarDate(iso: "2026-03-02"))
        #expect(!d.churnedAfter)
        d.churnedOn = CalendarDate(iso: "2026-03-03")
        #expect(d.churnedAfter)
        d.churnedOn = nil
        #expect(!d.churnedAfter)
    }

    // MARK: - comparing

    private func check(_ actual: ScoreEstimate, _ expected: Reference.Estimate, _ name: String) {
        #expect(actual.n == expected.n, "\(name): n")
        #expect(close(actual.value, expected.value, 1e-9), "\(name): value \(String(describing: actual.value)), expected \(String(describing: expected.value))")
        #expect(close(actual.standardError, expected.standardError, 1e-6), "\(name): standard error")
        #expect(close(actual.interval?.low, expected.low, 1e-6), "\(name): low \(String(describing: actual.interval?.low)), expected \(String(describing: expected.low))")
        #expect(close(actual.interval?.high, expected.high, 1e-6), "\(name): high \(String(describing: actual.interval?.high)), expected \(String(describing: expected.high))")
    }

    private func check(_ actual: ClosedLoopReport.Hours, _ expected: Reference.Hours, _ name: String) {
        #expect(actual.n == expected.n, "\(name): n")
        #expect(close(actual.median, expected.median, 1e-9), "\(name): median \(String(describing: actual.median)), expected \(String(describing: expected.median))")
        #expect(close(actual.percentile90, expected.percentile90, 1e-9), "\(name): 90th percentile")
    }

    private func check(_ actual: ClosedLoopReport.Group, _ expected: Reference.Group, _ name: String) {
        #expect(actual.customers == expected.customers, "\(name): customers")
        #expect(actual.withLaterResponse == expected.withLaterResponse, "\(name): with a later response")
        #expect(actual.promotersLater == expected.promotersLater, "\(name): promoters later")
        #expect(actual.churned == expected.churned, "\(name): churned")
        check(actual.npsChange, expected.npsChange, "\(name): NPS change")
        check(actual.promoterShare, expected.promoterShare, "\(name): promoter share")
        check(actual.churnShare, expected.churnShare, "\(name): churn share")
    }

    private func check(_ actual: Comparison?, _ expected: Reference.Difference?, _ name: String) {
        guard let actual, let expected else {
            #expect(actual == nil && expected == nil, "\(name): both missing")
            return
        }
        #expect(close(actual.difference, expected.difference, 1e-9), "\(name): difference \(actual.difference), expected \(expected.difference)")
        #expect(close(actual.interval.low, expected.low, 1e-6), "\(name): low \(actual.interval.low), expected \(expected.low)")
        #expect(close(actual.interval.high, expected.high, 1e-6), "\(name): high \(actual.interval.high), expected \(expected.high)")
        #expect(close(actual.pValue, expected.pValue, 1e-6), "\(name): p \(actual.pValue), expected \(expected.pValue)")
        #expect(actual.significant == expected.significant, "\(name): significant")
    }
}

/// Both nil, or both present and within `tolerance` (relative once |expected| > 1, absolute below).
private func close(_ actual: Double?, _ expected: Double?, _ tolerance: Double) -> Bool {
    switch (actual, expected) {
    case (nil, nil): true
    case let (actual?, expected?): abs(actual - expected) <= tolerance * max(1, abs(expected))
    default: false
    }
}

/// The shape of `Data/closed-loop-reference.json` (see `scripts/reference/closed_loop_reference.py`).
private struct Reference: Decodable {
    struct Case: Decodable {
        let openedAt: Double
        let dueAt: Double
        let firstActionAt: Double?
        let contactedAt: Double?
        let resolvedAt: Double?
        let closedAt: Double?
        let outcome: String?
    }

    struct Detractor: Decodable {
        let nps: Int
        let receivedAt: Double
        let customer: String?
        let handling: Case?
        let laterNPS: Int?
        let churnedOn: String?

        func facts() throws -> ClosedLoop.Detractor {
            let handling = try self.handling.map { c in
                ClosedLoop.CaseTimes(
                    openedAt: c.openedAt, dueAt: c.dueAt, firstActionAt: c.firstActionAt, contactedAt: c.contactedAt,
                    resolvedAt: c.resolvedAt, closedAt: c.closedAt, outcome: try c.outcome.map { try #require(CaseOutcome(rawValue: $0)) })
            }
            return ClosedLoop.Detractor(nps: nps, receivedAt: receivedAt, customer: customer, handling: handling, laterNPS: laterNPS,
                                        churnedOn: try churnedOn.map { try #require(CalendarDate(iso: $0)) })
        }
    }

    struct Volume: Decodable { let opened: Int, resolved: Int, open: Int, overdue: Int }

    struct Estimate: Decodable {
        let value: Double?
        let n: Int
        let standardError: Double?
        let low: Double?
        let high: Double?
    }

    struct Hours: Decodable { let n: Int, median: Double?, percentile90: Double? }

    struct Group: Decodable {
        let customers: Int, withLaterResponse: Int, promotersLater: Int, churned: Int
        let npsChange: Estimate, promoterShare: Estimate, churnShare: Estimate
    }

    struct Difference: Decodable { let difference: Double, low: Double, high: Double, pValue: Double, significant: Bool }

    struct Expected: Decodable {
        struct Reach: Decodable { let detractors: Int, withCase: Int, contacted: Int, caseShare: Estimate, contactedShare: Estimate }
        struct ServiceLevel: Decodable {
            let cases: Int, within: Int, finishedLate: Int, openOverdue: Int, openNotYetDue: Int, measured: Int, missed: Int
            let withinShare: Estimate
        }
        struct Outcomes: Decodable { let resolved: Int, retained: Int, lost: Int, closedWithoutOutcome: Int, total: Int }
        struct Afterwards: Decodable {
            let customers: Int, repeatResponses: Int, contacted: Group, notContacted: Group
            let npsChangeDifference: Difference?, promotersDifference: Difference?, churnDifference: Difference?
        }
        let reach: Reach
        let serviceLevel: ServiceLevel
        let timeToFirstAction: Hours
        let timeToResolution: Hours
        let outcomes: Outcomes
        let afterwards: Afterwards
    }

    let asOf: Double
    let detractors: [Detractor]
    let cases: Volume
    let expected: Expected

    /// Found next to this source file, so no SwiftPM resources are needed.
    static func load() throws -> Reference {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Data/closed-loop-reference.json")
        return try JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
    }
}
