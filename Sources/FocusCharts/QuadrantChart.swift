/// A scatter of items in four quadrants (an importance-performance matrix): performance across,
/// importance up, dashed lines where the quadrants meet, each quadrant named in its corner and each
/// point labelled. Points of the quadrant to act on first can be marked (drawn as diamonds).
public struct QuadrantChart: Sendable {
    public struct Point: Sendable {
        public var label: String
        public var x: Double
        public var y: Double
        public var marked: Bool

        public init(label: String, x: Double, y: Double, marked: Bool = false) {
            self.label = label
            self.x = x
            self.y = y
            self.marked = marked
        }
    }

    public var title: String
    public var summary: String
    public var xTitle: String
    public var yTitle: String
    public var points: [Point]
    /// Where the quadrants meet.
    public var xCut: Double
    public var yCut: Double
    /// Names of the quadrants: top left, top right, bottom left, bottom right.
    public var quadrantNames: [String]
    public var decimals = 1
    public var id: String?

    public init(title: String, summary: String, xTitle: String, yTitle: String, points: [Point], xCut: Double, yCut: Double,
                quadrantNames: [String], id: String? = nil) {
        self.title = title
        self.summary = summary
        self.xTitle = xTitle
        self.yTitle = yTitle
        self.points = points
        self.xCut = xCut
        self.yCut = yCut
        self.quadrantNames = quadrantNames
        self.id = id
    }

    static let width = 640.0, height = 420.0
    static let left = 64.0, right = 24.0, top = 16.0, bottom = 56.0

    public func svg() -> String {
        let points = self.points.filter { $0.x.isFinite && $0.y.isFinite }
        let chartID = ChartText.elementID(explicit: id, kind: "quadrant", title: title,
                                          content: summary + points.map { "\($0.label)=\($0.x),\($0.y)" }.joined(separator: ";"))
        let xs = points.map(\.x) + [xCut], ys = points.map(\.y) + [yCut]
        let xTicks = NiceTicks.fitting(xs.min()!, xs.max()!)
        let yTicks = NiceTicks.fitting(min(0, ys.min()!), ys.max()!)
        let plotRight = Self.width - Self.right, plotBottom = Self.height - Self.bottom
        let x = LinearScale(domain: xTicks.domain, range: (Self.left, plotRight))
        let y = LinearScale(domain: yTicks.domain, range: (plotBottom, Self.top))

        var svg = SVGWriter()
        svg.openChart(kind: "chart-quadrant", id: chartID, width: Self.width, height: Self.height, title: title, summary: summary)
        svg.open("g", ["class": "chart-ticks"])
        for value in xTicks.values {
            svg.element("line", ["class": "chart-grid", "x1": coord(x(value)), "x2": coord(x(value)), "y1": coord(Self.top),
                                 "y2": coord(plotBottom), "stroke": ChartStyle.gridColor])
            svg.text(ChartNumber.tick(value, decimals: xTicks.fractionDigits),
                     ["class": "chart-label", "x": coord(x(value)), "y": coord(plotBottom + 16), "text-anchor": "middle", "fill": ChartStyle.labelColor])
        }
        for value in yTicks.values {
            svg.element("line", ["class": "chart-grid", "x1": coord(Self.left), "x2": coord(plotRight), "y1": coord(y(value)),
                                 "y2": coord(y(value)), "stroke": ChartStyle.gridColor])
            svg.text(ChartNumber.tick(value, decimals: yTicks.fractionDigits),
                     ["class": "chart-label", "x": coord(Self.left - 6), "y": coord(y(value) + 4), "text-anchor": "end", "fill": ChartStyle.labelColor])
        }
        svg.close("g")
        svg.text(xTitle, ["class": "chart-label", "x": coord((Self.left + plotRight) / 2), "y": coord(plotBottom + 36),
                          "text-anchor": "middle", "fill": ChartStyle.labelColor])
        svg.text(yTitle, ["class": "chart-label", "x": coord(14), "y": coord((Self.top + plotBottom) / 2), "text-anchor": "middle",
                          "fill": ChartStyle.labelColor, "transform": "rotate(-90 14 \(coord((Self.top + plotBottom) / 2)))"])
        // The lines where the quadrants meet, and their names in the corners.
        svg.element("line", ["class": "chart-cut", "x1": coord(x(xCut)), "x2": coord(x(xCut)), "y1": coord(Self.top), "y2": coord(plotBottom),
                             "stroke": ChartStyle.axisColor, "stroke-dasharray": "4 3"])
        svg.element("line", ["class": "chart-cut", "x1": coord(Self.left), "x2": coord(plotRight), "y1": coord(y(yCut)), "y2": coord(y(yCut)),
                             "stroke": ChartStyle.axisColor, "stroke-dasharray": "4 3"])
        let corners: [(Double, Double, String)] = [(Self.left + 6, Self.top + 14, "start"), (plotRight - 6, Self.top + 14, "end"),
                                                   (Self.left + 6, plotBottom - 8, "start"), (plotRight - 6, plotBottom - 8, "end")]
        for (name, (cx, cy, anchor)) in zip(quadrantNames, corners) {
            svg.text(name, ["class": "chart-label chart-quadrant-name", "x": coord(cx), "y": coord(cy), "text-anchor": anchor,
                            "fill": ChartStyle.labelColor, "font-style": "italic"])
        }
        svg.open("g", ["class": "chart-points"])
        for p in points {
            let px = x(p.x), py = y(p.y)
            let text = "\(p.label): \(xTitle) \(ChartNumber.value(p.x, decimals: decimals)), \(yTitle) \(ChartNumber.value(p.y, decimals: decimals))"
            if p.marked {
                svg.element("path", ["class": "chart-point chart-mark", "d": PathData.diamond(x: px, y: py, radius: 7),
                                     "fill": ChartStyle.markedBarColor, "stroke": "#fff"], title: text)
            } else {
                svg.element("circle", ["class": "chart-point", "cx": coord(px), "cy": coord(py), "r": "5", "fill": ChartStyle.accent,
                                       "stroke": "#fff"], title: text)
            }
            // Labels go to the side with more room.
            let toLeft = px > (Self.left + plotRight) / 2
            svg.text(ChartText.truncate(p.label, toWidth: 150).text,
                     ["class": "chart-label chart-point-label", "x": coord(px + (toLeft ? -10 : 10)), "y": coord(py + 4),
                      "text-anchor": toLeft ? "end" : "start", "fill": ChartStyle.inkColor])
        }
        svg.close("g")
        svg.close("svg")
        return svg.output
    }
}
