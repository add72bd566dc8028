@testable import FocusServer
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

    @Test("the fast hex encoding of token hashes is plain lower-case hex")
    func hex() {
        #expect(SecretToken.hex([0x00, 0x0f, 0xa0, 0xff]) == "000fa0ff")
        #expect(SecretToken.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
