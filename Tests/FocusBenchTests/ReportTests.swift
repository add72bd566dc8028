@testable import FocusBench
import Foundation
import Testing

@Suite("Bench report")
struct ReportTests {
    static func figure(_ name: String, items: Double, unexpected: Int = 0) -> IngestBench.Figure {
        IngestBench.Figure(name: name, what: name, requestsPerSecond: items, itemsPerSecond: items, shareOfCeiling: nil,
                           p50Milliseconds: 1, p99Milliseconds: 2, p999Milliseconds: 3, requests: 100, unexpected: unexpected,
                           failures: 0, serverMemoryStartMB: nil, serverMemoryEndMB: 50)
    }

    static func report(_ figures: [IngestBench.Figure]) -> IngestBench.Report {
        IngestBench.report(figures: figures, storage: "SQLite", dataSize: "10 responses", connections: 64, seconds: 10)
    }

    @Test("a figure more than 10% slower than before is reported; 10% or less, a faster one or a new one is not")
    func regressions() {
        let before = Self.report([Self.figure("ingest", items: 1000), Self.figure("contact", items: 500), Self.figure("text", items: 200)])
        let now = Self.report([Self.figure("ingest", items: 899), Self.figure("contact", items: 450), Self.figure("text", items: 400),
                               Self.figure("ingest-refused", items: 10)])
        let found = IngestBench.regressions(now, against: before)
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("ingest: 899/s now, 1000/s before (-10.1%)") == true)
    }

    @Test("a report written before `unexpected` had its name (`non2xx`) is still read for --compare")
    func earlierReports() throws {
        let earlier = #"""
        {"date":"2026-11-24T02:44:00Z","machine":"2 cores","storage":"SQLite","dataSize":"10000 responses","connections":64,
         "secondsPerFigure":10,"figures":[{"name":"ingest","what":"POST one response","requestsPerSecond":4527,
         "itemsPerSecond":4527,"shareOfCeiling":0.106,"p50Milliseconds":13.58,"p99Milliseconds":24.89,"p999Milliseconds":98.81,
         "requests":45270,"non2xx":3,"failures":0,"serverMemoryStartMB":55,"serverMemoryEndMB":126}]}
        """#
        let report = try JSONDecoder().decode(IngestBench.Report.self, from: Data(earlier.utf8))
        #expect(report.figures.map(\.unexpected) == [3])
        #expect(report.figures.first?.shareOfCeiling == 0.106)

        let now = Self.report([Self.figure("ingest-refused", items: 12_973, unexpected: 2)])
        let text = String(decoding: try JSONEncoder().encode(now), as: UTF8.self)
        #expect(text.contains(#""unexpected":2"#) && !text.contains("non2xx") && !text.contains("shareOfCeiling"))
        let back = try JSONDecoder().decode(IngestBench.Report.self, from: Data(text.utf8))
        #expect(back.figures.map(\.name) == ["ingest-refused"] && back.figures.map(\.unexpected) == [2])
    }
}
