/// A trend: one point per period, with an optional 95% interval band, and points marked where
/// the change from the previous point is statistically significant.
///
/// Periods are evenly spaced by index. A `nil` value is a period without data: the line has a
/// gap there rather than dropping to zero. Non-finite values and bounds are treated as missing.
/// Marked points are drawn as diamonds (not only in another colour) and, like the last point,
/// get their value written next to them; a legend line explains the diamond and the band.
public struct LineChart: Sendable {
    public struct Point: Sendable {
        public var label: String
        public var value: Double?
        public var low: Double?
        public var high: Double?
        public var marked: Bool
        /// Added to the point's accessible text, e.g. "significant drop".
        public var note: String?

        public init(
            label: String, value: Double?, low: Double? = nil, high: Double? = nil, marked: Bool = false,
            note: String? = nil
        ) {
            self.label = label
            self.value = value
            self.low = low
            self.high = high
            self.marked = marked
            self.note = note
        }
    }

    public var title: String
    /// One-sentence description for screen readers (`<desc>`).
    public var summary: String
    /// E.g. "NPS points", "% satisfied".
    public var unit: String
    /// `nil` value = no data that period: a gap in the line, not zero.
    public var points: [Point]
    /// `nil` = fitted to the data and intervals, widened to nice ticks. A given domain is kept
    /// as it is and values outside it are drawn at its edge.
    public var yDomain: ClosedRange<Double>?
    /// Prefix of the element ids; `nil` derives one from the title and a hash of the content.
    public var id: String?
    /// Decimals of values in labels and accessible text.
    public var decimals: Int = 1
    /// Name of the band, in the legend and in each point's accessible text.
    public var intervalLabel: String = "95% interval"
    /// Legend text explaining the diamond, and the accessible note of a marked point without a note.
    public var markLabel: String = "Significant change from the previous period"

    public init(
        title: String, summary: String, unit: String, points: [Point], yDomain: ClosedRange<Double>? = nil,
        id: String? = nil
    ) {
        self.title = title
        self.summary = summary
        self.unit = unit
        self.points = points
        self.yDomain = yDomain
        self.id = id
    }

    // MARK: Layout (viewBox units)

    static let width = 640.0
    static let plotTop = 28.0
    static let plotHeight = 180.0
    static let rightMargin = 16.0
    static var plotBottom: Double { plotTop + plotHeight }
    static let maxXLabels = 12

