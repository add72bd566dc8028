/// A DTO whose stored properties are the JSON object's keys, written as they are named
/// (snake_case) and in full: a nil is written as `null`, never left out, so every key the
/// OpenAPI document lists is always present. Synthesised Encodable would drop nils.
protocol WireObject: Encodable {}

extension WireObject {
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: WireKey.self)
        for child in Mirror(reflecting: self).children {
            guard let label = child.label else { continue }
            let key = WireKey(label)
            if let optional = child.value as? any WireOptional, optional.isNone {
                try container.encodeNil(forKey: key)
            } else if let value = child.value as? any Encodable {
                try container.encode(value, forKey: key)
            }
        }
    }
}

/// Lets ``WireObject`` see that an `Optional` property holds nothing.
protocol WireOptional { var isNone: Bool { get } }

extension Optional: WireOptional {
    var isNone: Bool { self == nil }
}

struct WireKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
