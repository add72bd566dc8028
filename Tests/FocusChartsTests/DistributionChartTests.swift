@testable import FocusCharts
import Testing

@Suite("Distribution chart")
struct DistributionChartTests {
    typealias Row = DistributionChart.Row

    static let nps: [DistributionChart.Category] = [
        .init(name: "Detractors", tone: .negative), .init(name: "Passives", tone: .neutral),
        .init(name: "Promoters", tone: .positive),
    ]
    static let csat: [DistributionChart.Category] = [
        .init(name: "1 Very dissatisfied", tone: .negative), .init(name: "2", tone: .negative2),
        .init(name: "3", tone: .neutral), .init(name: "4", tone: .positive2),
        .init(name: "5 Very satisfied", tone: .positive),
    ]
    static let rowWidth = DistributionChart.barRight - DistributionChart.barLeft

    static func chart(_ rows: [Row], categories: [DistributionChart.Category] = nps) -> DistributionChart {
        DistributionChart(title: "NPS groups", summary: "Most respondents are promoters.", categories: categories, rows: rows)
    }

    static func rows(_ root: SVGNode) -> [SVGNode] {
        root.first("g", class: "chart-rows")?.children ?? []
    }

    static func segments(_ row: SVGNode) -> [SVGNode] {
        row.all("rect").filter { $0.classes.contains { $0.hasPrefix("chart-tone-") } }
    }

