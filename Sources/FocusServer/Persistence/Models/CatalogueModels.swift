import FluentKit
import Foundation

final class JourneyStageModel: Model, @unchecked Sendable {
    static let schema = "journey_stages"

    // managed fields
    @ID(key: .id) var id: UUID?

    // reference fields
    @Field(key: "workspace_id") var workspaceID: UUID

    // data fields
    @Field(key: "name") var name: String
    @Field(key: "position") var position: Int

    init() {}

    init(workspaceID: UUID, name: String, position: Int) {
        self.id = UUID()
        self.workspaceID = workspaceID
        self.name = name
        self.position = position
    }
}

final class TouchpointModel: Model, @unchecked Sendable {
    static let schema = "touchpoints"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Field(key: "created_at") var createdAt: Double

    // reference fields
    @Field(key: "workspace_id") var workspaceID: UUID
    @OptionalField(key: "stage_id") var stageID: UUID?

    // data fields
    @Field(key: "name") var name: String
    @Field(key: "kind") var kind: String
    @OptionalField(key: "description") var description: String?

    init() {}

    init(workspaceID: UUID, stageID: UUID?, name: String, kind: String, description: String?) {
        self.id = UUID()
        self.workspaceID = workspaceID
        self.stageID = stageID
        self.name = name
        self.kind = kind
        self.description = description
        self.createdAt = Date().timeIntervalSince1970
    }
}

final class BrandModel: Model, @unchecked Sendable {
    static let schema = "brands"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Field(key: "created_at") var createdAt: Double

    // reference fields
    @Field(key: "workspace_id") var workspaceID: UUID

    // data fields
    @Field(key: "name") var name: String
    @Field(key: "is_own") var isOwn: Bool

    init() {}

    init(workspaceID: UUID, name: String, isOwn: Bool) {
        self.id = UUID()
        self.workspaceID = workspaceID
        self.name = name
        self.isOwn = isOwn
        self.createdAt = Date().timeIntervalSince1970
    }
}

final class CustomerModel: Model, @unchecked Sendable {
    static let schema = "customers"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Field(key: "created_at") var createdAt: Double

    // reference fields
    @Field(key: "workspace_id") var workspaceID: UUID

    // data fields
    @Field(key: "external_id") var externalID: String
    @OptionalField(key: "name") var name: String?
    @OptionalField(key: "email") var email: String?
    @OptionalField(key: "segment") var segment: String?
    /// The other attributes as a JSON object of strings.
    @Field(key: "attributes") var attributes: String
    @OptionalField(key: "value_per_year") var valuePerYear: Double?
    @OptionalField(key: "since") var since: String?
    @Field(key: "status") var status: String
    @OptionalField(key: "churned_on") var churnedOn: String?

    init() {}
}
