import FluentKit
import FocusCore
import Foundation
import HTTPTypes
import SQLKit

/// A member of a workspace, for the members page and API.
public struct Member: Sendable, Equatable {
    public let userID: UUID
    public let name: String
    public let email: String
    public let role: Role
    /// False until an invited person has picked a password.
    public let hasPassword: Bool
}

/// People: the first owner's setup, sign-in, invitations and roles.
public struct AccountService: Sendable {
    let database: FocusDatabase
    let passwords: PasswordHasher

    static let setupLinkLifetime: Double = 24 * 3600
    static let invitationLifetime: Double = 7 * 24 * 3600

    public func userCount() async throws -> Int {
        try await UserModel.query(on: database.db).count()
    }

    /// A new one-time setup link secret, valid for a day, when no account exists yet
    /// (nil otherwise). Earlier unused setup links stop working.
    public func issueSetupLink() async throws -> String? {
        guard try await userCount() == 0 else { return nil }
        let token = SecretToken.make()
        try await database.db.transaction { db in
            try await AccountLinkModel.query(on: db).filter(\.$purpose == AccountLinkModel.Purpose.setup.rawValue).delete()
            try await AccountLinkModel(
                purpose: .setup, tokenHash: SecretToken.hash(token), userID: nil,
                expiresAt: Date().timeIntervalSince1970 + Self.setupLinkLifetime
            ).create(on: db)
        }
        return token
    }

    /// Whether the setup link is still usable.
    public func isValidSetupLink(token: String) async throws -> Bool {
        guard let link = try await usableLink(token: token, on: database.db) else { return false }
        guard link.purpose == AccountLinkModel.Purpose.setup.rawValue else { return false }
        return try await userCount() == 0
    }

    private func usableLink(token: String, on db: any Database) async throws -> AccountLinkModel? {
        guard let link = try await AccountLinkModel.query(on: db).filter(\.$tokenHash == SecretToken.hash(token)).first(),
              link.usedAt == nil, link.expiresAt > Date().timeIntervalSince1970
        else { return nil }
        return link
    }

    /// Creates the first owner from the setup link. The owner owns the new workspace (when a
    /// name is given) and every workspace already there, such as the demo.
    /// - Returns: the new user's id.
    public func completeSetup(token: String, name: String, email: String, password: String, confirmation: String,
                              workspaceName: String?, currency: String, workspaces: WorkspaceService) async throws -> UUID {
        let name = try Validate.name(name, field: "name", maxLength: 120)
        let email = try Validate.email(email)
        try Validate.newPassword(password, confirmation: confirmation)
        let hash = try await passwords.hash(password)
        return try await database.db.transaction { db in
            guard let link = try await usableLink(token: token, on: db), link.purpose == AccountLinkModel.Purpose.setup.rawValue,
                  try await UserModel.query(on: db).count() == 0
            else { throw APIError(.gone, "this setup link has been used or has expired; restart the server for a new one", field: "token") }
            let user = UserModel(email: email, name: name, passwordHash: hash)
            try await user.create(on: db)
            let existing = try await WorkspaceModel.query(on: db).all()
            for workspace in existing {
                try await MembershipModel(workspaceID: workspace.id!, userID: user.id!, role: Role.owner.rawValue).create(on: db)
            }
            let wanted = workspaceName?.trimmingWhitespace() ?? ""
            if !wanted.isEmpty || existing.isEmpty {
                _ = try await workspaces.create(name: wanted, currency: currency, owner: user.id!, on: db)
            }
            link.usedAt = Date().timeIntervalSince1970
            try await link.save(on: db)
            return user.id!
        }
    }

    /// The user whose e-mail and password match, or nil. Takes as long for an unknown e-mail.
    public func authenticate(email: String, password: String) async throws -> UUID? {
        let email = email.trimmingWhitespace().lowercased()
        let user = try await UserModel.query(on: database.db).filter(\.$email == email).first()
        guard let user, let hash = user.passwordHash else {
            _ = try await passwords.verify(password, hash: passwords.decoyHash)
            return nil
        }
        return try await passwords.verify(password, hash: hash) ? user.id : nil
    }

