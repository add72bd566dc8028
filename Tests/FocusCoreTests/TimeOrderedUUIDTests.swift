import Foundation
import Testing
@testable import FocusCore

@Suite("Time-ordered UUIDs (version 7)")
struct TimeOrderedUUIDTests {
    @Test("the time, version and variant are where RFC 9562 puts them")
    func layout() {
        var random = SeededRandom(seed: 1)
        // 2026-03-14T00:00:00Z = 1_773_446_400 s; in hex 0x019C_E9A4_8800 ms.
        let id = TimeOrderedUUID.make(millisecondsSince1970: 1_773_446_400_000, using: &random)
        let text = id.uuidString
        #expect(text.hasPrefix("019CE9A4-8800-7"))
        #expect(["8", "9", "A", "B"].contains(text.split(separator: "-")[3].prefix(1)))
        #expect(TimeOrderedUUID.milliseconds(of: id) == 1_773_446_400_000)
        #expect(TimeOrderedUUID.milliseconds(of: UUID(uuidString: "1B4E28BA-2FA1-41D2-883F-0016D3CCA427")!) == nil)
    }

    @Test("later ids sort after earlier ones, as text and as bytes; ids of one millisecond differ")
    func ordering() {
        var random = SeededRandom(seed: 2)
        let ids = (0..<1000).map { TimeOrderedUUID.make(millisecondsSince1970: 1_700_000_000_000 + UInt64($0), using: &random) }
        #expect(ids.map(\.uuidString) == ids.map(\.uuidString).sorted())
        let same = (0..<1000).map { _ in TimeOrderedUUID.make(millisecondsSince1970: 1_700_000_000_000, using: &random) }
        #expect(Set(same).count == 1000)
    }
}
