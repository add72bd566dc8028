import FluentKit
import Foundation

final class UserModel: Model, @unchecked Sendable {
    static let schema = "users"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Field(key: "created_at") var createdAt: Double

    // data fields
    @Field(key: "email") var email: String
    @Field(key: "name") var name: String
    @OptionalField(key: "password_hash") var passwordHash: String?

    init() {}

    init(email: String, name: String, passwordHash: String?) {
        self.id = UUID()
        self.email = email
        self.name = name
        self.passwordHash = passwordHash
        self.createdAt = Date().timeIntervalSince1970
    }
}

final class MembershipModel: Model, @unchecked Sendable {
    static let schema = "memberships"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Field(key: "created_at") var createdAt: Double

    // reference fields
    @Field(key: "workspace_id") var workspaceID: UUID
    @Field(key: "user_id") var userID: UUID

    // data fields
    @Field(key: "role") var role: String

    init() {}

    init(workspaceID: UUID, userID: UUID, role: String) {
        self.id = UUID()
        self.workspaceID = workspaceID
        self.userID = userID
        self.role = role
        self.createdAt = Date().timeIntervalSince1970
    }
}