    /// The signed-in person with their role in each workspace, or nil if the account is gone.
    public func principal(userID: UUID) async throws -> Principal? {
        guard let user = try await UserModel.find(userID, on: database.db), user.passwordHash != nil else { return nil }
        let memberships = try await MembershipModel.query(on: database.db).filter(\.$userID == userID).all()
        var roles: [UUID: Role] = [:]
        for m in memberships { roles[m.workspaceID] = Role(rawValue: m.role) }
        return Principal(kind: .user, userID: userID, displayName: user.name, email: user.email, roles: roles)
    }

    public func members(of workspaceID: UUID) async throws -> [Member] {
        let memberships = try await MembershipModel.query(on: database.db).filter(\.$workspaceID == workspaceID).all()
        let users = try await UserModel.query(on: database.db).filter(\.$id ~~ memberships.map(\.userID)).all()
        let byID = Dictionary(uniqueKeysWithValues: users.map { ($0.id!, $0) })
        return memberships.compactMap { m in
            guard let u = byID[m.userID], let role = Role(rawValue: m.role) else { return nil }
            return Member(userID: u.id!, name: u.name, email: u.email, role: role, hasPassword: u.passwordHash != nil)
        }.sorted { ($0.role, $1.name) > ($1.role, $0.name) }
    }

    /// Invites a person to the workspace: returns the link's secret (shown once to the inviter,
    /// who passes it on). Nothing is granted until the link is accepted, and an existing account
    /// is never touched: whoever accepts must sign in to it, or the link creates a new account.
    public func invite(workspaceID: UUID, name: String, email: String, role: Role, invitedBy: UUID?) async throws -> (PendingInvitation, String) {
        let name = try Validate.name(name, field: "name", maxLength: 120)
        let email = try Validate.email(email)
        let db = database.db
        if let user = try await UserModel.query(on: db).filter(\.$email == email).first(),
           try await MembershipModel.query(on: db).filter(\.$workspaceID == workspaceID).filter(\.$userID == user.id!).count() > 0 {
            throw APIError(.conflict, "\(email) is already a member of this workspace", field: "email")
        }
        let token = SecretToken.make()
        let model = MemberInvitationModel()
        model.id = UUID()
        model.workspaceID = workspaceID
        model.email = email
        model.name = name
        model.role = role.rawValue
        model.tokenHash = SecretToken.hash(token)
        model.invitedBy = invitedBy
        model.createdAt = Date().timeIntervalSince1970
        model.expiresAt = model.createdAt + Self.invitationLifetime
        try await model.create(on: db)
        return (Self.pending(model), token)
    }

    /// An invitation not yet accepted.
    public struct PendingInvitation: Sendable, Equatable {
        public let id: UUID
        public let workspaceID: UUID
        public let email: String
        public let name: String
        public let role: Role
        public let expiresAt: Double
    }

    static func pending(_ m: MemberInvitationModel) -> PendingInvitation {
        PendingInvitation(id: m.id!, workspaceID: m.workspaceID, email: m.email, name: m.name,
                          role: Role(rawValue: m.role) ?? .viewer, expiresAt: m.expiresAt)
    }

    public func pendingInvitations(_ workspaceID: UUID) async throws -> [PendingInvitation] {
        try await MemberInvitationModel.query(on: database.db).filter(\.$workspaceID == workspaceID)
            .filter(\.$acceptedAt == nil).filter(\.$expiresAt > Date().timeIntervalSince1970)
            .sort(\.$createdAt, .descending).all().map(Self.pending)
    }

    public func withdrawInvitation(_ workspaceID: UUID, id: UUID) async throws {
        guard let model = try await MemberInvitationModel.query(on: database.db).filter(\.$workspaceID == workspaceID)
            .filter(\.$id == id).first()
        else { throw APIError.notFound("invitation") }
        try await model.delete(on: database.db)
    }

