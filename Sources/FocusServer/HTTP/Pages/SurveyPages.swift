import FocusCore
import Foundation
import HTTPTypes
import Hummingbird

/// The survey editor: surveys from templates, their questions, publishing, sharing
/// (link, widget, invitations), and the responses they collected.
struct SurveyPages {
    let services: FocusServices

    func addRoutes(to routes: RouteTable) {
        routes.workspace(.get, "/w/:workspace/surveys", .read, list)
        routes.workspace(.post, "/w/:workspace/surveys", .configure, create)
        routes.workspace(.post, "/w/:workspace/settings/fatigue", .administer, setFatigue)
        routes.workspace(.get, "/w/:workspace/surveys/:id", .read, show)
        routes.workspace(.post, "/w/:workspace/surveys/:id/status", .configure, setStatus)
        routes.workspace(.post, "/w/:workspace/surveys/:id/questions", .configure, addQuestion)
        routes.workspace(.post, "/w/:workspace/surveys/:id/questions/:key", .configure, editQuestion)
        routes.workspace(.post, "/w/:workspace/surveys/:id/questions/:key/delete", .configure, deleteQuestion)
        routes.workspace(.post, "/w/:workspace/surveys/:id/invitations", .record, invite)
        routes.workspace(.get, "/w/:workspace/responses", .read, responses)
    }

    // MARK: list

    struct ListModel {
        struct Row { let id: String; let name: String; let status: String; let touchpoint: String; let responses: String; let hasResponses: Bool }
        struct Choice { let value: String; let label: String }
        let layout: LayoutModel
        let rows: [Row]
        let templates: [Choice]
        let touchpoints: [Choice]
        let canEdit: Bool
        let canAdminister: Bool
        let fatigueDays: Int
        let error: String?
    }

    private func renderList(_ context: FocusRequestContext, _ w: WorkspaceContext, error: String? = nil) async throws -> Response {
        let touchpoints = try await services.catalogue.touchpoints(w.id)
        let names = Dictionary(uniqueKeysWithValues: touchpoints.map { ($0.id, $0.touchpoint.name) })
        var rows: [ListModel.Row] = []
        // From the tallies, not a count of every response: the list stays fast at millions.
        let counts = try await services.scores.responseCounts(w.id)
        for s in try await services.surveys.list(w.id) {
            let count = counts[s.id] ?? 0
            rows.append(.init(id: s.id.uuidString, name: s.definition.name, status: s.status.rawValue,
                              touchpoint: s.touchpointID.flatMap { names[$0] } ?? "—",
                              responses: ScorePages.count(count), hasResponses: count > 0))
        }
        let model = ListModel(
            layout: try await WorkspacePages.layout(services, context, w, title: "Surveys", section: "surveys"),
            rows: rows,
            templates: SurveyTemplate.allCases.map { .init(value: $0.rawValue, label: "\($0.title): \($0.summary)") },
            touchpoints: touchpoints.map { .init(value: $0.id.uuidString, label: $0.touchpoint.name) },
            canEdit: w.role.allows(.configure), canAdminister: w.role.allows(.administer),
            fatigueDays: try await services.invitations.fatigueDays(w.id), error: error)
        return services.pages.render("surveys", model, status: error == nil ? .ok : .unprocessableContent)
    }

    @Sendable func list(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        try await renderList(context, w)
    }

    struct CreateForm: Decodable { let template: String?; let name: String?; let touchpoint: String? }

    @Sendable func create(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let form = try await FormBody.decode(CreateForm.self, from: request, context: context)
        do {
            guard let template = SurveyTemplate(rawValue: form.template ?? "") else { throw FieldError("template", "must be chosen") }
            let touchpoint = form.touchpoint.flatMap { $0.isEmpty ? nil : UUID(uuidString: $0) }
            let survey = try await services.surveys.createFromTemplate(w.id, template, name: form.name, touchpointID: touchpoint)
            return .seeOther("/w/\(w.slug)/surveys/\(survey.id)")
        } catch let error as FieldError {
            return try await renderList(context, w, error: AuthPages.sentence(error))
        }
    }

    struct FatigueForm: Decodable { let fatigue_days: String? }

    @Sendable func setFatigue(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let form = try await FormBody.decode(FatigueForm.self, from: request, context: context)
        do {
            guard let days = Int(form.fatigue_days ?? "") else { throw FieldError("fatigue_days", "must be a whole number of days") }
            try await services.invitations.setFatigueDays(w.id, days)
            return .seeOther("/w/\(w.slug)/surveys")
        } catch let error as FieldError {
            return try await renderList(context, w, error: AuthPages.sentence(error))
        }
    }

    // MARK: one survey

