@testable import FocusCharts
import Testing

@Suite("Bar chart")
struct BarChartTests {
    typealias Bar = BarChart.Bar

    static func chart(_ bars: [Bar], domain: ClosedRange<Double>? = nil, title: String = "NPS by touchpoint") -> BarChart {
        BarChart(title: title, summary: "Web shop scores highest.", unit: "NPS points", bars: bars, domain: domain)
    }

    static func bars(_ values: [Double]) -> [Bar] {
        values.enumerated().map { Bar(label: "T\($0.offset + 1)", value: $0.element) }
    }

    static func rows(_ root: SVGNode) -> [SVGNode] {
        root.first("g", class: "chart-rows")?.children ?? []
    }

    static func zeroX(_ root: SVGNode) throws -> Double {
        try #require(root.first("line", class: "chart-zero")?.number("x1"))
    }

    /// Left edge of the plot when no value is negative.
    static let plotLeft = BarChart.labelColumn + 12
    static let plotRight = BarChart.width - BarChart.valueRoom

    @Test("a labelled svg with one row and one bar per value")
    func structure() throws {
        let root = try parseSVG(Self.chart(Self.bars([20, 40, 80])).svg())
        #expect(root.hasClass("chart-barchart"))
        #expect(root["role"] == "img")
        #expect(root["aria-labelledby"] == "\(root["id"]!)-title \(root["id"]!)-desc")
        #expect(Self.rows(root).count == 3)
        let rects = root.all("rect", class: "chart-bar")
        #expect(rects.count == 3)
        #expect(rects.map(\.titleText) == ["T1: 20.0 NPS points", "T2: 40.0 NPS points", "T3: 80.0 NPS points"])
        #expect(Self.rows(root).map { $0.first("text")!.text } == ["T1", "T2", "T3"])
        #expect(root.all("text", class: "chart-value").map(\.text) == ["20.0", "40.0", "80.0"])
        #expect(root.first("g", class: "chart-x-ticks")!.all("text").map(\.text) == ["0", "20", "40", "60", "80"])
    }

