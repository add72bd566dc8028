import FocusCore
import Foundation

/// Instants on the wire: ISO 8601 in UTC, with or without fractional seconds.
enum Timestamp {
    /// `2026-03-14T09:30:00.123Z`, written directly (a formatter per call costs more than the rest of a request).
    static func format(_ seconds: Double) -> String {
        let millis = Int((seconds * 1000).rounded())
        let days = millis >= 0 ? millis / 86_400_000 : (millis - 86_399_999) / 86_400_000
        let inDay = millis - days * 86_400_000
        func pad(_ v: Int, _ n: Int) -> String {
            let s = String(v)
            return s.count >= n ? s : String(repeating: "0", count: n - s.count) + s
        }
        let date = CalendarDate(daysSinceEpoch: days).iso
        return "\(date)T\(pad(inDay / 3_600_000, 2)):\(pad(inDay / 60_000 % 60, 2)):\(pad(inDay / 1000 % 60, 2)).\(pad(inDay % 1000, 3))Z"
    }

    static func parse(_ text: String) -> Double? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = formatter.date(from: text) { return d.timeIntervalSince1970 }
        formatter.formatOptions = [.withInternetDateTime]
        if let d = formatter.date(from: text) { return d.timeIntervalSince1970 }
        if let day = CalendarDate(iso: text) { return Double(day.daysSinceEpoch) * 86400 }
        return nil
    }
}