    struct ShowModel {
        struct QuestionRow {
            let key: String; let number: Int; let kind: String; let text: String; let required: Bool
            let attribute: String?; let options: String?; let answered: Bool
        }
        struct ResponseRow { let received: String; let channel: String; let summary: String }
        struct Kind { let value: String; let label: String }
        let layout: LayoutModel
        let id: String
        let name: String
        let status: String
        let isDraft: Bool
        let isLive: Bool
        let isClosed: Bool
        let touchpoint: String
        let publicURL: String
        let widgetSnippet: String
        let languages: String
        let questions: [QuestionRow]
        let kinds: [Kind]
        let responseCount: Int
        let latest: [ResponseRow]
        let canEdit: Bool
        let canInvite: Bool
        let inviteLink: String?
        let notice: String?
        let error: String?
    }

    private func renderShow(_ context: FocusRequestContext, _ w: WorkspaceContext, id: UUID, inviteLink: String? = nil,
                            notice: String? = nil, error: String? = nil) async throws -> Response {
        let survey = try await services.surveys.get(w.id, id: id)
        let d = survey.definition
        let answered = try await services.surveys.answeredKeys(id, on: services.database.db)
        let touchpoint = try await survey.touchpointID.asyncMap { try await services.catalogue.touchpoint(w.id, id: $0).touchpoint.name }
        let page = try await services.responses.list(w.id, filter: .init(surveyID: id), cursor: nil, limit: 10)
        let base = services.configuration.baseURL
        let model = ShowModel(
            layout: try await WorkspacePages.layout(services, context, w, title: d.name, section: "surveys"),
            id: id.uuidString, name: d.name, status: survey.status.rawValue,
            isDraft: survey.status == .draft, isLive: survey.status == .live, isClosed: survey.status == .closed,
            touchpoint: touchpoint ?? "none", publicURL: "\(base)/s/\(survey.publicKey)",
            widgetSnippet: "<script src=\"\(base)/widget.js\" data-focus-survey=\"\(survey.publicKey)\" async></script>",
            languages: d.languages.joined(separator: ", "),
            questions: d.questions.enumerated().map { i, q in
                .init(key: q.key, number: i + 1, kind: q.kind.label, text: q.text.text(d.defaultLanguage, fallback: d.defaultLanguage),
                      required: q.required, attribute: q.attribute,
                      options: q.options.isEmpty ? nil : q.options.map { $0.label.text(d.defaultLanguage, fallback: d.defaultLanguage) }.joined(separator: " · "),
                      answered: answered.contains(q.key))
            },
            kinds: QuestionKind.allCases.map { .init(value: $0.rawValue, label: $0.label) },
            responseCount: try await services.scores.responseCounts(w.id)[id] ?? 0,
            latest: page.items.map { r in
                .init(received: Timestamp.format(r.receivedAt).prefix(16).replacingOccurrences(of: "T", with: " "), channel: r.channel,
                      summary: d.questions.compactMap { q in r.answers[q.key].map { "\(q.key): \(CSVLine.cell($0))" } }.joined(separator: " · "))
            },
            canEdit: w.role.allows(.configure), canInvite: w.role.allows(.record) && survey.status == .live,
            inviteLink: inviteLink, notice: notice, error: error)
        return services.pages.render("survey-edit", model, status: error == nil ? .ok : .unprocessableContent)
    }

    @Sendable func show(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        try await renderShow(context, w, id: try context.id(of: "survey"))
    }

    struct StatusForm: Decodable { let status: String? }

    @Sendable func setStatus(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let id = try context.id(of: "survey")
        let form = try await FormBody.decode(StatusForm.self, from: request, context: context)
        do {
            guard let status = SurveyDefinition.Status(rawValue: form.status ?? "") else { throw FieldError("status", "must be draft, live or closed") }
            _ = try await services.surveys.setStatus(w.id, id: id, to: status)
            return .seeOther("/w/\(w.slug)/surveys/\(id)")
        } catch let error as FieldError {
            return try await renderShow(context, w, id: id, error: AuthPages.sentence(error))
        }
    }

    struct QuestionForm: Decodable {
        let kind: String?; let key: String?; let text: String?; let required: String?; let attribute: String?
        let scale_max: String?; let options: String?
    }

    /// Applies a change to the survey's content; the service refuses one that would break answers.
    private func change(_ context: FocusRequestContext, _ w: WorkspaceContext, id: UUID,
                        _ edit: (inout SurveyDefinition) throws -> Void) async throws -> Response {
        do {
            let survey = try await services.surveys.get(w.id, id: id)
            var d = survey.definition
            try edit(&d)
            _ = try await services.surveys.update(w.id, id: id, d, touchpointID: survey.touchpointID)
            return .seeOther("/w/\(w.slug)/surveys/\(id)")
        } catch let error as FieldError {
            return try await renderShow(context, w, id: id, error: AuthPages.sentence(error))
        }
    }