    @Test("bar width is proportional to the value, starting at the zero line")
    func proportional() throws {
        let root = try parseSVG(Self.chart(Self.bars([20, 40, 80, 0])).svg())
        let rects = root.all("rect", class: "chart-bar")
        let widths = try rects.map { try #require($0.number("width")) }
        // Fitted domain 0…80 over the plot width.
        let plotWidth = Self.plotRight - Self.plotLeft
        for (width, value) in zip(widths, [20.0, 40, 80, 0]) {
            #expect(abs(width - value / 80 * plotWidth) < 0.01)
        }
        #expect(abs(widths[1] / widths[0] - 2) < 0.001)
        let zero = try Self.zeroX(root)
        #expect(zero == Self.plotLeft)
        #expect(rects.allSatisfy { $0.number("x") == zero })
    }

    @Test("negative values extend left of the zero line")
    func negative() throws {
        let root = try parseSVG(Self.chart(Self.bars([-20, 40])).svg())
        let rects = root.all("rect", class: "chart-bar")
        let zero = try Self.zeroX(root)
        let left = try #require(rects[0].number("x"))
        let leftWidth = try #require(rects[0].number("width"))
        #expect(abs(left + leftWidth - zero) < 0.01)
        #expect(rects[1].number("x") == zero)
        #expect(abs(leftWidth * 2 - rects[1].number("width")!) < 0.02)
        // The negative value is written left of its bar, the positive one right of its bar.
        let labels = root.all("text", class: "chart-value")
        #expect(labels[0].text == "\u{2212}20.0" && labels[0]["text-anchor"] == "end")
        #expect(labels[0].number("x")! < left)
        #expect(labels[1]["text-anchor"] == "start")
        #expect(labels[1].number("x")! > zero + rects[1].number("width")!)
        #expect(rects[0].titleText == "T1: \u{2212}20.0 NPS points")
    }

    @Test("interval whiskers with caps, mapped by the scale; the value label clears them")
    func whiskers() throws {
        let bars = [Bar(label: "Shop", value: 40, low: 30, high: 52), Bar(label: "Phone", value: 60)]
        let root = try parseSVG(Self.chart(bars, domain: 0...100).svg())
        let whiskers = root.all("path", class: "chart-whisker")
        let inRows = Self.rows(root).flatMap { $0.all("path", class: "chart-whisker") }
        #expect(inRows.count == 1)
        #expect(whiskers.count == 2)  // plus the legend sample
        let d = inRows[0]["d"]!
        #expect(subpathCount(d) == 3)  // the line and two caps
        let xs = pathPoints(d).map(\.x)
        let x = LinearScale(domain: 0...100, range: (Self.plotLeft, Self.plotRight))
        #expect(abs(xs.min()! - x(30)) < 0.01)
        #expect(abs(xs.max()! - x(52)) < 0.01)
        let label = try #require(Self.rows(root)[0].first("text", class: "chart-value"))
        #expect(label.number("x")! > x(52))
        #expect(root.all("rect", class: "chart-bar")[0].titleText == "Shop: 40.0 NPS points (95% interval 30.0 to 52.0)")
        #expect(root.first("g", class: "chart-legend")!.all("text").map(\.text) == ["95% interval"])
    }

    @Test("marked bars: darker class, a diamond before the label, a legend line")
    func marked() throws {
        let bars = [Bar(label: "Shop", value: 40, marked: true), Bar(label: "Phone", value: 60)]
        let root = try parseSVG(Self.chart(bars).svg())
        let rects = root.all("rect", class: "chart-bar")
        #expect(rects[0].hasClass("chart-bar-marked"))
        #expect(!rects[1].hasClass("chart-bar-marked"))
        #expect(Self.rows(root)[0].all("path", class: "chart-mark").count == 1)
        #expect(Self.rows(root)[1].all("path", class: "chart-mark").isEmpty)
        #expect(rects[0].titleText == "Shop: 40.0 NPS points, statistically significant difference")
        #expect(root.first("g", class: "chart-legend")!.all("text").map(\.text) == ["Statistically significant difference"])
    }

    @Test("value text replaces the number at the bar end")
    func valueText() throws {
        let root = try parseSVG(Self.chart([Bar(label: "Shop", value: 31, valueText: "+31 (n=120)")]).svg())
        #expect(root.first("text", class: "chart-value")?.text == "+31 (n=120)")
        #expect(root.first("rect", class: "chart-bar")?.titleText == "Shop: 31.0 NPS points")
    }

    @Test("links wrap the label, escaped; unsafe schemes are dropped")
    func links() throws {
        let href = "/w/acme/touchpoints?id=3&from=\"2026\""
        let bars = [
            Bar(label: "Shop", value: 40, href: href),
            Bar(label: "Phone", value: 60, href: "javascript:alert(1)"),
        ]
        let svg = Self.chart(bars).svg()
        #expect(svg.contains("&amp;from=&quot;2026&quot;"))
        let root = try parseSVG(svg)
        let rows = Self.rows(root)
        let link = try #require(rows[0].first("a"))
        #expect(link["href"] == href)
        #expect(link.children.first?.name == "text")
        #expect(link.children.first?.text == "Shop")
        #expect(rows[1].first("a") == nil)
        #expect(!svg.contains("javascript"))
    }

    @Test("long labels are shortened to the label column, the full text in titles")
    func longLabels() throws {
        let label = "Claims handling after storm damage, including the follow-up call"
        let root = try parseSVG(Self.chart([Bar(label: label, value: 10)]).svg())
        let text = try #require(Self.rows(root)[0].first("text"))
        #expect(text.text.hasSuffix("…"))
        #expect(ChartText.width(of: text.text) <= BarChart.labelColumn - 24)
        #expect(text.titleText == label)
        #expect(root.first("rect", class: "chart-bar")?.titleText == label + ": 10.0 NPS points")
    }

    @Test("user text is escaped")
    func escaping() throws {
        let evil = "<script>alert('x')</script>"
        let svg = BarChart(title: evil, summary: evil, unit: "", bars: [Bar(label: evil, value: 1, valueText: evil)]).svg()
        #expect(!svg.contains("<script"))
        let root = try parseSVG(svg)
        #expect(root.all("script").isEmpty)
        #expect(root.first("rect", class: "chart-bar")?.titleText == evil + ": 1.0")
    }

    @Test("values beyond a fixed domain stop at its edge")
    func clamped() throws {
        let root = try parseSVG(Self.chart(Self.bars([150, 50]), domain: 0...100).svg())
        let rects = root.all("rect", class: "chart-bar")
        #expect(abs(rects[0].number("x")! + rects[0].number("width")! - Self.plotRight) < 0.01)
        #expect(rects[0].titleText == "T1: 150.0 NPS points")
        // A domain without zero: bars start at the nearer edge.
        let shifted = try parseSVG(Self.chart(Self.bars([60, 80]), domain: 50...100).svg())
        #expect(shifted.all("rect", class: "chart-bar").allSatisfy { $0.number("x") == Self.plotLeft })
        #expect(shifted.first("line", class: "chart-zero") == nil)
    }

    @Test("ids differ between charts")
    func ids() throws {
        let a = try parseSVG(Self.chart(Self.bars([1, 2])).svg())
        let b = try parseSVG(Self.chart(Self.bars([1, 2]), title: "CSAT by touchpoint").svg())
        let c = try parseSVG(Self.chart(Self.bars([2, 1])).svg())
        #expect(Set([a, b, c].map { $0["id"]! }).count == 3)
    }

    @Test("a bar without a value says why when given a text, else \"no data\"")
    func missingValueText() throws {
        let root = try parseSVG(Self.chart([Bar(label: "Contacted", value: .nan, valueText: "n too small (4)"),
                                            Bar(label: "Not contacted", value: .nan), Bar(label: "All", value: 12)]).svg())
        #expect(root.all("rect", class: "chart-bar").count == 1)
        let texts = root.all("text").map(\.text)
        #expect(texts.contains("n too small (4)") && texts.contains("no data"))
    }

    @Test(
        "degenerate input draws a valid chart",
        arguments: [[], [0, 0], [.nan], [.infinity, 5], [42], [-5, -5], [1e300, -1e300]] as [[Double]])
    func degenerate(values: [Double]) throws {
        let root = try parseSVG(Self.chart(Self.bars(values)).svg())
        let finite = values.filter(\.isFinite)
        #expect(root.all("rect", class: "chart-bar").count == finite.count)
        #expect(Self.rows(root).count == values.count)
        let texts = root.all("text").map(\.text)
        #expect(texts.filter { $0 == "no data" }.count == values.count - finite.count)
        #expect(texts.contains("No data") == values.isEmpty)
        for rect in root.all("rect", class: "chart-bar") {
            let x = try #require(rect.number("x"))
            let width = try #require(rect.number("width"))
            #expect(x >= BarChart.labelColumn && x + width <= Self.plotRight + 0.01)
        }
    }
}
