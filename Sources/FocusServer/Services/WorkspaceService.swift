import FluentKit
import FocusCore
import Foundation
import SQLKit

/// A workspace as the rest of the server sees it.
public struct WorkspaceRecord: Sendable, Equatable {
    public let id: UUID
    public let name: String
    public let slug: String
    public let currency: String
}

public struct WorkspaceService: Sendable {
    let database: FocusDatabase
    /// Every workspace request looks its workspace up by slug; a slug never changes, but a
    /// workspace can be deleted (a demo reload), so entries live two seconds.
    let bySlug = ShortLivedCache<String, WorkspaceRecord>(lifetime: 2)

    public func find(slug: String) async throws -> WorkspaceRecord? {
        try await bySlug.value(slug) {
            try await WorkspaceModel.query(on: database.db).filter(\.$slug == slug).first().map(Self.record)
        }
    }

    public func find(id: UUID) async throws -> WorkspaceRecord? {
        try await WorkspaceModel.find(id, on: database.db).map(Self.record)
    }

    /// The workspaces the principal may enter, by name.
    public func list(for principal: Principal) async throws -> [WorkspaceRecord] {
        let ids = Array(principal.roles.keys)
        guard !ids.isEmpty else { return [] }
        return try await WorkspaceModel.query(on: database.db).filter(\.$id ~~ ids).sort(\.$name).all().map(Self.record)
    }

    public func all() async throws -> [WorkspaceRecord] {
        try await WorkspaceModel.query(on: database.db).sort(\.$name).all().map(Self.record)
    }

    /// Creates a workspace with the user as its owner. The slug comes from the name, made unique.
    public func create(name: String, currency: String, owner: UUID?, on db: (any Database)? = nil) async throws -> WorkspaceRecord {
        let name = try Validate.name(name, field: "name", maxLength: 120)
        let currency = currency.trimmingWhitespace().uppercased()
        guard currency.count == 3, currency.allSatisfy({ $0.isASCII && $0.isLetter }) else {
            throw FieldError("currency", "must be a three-letter ISO 4217 code such as EUR")
        }
        let db = db ?? database.db
        let base = name.slugified().isEmpty ? "workspace" : name.slugified(maxLength: 40)
        var slug = base
        var n = 1
        while try await WorkspaceModel.query(on: db).filter(\.$slug == slug).count() > 0 {
            n += 1
            slug = "\(base)-\(n)"
        }
        let model = WorkspaceModel(name: name, slug: slug, currency: currency)
        try await model.create(on: db)
        try await ThemeStore.addBuiltIns(model.id!, on: db as! any SQLDatabase)
        if let owner {
            try await MembershipModel(workspaceID: model.id!, userID: owner, role: Role.owner.rawValue).create(on: db)
        }
        return Self.record(model)
    }

    /// How much a workspace holds, for its home page.
    public struct Counts: Sendable {
        public let touchpoints: Int
        public let brands: Int
        public let customers: Int
        public let members: Int
    }

    public func counts(_ workspaceID: UUID) async throws -> Counts {
        let db = database.db
        async let t = TouchpointModel.query(on: db).filter(\.$workspaceID == workspaceID).count()
        async let b = BrandModel.query(on: db).filter(\.$workspaceID == workspaceID).count()
        async let c = CustomerModel.query(on: db).filter(\.$workspaceID == workspaceID).count()
        async let m = MembershipModel.query(on: db).filter(\.$workspaceID == workspaceID).count()
        return try await Counts(touchpoints: t, brands: b, customers: c, members: m)
    }

    static func record(_ m: WorkspaceModel) -> WorkspaceRecord {
        WorkspaceRecord(id: m.id!, name: m.name, slug: m.slug, currency: m.currency)
    }
}
