import FluentKit
import Foundation

final class WorkspaceModel: Model, @unchecked Sendable {
    static let schema = "workspaces"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Field(key: "created_at") var createdAt: Double

    // data fields
    @Field(key: "name") var name: String
    @Field(key: "slug") var slug: String
    @Field(key: "currency") var currency: String

    init() {}

    init(name: String, slug: String, currency: String) {
        self.id = UUID()
        self.name = name
        self.slug = slug
        self.currency = currency
        self.createdAt = Date().timeIntervalSince1970
    }
}
