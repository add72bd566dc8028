import FocusCore
import Foundation

/// A comment with what it belongs to: the whole response (and its survey), the outside feedback
/// or the contact, and the customer, so a reader can judge it and act on it.
public struct CommentContext: Sendable {
    public let comment: CommentRecord
    public let response: ResponseRecord?
    public let survey: SurveyRecord?
    public let feedback: FeedbackRecord?
    public let contact: ContactRecord?
    public let customer: CustomerRecord?
}

extension CommentService {
    public func context(_ workspaceID: UUID, id: UUID, services: FocusServices) async throws -> CommentContext? {
        guard let comment = try await comment(workspaceID, id: id) else { return nil }
        var response: ResponseRecord?, survey: SurveyRecord?, feedback: FeedbackRecord?, contact: ContactRecord?
        switch comment.source {
        case .response:
            response = try await services.responses.get(workspaceID, id: id)
            if let surveyID = response?.surveyID { survey = try? await services.surveys.get(workspaceID, id: surveyID) }
        case .feedback:
            feedback = try await services.feedback.get(workspaceID, id: id)
        case .contact:
            contact = try await services.contacts.list(workspaceID, ids: [id]).first
        }
        let customer = await comment.customerID.asyncMap { try? await services.customers.get(workspaceID, id: $0) } ?? nil
        return CommentContext(comment: comment, response: response, survey: survey, feedback: feedback, contact: contact, customer: customer)
    }
}