    /// An open invitation behind a link, or nil if the link is unknown, used or expired.
    public func invitation(token: String) async throws -> (invitation: PendingInvitation, workspaceName: String)? {
        guard let model = try await MemberInvitationModel.query(on: database.db).filter(\.$tokenHash == SecretToken.hash(token)).first(),
              model.acceptedAt == nil, model.expiresAt > Date().timeIntervalSince1970,
              let workspace = try await WorkspaceModel.find(model.workspaceID, on: database.db)
        else { return nil }
        return (Self.pending(model), workspace.name)
    }

    /// Whether an account with this e-mail exists (to ask the link's holder to sign in to it).
    public func accountExists(email: String) async throws -> Bool {
        try await UserModel.query(on: database.db).filter(\.$email == email).count() > 0
    }

    /// Accepts an invitation: the signed-in person joins; without a session, a new account is
    /// made with the invitation's e-mail, unless one exists (then the person must sign in).
    /// - Returns: the user who joined.
    public func acceptInvitation(token: String, signedIn: UUID?, password: String?, confirmation: String?) async throws -> UUID {
        var hash: String?
        if signedIn == nil {
            try Validate.newPassword(password ?? "", confirmation: confirmation)
            hash = try await passwords.hash(password ?? "")
        }
        let newHash = hash
        return try await database.db.transaction { db in
            guard let model = try await MemberInvitationModel.query(on: db).filter(\.$tokenHash == SecretToken.hash(token)).first(),
                  model.acceptedAt == nil, model.expiresAt > Date().timeIntervalSince1970
            else { throw APIError(.gone, "this invitation link has been used or has expired; ask for a new one", field: "token") }
            let userID: UUID
            if let signedIn {
                userID = signedIn
            } else {
                if try await UserModel.query(on: db).filter(\.$email == model.email).count() > 0 {
                    throw APIError(.conflict, "an account with this e-mail exists: sign in to it, then open the link again", field: "email")
                }
                let user = UserModel(email: model.email, name: model.name, passwordHash: newHash)
                try await user.create(on: db)
                userID = user.id!
            }
            if try await MembershipModel.query(on: db).filter(\.$workspaceID == model.workspaceID).filter(\.$userID == userID).count() == 0 {
                try await MembershipModel(workspaceID: model.workspaceID, userID: userID, role: model.role).create(on: db)
            }
            model.acceptedAt = Date().timeIntervalSince1970
            model.acceptedBy = userID
            try await model.save(on: db)
            return userID
        }
    }

    /// Changes a member's role; the last owner cannot be demoted.
    public func changeRole(workspaceID: UUID, userID: UUID, to role: Role) async throws {
        try await database.db.transaction { db in
            guard let m = try await MembershipModel.query(on: db).filter(\.$workspaceID == workspaceID)
                .filter(\.$userID == userID).first()
            else { throw APIError.notFound("member") }
            if m.role == Role.owner.rawValue, role != .owner, try await ownerCount(workspaceID, on: db) <= 1 {
                throw APIError(.conflict, "a workspace needs at least one owner", field: "role")
            }
            m.role = role.rawValue
            try await m.save(on: db)
        }
    }

    /// Removes a member from the workspace (the account stays for their other workspaces).
    public func removeMember(workspaceID: UUID, userID: UUID) async throws {
        try await database.db.transaction { db in
            guard let m = try await MembershipModel.query(on: db).filter(\.$workspaceID == workspaceID)
                .filter(\.$userID == userID).first()
            else { throw APIError.notFound("member") }
            if m.role == Role.owner.rawValue, try await ownerCount(workspaceID, on: db) <= 1 {
                throw APIError(.conflict, "a workspace needs at least one owner", field: "user")
            }
            try await m.delete(on: db)
        }
    }

    private func ownerCount(_ workspaceID: UUID, on db: any Database) async throws -> Int {
        try await MembershipModel.query(on: db).filter(\.$workspaceID == workspaceID)
            .filter(\.$role == Role.owner.rawValue).count()
    }
}
