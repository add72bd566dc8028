import FocusCore
import Testing

@Suite("Periods and trend buckets")
struct PeriodTests {
    static func day(_ iso: String) -> CalendarDate { CalendarDate(iso: iso)! }

    @Test("buckets start on Mondays, the first of a month or of a quarter, and are cut by the period")
    func buckets() {
        let period = Period(start: Self.day("2026-02-26"), end: Self.day("2026-04-03"))
        // 2026-02-26 is a Thursday; its ISO week began on Monday 2026-02-23 (checked with Python's date.isocalendar()).
        #expect(Granularity.week.bucketStart(Self.day("2026-02-26")) == Self.day("2026-02-23"))
        #expect(Granularity.week.buckets(period).map(\.start.iso) ==
                ["2026-02-26", "2026-03-02", "2026-03-09", "2026-03-16", "2026-03-23", "2026-03-30"])
        #expect(Granularity.month.buckets(period).map(\.start.iso) == ["2026-02-26", "2026-03-01", "2026-04-01"])
        #expect(Granularity.month.buckets(period).last?.end.iso == "2026-04-03")
        #expect(Granularity.quarter.buckets(period).map(\.start.iso) == ["2026-02-26", "2026-04-01"])
        #expect(Granularity.day.buckets(period).count == 36)
        #expect(period.previous == Period(start: Self.day("2026-01-21"), end: Self.day("2026-02-26")))
    }

    @Test("labels: ISO weeks (as Python's isocalendar gives them), months and quarters")
    func labels() {
        #expect(Granularity.week.label(Self.day("2026-03-02")) == "2026-W10")
        #expect(Granularity.week.label(Self.day("2020-12-28")) == "2020-W53")
        #expect(Granularity.week.label(Self.day("2024-12-30")) == "2025-W01")
        #expect(Granularity.month.label(Self.day("2026-03-01")) == "Mar 2026")
        #expect(Granularity.quarter.label(Self.day("2026-11-01")) == "Q4 2026")
    }

    @Test("a trend marks a drop only where it is significant")
    func trendMarks() {
        var days: [Int: ScoreTally] = [:]
        func add(_ day: String, satisfied: Int, of n: Int) {
            var t = ScoreTally()
            for i in 0..<n { t.add(nps: nil, csat: i < satisfied ? 5 : 1, ces: nil) }
            days[Self.day(day).daysSinceEpoch] = t
        }
        add("2026-01-10", satisfied: 80, of: 100)
        add("2026-02-10", satisfied: 78, of: 100)  // 80% → 78%: noise
        add("2026-03-10", satisfied: 40, of: 100)  // 78% → 40%: a real drop
        let trend = Trend(score: .csat, granularity: .month, period: Period(start: Self.day("2026-01-01"), end: Self.day("2026-04-01")), days: days)
        #expect(trend.points.map(\.label) == ["Jan 2026", "Feb 2026", "Mar 2026"])
        #expect(trend.points.map(\.estimate.value) == [80, 78, 40])
        #expect(trend.points[0].change == nil)
        #expect(trend.points[1].change?.significant == false)
        #expect(trend.points[2].change?.significant == true)
        #expect(trend.points[2].change?.difference == -38)
    }
}