    public func svg() -> String {
        let points = self.points.map(Clean.init)
        let chartID = ChartText.elementID(
            explicit: id, kind: "line", title: title,
            content: summary + unit + points.map { "\($0.label)=\($0.value.map { "\($0)" } ?? "-")" }.joined(separator: ";"))

        // Domain and ticks.
        let hasData = points.contains { $0.value != nil || $0.interval != nil }
        let ticks: NiceTicks?
        if let domain = yDomain, domain.lowerBound.isFinite, domain.upperBound.isFinite,
            domain.upperBound > domain.lowerBound
        {
            ticks = .within(domain)
        } else if hasData {
            let numbers = points.flatMap { [$0.value, $0.interval?.low, $0.interval?.high].compactMap { $0 } }
            ticks = .fitting(numbers.min() ?? 0, numbers.max() ?? 1)
        } else {
            ticks = nil
        }
        let tickLabels = ticks.map { t in t.values.map { ChartNumber.tick($0, decimals: t.fractionDigits) } } ?? []
        let plotLeft = min(max(36, (tickLabels.map(ChartText.width(of:)).max() ?? 0) + 12), 160)
        let plotRight = Self.width - Self.rightMargin
        let y = LinearScale(domain: ticks?.domain ?? 0...1, range: (Self.plotBottom, Self.plotTop))
        let slot = (plotRight - plotLeft) / Double(max(points.count, 1))
        func x(_ index: Int) -> Double { plotLeft + slot * (Double(index) + 0.5) }

        let bandRuns = runs(points.map { $0.interval != nil })
        let lineRuns = runs(points.map { $0.value != nil })
        let showBand = !bandRuns.isEmpty
        let showMark = points.contains { $0.marked && $0.value != nil }
        let legendY = Self.plotBottom + 42
        let height = (showBand || showMark) ? legendY + 12 : Self.plotBottom + 30

        var svg = SVGWriter()
        svg.openChart(
            kind: "chart-linechart", id: chartID, width: Self.width, height: height, title: title, summary: summary)

        if !unit.isEmpty {
            let caption = ChartText.truncate(unit, toWidth: Self.width - 8)
            svg.text(
                caption.text, ["class": "chart-label", "x": "0", "y": "14", "fill": ChartStyle.labelColor],
                title: caption.truncated ? unit : nil)
        }

        // Grid and y tick labels.
        svg.open("g", ["class": "chart-y-ticks"])
        if let ticks {
            for (value, label) in zip(ticks.values, tickLabels) {
                let ty = y(value)
                svg.element(
                    "line",
                    ["class": "chart-grid", "x1": coord(plotLeft), "x2": coord(plotRight), "y1": coord(ty), "y2": coord(ty),
                     "stroke": ChartStyle.gridColor])
                svg.text(
                    label,
                    ["class": "chart-label", "x": coord(plotLeft - 6), "y": coord(ty + 4), "text-anchor": "end",
                     "fill": ChartStyle.labelColor])
            }
        }
        svg.close("g")
        if let ticks, ticks.domain.lowerBound < 0, ticks.domain.upperBound > 0 {
            svg.element(
                "line",
                ["class": "chart-axis chart-zero", "x1": coord(plotLeft), "x2": coord(plotRight), "y1": coord(y(0)),
                 "y2": coord(y(0)), "stroke": ChartStyle.axisColor])
        }
        svg.element(
            "line",
            ["class": "chart-axis", "x1": coord(plotLeft), "x2": coord(plotRight), "y1": coord(Self.plotBottom),
             "y2": coord(Self.plotBottom), "stroke": ChartStyle.axisColor])

        // X labels, thinned to at most `maxXLabels`.
        svg.open("g", ["class": "chart-x-ticks"])
        let stride = max(1, (points.count + Self.maxXLabels - 1) / Self.maxXLabels)
        for index in Swift.stride(from: 0, to: points.count, by: stride) {
            let px = x(index)
            let room = min(slot * Double(stride) - 4, 2 * (Self.width - px) - 2, 2 * px - 2)
            let label = ChartText.truncate(points[index].label, toWidth: room)
            svg.text(
                label.text,
                ["class": "chart-label", "x": coord(px), "y": coord(Self.plotBottom + 16), "text-anchor": "middle",
                 "fill": ChartStyle.labelColor],
                title: label.truncated ? points[index].label : nil)
        }
        svg.close("g")

        if !points.contains(where: { $0.value != nil }) {
            svg.text(
                "No data",
                ["class": "chart-label chart-empty-text", "x": coord((plotLeft + plotRight) / 2),
                 "y": coord((Self.plotTop + Self.plotBottom) / 2), "text-anchor": "middle", "fill": ChartStyle.labelColor])
        }

        // Interval band: one polygon per run of periods with an interval.
        if showBand {
            svg.open("g", ["class": "chart-bands"])
            for run in bandRuns {
                var path = PathData()
                if run.count == 1 {
                    let index = run.lowerBound
                    let half = min(slot / 4, 6)
                    let interval = points[index].interval!
                    path.move(x(index) - half, y.clamped(interval.high))
                    path.line(x(index) + half, y.clamped(interval.high))
                    path.line(x(index) + half, y.clamped(interval.low))
                    path.line(x(index) - half, y.clamped(interval.low))
                } else {
                    for index in run {
                        let high = y.clamped(points[index].interval!.high)
                        if index == run.lowerBound { path.move(x(index), high) } else { path.line(x(index), high) }
                    }
                    for index in run.reversed() {
                        path.line(x(index), y.clamped(points[index].interval!.low))
                    }
                }
                path.closePath()
                svg.element(
                    "path", ["class": "chart-band", "d": path.text, "fill": ChartStyle.accent, "fill-opacity": "0.15"])
            }
            svg.close("g")
        }

        // The line: one path per run of periods with a value (a lone point is just its marker).
        svg.open("g", ["class": "chart-lines"])
        for run in lineRuns where run.count > 1 {
            var path = PathData()
            for index in run {
                let py = y.clamped(points[index].value!)
                if index == run.lowerBound { path.move(x(index), py) } else { path.line(x(index), py) }
            }
            svg.element(
                "path",
                ["class": "chart-line", "d": path.text, "fill": "none", "stroke": ChartStyle.accent, "stroke-width": "2",
                 "stroke-linejoin": "round", "stroke-linecap": "round"])
        }
        svg.close("g")

        // Points, then value labels for marked points and the last point.
        let radius = min(3.5, max(1.5, slot / 3))
        let lastIndex = points.lastIndex { $0.value != nil }
        svg.open("g", ["class": "chart-points"])
        for (index, point) in points.enumerated() {
            guard let value = point.value else { continue }
            let px = x(index)
            let py = y.clamped(value)
            let title = accessibleText(point)
            if point.marked {
                svg.element(
                    "path",
                    ["class": "chart-mark", "d": PathData.diamond(x: px, y: py, radius: max(radius + 2.5, 4)),
                     "fill": ChartStyle.inkColor, "stroke": "#fff", "stroke-width": "1.5"],
                    title: title)
            } else {
                svg.element(
                    "circle",
                    ["class": "chart-point", "cx": coord(px), "cy": coord(py), "r": coord(radius),
                     "fill": ChartStyle.accent, "stroke": "#fff", "stroke-width": "1"],
                    title: title)
            }
        }
        svg.close("g")
        svg.open("g", ["class": "chart-values"])
        for (index, point) in points.enumerated() {
            guard let value = point.value, index == lastIndex || (point.marked && slot >= 28) else { continue }
            let py = y.clamped(value)
            // Above the point, or below it when the point is at the top of the plot.
            let ly = py - 10 < Self.plotTop ? py + 20 : py - 10
            let px = min(max(x(index), plotLeft + 16), Self.width - 20)
            svg.text(
                ChartNumber.value(value, decimals: decimals),
                ["class": "chart-label chart-value", "x": coord(px), "y": coord(ly), "text-anchor": "middle",
                 "fill": ChartStyle.inkColor, "stroke": "#fff", "stroke-width": "3", "stroke-linejoin": "round",
                 "paint-order": "stroke"])
        }
        svg.close("g")

        if showBand || showMark {
            var legend = Legend(x: plotLeft, y: legendY, maxX: Self.width)
            svg.open("g", ["class": "chart-legend"])
            if showBand { legend.bandItem(intervalLabel, into: &svg) }
            if showMark { legend.markItem(markLabel, into: &svg) }
            svg.close("g")
        }

        svg.close("svg")
        return svg.output
    }

