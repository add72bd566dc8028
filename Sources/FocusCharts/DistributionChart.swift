/// Stacked 100% distribution per row (e.g. detractors / passives / promoters, or CSAT 1…5).
///
/// Each row is a full-width bar split into one segment per category in the order of
/// `categories`, with its share written inside when the segment is wide enough, and the row's
/// number of responses at its end. A legend above the rows names the categories in the same
/// order, so the chart reads without colour. A row without responses is drawn as an empty
/// outline reading "no responses".
public struct DistributionChart: Sendable {
    public struct Category: Sendable {
        public var name: String
        public var tone: Tone

        public init(name: String, tone: Tone) {
            self.name = name
            self.tone = tone
        }
    }

    /// The colour role of a category, as CSS class `chart-tone-<rawValue>`. `negative` and
    /// `positive` are the strong ends (detractors, promoters; 1 and 5 on a 1–5 scale),
    /// `negative2` and `positive2` the milder steps beside them (2 and 4), `neutral` the middle.
    public enum Tone: String, Sendable, CaseIterable {
        case negative, neutral, positive, negative2, positive2
    }

    public struct Row: Sendable {
        public var label: String
        /// One count per category, in the order of `categories`. Missing counts are zero,
        /// extra counts are ignored, negative counts count as zero.
        public var counts: [Int]

        public init(label: String, counts: [Int]) {
            self.label = label
            self.counts = counts
        }
    }

    public var title: String
    /// One-sentence description for screen readers (`<desc>`).
    public var summary: String
    public var categories: [Category]
    public var rows: [Row]
    /// Prefix of the element ids; `nil` derives one from the title and a hash of the content.
    public var id: String?

    public init(title: String, summary: String, categories: [Category], rows: [Row], id: String? = nil) {
        self.title = title
        self.summary = summary
        self.categories = categories
        self.rows = rows
        self.id = id
    }

    // MARK: Layout (viewBox units)

    static let width = 640.0
    static let labelColumn = 176.0
    static let barLeft = 176.0
    static let barRight = 572.0
    static let rowHeight = 28.0
    static let barHeight = 20.0

