import FocusCore
import Foundation
import HTTPTypes
import Hummingbird

/// The respondent's side: a survey by its public link or by a personal invitation, answered
/// in the respondent's language, without an account and without JavaScript.
struct PublicSurveyPages {
    let services: FocusServices

    func addRoutes(to routes: RouteTable) {
        // Anonymous posts carry no ambient authority to forge, so they need no CSRF token.
        routes.open(.get, "/s/:key", showPublic)
        routes.open(.post, "/s/:key", csrfExempt: true, submitPublic)
        routes.open(.get, "/s/:key/thanks", thanksPublic)
        routes.open(.get, "/i/:token", showInvitation)
        routes.open(.post, "/i/:token", csrfExempt: true, submitInvitation)
    }

    // MARK: the page model

    struct QuestionModel {
        struct Point { let value: Int; let checked: Bool; let id: String }
        struct OptionModel { let key: String; let label: String; let checked: Bool; let id: String }
        let key: String
        let field: String
        let step: String
        let text: String
        let required: Bool
        let isScale: Bool
        let isSingle: Bool
        let isMultiple: Bool
        let isText: Bool
        let points: [Point]
        let lowLabel: String
        let highLabel: String
        let options: [OptionModel]
        let value: String
        let maxLength: Int
        let error: String?
    }

    struct SurveyPageModel {
        struct LanguageLink { let code: String; let href: String; let current: Bool }
        let title: String
        let lang: String
        let send: String
        let requiredLabel: String
        let brandQuestion: String
        let intro: String
        let action: String
        let questions: [QuestionModel]
        let total: Int
        let languages: [LanguageLink]
        let hasManyLanguages: Bool
        let errorCount: Int
        let errorSummary: String?
        let asksBrand: Bool
        let brands: [QuestionModel.OptionModel]
        let brandError: String?
    }

    struct MessageModel {
        let title: String
        let lang: String
        let heading: String
        let message: String
    }

    /// The respondent's language: `?lang=`, else the browser's first that the survey has, else its default.
    static func language(_ request: Request, survey: SurveyDefinition, preferred: String? = nil) -> String {
        if let lang = request.uri.queryParameters["lang"].map(String.init), survey.languages.contains(lang) { return lang }
        if let preferred, survey.languages.contains(preferred) { return preferred }
        let header = request.headers[.acceptLanguage] ?? ""
        for part in header.split(separator: ",") {
            let code = part.split(separator: ";")[0].trimmingCharacters(in: .whitespaces).lowercased()
            let base = String(code.prefix { $0 != "-" })
            if survey.languages.contains(code) { return code }
            if survey.languages.contains(base) { return base }
        }
        return survey.defaultLanguage
    }

    func pageModel(_ survey: SurveyRecord, lang: String, action: String, values: [String: [String]], errors: [String: String],
                   brands: [BrandRecord]) -> SurveyPageModel {
        let d = survey.definition
        let total = d.questions.count
        let words = RespondentText.language(lang)
        let questions = d.questions.enumerated().map { index, q -> QuestionModel in
            let given = values["q.\(q.key)"] ?? []
            let ends = words.scaleEnds(q.kind)
            return QuestionModel(
                key: q.key, field: "q.\(q.key)", step: words.question(index + 1, of: total), text: q.text.text(lang, fallback: d.defaultLanguage),
                required: q.required, isScale: q.kind.isScale, isSingle: q.kind == .singleChoice,
                isMultiple: q.kind == .multipleChoice, isText: q.kind == .text,
                points: q.scale.map { $0.map { .init(value: $0, checked: given.first == String($0), id: "\(q.key)-\($0)") } } ?? [],
                lowLabel: ends?.low ?? "", highLabel: ends?.high ?? "",
                options: q.options.map { .init(key: $0.key, label: $0.label.text(lang, fallback: d.defaultLanguage),
                                              checked: given.contains($0.key), id: "\(q.key)-\($0.key)") },
                value: given.first ?? "", maxLength: q.maxLength ?? Question.defaultTextLimit, error: errors["answers.\(q.key)"])
        }
        let chosenBrand = values["brand"]?.first
        return SurveyPageModel(
            title: d.name, lang: lang, send: words.send, requiredLabel: words.required, brandQuestion: words.brandQuestion, intro: d.intro.text(lang, fallback: d.defaultLanguage), action: action,
            questions: questions, total: total,
            languages: d.languages.map { .init(code: $0, href: "?lang=\($0)", current: $0 == lang) },
            hasManyLanguages: d.languages.count > 1, errorCount: errors.count,
            errorSummary: errors.isEmpty ? nil : words.errorSummary(errors.count),
            asksBrand: d.asksBrand,
            brands: brands.map { .init(key: $0.brand.name, label: $0.brand.name, checked: chosenBrand == $0.brand.name, id: "brand-\($0.id)") },
            brandError: errors["brand"])
    }

