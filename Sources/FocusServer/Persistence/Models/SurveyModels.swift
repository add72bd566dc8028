import FluentKit
import Foundation

final class SurveyModel: Model, @unchecked Sendable {
    static let schema = "surveys"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Field(key: "created_at") var createdAt: Double
    @Field(key: "updated_at") var updatedAt: Double

    // reference fields
    @Field(key: "workspace_id") var workspaceID: UUID
    @OptionalField(key: "touchpoint_id") var touchpointID: UUID?

    // data fields
    @Field(key: "name") var name: String
    @Field(key: "status") var status: String
    @OptionalField(key: "template") var template: String?
    @Field(key: "public_key") var publicKey: String
    /// The `SurveyDefinition` as JSON.
    @Field(key: "definition") var definition: String

    init() {}
}

final class InvitationModel: Model, @unchecked Sendable {
    static let schema = "invitations"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Field(key: "created_at") var createdAt: Double

    // reference fields
    @Field(key: "workspace_id") var workspaceID: UUID
    @Field(key: "survey_id") var surveyID: UUID
    @OptionalField(key: "customer_id") var customerID: UUID?
    @OptionalField(key: "touchpoint_id") var touchpointID: UUID?

    // data fields
    @Field(key: "token_hash") var tokenHash: String
    /// Hidden attributes (JSON object of strings) carried into the response.
    @Field(key: "hidden") var hidden: String
    @OptionalField(key: "language") var language: String?
    @Field(key: "channel") var channel: String
    @Field(key: "expires_at") var expiresAt: Double
    @OptionalField(key: "answered_at") var answeredAt: Double?

    init() {}
}

final class ResponseModel: Model, @unchecked Sendable {
    static let schema = "responses"

    // managed fields
    @ID(key: .id) var id: UUID?

    // reference fields
    @Field(key: "workspace_id") var workspaceID: UUID
    @Field(key: "survey_id") var surveyID: UUID
    @OptionalField(key: "touchpoint_id") var touchpointID: UUID?
    @OptionalField(key: "brand_id") var brandID: UUID?
    @OptionalField(key: "customer_id") var customerID: UUID?
    @OptionalField(key: "invitation_id") var invitationID: UUID?
    @OptionalField(key: "contact_id") var contactID: UUID?

    // data fields
    @Field(key: "channel") var channel: String
    @Field(key: "language") var language: String
    @Field(key: "received_at") var receivedAt: Double
    @Field(key: "answers") var answers: String
    @Field(key: "hidden") var hidden: String
    @OptionalField(key: "nps") var nps: Int?
    @OptionalField(key: "csat") var csat: Int?
    @OptionalField(key: "ces") var ces: Int?
    @OptionalField(key: "comment") var comment: String?

    init() {}
}