    @Test("equal counts: equal widths, 33% each, widths filling the row")
    func thirds() throws {
        let root = try parseSVG(Self.chart([Row(label: "Web shop", counts: [1, 1, 1])]).svg())
        let row = try #require(Self.rows(root).first)
        let segments = Self.segments(row)
        #expect(segments.count == 3)
        let widths = try segments.map { try #require($0.number("width")) }
        #expect(widths.max()! - widths.min()! <= 0.011)
        #expect(abs(widths.reduce(0, +) - Self.rowWidth) < 1e-9)
        #expect(row.all("text", class: "chart-value").map(\.text) == ["33%", "33%", "33%"])
        #expect(segments.map(\.titleText) == [
            "Web shop: Detractors 33% (1 of 3)", "Web shop: Passives 33% (1 of 3)", "Web shop: Promoters 33% (1 of 3)",
        ])
        #expect(segments.map { $0["class"]! } == ["chart-tone-negative", "chart-tone-neutral", "chart-tone-positive"])
        // Segments are adjacent, left to right from the start of the row.
        #expect(segments[0].number("x") == DistributionChart.barLeft)
        for (left, right) in zip(segments, segments.dropFirst()) {
            #expect(abs(left.number("x")! + left.number("width")! - right.number("x")!) < 0.011)
        }
        #expect(row.all("text").contains { $0.text == "n = 3" })
    }

    @Test(
        "widths sum to the row width and are proportional to the counts",
        arguments: [[1, 2, 7], [0, 0, 5], [13, 1, 86], [1, 998, 1], [3, 3, 1], [1, 1, 1, 1, 1], [120, 45, 0, 17, 3]])
    func widths(counts: [Int]) throws {
        let categories = counts.count == 3 ? Self.nps : Self.csat
        let root = try parseSVG(Self.chart([Row(label: "R", counts: counts)], categories: categories).svg())
        let segments = Self.segments(try #require(Self.rows(root).first))
        #expect(segments.count == counts.filter { $0 > 0 }.count)
        let widths = try segments.map { try #require($0.number("width")) }
        // The last edge is pinned to the row's end, so rounding never leaves a gap or overflows.
        #expect(abs(widths.reduce(0, +) - Self.rowWidth) < 1e-9)
        let total = Double(counts.reduce(0, +))
        for (width, count) in zip(widths, counts.filter { $0 > 0 }) {
            #expect(abs(width - Double(count) / total * Self.rowWidth) <= 0.011)
        }
    }

    @Test("percent labels: whole numbers rounded half up, only where they fit")
    func percentLabels() throws {
        #expect(DistributionChart.percent(1.0 / 3) == "33%")
        #expect(DistributionChart.percent(2.0 / 3) == "67%")
        #expect(DistributionChart.percent(0.125) == "13%")
        #expect(DistributionChart.percent(0.004) == "<1%")
        #expect(DistributionChart.percent(0.996) == ">99%")
        #expect(DistributionChart.percent(1) == "100%")
        #expect(DistributionChart.percent(0) == "0%")

        let root = try parseSVG(Self.chart([Row(label: "Phone", counts: [1, 998, 1])]).svg())
        let row = try #require(Self.rows(root).first)
        // Two slivers too narrow for text: only the middle segment is labelled, all have titles.
        #expect(row.all("text", class: "chart-value").map(\.text) == [">99%"])
        #expect(Self.segments(row).map(\.titleText) == [
            "Phone: Detractors <1% (1 of 1000)", "Phone: Passives >99% (998 of 1000)", "Phone: Promoters <1% (1 of 1000)",
        ])
    }

    @Test("labels on dark tones are marked for white text")
    func inverseLabels() throws {
        let root = try parseSVG(Self.chart([Row(label: "Shop", counts: [2, 2, 2])]).svg())
        let labels = root.all("text", class: "chart-value")
        #expect(labels.map { $0.hasClass("chart-label-inverse") } == [true, false, true])
    }

    @Test("a row without responses is an empty outline reading 'no responses'")
    func emptyRow() throws {
        let root = try parseSVG(
            Self.chart([Row(label: "Shop", counts: [0, 0, 0]), Row(label: "Phone", counts: [1, 2, 3])]).svg())
        let rows = Self.rows(root)
        #expect(rows.count == 2)
        #expect(Self.segments(rows[0]).isEmpty)
        #expect(rows[0].first("rect", class: "chart-empty")?.number("width") == Self.rowWidth)
        #expect(rows[0].all("text").map(\.text).contains("no responses"))
        #expect(Self.segments(rows[1]).count == 3)
    }

    @Test("counts that don't match the categories: missing are zero, extra ignored, negative zero")
    func mismatchedCounts() throws {
        let root = try parseSVG(
            Self.chart([
                Row(label: "Short", counts: [4]), Row(label: "Long", counts: [1, 1, 2, 99]),
                Row(label: "Negative", counts: [-5, 1, 1]), Row(label: "None", counts: []),
            ]).svg())
        let rows = Self.rows(root)
        #expect(Self.segments(rows[0]).map(\.titleText) == ["Short: Detractors 100% (4 of 4)"])
        #expect(Self.segments(rows[1]).map(\.titleText).last == "Long: Promoters 50% (2 of 4)")
        #expect(Self.segments(rows[2]).count == 2)
        #expect(rows[3].all("text").map(\.text).contains("no responses"))
    }

    @Test("huge counts don't overflow")
    func hugeCounts() throws {
        let root = try parseSVG(Self.chart([Row(label: "Big", counts: [Int.max, Int.max, 1])]).svg())
        let segments = Self.segments(try #require(Self.rows(root).first))
        #expect(segments.count == 3)
        #expect(abs(segments.compactMap { $0.number("width") }.reduce(0, +) - Self.rowWidth) < 1e-9)
    }

    @Test("a legend names the categories in order with their tones")
    func legend() throws {
        let root = try parseSVG(Self.chart([Row(label: "All", counts: [5, 4, 3, 2, 1])], categories: Self.csat).svg())
        let legend = try #require(root.first("g", class: "chart-legend"))
        #expect(legend.all("text").map(\.text) == Self.csat.map(\.name))
        #expect(legend.all("rect").map { $0["class"]! } == [
            "chart-tone-negative", "chart-tone-negative2", "chart-tone-neutral", "chart-tone-positive2",
            "chart-tone-positive",
        ])
        // Rows start below the legend.
        let legendBottom = legend.all("text").compactMap { $0.number("y") }.max()!
        let firstSegment = try #require(Self.segments(Self.rows(root)[0]).first)
        #expect(firstSegment.number("y")! > legendBottom)
    }

    @Test("a long legend wraps onto more lines and the chart grows")
    func legendWraps() throws {
        let categories = DistributionChart.Tone.allCases.map {
            DistributionChart.Category(name: "A rather long category name (\($0.rawValue))", tone: $0)
        }
        let svg = Self.chart([Row(label: "All", counts: [1, 1, 1, 1, 1])], categories: categories).svg()
        let root = try parseSVG(svg)
        let ys = Set(root.first("g", class: "chart-legend")!.all("text").compactMap { $0.number("y") })
        #expect(ys.count > 1)
        for text in root.first("g", class: "chart-legend")!.all("text") {
            let x = try #require(text.number("x"))
            #expect(x + ChartText.width(of: text.text) <= DistributionChart.width + 0.01)
        }
        let short = try parseSVG(Self.chart([Row(label: "All", counts: [1, 1, 1])]).svg())
        #expect(root["viewBox"]! != short["viewBox"]!)
    }

    @Test("escaping, ids, and empty input")
    func misc() throws {
        let evil = "<script>x</script>"
        let svg = DistributionChart(
            title: evil, summary: evil, categories: [.init(name: evil, tone: .neutral)],
            rows: [Row(label: evil, counts: [1])]
        ).svg()
        #expect(!svg.contains("<script"))
        let root = try parseSVG(svg)
        #expect(root.all("script").isEmpty)
        #expect(root.first("title")?.text == evil)

        let empty = try parseSVG(Self.chart([]).svg())
        #expect(empty.all("text").contains { $0.text == "No data" })
        let none = try parseSVG(Self.chart([Row(label: "A", counts: [1, 2])], categories: []).svg())
        #expect(none.first("g", class: "chart-legend") == nil)
        #expect(none.all("text").contains { $0.text == "no responses" })

        let a = try parseSVG(Self.chart([Row(label: "A", counts: [1, 2, 3])]).svg())
        let b = try parseSVG(Self.chart([Row(label: "A", counts: [3, 2, 1])]).svg())
        #expect(a["id"] != b["id"])
        #expect(a["aria-labelledby"] == "\(a["id"]!)-title \(a["id"]!)-desc")
    }
}