    func message(_ title: String, _ heading: String, _ text: String, lang: String = "en", status: HTTPResponse.Status) -> Response {
        services.pages.render("survey-message", MessageModel(title: title, lang: lang, heading: heading, message: text), status: status)
    }

    /// The answers in a posted form: `q.<key>` fields (several for a multiple choice) and `brand`.
    static func formValues(_ request: Request, context: FocusRequestContext) async throws -> [String: [String]] {
        var request = request
        return try await FormBody.fields(&request, context: context)
    }

    static func answers(from values: [String: [String]], survey: SurveyDefinition) -> [String: AnswerInput] {
        var answers: [String: AnswerInput] = [:]
        for q in survey.questions {
            let given = values["q.\(q.key)"] ?? []
            switch q.kind {
            case .multipleChoice: answers[q.key] = .list(given)
            default: answers[q.key] = given.first.map { .text($0) } ?? .null
            }
        }
        return answers
    }

    // MARK: public link

    private func liveSurvey(_ context: FocusRequestContext) async throws -> SurveyRecord? {
        let key = try context.parameters.require("key")
        return try await services.surveys.get(publicKey: key)
    }

    @Sendable func showPublic(_ request: Request, _ context: FocusRequestContext) async throws -> Response {
        guard let survey = try await liveSurvey(context), survey.status != .draft else {
            return message("Survey not found", "This survey does not exist", "Please check the link you followed.", status: .notFound)
        }
        let lang = Self.language(request, survey: survey.definition)
        guard survey.status == .live else {
            return message(survey.definition.name, survey.definition.name, RespondentText.language(lang).closed, lang: lang, status: .gone)
        }
        let brands = survey.definition.asksBrand ? try await services.catalogue.brands(survey.workspaceID) : []
        let model = pageModel(survey, lang: lang, action: "/s/\(survey.publicKey)?lang=\(lang)", values: [:], errors: [:], brands: brands)
        return services.pages.render("survey", model)
    }

    @Sendable func submitPublic(_ request: Request, _ context: FocusRequestContext) async throws -> Response {
        guard let survey = try await liveSurvey(context), survey.status == .live else {
            return message("Survey closed", "This survey takes no answers", "It may have closed.", status: .gone)
        }
        let lang = Self.language(request, survey: survey.definition)
        let values = try await Self.formValues(request, context: context)
        let submission = ResponseSubmission(
            surveyID: survey.id, answers: Self.answers(from: values, survey: survey.definition), brand: values["brand"]?.first,
            channel: "link", language: lang)
        do {
            _ = try await services.responses.submit(survey.workspaceID, [submission], batch: false)
        } catch let error as FieldError {
            let brands = survey.definition.asksBrand ? try await services.catalogue.brands(survey.workspaceID) : []
            let model = pageModel(survey, lang: lang, action: "/s/\(survey.publicKey)?lang=\(lang)", values: values,
                                  errors: [error.field: Self.sentence(error)], brands: brands)
            return services.pages.render("survey", model, status: .unprocessableContent)
        }
        return .seeOther("/s/\(survey.publicKey)/thanks?lang=\(lang)")
    }

