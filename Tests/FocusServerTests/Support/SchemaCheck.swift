import Foundation

/// Checks a JSON value against a schema of the OpenAPI document: types, required properties,
/// enums, and that an object has no property the schema does not describe.
struct SchemaCheck {
    let components: [String: Any]

    func problems(_ value: Any, _ schema: [String: Any], at path: String = "$") -> [String] {
        if let ref = schema["$ref"] as? String {
            let name = String(ref.split(separator: "/").last!)
            guard let target = components[name] as? [String: Any] else { return ["\(path): unresolved \(ref)"] }
            return problems(value, target, at: path)
        }
        if let alternatives = schema["oneOf"] as? [[String: Any]] {
            return alternatives.contains { problems(value, $0, at: path).isEmpty } ? [] : ["\(path): matches none of oneOf"]
        }
        var types: [String] = []
        if let t = schema["type"] as? String { types = [t] } else if let t = schema["type"] as? [String] { types = t }
        if value is NSNull { return types.isEmpty || types.contains("null") ? [] : ["\(path): null is not allowed"] }
        if let allowed = schema["enum"] as? [String], let s = value as? String, !allowed.contains(s) {
            return ["\(path): \(s) is not one of \(allowed)"]
        }
        if types.contains("object"), let object = value as? [String: Any] {
            var found: [String] = []
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for name in schema["required"] as? [String] ?? [] where object[name] == nil {
                found.append("\(path).\(name): required but missing")
            }
            for (key, item) in object {
                if let property = properties[key] as? [String: Any] {
                    found += problems(item, property, at: "\(path).\(key)")
                } else if let additional = schema["additionalProperties"] as? [String: Any] {
                    found += problems(item, additional, at: "\(path).\(key)")
                } else {
                    found.append("\(path).\(key): not in the schema")
                }
            }
            return found
        }
        if types.contains("array"), let array = value as? [Any] {
            let items = schema["items"] as? [String: Any] ?? [:]
            return array.enumerated().flatMap { problems($0.element, items, at: "\(path)[\($0.offset)]") }
        }
        if types.contains("string"), value is String { return [] }
        let isBoolean = "\(type(of: value))".contains("Boolean")
        if types.contains("boolean"), isBoolean { return [] }
        if types.contains("integer"), !isBoolean, let n = value as? NSNumber, n.doubleValue == n.doubleValue.rounded() { return [] }
        if types.contains("number"), !isBoolean, value is NSNumber { return [] }
        return ["\(path): \(type(of: value)) does not match \(types)"]
    }
}
