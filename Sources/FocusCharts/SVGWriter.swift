/// Builds SVG markup as text: escaped attributes and text, balanced elements.
///
/// Every string that reaches the output passes through `escape`, so labels, titles and links
/// supplied by users cannot open elements or break out of attributes.
struct SVGWriter {
    private(set) var output = ""

    init() {
        output.reserveCapacity(4096)
    }

    /// Escapes `&`, `<`, `>`, `"` and `'` and replaces control characters (which XML forbids)
    /// by spaces; suitable for both text content and attribute values.
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            case "\t", "\n", "\r": result.unicodeScalars.append(" ")
            default:
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
                    || scalar.value == 0xFFFE || scalar.value == 0xFFFF
                {
                    result.unicodeScalars.append(" ")
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }

    /// Opens the root `<svg>` of a chart, with its `<title>` and `<desc>` referenced by
    /// `aria-labelledby`. Presentation attributes give a readable default without the site CSS.
    mutating func openChart(kind: String, id: String, width: Double, height: Double, title: String, summary: String) {
        open("svg", [
            "xmlns": "http://www.w3.org/2000/svg",
            "id": id,
            "class": "chart " + kind,
            "viewBox": "0 0 " + coord(width) + " " + coord(height),
            "width": "100%",
            "role": "img",
            "aria-labelledby": id + "-title " + id + "-desc",
            "font-family": "system-ui, sans-serif",
            "font-size": coord(ChartText.fontSize),
        ])
        descriptive("title", id: id + "-title", title)
        descriptive("desc", id: id + "-desc", summary)
    }

    /// Appends markup written by another writer (e.g. a legend laid out before the chart's height was known).
    mutating func append(_ other: SVGWriter) {
        output += other.output
    }

    /// Opens `<name attr="value" …>`. Attributes with a `nil` value are left out.
    mutating func open(_ name: String, _ attributes: KeyValuePairs<String, String?> = [:]) {
        output += "<" + name
        appendAttributes(attributes)
        output += ">"
    }

    mutating func close(_ name: String) {
        output += "</" + name + ">"
    }

    /// An element without children: `<name …/>`, or with a `<title>` child when `title` is given
    /// (the accessible text of a data mark, shown as a tooltip).
    mutating func element(_ name: String, _ attributes: KeyValuePairs<String, String?>, title: String? = nil) {
        output += "<" + name
        appendAttributes(attributes)
        if let title {
            output += "><title>" + Self.escape(title) + "</title></" + name + ">"
        } else {
            output += "/>"
        }
    }

    /// `<text …>content</text>`, with the full text in a `<title>` child when `title` is given
    /// (used when `content` was shortened to fit).
    mutating func text(_ content: String, _ attributes: KeyValuePairs<String, String?>, title: String? = nil) {
        output += "<text"
        appendAttributes(attributes)
        output += ">" + Self.escape(content)
        if let title { output += "<title>" + Self.escape(title) + "</title>" }
        output += "</text>"
    }

    /// `<title id="…">…</title>` or `<desc id="…">…</desc>`.
    mutating func descriptive(_ name: String, id: String, _ content: String) {
        output += "<" + name + " id=\"" + Self.escape(id) + "\">" + Self.escape(content) + "</" + name + ">"
    }

    private mutating func appendAttributes(_ attributes: KeyValuePairs<String, String?>) {
        for (key, value) in attributes {
            guard let value else { continue }
            output += " " + key + "=\"" + Self.escape(value) + "\""
        }
    }
}

/// SVG path data built from coordinates, formatted compactly.
struct PathData {
    private(set) var text = ""

    mutating func move(_ x: Double, _ y: Double) {
        text += (text.isEmpty ? "M" : " M") + ChartNumber.coordinate(x) + "," + ChartNumber.coordinate(y)
    }

    mutating func line(_ x: Double, _ y: Double) {
        text += " L" + ChartNumber.coordinate(x) + "," + ChartNumber.coordinate(y)
    }

    mutating func closePath() {
        text += " Z"
    }

    /// A diamond (square turned 45°) centred on (x, y) with the given half-diagonal.
    static func diamond(x: Double, y: Double, radius: Double) -> String {
        var path = PathData()
        path.move(x, y - radius)
        path.line(x + radius, y)
        path.line(x, y + radius)
        path.line(x - radius, y)
        path.closePath()
        return path.text
    }
}

/// Shorthand for formatting a coordinate in attribute lists.
func coord(_ value: Double) -> String {
    ChartNumber.coordinate(value)
}
