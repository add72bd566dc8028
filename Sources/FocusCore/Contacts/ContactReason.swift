/// The kind of change that would prevent an avoidable contact.
public enum FixKind: String, Sendable, CaseIterable, Codable {
    case selfService = "self_service"
    case clearerCommunication = "clearer_communication"
    case proactiveMessage = "proactive_message"
    case processChange = "process_change"

    /// The fix's name as shown to users.
    public var label: String {
        switch self {
        case .selfService: "Self-service"
        case .clearerCommunication: "Clearer invoice or letter"
        case .proactiveMessage: "Proactive message"
        case .processChange: "Process change"
        }
    }
}

/// A reason in the two-level taxonomy: a category (level 1) and the reason (level 2).
///
/// An *avoidable* reason is demand that a better process would prevent (an address change that
/// can only be reported on a printed form, a question about an unclear invoice); it names the fix.
public struct ContactReason: Sendable, Equatable, Codable {
    public var category: String
    public var name: String
    public var avoidable: Bool
    /// Required when the reason is avoidable; may be set or nil otherwise.
    public var fix: FixKind?
    /// What the fix is, concretely, such as "Change of address online".
    public var fixNote: String?

    public init(category: String, name: String, avoidable: Bool, fix: FixKind? = nil, fixNote: String? = nil) {
        self.category = category
        self.name = name
        self.avoidable = avoidable
        self.fix = fix
        self.fixNote = fixNote
    }

    /// The reason with its text trimmed, or a ``FieldError`` naming the bad field: category and name
    /// 1 to 80 characters ("category", "name"), the note at most 200 ("fix_note", empty becomes nil),
    /// and an avoidable reason needs a fix ("fix").
    public func validated() throws(FieldError) -> ContactReason {
        let category = try Validate.name(category, field: "category", maxLength: 80)
        let name = try Validate.name(name, field: "name", maxLength: 80)
        let note = try Validate.optionalText(fixNote, field: "fix_note", maxLength: 200)
        if avoidable, fix == nil {
            throw FieldError("fix", "an avoidable reason needs the fix that would prevent it")
        }
        return ContactReason(category: category, name: name, avoidable: avoidable, fix: fix, fixNote: note)
    }
}
