/// A brand: the workspace's own, or a competitor's for benchmark surveys.
public struct Brand: Sendable, Equatable, Codable {
    public var name: String
    public var isOwn: Bool

    public init(name: String, isOwn: Bool) {
        self.name = name
        self.isOwn = isOwn
    }

    public func validated() throws(FieldError) -> Brand {
        Brand(name: try Validate.name(name, field: "name", maxLength: 120), isOwn: isOwn)
    }
}
