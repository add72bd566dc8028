import FocusCore
import Foundation
import HTTPTypes
import Hummingbird

/// Surveys: list, create (from scratch or a template), edit, publish and close.
struct SurveysAPI {
    let services: FocusServices
    static let base = "/api/v1/workspaces/:workspace/surveys"

    func addRoutes(to routes: RouteTable) {
        routes.signedIn(.get, "/api/v1/survey-templates", surface: .api, operation: .init(
            id: "listSurveyTemplates", summary: "The survey templates to start from.", tag: "Surveys",
            response: .list("SurveyTemplate"))) { _, _, _ in
            try JSONBody.response(SurveyTemplate.allCases.map { TemplateDTO(key: $0.rawValue, title: $0.title, summary: $0.summary) })
        }
        routes.workspace(.get, Self.base, .read, surface: .api, operation: .init(
            id: "listSurveys", summary: "The workspace's surveys, newest first.", tag: "Surveys", response: .list("Survey")), list)
        routes.workspace(.post, Self.base, .configure, surface: .api, operation: .init(
            id: "createSurvey", summary: "Create a survey (as a draft).", tag: "Surveys",
            request: .object("SurveyInput"), response: .object("Survey"), status: 201), create)
        routes.workspace(.post, "\(Self.base)/from-template", .configure, surface: .api, operation: .init(
            id: "createSurveyFromTemplate", summary: "Create a draft survey from a template.", tag: "Surveys",
            request: .object("TemplateInput"), response: .object("Survey"), status: 201), fromTemplate)
        routes.workspace(.get, "\(Self.base)/:id", .read, surface: .api, operation: .init(
            id: "getSurvey", summary: "One survey with its questions.", tag: "Surveys", response: .object("Survey")), get)
        routes.workspace(.put, "\(Self.base)/:id", .configure, surface: .api, operation: .init(
            id: "updateSurvey",
            summary: "Replace a survey's content. Questions with answers keep their key, kind, scale and options.",
            tag: "Surveys", request: .object("SurveyInput"), response: .object("Survey")), update)
        routes.workspace(.delete, "\(Self.base)/:id", .configure, surface: .api, operation: .init(
            id: "deleteSurvey", summary: "Delete a survey without answers.", tag: "Surveys", response: .none, status: 204), delete)
        routes.workspace(.post, "\(Self.base)/:id/status", .configure, surface: .api, operation: .init(
            id: "setSurveyStatus", summary: "Move a survey to draft, live or closed.", tag: "Surveys",
            request: .object("StatusInput"), response: .object("Survey")), setStatus)
    }

    func dto(_ s: SurveyRecord) -> SurveyDTO { SurveyDTO(s, baseURL: services.configuration.baseURL) }

    @Sendable func list(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        try JSONBody.response(try await services.surveys.list(w.id).map(dto))
    }

    @Sendable func create(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let input = try await JSONBody.decode(SurveyInput.self, from: request, context: context)
        let survey = try await services.surveys.create(w.id, try input.domain(), touchpointID: input.touchpointID)
        return try JSONBody.response(dto(survey), status: .created)
    }

    @Sendable func fromTemplate(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let input = try await JSONBody.decode(TemplateInput.self, from: request, context: context)
        guard let template = SurveyTemplate(rawValue: input.template) else {
            throw FieldError("template", "must be one of: \(SurveyTemplate.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let survey = try await services.surveys.createFromTemplate(w.id, template, name: input.name, touchpointID: input.touchpointID)
        return try JSONBody.response(dto(survey), status: .created)
    }

    @Sendable func get(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        try JSONBody.response(dto(try await services.surveys.get(w.id, id: try context.id(of: "survey"))))
    }

    @Sendable func update(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let id = try context.id(of: "survey")
        let input = try await JSONBody.decode(SurveyInput.self, from: request, context: context)
        return try JSONBody.response(dto(try await services.surveys.update(w.id, id: id, try input.domain(), touchpointID: input.touchpointID)))
    }

    @Sendable func delete(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        try await services.surveys.delete(w.id, id: try context.id(of: "survey"))
        return Response(status: .noContent)
    }

    @Sendable func setStatus(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let id = try context.id(of: "survey")
        let input = try await JSONBody.decode(StatusInput.self, from: request, context: context)
        guard let status = SurveyDefinition.Status(rawValue: input.status) else { throw FieldError("status", "must be draft, live or closed") }
        return try JSONBody.response(dto(try await services.surveys.setStatus(w.id, id: id, to: status)))
    }
}