    @Sendable func addQuestion(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let id = try context.id(of: "survey")
        let form = try await FormBody.decode(QuestionForm.self, from: request, context: context)
        return try await change(context, w, id: id) { d in
            guard let kind = QuestionKind(rawValue: form.kind ?? "") else { throw FieldError("kind", "must be chosen") }
            let text = form.text ?? ""
            var key = (form.key ?? "").trimmingWhitespace()
            if key.isEmpty { key = String((form.attribute ?? text).slugified(maxLength: 30).replacingOccurrences(of: "-", with: "_")) }
            if key.isEmpty || d.question(key) != nil { key = "q\(d.questions.count + 1)" }
            let options = (form.options ?? "").split(whereSeparator: \.isNewline).map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
            let lang = d.defaultLanguage
            d.questions.append(Question(
                key: key, kind: kind, text: LocalizedText([lang: text]), required: form.required == "on",
                attribute: form.attribute?.trimmingWhitespace().isEmpty == false ? form.attribute : nil,
                scaleMax: Int(form.scale_max ?? ""),
                options: options.enumerated().map { ChoiceOption(key: $0.element.slugified(maxLength: 40).isEmpty ? "o\($0.offset + 1)" : $0.element.slugified(maxLength: 40),
                                                                 label: LocalizedText([lang: $0.element])) }))
        }
    }

    @Sendable func editQuestion(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let id = try context.id(of: "survey")
        let key = try context.parameters.require("key")
        let form = try await FormBody.decode(QuestionForm.self, from: request, context: context)
        return try await change(context, w, id: id) { d in
            guard let index = d.questions.firstIndex(where: { $0.key == key }) else { throw FieldError("key", "is not a question of this survey") }
            if let text = form.text { d.questions[index].text.values[d.defaultLanguage] = text }
            d.questions[index].required = form.required == "on"
        }
    }

    @Sendable func deleteQuestion(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let id = try context.id(of: "survey")
        let key = try context.parameters.require("key")
        return try await change(context, w, id: id) { d in d.questions.removeAll { $0.key == key } }
    }

    struct InviteForm: Decodable { let customer: String?; let language: String? }

    @Sendable func invite(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let id = try context.id(of: "survey")
        let form = try await FormBody.decode(InviteForm.self, from: request, context: context)
        do {
            let customer = form.customer?.trimmingWhitespace()
            let outcome = try await services.invitations.create(w.id, [InvitationRequest(
                surveyID: id, customerExternalID: customer?.isEmpty == true ? nil : customer,
                language: form.language?.isEmpty == false ? form.language : nil)], batch: false)[0]
            switch outcome {
            case .created(_, let token, _):
                return try await renderShow(context, w, id: id, inviteLink: "\(services.configuration.baseURL)/i/\(token)")
            case .skipped(let reason, _):
                return try await renderShow(context, w, id: id, notice: "Not invited: \(reason).")
            }
        } catch let error as FieldError {
            return try await renderShow(context, w, id: id, error: AuthPages.sentence(error))
        }
    }

    // MARK: responses

    struct ResponsesModel {
        struct Row { let received: String; let survey: String; let touchpoint: String; let channel: String; let summary: String }
        struct Choice { let value: String; let label: String; let selected: Bool }
        let layout: LayoutModel
        let rows: [Row]
        let surveys: [Choice]
        let nextHref: String?
        let firstHref: String?
        let csvHref: String
        let jsonHref: String
    }

    @Sendable func responses(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let surveyID = try ResponsesAPI.uuidParameter(request, "survey_id")
        let cursor = request.uri.queryParameters["cursor"].map(String.init)
        let surveys = try await services.surveys.list(w.id)
        let byID = Dictionary(uniqueKeysWithValues: surveys.map { ($0.id, $0) })
        let touchpoints = Dictionary(uniqueKeysWithValues: try await services.catalogue.touchpoints(w.id).map { ($0.id, $0.touchpoint.name) })
        let page = try await services.responses.list(w.id, filter: .init(surveyID: surveyID), cursor: cursor, limit: 50)
        let query = surveyID.map { "survey_id=\($0)" } ?? ""
        let model = ResponsesModel(
            layout: try await WorkspacePages.layout(services, context, w, title: "Responses", section: "responses"),
            rows: page.items.map { r in
                let d = byID[r.surveyID]?.definition
                return .init(received: Timestamp.format(r.receivedAt).prefix(16).replacingOccurrences(of: "T", with: " "),
                             survey: d?.name ?? "?", touchpoint: r.touchpointID.flatMap { touchpoints[$0] } ?? "—", channel: r.channel,
                             summary: (d?.questions ?? []).compactMap { q in r.answers[q.key].map { "\(q.key): \(CSVLine.cell($0))" } }
                                .joined(separator: " · "))
            },
            surveys: surveys.map { .init(value: $0.id.uuidString, label: $0.definition.name, selected: $0.id == surveyID) },
            nextHref: page.nextCursor.map { "/w/\(w.slug)/responses?\(query)&cursor=\(CustomerPages.encode($0))" },
            firstHref: cursor == nil ? nil : "/w/\(w.slug)/responses?\(query)",
            csvHref: "/api/v1/workspaces/\(w.slug)/responses/export?format=csv&\(query)",
            jsonHref: "/api/v1/workspaces/\(w.slug)/responses/export?format=json&\(query)")
        return services.pages.render("responses", model)
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        switch self {
        case .some(let value): try await transform(value)
        case .none: nil
        }
    }
}
