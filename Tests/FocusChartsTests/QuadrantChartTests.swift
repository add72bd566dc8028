@testable import FocusCharts
import Testing

@Suite("Quadrant chart")
struct QuadrantChartTests {
    static func chart(_ points: [QuadrantChart.Point]) -> QuadrantChart {
        QuadrantChart(title: "Importance against performance", summary: "Speed matters most and is rated lowest.",
                      xTitle: "Performance (%)", yTitle: "Importance (%)", points: points, xCut: 60, yCut: 20,
                      quadrantNames: ["Concentrate here", "Keep up the good work", "Low priority", "Possible overkill"])
    }

    @Test("each point sits where its values say, right of the cut when it performs better and above it when more important")
    func placement() throws {
        // MUT
        let root = try parseSVG(Self.chart([.init(label: "Speed", x: 50, y: 45, marked: true), .init(label: "Price", x: 70, y: 8)]).svg())

        // validate
        let cuts = root.all("line", class: "chart-cut")
        #expect(cuts.count == 2)
        let xCut = try #require(cuts.first?.number("x1")), yCut = try #require(cuts.last?.number("y1"))
        let price = try #require(root.first("circle", class: "chart-point"))
        let px = try #require(price.number("cx")), py = try #require(price.number("cy"))
        #expect(px > xCut && py > yCut, "better performing, less important")
        let speed = try #require(root.first("path", class: "chart-mark"), "the marked point is a diamond")
        #expect(speed.titleText?.contains("Speed: Performance (%) 50") == true, "accessible text names the values")
        let names = root.all("text", class: "chart-quadrant-name").map(\.text)
        #expect(names == ["Concentrate here", "Keep up the good work", "Low priority", "Possible overkill"])
    }

    @Test("labels are escaped and non-finite points left out")
    func hostileInput() throws {
        // MUT
        let svg = Self.chart([.init(label: "<script>&", x: 55, y: 10), .init(label: "Lost", x: .nan, y: 3)]).svg()

        // validate
        #expect(!svg.contains("<script>") && svg.contains("&lt;script&gt;&amp;"))
        let root = try parseSVG(svg)
        #expect(root.all("circle", class: "chart-point").count == 1)
    }
}
