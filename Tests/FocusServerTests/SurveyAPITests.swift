@testable import FocusServer
import FocusCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Surveys API: templates, edits that keep answers meaningful, states")
struct SurveyAPITests {
    static let base = "/api/v1/workspaces/acme-insurance"

    @Test("a live survey takes new questions but refuses edits that break given answers", arguments: TestBackend.allCases)
    func editRules(backend: TestBackend) async throws {
        try await TestApp.run(backend) { app, client in
            // setup
            _ = try await app.setUpOwner(client)
            let workspace = try #require(try await app.services.workspaces.find(slug: "acme-insurance"))
            let api = APIClient(client: client, token: try await app.token(workspace: workspace, role: .analyst))
            let created = try await api.call(.post, "\(Self.base)/surveys/from-template", json: #"{"template":"relationship_nps"}"#)
            #expect(created.status == .created)
            let id = try #require(try created.json()["id"] as? String)
            let survey = try await api.call(.get, "\(Self.base)/surveys/\(id)").json()
            var questions = try #require(survey["questions"] as? [[String: Any]])
            #expect(questions.count == 7)
            #expect(try await api.call(.post, "\(Self.base)/surveys/\(id)/status", json: #"{"status":"live"}"#).status == .ok)
            #expect(try await api.call(.post, "\(Self.base)/responses", json: #"{"survey_id":"\#(id)","answers":{"nps":9,"speed":4}}"#).status == .created)

            func put(_ qs: [[String: Any]]) async throws -> PageResponse {
                let body = try JSONSerialization.data(withJSONObject: ["name": "Relationship NPS", "languages": ["en", "de"], "questions": qs])
                return try await api.call(.put, "\(Self.base)/surveys/\(id)", json: String(decoding: body, as: UTF8.self))
            }

            // MUT / validate: adding a question and rewording one is fine
            questions[0]["text"] = ["en": "Would you recommend us?", "de": "Würden Sie uns empfehlen?"]
            questions.append(["key": "channel_pref", "kind": "single_choice", "text": "How do you prefer to hear from us?",
                              "options": [["key": "mail", "label": "E-mail"], ["key": "phone", "label": "Phone"]]])
            #expect(try await put(questions).status == .ok)
            // removing an answered question is refused, naming it
            let withoutSpeed = questions.filter { $0["key"] as? String != "speed" }
            let refused = try await put(withoutSpeed)
            #expect(refused.status == .unprocessableContent)
            #expect(try (refused.json()["error"] as? [String: Any])?["field"] as? String == "questions[1]")
            // changing an answered question's kind is refused
            var rekinded = questions
            rekinded[0]["kind"] = "csat"
            #expect(try await put(rekinded).status == .unprocessableContent)
            // an unanswered one may go
            let withoutPrice = questions.filter { $0["key"] as? String != "price" }
            #expect(try await put(withoutPrice).status == .ok)
            // a survey with answers cannot go back to draft or be deleted
            #expect(try await api.call(.post, "\(Self.base)/surveys/\(id)/status", json: #"{"status":"draft"}"#).status == .unprocessableContent)
            #expect(try await api.call(.delete, "\(Self.base)/surveys/\(id)").status == .conflict)
            #expect(try await api.call(.post, "\(Self.base)/surveys/\(id)/status", json: #"{"status":"closed"}"#).status == .ok)
            let closed = try await api.call(.post, "\(Self.base)/responses", json: #"{"survey_id":"\#(id)","answers":{"nps":9}}"#)
            #expect(closed.status == .unprocessableContent)
            let final = try await api.call(.get, "\(Self.base)/surveys/\(id)").json()
            #expect((final["questions"] as? [[String: Any]])?.compactMap { $0["key"] as? String }
                    == ["nps", "speed", "friendliness", "competence", "clarity", "comment", "channel_pref"])
            #expect(try await app.services.responses.count(workspace.id) == 1)
        }
    }

    @Test("templates are listed, and an unknown one is refused", arguments: TestBackend.allCases)
    func templates(backend: TestBackend) async throws {
        try await TestApp.run(backend) { app, client in
            _ = try await app.setUpOwner(client)
            let workspace = try #require(try await app.services.workspaces.find(slug: "acme-insurance"))
            let api = APIClient(client: client, token: try await app.token(workspace: workspace, role: .analyst))
            let list = try await api.call(.get, "/api/v1/survey-templates").jsonArray()
            #expect(list.compactMap { $0["key"] as? String } == SurveyTemplate.allCases.map(\.rawValue))
            let bad = try await api.call(.post, "\(Self.base)/surveys/from-template", json: #"{"template":"astrology"}"#)
            #expect(bad.status == .unprocessableContent)
            #expect(try (bad.json()["error"] as? [String: Any])?["field"] as? String == "template")
            #expect(try await app.services.surveys.list(workspace.id).isEmpty)
        }
    }
}
