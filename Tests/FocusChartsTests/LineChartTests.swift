@testable import FocusCharts
import Testing

@Suite("Line chart")
struct LineChartTests {
    typealias Point = LineChart.Point

    static func chart(_ points: [Point], domain: ClosedRange<Double>? = nil, title: String = "NPS trend") -> LineChart {
        LineChart(title: title, summary: "NPS rose from 20 to 40.", unit: "NPS points", points: points, yDomain: domain)
    }

    static func values(_ values: [Double?]) -> [Point] {
        values.enumerated().map { Point(label: "P\($0.offset + 1)", value: $0.element) }
    }

    /// The data markers (circles and diamonds) in drawing order.
    static func markers(_ root: SVGNode) -> [SVGNode] {
        root.first("g", class: "chart-points")?.children ?? []
    }

    /// The y of a value on the plot for a fixed domain.
    static func y(_ value: Double, in domain: ClosedRange<Double>) -> Double {
        LineChart.plotBottom - (value - domain.lowerBound) / (domain.upperBound - domain.lowerBound) * LineChart.plotHeight
    }

    @Test("a complete, labelled inline svg")
    func structure() throws {
        let svg = Self.chart(Self.values([20, 30, 40])).svg()
        #expect(svg.hasPrefix("<svg "))
        #expect(!svg.contains("<?xml"))
        let root = try parseSVG(svg)
        #expect(root["width"] == "100%")
        #expect(root["role"] == "img")
        #expect(root["viewBox"]?.hasPrefix("0 0 640 ") == true)
        #expect(root.hasClass("chart") && root.hasClass("chart-linechart"))
        let title = try #require(root.first("title"))
        let desc = try #require(root.first("desc"))
        #expect(title.text == "NPS trend")
        #expect(desc.text == "NPS rose from 20 to 40.")
        #expect(root["aria-labelledby"] == "\(title["id"]!) \(desc["id"]!)")
        #expect(root.children.prefix(2).map(\.name) == ["title", "desc"])
        // The unit is written on the chart.
        #expect(root.all("text").contains { $0.text == "NPS points" })
    }

