@testable import FocusServer
import FocusCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("The OpenAPI document")
struct OpenAPITests {
    static func document(_ client: any TestClientProtocol) async throws -> [String: Any] {
        let browser = Browser(client: client)
        let response = try await browser.get("/openapi.json")
        #expect(response.status == .ok)
        return try response.json()
    }

    @Test("describes exactly the API routes the server has, and every reference resolves")
    func matchesRoutes() async throws {
        try await TestApp.run(.sqlite) { app, client in
            // setup
            let doc = try await Self.document(client)
            let paths = try #require(doc["paths"] as? [String: [String: Any]])
            let schemas = try #require((doc["components"] as? [String: Any])?["schemas"] as? [String: Any])

            // validate: the same set of (method, path) both ways
            let documented = Set(paths.flatMap { path, ops in ops.keys.map { "\($0.uppercased()) \(path)" } })
            let routed = Set(app.routes.filter { $0.surface == .api }
                .map { "\($0.method.rawValue) \(OpenAPIDocument.openAPIPath($0.path))" })
            #expect(documented == routed)
            #expect(doc["openapi"] as? String == "3.1.0")

            // every $ref points at a schema that exists
            func refs(_ value: Any) -> [String] {
                if let d = value as? [String: Any] { return (d["$ref"] as? String).map { [$0] } ?? d.values.flatMap(refs) }
                if let a = value as? [Any] { return a.flatMap(refs) }
                return []
            }
            for ref in refs(doc) {
                #expect(schemas[String(ref.split(separator: "/").last!)] != nil, "\(ref) resolves")
            }
            // every path parameter is declared
            for (path, ops) in paths {
                for (method, op) in ops {
                    let declared = Set(((op as? [String: Any])?["parameters"] as? [[String: Any]] ?? [])
                        .filter { $0["in"] as? String == "path" }.compactMap { $0["name"] as? String })
                    let inPath = Set(path.split(separator: "/").filter { $0.hasPrefix("{") }.map { String($0.dropFirst().dropLast()) })
                    #expect(declared == inPath, "\(method) \(path) declares its path parameters")
                }
            }
        }
    }

    @Test("a path the API does not have answers a JSON 404 that points to the document; pages keep a plain 404")
    func unknownPath() async throws {
        try await TestApp.run(.sqlite) { app, client in
            // setup
            let (workspace, _) = try await app.liveSurvey()
            let api = APIClient(client: client, token: try await app.token(workspace: workspace, role: .owner))

            // MUT
            let missing = try await api.call(.get, "/api/v1/workspaces/acme-insurance/contacts/report")
            let page = try await api.call(.get, "/no-such-page")

            // validate
            #expect(missing.status == .notFound)
            let error = try #require(try missing.json()["error"] as? [String: Any])
            #expect((error["message"] as? String)?.contains("/openapi.json") == true)
            #expect(page.status == .notFound && !page.text.contains("openapi"))
        }
    }

