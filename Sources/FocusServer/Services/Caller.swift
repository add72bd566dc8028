import FocusCore
import Foundation

/// Who does something to a case or a setting: the person (or the person behind a token), their
/// name for the timeline and the audit log, and their role in the workspace.
public struct Caller: Sendable {
    public let id: UUID?
    public let name: String
    public let role: Role

    public init(id: UUID?, name: String, role: Role) {
        self.id = id
        self.name = name
        self.role = role
    }

    init(_ workspace: WorkspaceContext) {
        self.init(id: workspace.principal.userID, name: workspace.principal.displayName, role: workspace.role)
    }

    var actor: (id: UUID?, name: String) { (id, name) }
}
