@testable import FocusServer
import FocusCore
import Foundation
import Testing

@Suite("Timestamps on the wire")
struct TimestampTests {
    @Test("written as Foundation's ISO 8601 formatter writes them, and read back", arguments: [
        0.0, 1.5, 86_399.999, 1_774_000_000.123, 951_782_400.0, -1.25, 4_102_444_799.999,
    ])
    func agreesWithFoundation(seconds: Double) {
        let reference = ISO8601DateFormatter()
        reference.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        #expect(Timestamp.format(seconds) == reference.string(from: Date(timeIntervalSince1970: seconds)))
        #expect(abs((Timestamp.parse(Timestamp.format(seconds)) ?? .nan) - seconds) < 0.001)
    }

    @Test("read by hand as Foundation's ISO 8601 formatter reads them", arguments: [
        "2026-03-14T09:30:00Z", "2026-03-14T09:30:00.5Z", "2026-03-14T09:30:00.123+01:00", "2026-03-14T23:59:59-05:30",
        "2000-02-29T12:00:00z", "1999-12-31T00:00:00+14:00", "2026-03-14 09:30:00Z",
        "2026-03-14T09:30Z", "2026-03-14T09:30:00", "2026-03-14T09:30:00.Z", "yesterday", "",
    ])
    func parsesAsFoundation(text: String) {
        let reference = ISO8601DateFormatter()
        reference.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var expected = reference.date(from: text)
        if expected == nil {
            reference.formatOptions = [.withInternetDateTime]
            expected = reference.date(from: text)
        }
        let parsed = Timestamp.parse(text)
        #expect((parsed == nil) == (expected == nil), "\(text)")
        if let parsed, let expected { #expect(abs(parsed - expected.timeIntervalSince1970) < 0.0005, "\(text)") }
    }

    @Test("days and hours that do not exist are refused (Foundation rolls them over)", arguments: [
        "2026-02-29T00:00:00Z", "2026-03-14T24:00:00Z", "2026-3-14T09:30:00Z", "2026-04-31T10:00:00Z",
    ])
    func strict(text: String) {
        #expect(Timestamp.parse(text) == nil)
    }

    @Test("plain dates are midnight UTC")
    func dates() {
        #expect(Timestamp.parse("2026-03-14") == Double(CalendarDate(iso: "2026-03-14")!.daysSinceEpoch) * 86400)
        #expect(Timestamp.parse("2026-13-01") == nil)
    }

    @Test("the fast hex encoding of token hashes is plain lower-case hex")
    func hex() {
        #expect(SecretToken.hex([0x00, 0x0f, 0xa0, 0xff]) == "000fa0ff")
        #expect(SecretToken.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
