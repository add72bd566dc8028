/// A strict little parser for the charts' own output, so tests can look at structure instead of
/// matching text. It accepts exactly what a well-formed chart contains (elements with
/// double-quoted attributes, escaped text, no comments or CDATA) and throws on anything else:
/// unbalanced tags, a stray `<` or `&`, an unknown entity.
final class SVGNode {
    let name: String
    let attributes: [String: String]
    private(set) var children: [SVGNode] = []
    /// The element's own text (not its children's), unescaped.
    fileprivate(set) var text = ""

    init(name: String, attributes: [String: String]) {
        self.name = name
        self.attributes = attributes
    }

    subscript(attribute: String) -> String? { attributes[attribute] }

    func number(_ attribute: String) -> Double? { attributes[attribute].flatMap(Double.init) }

    var classes: [String] { (attributes["class"] ?? "").split(separator: " ").map(String.init) }

    func hasClass(_ name: String) -> Bool { classes.contains(name) }

    /// The text of a `<title>` child, if any.
    var titleText: String? { children.first { $0.name == "title" }?.text }

    /// All elements below this one, depth first, in document order.
    var descendants: [SVGNode] { children.flatMap { [$0] + $0.descendants } }

    func all(_ name: String, class className: String? = nil) -> [SVGNode] {
        descendants.filter { $0.name == name && (className.map($0.hasClass) ?? true) }
    }

    func first(_ name: String, class className: String? = nil) -> SVGNode? {
        all(name, class: className).first
    }

    fileprivate func add(_ child: SVGNode) { children.append(child) }
}

struct SVGParseError: Error, CustomStringConvertible {
    var description: String
}

/// Parses one chart; the result is the root `<svg>` element.
func parseSVG(_ source: String) throws -> SVGNode {
    let document = SVGNode(name: "#document", attributes: [:])
    var stack = [document]
    var index = source.startIndex
    while index < source.endIndex {
        if source[index] == "<" {
            guard let end = source[index...].firstIndex(of: ">") else { throw SVGParseError(description: "unclosed tag") }
            var tag = source[source.index(after: index)..<end]
            index = source.index(after: end)
            if tag.hasPrefix("/") {
                let name = String(tag.dropFirst())
                guard stack.count > 1, stack.last!.name == name else {
                    throw SVGParseError(description: "unexpected </\(name)>")
                }
                stack.removeLast()
                continue
            }
            let selfClosing = tag.hasSuffix("/")
            if selfClosing { tag = tag.dropLast() }
            let name = String(tag.prefix { $0 != " " })
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter }) else {
                throw SVGParseError(description: "bad element name in <\(tag)>")
            }
            let node = SVGNode(name: name, attributes: try parseAttributes(tag.dropFirst(name.count)))
            stack.last!.add(node)
            if !selfClosing { stack.append(node) }
        } else {
            let end = source[index...].firstIndex(of: "<") ?? source.endIndex
            stack.last!.text += try unescape(source[index..<end])
            index = end
        }
    }
    guard stack.count == 1 else { throw SVGParseError(description: "unclosed <\(stack.last!.name)>") }
    guard document.children.count == 1, let root = document.children.first, root.name == "svg",
        document.text.isEmpty
    else { throw SVGParseError(description: "not a single <svg> element") }
    return root
}

private func parseAttributes(_ text: Substring) throws -> [String: String] {
    var result: [String: String] = [:]
    var rest = text
    while true {
        rest = rest.drop { $0 == " " }
        if rest.isEmpty { return result }
        guard let equals = rest.firstIndex(of: "="), rest[rest.index(after: equals)] == "\"" else {
            throw SVGParseError(description: "bad attribute in \(text)")
        }
        let key = String(rest[..<equals])
        let valueStart = rest.index(equals, offsetBy: 2)
        guard let quote = rest[valueStart...].firstIndex(of: "\"") else {
            throw SVGParseError(description: "unterminated attribute in \(text)")
        }
        guard result[key] == nil else { throw SVGParseError(description: "duplicate attribute \(key)") }
        result[key] = try unescape(rest[valueStart..<quote])
        rest = rest[rest.index(after: quote)...]
    }
}

private func unescape(_ text: Substring) throws -> String {
    var result = ""
    var rest = text
    while let amp = rest.firstIndex(of: "&") {
        result += rest[..<amp]
        guard let semicolon = rest[amp...].firstIndex(of: ";") else { throw SVGParseError(description: "bare &") }
        switch rest[rest.index(after: amp)..<semicolon] {
        case "amp": result += "&"
        case "lt": result += "<"
        case "gt": result += ">"
        case "quot": result += "\""
        case "#39": result += "'"
        case let entity: throw SVGParseError(description: "unknown entity &\(entity);")
        }
        rest = rest[rest.index(after: semicolon)...]
    }
    return result + rest
}

/// The numbers in SVG path data, as (x, y) pairs, e.g. "M1,2 L3,4 Z" → [(1, 2), (3, 4)].
func pathPoints(_ data: String) -> [(x: Double, y: Double)] {
    let numbers = data.split(whereSeparator: { "MLZ, ".contains($0) }).compactMap { Double($0) }
    return stride(from: 0, to: numbers.count - 1, by: 2).map { (numbers[$0], numbers[$0 + 1]) }
}

/// How many subpaths ("M" commands) a path has.
func subpathCount(_ data: String) -> Int {
    data.filter { $0 == "M" }.count
}
