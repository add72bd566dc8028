@testable import FocusCharts
import Testing

@Suite("Style")
struct StyleTests {
    /// Classes that carry a look (the others only group or tag elements for tests and scripts).
    static let styled = [
        "chart-line", "chart-band", "chart-point", "chart-mark", "chart-bar", "chart-bar-marked", "chart-whisker",
        "chart-tone-negative", "chart-tone-negative2", "chart-tone-neutral", "chart-tone-positive2",
        "chart-tone-positive", "chart-empty", "chart-axis", "chart-grid", "chart-label", "chart-label-inverse",
        "chart-value",
    ]

    /// One of each chart with every kind of mark.
    static var samples: [String] {
        [
            LineChart(
                title: "Trend", summary: "s", unit: "NPS points",
                points: [
                    .init(label: "Jan", value: 10, low: 5, high: 15),
                    .init(label: "Feb", value: 20, low: 14, high: 26, marked: true),
                ]
            ).svg(),
            BarChart(
                title: "Bars", summary: "s", unit: "NPS points",
                bars: [.init(label: "A", value: 10, low: 5, high: 15, marked: true), .init(label: "B", value: -5)]
            ).svg(),
            DistributionChart(
                title: "Dist", summary: "s",
                categories: DistributionChart.Tone.allCases.map { .init(name: $0.rawValue, tone: $0) },
                rows: [.init(label: "R", counts: [5, 5, 5, 5, 5]), .init(label: "Empty", counts: [])]
            ).svg(),
        ]
    }

    @Test("every styled class is used by some chart and has a rule in the stylesheet")
    func classesHaveRules() throws {
        let used = Set(try Self.samples.flatMap { try parseSVG($0).descendants.flatMap(\.classes) })
        for name in Self.styled {
            #expect(used.contains(name), "\(name) not drawn")
            #expect(ChartStyle.css.contains(".\(name) "), "\(name) has no rule")
        }
    }

    @Test("print rules keep marks black and grey")
    func print() throws {
        let css = ChartStyle.css
        let print = try #require(css.firstRange(of: "@media print")).upperBound
        let rules = css[print...]
        #expect(rules.contains(".chart .chart-line { stroke: #000; }"))
        #expect(rules.contains(".chart-label"))
        // Balanced braces: the snippet can be appended to a stylesheet as is.
        #expect(css.filter { $0 == "{" }.count == css.filter { $0 == "}" }.count)
    }

    @Test("every drawn element has presentation defaults, so charts look right without the stylesheet")
    func defaults() throws {
        for svg in Self.samples {
            for node in try parseSVG(svg).descendants {
                switch node.name {
                case "rect", "path", "circle", "text": #expect(node["fill"] != nil, "\(node.name) \(node.classes)")
                case "line": #expect(node["stroke"] != nil)
                default: break
                }
            }
        }
    }
}