    public func svg() -> String {
        let chartID = ChartText.elementID(
            explicit: id, kind: "distribution", title: title,
            content: summary + categories.map(\.name).joined(separator: ",")
                + rows.map { $0.label + "=" + $0.counts.map(String.init).joined(separator: ",") }.joined(separator: ";"))

        // Legend first: its height decides where the rows start.
        var legendSVG = SVGWriter()
        var rowsTop = 8.0
        if !categories.isEmpty {
            var legend = Legend(x: Self.barLeft, y: 16, maxX: Self.width)
            legendSVG.open("g", ["class": "chart-legend"])
            for category in categories {
                legend.swatchItem(
                    category.name, className: "chart-tone-" + category.tone.rawValue,
                    fill: ChartStyle.fill(for: category.tone).fill, into: &legendSVG)
            }
            legendSVG.close("g")
            rowsTop = legend.y + 12
        }
        let height = rowsTop + Self.rowHeight * Double(max(rows.count, 1)) + 8

        var svg = SVGWriter()
        svg.openChart(
            kind: "chart-distribution", id: chartID, width: Self.width, height: height, title: title, summary: summary)
        svg.append(legendSVG)

        if rows.isEmpty {
            svg.text(
                "No data",
                ["class": "chart-label chart-empty-text", "x": coord((Self.barLeft + Self.barRight) / 2),
                 "y": coord(rowsTop + Self.rowHeight / 2 + 4), "text-anchor": "middle", "fill": ChartStyle.labelColor])
        }

        svg.open("g", ["class": "chart-rows"])
        for (index, row) in rows.enumerated() {
            let middle = rowsTop + Self.rowHeight * (Double(index) + 0.5)
            let barTop = middle - Self.barHeight / 2
            let counts = categories.indices.map { $0 < row.counts.count ? max(row.counts[$0], 0) : 0 }
            let total = Self.total(counts)
            svg.open("g", ["class": "chart-row"])

            let label = ChartText.truncate(row.label, toWidth: Self.labelColumn - 8 - 4)
            svg.text(
                label.text,
                ["class": "chart-label", "x": coord(Self.labelColumn - 8), "y": coord(middle + 4), "text-anchor": "end",
                 "fill": ChartStyle.inkColor],
                title: label.truncated ? row.label : nil)
            svg.text(
                "n = " + total.text,
                ["class": "chart-label chart-count", "x": coord(Self.barRight + 8), "y": coord(middle + 4),
                 "fill": ChartStyle.labelColor])

            guard total.value > 0 else {
                svg.element(
                    "rect",
                    ["class": "chart-empty", "x": coord(Self.barLeft), "y": coord(barTop),
                     "width": coord(Self.barRight - Self.barLeft), "height": coord(Self.barHeight), "fill": "none",
                     "stroke": ChartStyle.gridColor, "stroke-dasharray": "4 3"])
                svg.text(
                    "no responses",
                    ["class": "chart-label", "x": coord((Self.barLeft + Self.barRight) / 2), "y": coord(middle + 4),
                     "text-anchor": "middle", "fill": ChartStyle.labelColor],
                    title: row.label + ": no responses")
                svg.close("g")
                continue
            }

            // Segment edges in hundredths of a unit, so the widths add up exactly to the row.
            let span = Rounding.nearest((Self.barRight - Self.barLeft) * 100) ?? 0
            var edges = [0]
            var cumulative = 0.0
            for count in counts {
                cumulative += Double(count)
                edges.append(Rounding.nearest(Double(span) * min(cumulative / total.value, 1)) ?? 0)
            }
            edges[edges.count - 1] = span

            for (position, category) in categories.enumerated() where counts[position] > 0 {
                let left = Self.barLeft + Double(edges[position]) / 100
                let width = Double(edges[position + 1] - edges[position]) / 100
                let share = Self.percent(Double(counts[position]) / total.value)
                let tone = ChartStyle.fill(for: category.tone)
                svg.element(
                    "rect",
                    ["class": "chart-tone-" + category.tone.rawValue, "x": coord(left), "y": coord(barTop),
                     "width": coord(width), "height": coord(Self.barHeight), "fill": tone.fill],
                    title: row.label + ": " + category.name + " " + share + " (" + String(counts[position]) + " of "
                        + total.text + ")")
                if width >= ChartText.width(of: share) + 8 {
                    svg.text(
                        share,
                        ["class": tone.dark ? "chart-label chart-value chart-label-inverse" : "chart-label chart-value",
                         "x": coord(left + width / 2), "y": coord(middle + 4), "text-anchor": "middle",
                         "fill": tone.dark ? "#fff" : ChartStyle.inkColor])
                }
            }
            svg.close("g")
        }
        svg.close("g")

        svg.close("svg")
        return svg.output
    }

    /// The sum of the counts, as a number for proportions and as text (without overflowing).
    private static func total(_ counts: [Int]) -> (value: Double, text: String) {
        var sum = 0
        var overflow = false
        for count in counts {
            let (next, didOverflow) = sum.addingReportingOverflow(count)
            if didOverflow { overflow = true; break }
            sum = next
        }
        let value = counts.reduce(0.0) { $0 + Double($1) }
        return (value, overflow ? ChartNumber.format(value, maxFractionDigits: 0) : String(sum))
    }

    /// A share as a whole percentage, rounded half up; a share that is not zero but rounds to 0%
    /// reads "<1%", one that is not everything but rounds to 100% reads ">99%".
    static func percent(_ share: Double) -> String {
        let percent = share * 100
        if percent > 0, percent < 0.5 { return "<1%" }
        if percent < 100, percent >= 99.5 { return ">99%" }
        return ChartNumber.format(percent, maxFractionDigits: 0) + "%"
    }
}
