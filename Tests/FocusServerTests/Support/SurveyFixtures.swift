@testable import FocusServer
import FocusCore
import Foundation

extension TestApp {
    /// The owner's workspace with a live transactional CSAT survey (csat required, resolved, comment)
    /// and one customer, C-1.
    func liveSurvey(_ template: SurveyTemplate = .transactionalCSAT) async throws -> (WorkspaceRecord, SurveyRecord) {
        let workspace = try await services.workspaces.create(name: "Acme Insurance", currency: "EUR", owner: nil)
        let survey = try await services.surveys.createFromTemplate(workspace.id, template, name: nil, touchpointID: nil)
        _ = try await services.surveys.setStatus(workspace.id, id: survey.id, to: .live)
        _ = try await services.customers.create(workspace.id, Customer(externalID: "C-1", name: "Ann"))
        return (workspace, try await services.surveys.get(workspace.id, id: survey.id))
    }

    func responseCount(_ workspace: WorkspaceRecord) async throws -> Int {
        try await services.responses.count(workspace.id)
    }
}
