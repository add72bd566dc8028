import FluentKit
import Foundation

final class AccountLinkModel: Model, @unchecked Sendable {
    static let schema = "account_links"

    enum Purpose: String {
        /// Creates the first owner on an empty server.
        case setup
    }

    // managed fields
    @ID(key: .id) var id: UUID?

    // reference fields
    @OptionalField(key: "user_id") var userID: UUID?

    // data fields
    @Field(key: "purpose") var purpose: String
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "expires_at") var expiresAt: Double
    @OptionalField(key: "used_at") var usedAt: Double?

    init() {}

    init(purpose: Purpose, tokenHash: String, userID: UUID?, expiresAt: Double) {
        self.id = UUID()
        self.purpose = purpose.rawValue
        self.tokenHash = tokenHash
        self.userID = userID
        self.expiresAt = expiresAt
    }
}

final class APITokenModel: Model, @unchecked Sendable {
    static let schema = "api_tokens"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Field(key: "created_at") var createdAt: Double

    // reference fields
    @Field(key: "workspace_id") var workspaceID: UUID
    @OptionalField(key: "created_by") var createdBy: UUID?

    // data fields
    @Field(key: "name") var name: String
    @Field(key: "role") var role: String
    @Field(key: "token_hash") var tokenHash: String
    /// The token's last four characters, so people can tell their tokens apart.
    @Field(key: "hint") var hint: String
    @OptionalField(key: "last_used_at") var lastUsedAt: Double?
    @OptionalField(key: "revoked_at") var revokedAt: Double?

    init() {}

    init(workspaceID: UUID, name: String, role: String, tokenHash: String, hint: String, createdBy: UUID?) {
        self.id = UUID()
        self.workspaceID = workspaceID
        self.name = name
        self.role = role
        self.tokenHash = tokenHash
        self.hint = hint
        self.createdBy = createdBy
        self.createdAt = Date().timeIntervalSince1970
    }
}

final class MemberInvitationModel: Model, @unchecked Sendable {
    static let schema = "member_invitations"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Field(key: "created_at") var createdAt: Double

    // reference fields
    @Field(key: "workspace_id") var workspaceID: UUID
    @OptionalField(key: "invited_by") var invitedBy: UUID?
    @OptionalField(key: "accepted_by") var acceptedBy: UUID?

    // data fields
    @Field(key: "email") var email: String
    @Field(key: "name") var name: String
    @Field(key: "role") var role: String
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "expires_at") var expiresAt: Double
    @OptionalField(key: "accepted_at") var acceptedAt: Double?

    init() {}
}
