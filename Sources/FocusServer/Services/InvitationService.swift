import FluentKit
import FocusCore
import Foundation
import HTTPTypes
import SQLKit

public struct InvitationRequest: Sendable {
    public var surveyID: UUID
    public var customerExternalID: String?
    public var touchpointID: UUID?
    public var hidden: [String: String]
    public var language: String?
    public var channel: String
    public var expiresInDays: Int

    public init(surveyID: UUID, customerExternalID: String? = nil, touchpointID: UUID? = nil, hidden: [String: String] = [:],
                language: String? = nil, channel: String = "email", expiresInDays: Int = 14) {
        self.surveyID = surveyID
        self.customerExternalID = customerExternalID
        self.touchpointID = touchpointID
        self.hidden = hidden
        self.language = language
        self.channel = channel
        self.expiresInDays = expiresInDays
    }
}

public enum InvitationOutcome: Sendable, Equatable {
    /// A new invitation; the token is the secret part of its link, returned only now.
    case created(id: UUID, token: String, expiresAt: Double)
    /// Not invited: the customer was invited within the workspace's survey-fatigue period.
    case skipped(reason: String, lastInvitedAt: Double)
}

/// A personal invitation as the public survey page sees it.
public struct ResolvedInvitation: Sendable {
    public enum State: Sendable, Equatable { case open, answered, expired }
    public let id: UUID
    public let workspaceID: UUID
    public let survey: SurveyRecord
    public let customerID: UUID?
    public let touchpointID: UUID?
    public let hidden: [String: String]
    public let language: String?
    public let channel: String
    public let state: State
}

/// Personal invitation links: one customer, one survey, answerable once, expiring; and the
/// survey-fatigue rule that keeps a customer from being asked again within N days.
public struct InvitationService: Sendable {
    let database: FocusDatabase

    /// Creates invitations for all requests, or none if any is invalid. A customer invited within
    /// the fatigue period (or twice in the same batch) is skipped, not an error.
    public func create(_ workspaceID: UUID, _ requests: [InvitationRequest], batch: Bool) async throws -> [InvitationOutcome] {
        guard !requests.isEmpty, requests.count <= 1_000 else { throw FieldError("invitations", "must hold 1 to 1000 invitations") }
        let db = database.db
        guard let workspace = try await WorkspaceModel.find(workspaceID, on: db) else { throw APIError.notFound("workspace") }
        let fatigueDays = try await fatigueDays(workspaceID)
        let now = Date().timeIntervalSince1970
        struct Planned { let model: InvitationModel; let token: String }
        var planned: [Int: Planned] = [:]
        var outcomes: [InvitationOutcome?] = Array(repeating: nil, count: requests.count)
        var invitedInBatch: [UUID: Double] = [:]
        for (index, r) in requests.enumerated() {
            let prefix = batch ? "invitations[\(index)]." : ""
            func fail(_ field: String, _ message: String) -> FieldError { FieldError(prefix + field, message) }
            guard let surveyModel = try await SurveyModel.query(on: db).filter(\.$workspaceID == workspaceID).filter(\.$id == r.surveyID).first()
            else { throw fail("survey_id", "is not a survey of this workspace") }
            let survey = try SurveyService.record(surveyModel)
            guard survey.status == .live else { throw fail("survey_id", "the survey is \(survey.status.rawValue); only a live survey can be sent") }
            guard (1...365).contains(r.expiresInDays) else { throw fail("expires_in_days", "must be from 1 to 365") }
            if let language = r.language, !survey.definition.languages.contains(language) {
                throw fail("language", "must be one of the survey's languages: \(survey.definition.languages.joined(separator: ", "))")
            }
            guard ResponseService.channels.contains(r.channel) else {
                throw fail("channel", "must be one of: \(ResponseService.channels.sorted().joined(separator: ", "))")
            }
            do { try Validate.hiddenAttributes(r.hidden) } catch { throw fail(error.field, error.message) }
            if let tp = r.touchpointID, try await TouchpointModel.query(on: db).filter(\.$workspaceID == workspaceID).filter(\.$id == tp).count() == 0 {
                throw fail("touchpoint_id", "is not a touchpoint of this workspace")
            }
            var customerID: UUID?
            if let external = r.customerExternalID?.trimmingWhitespace(), !external.isEmpty {
                guard let customer = try await CustomerModel.query(on: db).filter(\.$workspaceID == workspaceID).filter(\.$externalID == external).first()
                else { throw fail("customer_id", "no customer has this external id; add the customer first") }
                customerID = customer.id
                if let last = invitedInBatch[customer.id!] {
                    outcomes[index] = .skipped(reason: "survey fatigue: already invited in this batch", lastInvitedAt: last)
                    continue
                }
                if fatigueDays > 0, let last = try await InvitationModel.query(on: db).filter(\.$workspaceID == workspaceID)
                    .filter(\.$customerID == customer.id!).filter(\.$createdAt > now - Double(fatigueDays) * 86400)
                    .sort(\.$createdAt, .descending).first() {
                    outcomes[index] = .skipped(reason: "survey fatigue: invited within the last \(fatigueDays) days", lastInvitedAt: last.createdAt)
                    continue
                }
                invitedInBatch[customer.id!] = now
            }
            let token = SecretToken.make()
            let model = InvitationModel()
            model.id = UUID()
            model.workspaceID = workspaceID
            model.surveyID = survey.id
            model.customerID = customerID
            model.touchpointID = r.touchpointID ?? survey.touchpointID
            model.tokenHash = SecretToken.hash(token)
            model.hidden = try StoredJSON.encode(r.hidden)
            model.language = r.language
            model.channel = r.channel
            model.createdAt = now
            model.expiresAt = now + Double(r.expiresInDays) * 86400
            planned[index] = Planned(model: model, token: token)
        }
        _ = workspace
        let models = planned.values.map(\.model)
        try await database.db.transaction { db in
            for model in models { try await model.create(on: db) }
        }
        for (index, p) in planned {
            outcomes[index] = .created(id: p.model.id!, token: p.token, expiresAt: p.model.expiresAt)
        }
        return outcomes.map { $0! }
    }

