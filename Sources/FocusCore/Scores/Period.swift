/// A span of whole days, `[start, end)`, as the dashboards filter by.
public struct Period: Sendable, Equatable, Hashable {
    public let start: CalendarDate
    /// The first day after the period.
    public let end: CalendarDate

    public init(start: CalendarDate, end: CalendarDate) {
        self.start = start
        self.end = max(start, end)
    }

    public var days: Int { end.daysSinceEpoch - start.daysSinceEpoch }

    /// The period of the same length just before this one, for "compared with the previous period".
    public var previous: Period { Period(start: start.adding(days: -days), end: start) }

    public func contains(_ day: CalendarDate) -> Bool { start <= day && day < end }

    /// The last day in the period.
    public var lastDay: CalendarDate { end.adding(days: -1) }
}

/// How a trend groups days.
public enum Granularity: String, Sendable, CaseIterable, Codable {
    case day, week, month, quarter

    /// The first day of the bucket holding `date`. Weeks start on Monday (ISO 8601).
    public func bucketStart(_ date: CalendarDate) -> CalendarDate {
        switch self {
        case .day:
            return date
        case .week:
            // 1970-01-01 was a Thursday: day 0 is weekday index 3 counting from Monday.
            let weekday = ((date.daysSinceEpoch + 3) % 7 + 7) % 7
            return date.adding(days: -weekday)
        case .month:
            return CalendarDate(year: date.year, month: date.month, day: 1)!
        case .quarter:
            return CalendarDate(year: date.year, month: (date.month - 1) / 3 * 3 + 1, day: 1)!
        }
    }

    /// The first day of the next bucket after the one starting at `start`.
    public func nextStart(_ start: CalendarDate) -> CalendarDate {
        switch self {
        case .day: return start.adding(days: 1)
        case .week: return start.adding(days: 7)
        case .month, .quarter:
            let months = self == .month ? 1 : 3
            let index = start.year * 12 + (start.month - 1) + months
            return CalendarDate(year: index / 12, month: index % 12 + 1, day: 1)!
        }
    }

    /// A short label for the bucket starting at `start`: 2026-03-02, 2026-W10, Mar 2026, Q1 2026.
    public func label(_ start: CalendarDate) -> String {
        switch self {
        case .day: return start.iso
        case .week:
            // ISO 8601 week: the week belongs to the year its Thursday falls in.
            let thursday = bucketStart(start).adding(days: 3)
            let newYear = CalendarDate(year: thursday.year, month: 1, day: 1)!
            let week = (thursday.daysSinceEpoch - newYear.daysSinceEpoch) / 7 + 1
            return "\(thursday.year)-W\(week < 10 ? "0" : "")\(week)"
        case .month: return "\(Self.monthNames[start.month - 1]) \(start.year)"
        case .quarter: return "Q\((start.month - 1) / 3 + 1) \(start.year)"
        }
    }

    public static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The buckets covering the period, in order; the first and last may be cut by the period.
    public func buckets(_ period: Period) -> [Period] {
        var result: [Period] = []
        var start = period.start
        while start < period.end {
            let next = min(nextStart(bucketStart(start)), period.end)
            result.append(Period(start: start, end: next))
            start = next
        }
        return result
    }
}
