import FluentKit
import FocusCore
import Foundation
import NIOConcurrencyHelpers

/// An API token as listed (never with its secret).
public struct TokenRecord: Sendable, Equatable {
    public let id: UUID
    public let name: String
    public let role: Role
    public let hint: String
    public let createdAt: Double
    public let lastUsedAt: Double?
    public let revoked: Bool
}

/// API tokens: made by an owner for one workspace and role, shown once, stored as a hash.
public struct TokenService: Sendable {
    let database: FocusDatabase
    /// Token hash -> what it stands for. Revoking here removes the entry at once.
    let principals = ShortLivedCache<String, CachedToken>(lifetime: 5)
    /// Hashes revoked by this process: refused even if a lookup that began before the revoke
    /// puts the token back into the cache.
    let revoked = NIOLockedValueBox<Set<String>>([])

    struct CachedToken: Sendable {
        let principal: Principal
        let lastUsedAt: Double
    }

    static let prefix = "focus_"

    /// Creates a token; its role may not exceed the creator's. - Returns: the record and the secret.
    public func create(workspaceID: UUID, name: String, role: Role, by creator: Principal, creatorRole: Role) async throws -> (TokenRecord, String) {
        let name = try Validate.name(name, field: "name", maxLength: 80)
        guard role <= creatorRole else { throw FieldError("role", "may not be higher than your own role (\(creatorRole.rawValue))") }
        let secret = SecretToken.make(prefix: Self.prefix)
        let model = APITokenModel(workspaceID: workspaceID, name: name, role: role.rawValue,
                                  tokenHash: SecretToken.hash(secret), hint: String(secret.suffix(4)),
                                  createdBy: creator.userID)
        try await model.create(on: database.db)
        return (Self.record(model), secret)
    }

    public func list(workspaceID: UUID) async throws -> [TokenRecord] {
        try await APITokenModel.query(on: database.db).filter(\.$workspaceID == workspaceID)
            .sort(\.$createdAt, .descending).all().map(Self.record)
    }

    public func revoke(workspaceID: UUID, id: UUID) async throws {
        guard let model = try await APITokenModel.query(on: database.db).filter(\.$workspaceID == workspaceID)
            .filter(\.$id == id).first()
        else { throw APIError.notFound("token") }
        if model.revokedAt == nil {
            model.revokedAt = Date().timeIntervalSince1970
            try await model.save(on: database.db)
        }
        revoked.withLockedValue { _ = $0.insert(model.tokenHash) }
        principals.remove(model.tokenHash)
    }

    /// The principal a bearer token stands for, or nil if it is unknown or revoked.
    public func principal(secret: String) async throws -> Principal? {
        guard secret.hasPrefix(Self.prefix) else { return nil }
        let hash = SecretToken.hash(secret)
        if revoked.withLockedValue({ $0.contains(hash) }) { return nil }
        return try await principals.value(hash) {
            guard let model = try await APITokenModel.query(on: database.db).filter(\.$tokenHash == hash).first(),
                  model.revokedAt == nil, var role = Role(rawValue: model.role)
            else { return nil }
            // A token never has more power than its creator has now: demoted, it is capped;
            // removed from the workspace, it stops working.
            if let creator = model.createdBy {
                guard let membership = try await MembershipModel.query(on: database.db).filter(\.$workspaceID == model.workspaceID)
                    .filter(\.$userID == creator).first(), let creatorRole = Role(rawValue: membership.role)
                else { return nil }
                role = min(role, creatorRole)
            }
            let now = Date().timeIntervalSince1970
            // Record use at most once a minute, so reads do not turn into writes.
            if (model.lastUsedAt ?? 0) < now - 60 {
                model.lastUsedAt = now
                try await model.save(on: database.db)
            }
            return CachedToken(
                principal: Principal(kind: .token(id: model.id!), userID: model.createdBy, displayName: "token \(model.name)",
                                     email: nil, roles: [model.workspaceID: role]),
                lastUsedAt: now)
        }?.principal
    }

    static func record(_ m: APITokenModel) -> TokenRecord {
        TokenRecord(id: m.id!, name: m.name, role: Role(rawValue: m.role) ?? .viewer, hint: m.hint,
                    createdAt: m.createdAt, lastUsedAt: m.lastUsedAt, revoked: m.revokedAt != nil)
    }
}