    /// "Mar 2026: 31.2 NPS points (95% interval 27.0 to 35.4), significant drop".
    private func accessibleText(_ point: Clean) -> String {
        var text = point.label + ": "
        guard let value = point.value else { return text + "no data" }
        text += ChartText.valueWithUnit(value, unit: unit, decimals: decimals)
        if let interval = point.interval {
            text += " (" + intervalLabel + " " + ChartNumber.value(interval.low, decimals: decimals) + " to "
                + ChartNumber.value(interval.high, decimals: decimals) + ")"
        }
        if let note = point.note, !note.isEmpty {
            text += ", " + note
        } else if point.marked {
            text += ", " + markLabel.prefix(1).lowercased() + markLabel.dropFirst()
        }
        return text
    }

    /// A point with non-finite numbers removed and its interval ordered.
    private struct Clean {
        var label: String
        var value: Double?
        var interval: (low: Double, high: Double)?
        var marked: Bool
        var note: String?

        init(_ point: Point) {
            label = point.label
            value = point.value.flatMap { $0.isFinite ? $0 : nil }
            if let low = point.low, let high = point.high, low.isFinite, high.isFinite {
                interval = (min(low, high), max(low, high))
            }
            marked = point.marked
            note = point.note
        }
    }
}

/// Maximal runs of consecutive `true` flags, as index ranges.
func runs(_ flags: [Bool]) -> [ClosedRange<Int>] {
    var result: [ClosedRange<Int>] = []
    var start: Int?
    for (index, flag) in flags.enumerated() {
        if flag, start == nil { start = index }
        if !flag, let first = start {
            result.append(first...(index - 1))
            start = nil
        }
    }
    if let first = start { result.append(first...(flags.count - 1)) }
    return result
}
