import FocusCore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// What the website widget uses: the script, a survey's prompt, and posting the answer.
/// Open to every origin (CORS), without cookies: it can only add a response to a live survey.
struct PublicSurveyAPI {
    let services: FocusServices

    struct PromptDTO: Codable {
        struct QuestionPart: Codable {
            let key: String; let text: String; let min: Int; let max: Int; let low: String; let high: String
        }
        struct FollowUp: Codable { let key: String; let text: String }
        let key: String
        let name: String
        let language: String
        let question: QuestionPart
        let followUp: FollowUp?
        let thanks: String
        let sendLabel: String

        enum CodingKeys: String, CodingKey {
            case key, name, language, question, thanks
            case followUp = "follow_up"
            case sendLabel = "send_label"
        }
    }

    struct WidgetInput: Decodable {
        let answers: [String: JSONValue]
        let language: String?
        let hidden: [String: String]?
    }

    struct AcceptedDTO: Codable { let id: UUID }

    func addRoutes(to routes: RouteTable) {
        let script = services.pages.widgetScript
        routes.open(.get, "/widget.js") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "public, max-age=300",
                                            .accessControlAllowOrigin: "*"],
                     body: .init(byteBuffer: ByteBuffer(string: script)))
        }
        routes.open(.get, "/api/v1/public/surveys/:key", surface: .api, operation: .init(
            id: "getSurveyPrompt", summary: "A live survey's headline question and follow-up, for the website widget.", tag: "Public",
            response: .object("SurveyPrompt"), query: [.init("lang", "The respondent's language.")]), prompt)
        routes.open(.post, "/api/v1/public/surveys/:key/responses", surface: .api, csrfExempt: true, operation: .init(
            id: "postWidgetResponse",
            summary: "Store the widget's answer (JSON, sent as application/json or text/plain to spare a CORS preflight).",
            tag: "Public", request: .object("WidgetInput"), response: .object("Accepted"), status: 201), submit)
    }

    static func cors(_ response: Response) -> Response {
        var response = response
        response.headers[.accessControlAllowOrigin] = "*"
        return response
    }

    /// A live survey the widget can answer in full: a headline score and at most a follow-up
    /// text; no brand question and no other required question, which the widget would not ask.
    private func survey(_ context: FocusRequestContext) async throws -> SurveyRecord {
        guard let survey = try await services.surveys.get(publicKey: try context.parameters.require("key")), survey.status == .live,
              let headline = survey.definition.headline
        else { throw APIError(.notFound, "no live survey with a score question has this key", field: "key") }
        let followUp = survey.definition.questions.first { $0.kind == .text }
        guard !survey.definition.asksBrand,
              survey.definition.questions.allSatisfy({ !$0.required || $0.key == headline.key || $0.key == followUp?.key })
        else { throw APIError(.unprocessableContent, "this survey asks more than the widget can (a brand or other required questions); use its link", field: "key") }
        return survey
    }

    @Sendable func prompt(_ request: Request, _ context: FocusRequestContext) async throws -> Response {
        do {
            let survey = try await survey(context)
            let d = survey.definition
            let lang = PublicSurveyPages.language(request, survey: d)
            let q = d.headline!
            let range = q.scale!
            let followUp = d.questions.first { $0.kind == .text }
            let dto = PromptDTO(
                key: survey.publicKey, name: d.name, language: lang,
                question: .init(key: q.key, text: q.text.text(lang, fallback: d.defaultLanguage), min: range.lowerBound,
                                max: range.upperBound, low: RespondentText.language(lang).scaleEnds(q.kind)?.low ?? "",
                                high: RespondentText.language(lang).scaleEnds(q.kind)?.high ?? ""),
                followUp: followUp.map { .init(key: $0.key, text: $0.text.text(lang, fallback: d.defaultLanguage)) },
                thanks: d.thanks.text(lang, fallback: d.defaultLanguage), sendLabel: RespondentText.language(lang).send)
            return Self.cors(try JSONBody.response(dto))
        } catch let error as APIError {
            return Self.cors(error.jsonResponse())
        } catch {
            context.logger.error("widget prompt failed", metadata: ["error": "\(String(reflecting: error))"])
            return Self.cors(APIError(.internalServerError, "something went wrong on our side; it has been logged").jsonResponse())
        }
    }

    @Sendable func submit(_ request: Request, _ context: FocusRequestContext) async throws -> Response {
        do {
            let survey = try await survey(context)
            let input = try await JSONBody.decode(WidgetInput.self, from: request, context: context, acceptPlainText: true)
            var answers: [String: AnswerInput] = [:]
            for (key, value) in input.answers { answers[key] = try value.answer(field: "answers.\(key)") }
            let language = input.language.flatMap { survey.definition.languages.contains($0) ? $0 : nil }
            let outcome = try await services.responses.submit(survey.workspaceID, [ResponseSubmission(
                surveyID: survey.id, answers: answers, channel: "widget", language: language, hidden: input.hidden ?? [:])], batch: false)
            return Self.cors(try JSONBody.response(AcceptedDTO(id: outcome.records[0].id), status: .created))
        } catch let error as APIError {
            return Self.cors(error.jsonResponse())
        } catch let error as FieldError {
            return Self.cors(APIError(error).jsonResponse())
        } catch {
            context.logger.error("widget response failed", metadata: ["error": "\(String(reflecting: error))"])
            return Self.cors(APIError(.internalServerError, "something went wrong on our side; it has been logged").jsonResponse())
        }
    }
}
