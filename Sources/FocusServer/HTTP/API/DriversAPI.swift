import FocusCore
import Foundation
import Hummingbird

/// What drives a survey's outcome, for programs: the same report the drivers page shows.
struct DriversAPI {
    let services: FocusServices

    static let parameters: [APIOperation.Parameter] = [
        .init("outcome", "The outcome question's key (default: the survey's first NPS, CSAT or CES question)."),
        .init("missing", "pairwise (default: each correlation over the responses that answered both) or listwise (only complete responses)."),
    ]

    func addRoutes(to routes: RouteTable) {
        routes.workspace(.get, "\(SurveysAPI.base)/:id/drivers", .read, surface: .api, operation: .init(
            id: "getSurveyDrivers",
            summary: "Key drivers of a survey's outcome: each attribute rating's share of the explained variance (Shapley values, Johnson's relative weights, correlations and coefficients, 95% bootstrap intervals), the importance-performance matrix with ranked priorities, and for a benchmark survey every question by brand against the own brand.",
            tag: "Drivers", response: .object("DriverReport"),
            query: ScoreQuery.parameters.filter { !["survey_id", "channel", "attribute"].contains($0.name) } + Self.parameters), report)
    }

    @Sendable func report(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let surveyID = try context.id(of: "survey")
        let query = try await ScoreQuery.parse(request, workspaceID: w.id, services: services)
        let (outcome, missing) = try Self.options(request)
        let report = try await services.drivers.report(w.id, surveyID: surveyID, filter: query.filter, outcomeKey: outcome, missing: missing)
        return try JSONBody.response(DriverReportDTO(report: report))
    }

    /// The outcome and the treatment of missing answers asked for.
    static func options(_ request: Request) throws -> (outcome: String?, missing: MissingAnswers) {
        let q = request.uri.queryParameters
        let outcome = q["outcome"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        let text = q["missing"].map(String.init) ?? ""
        guard text.isEmpty || MissingAnswers(rawValue: text) != nil else {
            throw APIError(.badRequest, "must be pairwise or listwise", field: "missing")
        }
        return (outcome, MissingAnswers(rawValue: text) ?? .pairwise)
    }
}
