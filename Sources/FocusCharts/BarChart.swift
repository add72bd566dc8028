/// Horizontal bars (e.g. touchpoints ranked by score) with optional interval whiskers; negative
/// values extend left of a zero line.
///
/// Bars are drawn in the given order. Each row has its label on the left (shortened with an
/// ellipsis when too long, optionally a link), the bar from zero, the whisker, and the value
/// written at the bar's end. Marked bars are darker and get a diamond before their label, which
/// the legend explains. A bar with a non-finite value keeps its row and reads its `valueText`, or
/// "no data" without one (a page can say why there is no bar, e.g. "n too small (4)").
public struct BarChart: Sendable {
    public struct Bar: Sendable {
        public var label: String
        public var value: Double
        public var low: Double?
        public var high: Double?
        /// Shown at the bar's end instead of the formatted value, e.g. "+31"; for a bar without a
        /// (finite) value, shown instead of "no data".
        public var valueText: String?
        public var marked: Bool
        /// Turns the label into a link (only relative, http(s) and mailto links are kept).
        public var href: String?

        public init(
            label: String, value: Double, low: Double? = nil, high: Double? = nil, valueText: String? = nil,
            marked: Bool = false, href: String? = nil
        ) {
            self.label = label
            self.value = value
            self.low = low
            self.high = high
            self.valueText = valueText
            self.marked = marked
            self.href = href
        }
    }

    public var title: String
    /// One-sentence description for screen readers (`<desc>`).
    public var summary: String
    public var unit: String
    public var bars: [Bar]
    /// `nil` = fitted to the values and intervals (always including zero) with nice ticks.
    /// A given domain is kept; bars beyond it stop at its edge.
    public var domain: ClosedRange<Double>?
    /// Prefix of the element ids; `nil` derives one from the title and a hash of the content.
    public var id: String?
    /// Decimals of values in labels and accessible text.
    public var decimals: Int = 1
    /// Name of the whiskers, in the legend and in each bar's accessible text.
    public var intervalLabel: String = "95% interval"
    /// Legend text explaining the diamond of marked bars, also added to their accessible text.
    public var markLabel: String = "Statistically significant difference"

    public init(
        title: String, summary: String, unit: String, bars: [Bar], domain: ClosedRange<Double>? = nil,
        id: String? = nil
    ) {
        self.title = title
        self.summary = summary
        self.unit = unit
        self.bars = bars
        self.domain = domain
        self.id = id
    }

    // MARK: Layout (viewBox units)

    static let width = 640.0
    static let labelColumn = 176.0
    static let rowHeight = 28.0
    static let barHeight = 16.0
    static let top = 8.0
    static let valueRoom = 60.0

