import FocusCore
import Foundation

/// Who is calling: a signed-in person, or an API token acting for one workspace.
public struct Principal: Sendable {
    public enum Kind: Sendable, Equatable {
        case user
        case token(id: UUID)
    }

    public let kind: Kind
    /// The person, or for a token the person who created it (if still known).
    public let userID: UUID?
    public let displayName: String
    public let email: String?
    /// The role in each workspace the principal may enter; a token has exactly one.
    public let roles: [UUID: Role]

    public func role(in workspaceID: UUID) -> Role? { roles[workspaceID] }

    /// Whoever runs `focus` on the server's machine: they hold the database, so the owner of every workspace.
    public static func commandLine(workspaceID: UUID) -> Principal {
        Principal(kind: .user, userID: nil, displayName: "command line", email: nil, roles: [workspaceID: .owner])
    }

    public var isToken: Bool {
        if case .token = kind { return true }
        return false
    }
}

/// A workspace as the request sees it, with the caller's role in it.
public struct WorkspaceContext: Sendable {
    public let id: UUID
    public let name: String
    public let slug: String
    public let currency: String
    public let role: Role
    public let principal: Principal
}

/// What a signed-in session stores (as JSON in the sessions table).
public struct SessionState: Codable, Sendable {
    public var userID: UUID
}
