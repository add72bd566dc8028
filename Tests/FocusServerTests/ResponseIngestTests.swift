@testable import FocusServer
import FocusCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@Suite("Responses API: nothing invalid is written, nothing is stored twice")
struct ResponseIngestTests {
    static let base = "/api/v1/workspaces/acme-insurance"

    @Test("each kind of bad input gets a 4xx naming the field, and writes nothing", arguments: TestBackend.allCases)
    func badInput(backend: TestBackend) async throws {
        try await TestApp.run(backend) { app, client in
            // setup
            let (workspace, survey) = try await app.liveSurvey()
            let api = APIClient(client: client, token: try await app.token(workspace: workspace, role: .agent))
            let draft = try await app.services.surveys.createFromTemplate(workspace.id, .relationshipNPS, name: nil, touchpointID: nil)
            let s = survey.id.uuidString
            let long = String(repeating: "x", count: 2001)
            let cases: [(String, String, HTTPResponse.Status, String)] = [
                ("responses", #"{"survey_id":"\#(UUID())","answers":{"csat":3}}"#, .unprocessableContent, "survey_id"),
                ("responses", #"{"survey_id":"\#(draft.id)","answers":{"nps":3}}"#, .unprocessableContent, "survey_id"),
                ("responses", #"{"survey_id":"\#(s)","answers":{"csat":6}}"#, .unprocessableContent, "answers.csat"),
                ("responses", #"{"survey_id":"\#(s)","answers":{"csat":0}}"#, .unprocessableContent, "answers.csat"),
                ("responses", #"{"survey_id":"\#(s)","answers":{"resolved":"yes"}}"#, .unprocessableContent, "answers.csat"),
                ("responses", #"{"survey_id":"\#(s)","answers":{"csat":"great"}}"#, .unprocessableContent, "answers.csat"),
                ("responses", #"{"survey_id":"\#(s)","answers":{"csat":true}}"#, .unprocessableContent, "answers.csat"),
                ("responses", #"{"survey_id":"\#(s)","answers":{"csat":4,"resolved":"perhaps"}}"#, .unprocessableContent, "answers.resolved"),
                ("responses", #"{"survey_id":"\#(s)","answers":{"csat":4,"comment":"\#(long)"}}"#, .unprocessableContent, "answers.comment"),
                ("responses", #"{"survey_id":"\#(s)","answers":{"csat":4,"colour":"blue"}}"#, .unprocessableContent, "answers.colour"),
                ("responses", #"{"survey_id":"\#(s)","answers":{"csat":4},"customer_id":"nobody"}"#, .unprocessableContent, "customer_id"),
                ("responses", #"{"survey_id":"\#(s)","answers":{"csat":4},"channel":"pigeon"}"#, .unprocessableContent, "channel"),
                ("responses", #"{"survey_id":"\#(s)","answers":{"csat":4},"received_at":"yesterday"}"#, .unprocessableContent, "received_at"),
                ("responses", #"{"survey_id":"\#(s)","answers":{"csat":4},"language":"xx"}"#, .unprocessableContent, "language"),
                ("responses", #"{"survey_id":"\#(s)","answers":{"csat":4},"hidden":{"plan":"a\u0000b"}}"#, .unprocessableContent, "hidden.plan"),
                ("responses", #"{"survey_id":"not-a-uuid","answers":{"csat":4}}"#, .badRequest, "survey_id"),
                ("responses", #"{"answers":{"csat":4}}"#, .badRequest, "survey_id"),
                ("responses", #"{"survey_id":"\#(s)","answers":{"csat":4}"#, .badRequest, "body"),
                ("responses", "", .badRequest, "body"),
                ("responses/batch", #"{"responses":[{"survey_id":"\#(s)","answers":{"csat":5}},{"survey_id":"\#(s)","answers":{"csat":9}}]}"#,
                 .unprocessableContent, "responses[1].answers.csat"),
                ("responses/batch", #"{"responses":[]}"#, .unprocessableContent, "responses"),
                ("responses/batch", #"{"responses":[{"survey_id":"\#(s)","answers":{"csat":5}},{"survey_id":"\#(s)"}]}"#, .badRequest,
                 "responses[1].answers"),
            ]

            for (path, body, status, field) in cases {
                // MUT
                let response = try await api.call(.post, "\(Self.base)/\(path)", json: body)
                // validate
                #expect(response.status == status, "\(body.prefix(90))")
                #expect(try (response.json()["error"] as? [String: Any])?["field"] as? String == field, "\(body.prefix(90))")
            }
            #expect(try await app.responseCount(workspace) == 0)
            #expect(try await app.services.surveys.answeredKeys(survey.id, on: app.services.database.db).isEmpty)
        }
    }

    @Test("an idempotency key sent twice stores one response and answers the same", arguments: TestBackend.allCases)
    func idempotency(backend: TestBackend) async throws {
        try await TestApp.run(backend) { app, client in
            // setup
            let (workspace, survey) = try await app.liveSurvey()
            let token = try await app.token(workspace: workspace, role: .agent)
            let body = #"{"survey_id":"\#(survey.id)","answers":{"csat":2,"comment":"slow"},"customer_id":"C-1"}"#
            func post(_ key: String, _ body: String, path: String = "responses") async throws -> TestResponse {
                try await client.execute(uri: "\(Self.base)/\(path)", method: .post,
                                         headers: [.authorization: "Bearer \(token)", .contentType: "application/json",
                                                   HTTPField.Name("Idempotency-Key")!: key],
                                         body: ByteBuffer(string: body))
            }

            // MUT
            let first = try await post("ticket-1", body)
            let second = try await post("ticket-1", body)
            let changed = try await post("ticket-1", body.replacingOccurrences(of: "slow", with: "fast"))
            let other = try await post("ticket-2", body)
            let batchBody = #"{"responses":[{"survey_id":"\#(survey.id)","answers":{"csat":5}},{"survey_id":"\#(survey.id)","answers":{"csat":4}}]}"#
            let batch1 = try await post("batch-1", batchBody, path: "responses/batch")
            let batch2 = try await post("batch-1", batchBody, path: "responses/batch")

            // validate
            #expect(first.status == .created)
            #expect(second.status == .created)
            #expect(second.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            #expect(String(buffer: first.body) == String(buffer: second.body))
            #expect(changed.status == .unprocessableContent)
            #expect(other.status == .created)
            #expect(batch1.status == .created)
            #expect(String(buffer: batch1.body) == String(buffer: batch2.body))
            #expect(try await app.responseCount(workspace) == 4)
        }
    }

    @Test("a stored response is listed with its customer, scores and answers; pages and filters work", arguments: TestBackend.allCases)
    func listAndExport(backend: TestBackend) async throws {
        try await TestApp.run(backend) { app, client in
            // setup
            let (workspace, survey) = try await app.liveSurvey()
            let api = APIClient(client: client, token: try await app.token(workspace: workspace, role: .agent))
            for i in 1...5 {
                let comment = i == 1 ? "=HYPERLINK(1)" : "line \(i), with \"quotes\""
                let body: [String: Any] = ["survey_id": survey.id.uuidString, "answers": ["csat": i, "comment": comment],
                                           "received_at": "2026-0\(i)-15T10:00:00Z", "hidden": ["ticket": "T\(i)"]]
                let json = String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self)
                let r = try await api.call(.post, "\(Self.base)/responses", json: json)
                #expect(r.status == .created)
            }

            // MUT
            var seen: [String] = []
            var cursor: String?
            repeat {
                let page = try await api.call(.get, "\(Self.base)/responses?limit=2" + (cursor.map { "&cursor=\($0)" } ?? "")).json()
                seen += (page["items"] as? [[String: Any]] ?? []).compactMap { ($0["hidden"] as? [String: String])?["ticket"] }
                cursor = page["next_cursor"] as? String
            } while cursor != nil
            let spring = try await api.call(.get, "\(Self.base)/responses?from=2026-03-01&to=2026-05-01").json()
            let csv = try await api.call(.get, "\(Self.base)/responses/export?format=csv&survey_id=\(survey.id)")
            let json = try await api.call(.get, "\(Self.base)/responses/export?format=json").jsonArray()

            // validate
            #expect(seen == ["T5", "T4", "T3", "T2", "T1"])
            #expect((spring["items"] as? [[String: Any]])?.count == 2)
            let lines = csv.text.split(separator: "\r\n")
            #expect(lines.count == 6)
            #expect(lines[0] == "id,survey_id,touchpoint_id,brand_id,customer_id,channel,language,received_at,csat,resolved,comment")
            #expect(lines[1].hasSuffix(#",5,,"line 5, with ""quotes""""#))
            #expect(json.count == 5)
            #expect(lines[5].hasSuffix(",1,,'=HYPERLINK(1)"), "a formula is defused: \(lines[5])")
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
        }
    }
}