    public func svg() -> String {
        let bars = self.bars.map(Clean.init)
        let chartID = ChartText.elementID(
            explicit: id, kind: "bar", title: title,
            content: summary + unit + bars.map { "\($0.label)=\($0.value.map { "\($0)" } ?? "-")" }.joined(separator: ";"))

        let numbers = bars.flatMap { [$0.value, $0.interval?.low, $0.interval?.high].compactMap { $0 } }
        let ticks: NiceTicks
        if let domain, domain.lowerBound.isFinite, domain.upperBound.isFinite, domain.upperBound > domain.lowerBound {
            ticks = .within(domain)
        } else {
            ticks = .fitting(min(0, numbers.min() ?? 0), max(0, numbers.max() ?? 0))
        }
        let hasNegative = numbers.contains { $0 < 0 } && ticks.domain.lowerBound < 0
        let plotLeft = Self.labelColumn + (hasNegative ? Self.valueRoom : 12)
        let plotRight = Self.width - Self.valueRoom
        let x = LinearScale(domain: ticks.domain, range: (plotLeft, plotRight))
        let zero = x.clamped(0)

        let rowsBottom = Self.top + Self.rowHeight * Double(max(bars.count, 1))
        let showWhisker = bars.contains { $0.value != nil && $0.interval != nil }
        let showMark = bars.contains { $0.marked }
        let legendY = rowsBottom + 52
        let height = (showWhisker || showMark) ? legendY + 12 : rowsBottom + 40

        var svg = SVGWriter()
        svg.openChart(
            kind: "chart-barchart", id: chartID, width: Self.width, height: height, title: title, summary: summary)

        // Grid and tick labels under the rows.
        svg.open("g", ["class": "chart-x-ticks"])
        for value in ticks.values {
            let tx = x(value)
            svg.element(
                "line",
                ["class": "chart-grid", "x1": coord(tx), "x2": coord(tx), "y1": coord(Self.top), "y2": coord(rowsBottom),
                 "stroke": ChartStyle.gridColor])
            svg.text(
                ChartNumber.tick(value, decimals: ticks.fractionDigits),
                ["class": "chart-label", "x": coord(tx), "y": coord(rowsBottom + 16), "text-anchor": "middle",
                 "fill": ChartStyle.labelColor])
        }
        svg.close("g")
        if !unit.isEmpty {
            let caption = ChartText.truncate(unit, toWidth: plotRight - plotLeft)
            svg.text(
                caption.text,
                ["class": "chart-label", "x": coord((plotLeft + plotRight) / 2), "y": coord(rowsBottom + 34),
                 "text-anchor": "middle", "fill": ChartStyle.labelColor],
                title: caption.truncated ? unit : nil)
        }

        if bars.isEmpty {
            svg.text(
                "No data",
                ["class": "chart-label chart-empty-text", "x": coord((plotLeft + plotRight) / 2),
                 "y": coord(Self.top + Self.rowHeight / 2 + 4), "text-anchor": "middle", "fill": ChartStyle.labelColor])
        }

        svg.open("g", ["class": "chart-rows"])
        for (index, bar) in bars.enumerated() {
            let rowTop = Self.top + Self.rowHeight * Double(index)
            let middle = rowTop + Self.rowHeight / 2
            svg.open("g", ["class": "chart-row"])

            if bar.marked {
                svg.element(
                    "path",
                    ["class": "chart-mark", "d": PathData.diamond(x: 7, y: middle, radius: 5),
                     "fill": ChartStyle.inkColor, "stroke": "#fff", "stroke-width": "1"])
            }
            let label = ChartText.truncate(bar.label, toWidth: Self.labelColumn - 8 - 16)
            let link = ChartText.safeHref(bar.href)
            if let link { svg.open("a", ["href": link]) }
            svg.text(
                label.text,
                ["class": "chart-label", "x": coord(Self.labelColumn - 8), "y": coord(middle + 4),
                 "text-anchor": "end", "fill": link == nil ? ChartStyle.inkColor : ChartStyle.accent],
                title: label.truncated ? bar.label : nil)
            if link != nil { svg.close("a") }

            guard let value = bar.value else {
                let missing = bar.valueText ?? "no data"
                svg.text(
                    missing,
                    ["class": "chart-label", "x": coord(zero + 6), "y": coord(middle + 4), "fill": ChartStyle.labelColor],
                    title: bar.label + ": " + missing)
                svg.close("g")
                continue
            }
            let end = x.clamped(value)
            svg.element(
                "rect",
                ["class": bar.marked ? "chart-bar chart-bar-marked" : "chart-bar", "x": coord(min(zero, end)),
                 "y": coord(middle - Self.barHeight / 2), "width": coord((end - zero).magnitude),
                 "height": coord(Self.barHeight), "fill": bar.marked ? ChartStyle.markedBarColor : ChartStyle.accent],
                title: accessibleText(bar, value: value))

            var outer = end
            if let interval = bar.interval {
                let lowX = x.clamped(interval.low)
                let highX = x.clamped(interval.high)
                var path = PathData()
                path.move(lowX, middle)
                path.line(highX, middle)
                path.move(lowX, middle - 5)
                path.line(lowX, middle + 5)
                path.move(highX, middle - 5)
                path.line(highX, middle + 5)
                // A white underlay keeps the whisker visible over a dark (marked) bar.
                svg.element(
                    "path",
                    ["class": "chart-halo", "d": path.text, "fill": "none", "stroke": "#fff", "stroke-width": "3.5",
                     "stroke-opacity": "0.8"])
                svg.element(
                    "path",
                    ["class": "chart-whisker", "d": path.text, "fill": "none", "stroke": ChartStyle.inkColor,
                     "stroke-width": "1.5"])
                outer = value < 0 ? min(end, lowX) : max(end, highX)
            }
            let text = bar.valueText ?? ChartNumber.value(value, decimals: decimals)
            let room = value < 0 ? outer - Self.labelColumn - 6 : Self.width - outer - 6
            let shown = ChartText.truncate(text, toWidth: max(room, ChartText.characterWidth * 3))
            svg.text(
                shown.text,
                ["class": "chart-label chart-value", "x": coord(value < 0 ? outer - 6 : outer + 6),
                 "y": coord(middle + 4), "text-anchor": value < 0 ? "end" : "start", "fill": ChartStyle.inkColor],
                title: shown.truncated ? text : nil)
            svg.close("g")
        }
        svg.close("g")

        if ticks.domain.lowerBound <= 0, ticks.domain.upperBound >= 0 {
            svg.element(
                "line",
                ["class": "chart-axis chart-zero", "x1": coord(zero), "x2": coord(zero), "y1": coord(Self.top - 4),
                 "y2": coord(rowsBottom + 2), "stroke": ChartStyle.axisColor])
        }

        if showWhisker || showMark {
            var legend = Legend(x: plotLeft, y: legendY, maxX: Self.width)
            svg.open("g", ["class": "chart-legend"])
            if showWhisker { legend.whiskerItem(intervalLabel, into: &svg) }
            if showMark { legend.markItem(markLabel, into: &svg) }
            svg.close("g")
        }

        svg.close("svg")
        return svg.output
    }

    /// "Web shop: 31.2 NPS points (95% interval 27.0 to 35.4), statistically significant difference".
    private func accessibleText(_ bar: Clean, value: Double) -> String {
        var text = bar.label + ": " + ChartText.valueWithUnit(value, unit: unit, decimals: decimals)
        if let interval = bar.interval {
            text += " (" + intervalLabel + " " + ChartNumber.value(interval.low, decimals: decimals) + " to "
                + ChartNumber.value(interval.high, decimals: decimals) + ")"
        }
        if bar.marked { text += ", " + markLabel.prefix(1).lowercased() + markLabel.dropFirst() }
        return text
    }

    /// A bar with non-finite numbers removed and its interval ordered.
    private struct Clean {
        var label: String
        var value: Double?
        var interval: (low: Double, high: Double)?
        var valueText: String?
        var marked: Bool
        var href: String?

        init(_ bar: Bar) {
            label = bar.label
            value = bar.value.isFinite ? bar.value : nil
            if let low = bar.low, let high = bar.high, low.isFinite, high.isFinite {
                interval = (min(low, high), max(low, high))
            }
            valueText = bar.valueText
            marked = bar.marked
            href = bar.href
        }
    }
}
