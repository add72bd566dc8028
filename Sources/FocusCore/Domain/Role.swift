/// A user's (or an API token's) role in one workspace.
///
/// Roles are ordered: each role may do everything the roles below it may do.
/// `viewer` reads, `agent` also records customer data (and later works cases),
/// `analyst` also configures touchpoints, brands and surveys, `owner` also manages
/// the workspace's members and API tokens.
public enum Role: String, Codable, Sendable, CaseIterable, Comparable {
    case viewer
    case agent
    case analyst
    case owner

    var rank: Int {
        switch self {
        case .viewer: 0
        case .agent: 1
        case .analyst: 2
        case .owner: 3
        }
    }

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }

    /// Whether this role grants the permission.
    public func allows(_ permission: Permission) -> Bool { self >= permission.minimumRole }

    public var label: String {
        switch self {
        case .viewer: "Viewer"
        case .agent: "Agent"
        case .analyst: "Analyst"
        case .owner: "Owner"
        }
    }
}

/// What a route asks of the caller's role in the workspace it addresses.
public enum Permission: String, Sendable, CaseIterable {
    /// See the workspace's data and dashboards.
    case read
    /// Record customer data: customers, contacts, case notes.
    case record
    /// Configure the workspace: touchpoints, journey stages, brands, surveys.
    case configure
    /// Manage members, API tokens and workspace settings.
    case administer

    public var minimumRole: Role {
        switch self {
        case .read: .viewer
        case .record: .agent
        case .configure: .analyst
        case .administer: .owner
        }
    }
}