    @Sendable func thanksPublic(_ request: Request, _ context: FocusRequestContext) async throws -> Response {
        guard let survey = try await liveSurvey(context) else {
            return message("Survey not found", "This survey does not exist", "Please check the link you followed.", status: .notFound)
        }
        let lang = Self.language(request, survey: survey.definition)
        return message(survey.definition.name, survey.definition.thanks.text(lang, fallback: survey.definition.defaultLanguage),
                       RespondentText.language(lang).closeHint, lang: lang, status: .ok)
    }

    // MARK: personal invitation

    @Sendable func showInvitation(_ request: Request, _ context: FocusRequestContext) async throws -> Response {
        let token = try context.parameters.require("token")
        guard let invitation = try await services.invitations.resolve(token: token) else {
            return message("Survey not found", "This link is not valid", "Please check the link you followed.", status: .notFound)
        }
        let survey = invitation.survey
        let lang = Self.language(request, survey: survey.definition, preferred: invitation.language)
        switch invitation.state {
        case .answered:
            return message(survey.definition.name, survey.definition.name, RespondentText.language(lang).alreadyAnswered, lang: lang, status: .gone)
        case .expired:
            return message(survey.definition.name, survey.definition.name, RespondentText.language(lang).expired, lang: lang, status: .gone)
        case .open:
            guard survey.status == .live else {
                return message(survey.definition.name, survey.definition.name, RespondentText.language(lang).closed, lang: lang, status: .gone)
            }
            let brands = survey.definition.asksBrand ? try await services.catalogue.brands(survey.workspaceID) : []
            return services.pages.render("survey", pageModel(survey, lang: lang, action: "/i/\(token)?lang=\(lang)", values: [:],
                                                             errors: [:], brands: brands))
        }
    }

    @Sendable func submitInvitation(_ request: Request, _ context: FocusRequestContext) async throws -> Response {
        let token = try context.parameters.require("token")
        guard let invitation = try await services.invitations.resolve(token: token), invitation.state == .open,
              invitation.survey.status == .live
        else { return message("Not accepted", "This link takes no more answers", "It has been used, has expired, or the survey closed.", status: .gone) }
        let survey = invitation.survey
        let lang = Self.language(request, survey: survey.definition, preferred: invitation.language)
        let values = try await Self.formValues(request, context: context)
        var submission = ResponseSubmission(
            surveyID: survey.id, answers: Self.answers(from: values, survey: survey.definition), touchpointID: invitation.touchpointID,
            brand: values["brand"]?.first, channel: "invitation", language: lang, hidden: invitation.hidden, invitationID: invitation.id)
        submission.customerID = invitation.customerID
        do {
            _ = try await services.responses.submit(survey.workspaceID, [submission], batch: false)
        } catch let error as FieldError {
            let brands = survey.definition.asksBrand ? try await services.catalogue.brands(survey.workspaceID) : []
            return services.pages.render("survey", pageModel(survey, lang: lang, action: "/i/\(token)?lang=\(lang)", values: values,
                                                             errors: [error.field: Self.sentence(error)], brands: brands),
                                         status: .unprocessableContent)
        } catch {
            // The unique invitation id on responses refuses a second answer (a double submit).
            if try await services.invitations.resolve(token: token)?.state == .answered {
                return message(survey.definition.name, survey.definition.name, RespondentText.language(lang).alreadyAnswered, lang: lang, status: .gone)
            }
            throw error
        }
        try await services.invitations.markAnswered(invitation.id)
        return message(survey.definition.name, survey.definition.thanks.text(lang, fallback: survey.definition.defaultLanguage),
                       RespondentText.language(lang).closeHint, lang: lang, status: .ok)
    }

    static func sentence(_ error: FieldError) -> String {
        let message = error.message
        return message.prefix(1).uppercased() + message.dropFirst() + "."
    }
}