    @Test("one marker per period with a value, each carrying its value as text")
    func markersPerPoint() throws {
        let root = try parseSVG(Self.chart(Self.values([20, 30, nil, 40, 35])).svg())
        let markers = Self.markers(root)
        #expect(markers.count == 4)
        #expect(markers.allSatisfy { $0.name == "circle" && $0.hasClass("chart-point") })
        #expect(markers.map(\.titleText) == [
            "P1: 20.0 NPS points", "P2: 30.0 NPS points", "P4: 40.0 NPS points", "P5: 35.0 NPS points",
        ])
        // Points sit at evenly spaced x positions by period, the gap included.
        let xs = markers.compactMap { $0.number("cx") }
        let step = xs[1] - xs[0]
        #expect(abs((xs[2] - xs[1]) - 2 * step) < 0.02)
        #expect(abs((xs[3] - xs[2]) - step) < 0.02)
    }

    @Test("a missing value breaks the line into separate segments")
    func gap() throws {
        let root = try parseSVG(Self.chart(Self.values([20, 25, nil, 30, 35])).svg())
        let lines = root.all("path", class: "chart-line")
        #expect(lines.count == 2)
        let first = pathPoints(lines[0]["d"]!)
        let second = pathPoints(lines[1]["d"]!)
        #expect(first.count == 2 && second.count == 2)
        #expect(first.last!.x < second.first!.x)
        #expect(lines.allSatisfy { subpathCount($0["d"]!) == 1 })

        // Without gaps: one segment through every point.
        let whole = try parseSVG(Self.chart(Self.values([20, 25, 30])).svg())
        #expect(whole.all("path", class: "chart-line").count == 1)
        #expect(pathPoints(whole.first("path", class: "chart-line")!["d"]!).count == 3)

        // A lone value between gaps is a marker without a segment.
        let lone = try parseSVG(Self.chart(Self.values([20, nil, 30, nil, 40, 45])).svg())
        #expect(lone.all("path", class: "chart-line").count == 1)
        #expect(Self.markers(lone).count == 4)
    }

    @Test("the band covers low…high of each point, mapped by the scale")
    func band() throws {
        let domain = 0.0...100.0
        let points = [
            Point(label: "Jan", value: 30, low: 25, high: 36),
            Point(label: "Feb", value: 40, low: 33, high: 47),
            Point(label: "Mar", value: 50, low: 41, high: 58),
        ]
        let root = try parseSVG(Self.chart(points, domain: domain).svg())
        // One polygon in the plot (the legend swatch is a rect).
        let bands = root.all("path", class: "chart-band")
        #expect(bands.count == 1)
        let polygon = pathPoints(bands[0]["d"]!)
        #expect(polygon.count == 6)
        #expect(bands[0]["d"]!.hasSuffix("Z"))
        let markers = Self.markers(root)
        for (index, point) in points.enumerated() {
            let upper = polygon[index]
            let lower = polygon[5 - index]
            let cx = try #require(markers[index].number("cx"))
            let cy = try #require(markers[index].number("cy"))
            #expect(abs(upper.x - cx) < 0.01 && abs(lower.x - cx) < 0.01)
            #expect(abs(upper.y - Self.y(point.high!, in: domain)) < 0.01)
            #expect(abs(lower.y - Self.y(point.low!, in: domain)) < 0.01)
            #expect(abs(cy - Self.y(point.value!, in: domain)) < 0.01)
            #expect(upper.y < cy && cy < lower.y)
        }
        #expect(root.first("g", class: "chart-legend")?.all("text").map(\.text) == ["95% interval"])
    }

    @Test("band runs follow the periods that have an interval")
    func bandRuns() throws {
        let points = [
            Point(label: "A", value: 30, low: 25, high: 36),
            Point(label: "B", value: 40, low: 33, high: 47),
            Point(label: "C", value: 45),
            Point(label: "D", value: 50, low: 41, high: 58),
        ]
        let root = try parseSVG(Self.chart(points, domain: 0...100).svg())
        let bands = try #require(root.first("g", class: "chart-bands")).all("path")
        #expect(bands.count == 2)
        // A single-period run is a small box from low to high around the point.
        let box = pathPoints(bands[1]["d"]!)
        #expect(box.count == 4)
        #expect(abs(box.map(\.y).min()! - Self.y(58, in: 0...100)) < 0.01)
        #expect(abs(box.map(\.y).max()! - Self.y(41, in: 0...100)) < 0.01)
        let cx = try #require(Self.markers(root)[3].number("cx"))
        #expect(box.map(\.x).min()! < cx && cx < box.map(\.x).max()!)
    }

    @Test("marked points are diamonds with their note, explained in the legend")
    func marked() throws {
        let points = [
            Point(label: "Feb 2026", value: 38.1, low: 34, high: 42.2),
            Point(label: "Mar 2026", value: 31.2, low: 27, high: 35.4, marked: true, note: "significant drop"),
            Point(label: "Apr 2026", value: 33, marked: true),
        ]
        let root = try parseSVG(Self.chart(points).svg())
        let markers = Self.markers(root)
        #expect(markers.map(\.name) == ["circle", "path", "path"])
        #expect(markers[1].hasClass("chart-mark") && markers[2].hasClass("chart-mark"))
        #expect(markers[1].titleText == "Mar 2026: 31.2 NPS points (95% interval 27.0 to 35.4), significant drop")
        #expect(markers[2].titleText == "Apr 2026: 33.0 NPS points, significant change from the previous period")
        let legend = try #require(root.first("g", class: "chart-legend"))
        #expect(legend.all("text").map(\.text) == ["95% interval", "Significant change from the previous period"])
        #expect(legend.all("path", class: "chart-mark").count == 1)
        // Marked points and the last point have their value written for print.
        let values = root.first("g", class: "chart-values")!.all("text").map(\.text)
        #expect(values == ["31.2", "33.0"])
    }

    @Test("no legend without band or marks")
    func noLegend() throws {
        let root = try parseSVG(Self.chart(Self.values([1, 2, 3])).svg())
        #expect(root.first("g", class: "chart-legend") == nil)
    }

    @Test("fitted y ticks are nice numbers around the data and intervals")
    func fittedTicks() throws {
        let points = [Point(label: "A", value: 10, low: 0, high: 20), Point(label: "B", value: 80, low: 70, high: 87)]
        let root = try parseSVG(Self.chart(points).svg())
        let labels = root.first("g", class: "chart-y-ticks")!.all("text").map(\.text)
        #expect(labels == ["0", "20", "40", "60", "80", "100"])
        #expect(root.first("line", class: "chart-zero") == nil)

        let nps = try parseSVG(Self.chart(Self.values([-20, 10]), domain: -100...100).svg())
        #expect(nps.first("g", class: "chart-y-ticks")!.all("text").map(\.text)
            == ["\u{2212}100", "\u{2212}50", "0", "50", "100"])
        let zero = try #require(nps.first("line", class: "chart-zero"))
        #expect(zero.number("y1") == Self.y(0, in: -100...100))
    }

    @Test("values outside a fixed domain stay on the plot")
    func clamped() throws {
        let root = try parseSVG(Self.chart(Self.values([-150, 0, 150]), domain: -100...100).svg())
        let ys = Self.markers(root).compactMap { $0.number("cy") }
        #expect(ys == [LineChart.plotBottom, Self.y(0, in: -100...100), LineChart.plotTop])
        // The accessible text keeps the real value.
        #expect(Self.markers(root)[2].titleText == "P3: 150.0 NPS points")
    }

    @Test("at most twelve period labels, evenly thinned")
    func thinnedLabels() throws {
        let many = (1...40).map { Point(label: "W\($0)", value: Double($0)) }
        let root = try parseSVG(Self.chart(many).svg())
        let labels = root.first("g", class: "chart-x-ticks")!.all("text").map(\.text)
        #expect(labels.count <= 12 && labels.count >= 6)
        #expect(labels.first == "W1")
        #expect(labels == stride(from: 1, through: 40, by: 4).map { "W\($0)" })
        #expect(Self.markers(root).count == 40)

        let few = try parseSVG(Self.chart(Self.values([1, 2, 3, 4])).svg())
        #expect(few.first("g", class: "chart-x-ticks")!.all("text").map(\.text) == ["P1", "P2", "P3", "P4"])
    }

    @Test("long period labels are shortened, the full text kept in a title")
    func longLabels() throws {
        let label = "Week of 3 March 2026 (spring campaign, all touchpoints)"
        let points = (0..<8).map { Point(label: $0 == 0 ? label : "W\($0)", value: Double($0)) }
        let root = try parseSVG(Self.chart(points).svg())
        let first = try #require(root.first("g", class: "chart-x-ticks")?.children.first)
        #expect(first.text.hasSuffix("…"))
        #expect(first.text.count < label.count)
        #expect(first.titleText == label)
        #expect(Self.markers(root)[0].titleText == label + ": 0.0 NPS points")
    }

    @Test("user text is escaped everywhere")
    func escaping() throws {
        let evil = "<script>alert('x')</script> & \"co\""
        let chart = LineChart(
            title: evil, summary: evil, unit: evil,
            points: [Point(label: evil, value: 1, marked: true, note: evil), Point(label: "ok", value: 2)])
        let svg = chart.svg()
        #expect(!svg.contains("<script"))
        let root = try parseSVG(svg)
        #expect(root.all("script").isEmpty)
        #expect(root.first("title")?.text == evil)
        #expect(root.first("desc")?.text == evil)
        #expect(Self.markers(root)[0].titleText == "\(evil): 1.0 \(evil), \(evil)")
    }

    @Test("two charts on a page never share ids; an explicit id is used as given")
    func ids() throws {
        let a = try parseSVG(Self.chart(Self.values([1, 2])).svg())
        let b = try parseSVG(Self.chart(Self.values([1, 3])).svg())
        let c = try parseSVG(Self.chart(Self.values([1, 2]), title: "CSAT trend").svg())
        let ids = [a, b, c].map { $0["id"]! }
        #expect(Set(ids).count == 3)
        let titleIDs = [a, b, c].map { $0.first("title")!["id"]! }
        #expect(Set(titleIDs).count == 3)
        #expect(ids[0].hasPrefix("chart-nps-trend-"))

        var named = Self.chart(Self.values([1, 2]))
        named.id = "brand-7-nps"
        let root = try parseSVG(named.svg())
        #expect(root["id"] == "brand-7-nps")
        #expect(root["aria-labelledby"] == "brand-7-nps-title brand-7-nps-desc")
        // Rendering is deterministic.
        #expect(Self.chart(Self.values([1, 2])).svg() == Self.chart(Self.values([1, 2])).svg())
    }

    @Test(
        "degenerate input draws a valid chart",
        arguments: [
            [], [nil, nil, nil], [42], [30, 30, 30], [.nan, 10, .infinity, 20], [-.infinity],
            [1e300, -1e300], [0, 0], [nil, 5, nil],
        ] as [[Double?]])
    func degenerate(values: [Double?]) throws {
        let root = try parseSVG(Self.chart(Self.values(values)).svg())
        let finite = values.compactMap { $0 }.filter(\.isFinite)
        #expect(Self.markers(root).count == finite.count)
        let noData = root.all("text").contains { $0.text == "No data" }
        #expect(noData == finite.isEmpty)
        for marker in Self.markers(root) {
            let cy = try #require(marker.number("cy"))
            #expect(cy >= LineChart.plotTop && cy <= LineChart.plotBottom)
        }
    }

    @Test("non-finite or reversed interval bounds")
    func oddIntervals() throws {
        let points = [
            Point(label: "A", value: 10, low: .nan, high: 12),
            Point(label: "B", value: 10, low: 14, high: 6),
        ]
        let root = try parseSVG(Self.chart(points, domain: 0...20).svg())
        let bands = root.first("g", class: "chart-bands")!.all("path")
        #expect(bands.count == 1)
        #expect(Self.markers(root)[1].titleText == "B: 10.0 NPS points (95% interval 6.0 to 14.0)")
        #expect(Self.markers(root)[0].titleText == "A: 10.0 NPS points")
        // An invalid fixed domain falls back to fitting.
        let fitted = try parseSVG(Self.chart(Self.values([1, 2]), domain: 5...5).svg())
        #expect(fitted.first("g", class: "chart-y-ticks")!.all("text").count >= 2)
    }
}
