import FocusCore
import Testing

@Suite("Calendar dates")
struct CalendarDateTests {
    /// Days since 1970-01-01, computed independently with Python's datetime
    /// (`(date(y, m, d) - date(1970, 1, 1)).days`).
    static let reference: [(String, Int)] = [
        ("1970-01-01", 0), ("2000-02-29", 11016), ("2000-03-01", 11017), ("1900-03-01", -25508),
        ("2024-12-31", 20088), ("1969-12-31", -1), ("2100-02-28", 47540), ("0001-01-01", -719162),
    ]

    @Test("day numbers agree with Python's datetime both ways", arguments: reference)
    func dayNumbers(iso: String, days: Int) throws {
        let date = try #require(CalendarDate(iso: iso))
        #expect(date.daysSinceEpoch == days)
        #expect(CalendarDate(daysSinceEpoch: days) == date)
        #expect(date.iso == iso)
    }

    @Test("impossible dates and other formats are refused")
    func invalid() {
        for text in ["2023-02-29", "1900-02-29", "2024-13-01", "2024-04-31", "2024-1-01", "24-01-01", "2024/01/01", "", "2024-01-01T00:00"] {
            #expect(CalendarDate(iso: text) == nil, "\(text)")
        }
        #expect(CalendarDate(iso: "2024-02-29") != nil)
        #expect(CalendarDate(iso: "2000-02-29") != nil)
    }

    @Test("order and arithmetic")
    func ordering() throws {
        let a = try #require(CalendarDate(iso: "2024-02-28"))
        #expect(a.adding(days: 1).iso == "2024-02-29")
        #expect(a.adding(days: 2).iso == "2024-03-01")
        #expect(a.adding(days: -59).iso == "2023-12-31")
        #expect(a < a.adding(days: 1))
    }
}