    public func fatigueDays(_ workspaceID: UUID) async throws -> Int {
        struct Row: Decodable { let fatigue_days: Int }
        return try await database.sql.select().column("fatigue_days").from("workspaces")
            .where("id", .equal, SQLBind(workspaceID)).first(decoding: Row.self)?.fatigue_days ?? 30
    }

    /// Sets how many days must pass before the same customer is invited again (0: no limit).
    public func setFatigueDays(_ workspaceID: UUID, _ days: Int) async throws {
        guard (0...365).contains(days) else { throw FieldError("fatigue_days", "must be from 0 to 365") }
        try await database.sql.update("workspaces").set("fatigue_days", to: SQLBind(days))
            .where("id", .equal, SQLBind(workspaceID)).run()
    }

    /// The invitation behind a link's token, or nil if there is none.
    public func resolve(token: String) async throws -> ResolvedInvitation? {
        guard let model = try await InvitationModel.query(on: database.db).filter(\.$tokenHash == SecretToken.hash(token)).first(),
              let surveyModel = try await SurveyModel.find(model.surveyID, on: database.db)
        else { return nil }
        let answered = try await ResponseModel.query(on: database.db).filter(\.$invitationID == model.id!).count() > 0
        let state: ResolvedInvitation.State = answered ? .answered : model.expiresAt <= Date().timeIntervalSince1970 ? .expired : .open
        return ResolvedInvitation(
            id: model.id!, workspaceID: model.workspaceID, survey: try SurveyService.record(surveyModel), customerID: model.customerID,
            touchpointID: model.touchpointID,
            hidden: (try? JSONDecoder().decode([String: String].self, from: Data(model.hidden.utf8))) ?? [:],
            language: model.language, channel: model.channel, state: state)
    }

    /// Marks the invitation answered (for lists); the unique invitation id on responses is what
    /// guarantees a single answer.
    func markAnswered(_ id: UUID) async throws {
        try await database.sql.update("invitations").set("answered_at", to: SQLBind(Date().timeIntervalSince1970))
            .where("id", .equal, SQLBind(id)).run()
    }
}