    @Test("real responses match their documented schemas", arguments: TestBackend.allCases)
    func responsesMatchSchemas(backend: TestBackend) async throws {
        try await TestApp.run(backend) { app, client in
            // setup
            _ = try await app.setUpOwner(client)
            let workspace = try #require(try await app.services.workspaces.find(slug: "acme-insurance"))
            let api = APIClient(client: client, token: try await app.token(workspace: workspace, role: .owner))
            let doc = try await Self.document(client)
            let paths = try #require(doc["paths"] as? [String: [String: Any]])
            let check = SchemaCheck(components: try #require((doc["components"] as? [String: Any])?["schemas"] as? [String: Any]))
            let base = "/api/v1/workspaces/acme-insurance"

            let tp = try await api.call(.post, "\(base)/touchpoints", json: #"{"name":"Phone line","stage":"Get help"}"#)
            let tpID = try #require(try tp.json()["id"] as? String)
            let customer = try await api.call(.post, "\(base)/customers", json: #"{"external_id":"C-1","name":"Ann","status":"churned","since":"2020-01-01","churned_on":"2024-05-01","attributes":{"region":"North"},"value_per_year":120.5}"#)
            let customerID = try #require(try customer.json()["id"] as? String)
            var calls: [(String, String, PageResponse)] = [
                ("get", "/healthz", try await api.call(.get, "/healthz")),
                ("get", "/api/v1/me", try await api.call(.get, "/api/v1/me")),
                ("get", "/api/v1/workspaces", try await api.call(.get, "/api/v1/workspaces")),
                ("post", "\(base)/touchpoints", tp),
                ("get", "\(base)/touchpoints", try await api.call(.get, "\(base)/touchpoints")),
                ("get", "\(base)/touchpoints/{id}", try await api.call(.get, "\(base)/touchpoints/\(tpID)")),
                ("put", "\(base)/touchpoints/{id}", try await api.call(.put, "\(base)/touchpoints/\(tpID)", json: #"{"name":"Phone","kind":"external"}"#)),
                ("get", "\(base)/stages", try await api.call(.get, "\(base)/stages")),
                ("post", "\(base)/stages", try await api.call(.post, "\(base)/stages", json: #"{"name":"Claim"}"#)),
                ("post", "\(base)/brands", try await api.call(.post, "\(base)/brands", json: #"{"name":"Acme","is_own":true}"#)),
                ("get", "\(base)/brands", try await api.call(.get, "\(base)/brands")),
                ("post", "\(base)/customers", customer),
                ("get", "\(base)/customers", try await api.call(.get, "\(base)/customers")),
                ("get", "\(base)/customers/{id}", try await api.call(.get, "\(base)/customers/\(customerID)")),
                ("put", "\(base)/customers/{id}", try await api.call(.put, "\(base)/customers/\(customerID)", json: #"{"external_id":"C-1"}"#)),
                ("post", "\(base)/customers", try await api.call(.post, "\(base)/customers", json: #"{"external_id":""}"#)),
            ]
            let survey = try await api.call(.post, "\(base)/surveys/from-template", json: #"{"template":"competitor_benchmark"}"#)
            let surveyID = try #require(try survey.json()["id"] as? String)
            let live = try await api.call(.post, "\(base)/surveys/\(surveyID)/status", json: #"{"status":"live"}"#)
            let response = try await api.call(.post, "\(base)/responses", json: #"{"survey_id":"\#(surveyID)","brand":"Acme","answers":{"nps":7,"speed":3,"comment":"ok"},"customer_id":"C-1"}"#)
            let key = try #require(try survey.json()["public_key"] as? String)
            calls += [
                ("get", "/api/v1/survey-templates", try await api.call(.get, "/api/v1/survey-templates")),
                ("post", "\(base)/surveys/from-template", survey),
                ("post", "\(base)/surveys/{id}/status", live),
                ("get", "\(base)/surveys", try await api.call(.get, "\(base)/surveys")),
                ("get", "\(base)/surveys/{id}", try await api.call(.get, "\(base)/surveys/\(surveyID)")),
                ("post", "\(base)/responses", response),
                ("post", "\(base)/responses", try await api.call(.post, "\(base)/responses", json: #"{"survey_id":"\#(surveyID)","answers":{"nps":7}}"#)),
                ("post", "\(base)/responses/batch", try await api.call(.post, "\(base)/responses/batch", json: #"{"responses":[{"survey_id":"\#(surveyID)","brand":"Acme","answers":{"nps":1}}]}"#)),
                ("get", "\(base)/responses", try await api.call(.get, "\(base)/responses")),
                ("get", "\(base)/responses/export", try await api.call(.get, "\(base)/responses/export")),
                ("post", "\(base)/invitations", try await api.call(.post, "\(base)/invitations", json: #"{"survey_id":"\#(surveyID)","customer_id":"C-1"}"#)),
                ("post", "\(base)/invitations", try await api.call(.post, "\(base)/invitations", json: #"{"survey_id":"\#(surveyID)","customer_id":"C-1"}"#)),
                ("post", "\(base)/invitations/batch", try await api.call(.post, "\(base)/invitations/batch", json: #"{"invitations":[{"survey_id":"\#(surveyID)"}]}"#)),
                ("get", "\(base)/settings", try await api.call(.get, "\(base)/settings")),
                ("put", "\(base)/settings", try await api.call(.put, "\(base)/settings", json: #"{"fatigue_days":14}"#)),
                ("get", "/api/v1/public/surveys/{key}", try await api.call(.get, "/api/v1/public/surveys/\(key)")),
                ("post", "/api/v1/public/surveys/{key}/responses", try await api.call(.post, "/api/v1/public/surveys/\(key)/responses", json: #"{"answers":{"nps":10}}"#)),
                ("post", "/api/v1/public/surveys/{key}/responses", try await api.call(.post, "/api/v1/public/surveys/\(key)/responses", json: #"{"answers":{"nps":11}}"#)),
                ("get", "\(base)/scores", try await api.call(.get, "\(base)/scores")),
                ("get", "\(base)/surveys/{id}/drivers", try await api.call(.get, "\(base)/surveys/\(surveyID)/drivers")),
                ("get", "\(base)/surveys/{id}/drivers", try await api.call(.get, "\(base)/surveys/\(surveyID)/drivers?missing=sometimes")),
                ("get", "\(base)/scores", try await api.call(.get, "\(base)/scores?from=2001-01-01&to=2001-01-31")),
                ("get", "\(base)/scores", try await api.call(.get, "\(base)/scores?channel=pigeon")),
                ("get", "\(base)/scores/trend", try await api.call(.get, "\(base)/scores/trend?granularity=day")),
                ("get", "\(base)/scores/breakdown", try await api.call(.get, "\(base)/scores/breakdown?by=brand")),
                ("get", "\(base)/scores/breakdown", try await api.call(.get, "\(base)/scores/breakdown?by=stage&segment=none")),
                ("post", "\(base)/contact-reasons/adopt", try await api.call(.post, "\(base)/contact-reasons/adopt", json: #"{"taxonomy":"retail"}"#)),
                ("get", "\(base)/contact-reasons", try await api.call(.get, "\(base)/contact-reasons")),
                ("get", "\(base)/contact-reasons/starters", try await api.call(.get, "\(base)/contact-reasons/starters")),
                ("post", "\(base)/contact-reasons", try await api.call(.post, "\(base)/contact-reasons", json: #"{"category":"Web","name":"Login help","avoidable":true,"fix":"self_service"}"#)),
                ("post", "\(base)/contacts", try await api.call(.post, "\(base)/contacts", json: #"{"channel":"phone","customer_id":"C-1","wait_seconds":30,"team":"Desk"}"#)),
                ("post", "\(base)/contacts/batch", try await api.call(.post, "\(base)/contacts/batch", json: #"{"contacts":[{"channel":"chat"}]}"#)),
                ("post", "\(base)/contacts", try await api.call(.post, "\(base)/contacts", json: #"{"channel":"fax"}"#)),
                ("get", "\(base)/contacts", try await api.call(.get, "\(base)/contacts")),
                ("get", "\(base)/contacts/analysis", try await api.call(.get, "\(base)/contacts/analysis")),
                ("get", "\(base)/contact-settings", try await api.call(.get, "\(base)/contact-settings")),
                ("put", "\(base)/contact-settings", try await api.call(.put, "\(base)/contact-settings", json: #"{"repeat_days":10}"#)),
            ]
            let comments = try await api.call(.get, "\(base)/comments?q=ok")
            let commentItems = try #require(try comments.json()["items"] as? [[String: Any]])
            let commentID = try #require(commentItems.first?["id"] as? String)
            let theme = try await api.call(.post, "\(base)/themes", json: #"{"name":"Okay","terms":{"en":["ok"]}}"#)
            let themeObject = try #require(try theme.json()["theme"] as? [String: Any])
            let themeID = try #require(themeObject["id"] as? String)
            calls += [
                ("get", "\(base)/comments", comments),
                ("get", "\(base)/comments", try await api.call(.get, "\(base)/comments?sentiment=furious")),
                ("get", "\(base)/comments/{id}", try await api.call(.get, "\(base)/comments/\(commentID)")),
                ("get", "\(base)/themes", try await api.call(.get, "\(base)/themes")),
                ("post", "\(base)/themes", theme),
                ("post", "\(base)/themes", try await api.call(.post, "\(base)/themes", json: #"{"name":"Bad","terms":{"en":["*"]}}"#)),
                ("put", "\(base)/themes/{id}", try await api.call(.put, "\(base)/themes/\(themeID)", json: #"{"terms":{"*":["ok*"]}}"#)),
                ("get", "\(base)/themes/impact", try await api.call(.get, "\(base)/themes/impact")),
                ("get", "\(base)/themes/emerging", try await api.call(.get, "\(base)/themes/emerging")),
                ("get", "\(base)/closed-loop", try await api.call(.get, "\(base)/closed-loop")),
                ("get", "\(base)/closed-loop", try await api.call(.get, "\(base)/closed-loop?touchpoint_id=\(tpID)")),
                ("get", "\(base)/closed-loop", try await api.call(.get, "\(base)/closed-loop?touchpoint_id=\(UUID())")),
            ]

            // validate
            for (method, concrete, response) in calls {
                let template = concrete.replacingOccurrences(of: "acme-insurance", with: "{workspace}")
                let op = try #require(paths[template]?[method] as? [String: Any], "\(method) \(template) is documented")
                let responses = try #require(op["responses"] as? [String: Any])
                let documented = try #require(responses["\(response.status.code)"] as? [String: Any],
                                              "\(method) \(template) documents status \(response.status.code)")
                let schema = try #require(((documented["content"] as? [String: Any])?["application/json"] as? [String: Any])?["schema"] as? [String: Any])
                let value = try JSONSerialization.jsonObject(with: Data(response.text.utf8))
                #expect(check.problems(value, schema) == [], "\(method) \(template) -> \(response.status.code)")
            }
        }
    }
}
