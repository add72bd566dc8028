/// Lays out legend items left to right, wrapping to a new line when the width runs out.
struct Legend {
    let startX: Double
    let maxX: Double
    /// Baseline of the current line of items.
    private(set) var y: Double
    private var x: Double
    static let lineHeight = 18.0
    static let gap = 16.0
    static let swatch = 12.0

    init(x: Double, y: Double, maxX: Double) {
        startX = x
        self.x = x
        self.y = y
        self.maxX = maxX
    }

    /// A light rectangle like the interval band, and its name.
    mutating func bandItem(_ label: String, into svg: inout SVGWriter) {
        let (left, baseline, text) = place(label)
        svg.element(
            "rect",
            ["class": "chart-band", "x": coord(left), "y": coord(baseline - 10), "width": "14", "height": "12",
             "fill": ChartStyle.accent, "fill-opacity": "0.15"])
        write(text, full: label, left: left, baseline: baseline, into: &svg)
    }

    /// A capped whisker like a bar's interval, and its name.
    mutating func whiskerItem(_ label: String, into svg: inout SVGWriter) {
        let (left, baseline, text) = place(label)
        var path = PathData()
        path.move(left + 1, baseline - 4)
        path.line(left + 13, baseline - 4)
        path.move(left + 1, baseline - 9)
        path.line(left + 1, baseline + 1)
        path.move(left + 13, baseline - 9)
        path.line(left + 13, baseline + 1)
        svg.element(
            "path",
            ["class": "chart-whisker", "d": path.text, "fill": "none", "stroke": ChartStyle.inkColor,
             "stroke-width": "1.5"])
        write(text, full: label, left: left, baseline: baseline, into: &svg)
    }

    /// The diamond of a marked point, and what it means.
    mutating func markItem(_ label: String, into svg: inout SVGWriter) {
        let (left, baseline, text) = place(label)
        svg.element(
            "path",
            ["class": "chart-mark", "d": PathData.diamond(x: left + 7, y: baseline - 4, radius: 6),
             "fill": ChartStyle.inkColor, "stroke": "#fff", "stroke-width": "1.5"])
        write(text, full: label, left: left, baseline: baseline, into: &svg)
    }

    /// A colour swatch with a CSS class, and the category's name.
    mutating func swatchItem(_ label: String, className: String, fill: String, into svg: inout SVGWriter) {
        let (left, baseline, text) = place(label)
        svg.element(
            "rect",
            ["class": className, "x": coord(left + 1), "y": coord(baseline - 10), "width": "12", "height": "12",
             "fill": fill])
        write(text, full: label, left: left, baseline: baseline, into: &svg)
    }

    /// Position of the next item (swatch at `left`, text after it) and its possibly shortened text.
    private mutating func place(_ label: String) -> (left: Double, baseline: Double, text: (text: String, truncated: Bool)) {
        let text = ChartText.truncate(label, toWidth: maxX - startX - 20)
        let width = 20 + ChartText.width(of: text.text)
        if x > startX, x + width > maxX {
            x = startX
            y += Self.lineHeight
        }
        let left = x
        x += width + Self.gap
        return (left, y, text)
    }

    private func write(
        _ text: (text: String, truncated: Bool), full: String, left: Double, baseline: Double, into svg: inout SVGWriter
    ) {
        svg.text(
            text.text, ["class": "chart-label", "x": coord(left + 20), "y": coord(baseline), "fill": ChartStyle.labelColor],
            title: text.truncated ? full : nil)
    }
}
