@testable import FocusServer
import FocusCore
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SQLKit
import Testing

@Suite("Act: alert rules open cases on ingest exactly once; goodwill within authority; escalation; audit")
struct CaseworkTests {
    static let base = "/api/v1/workspaces/acme-insurance"

    /// A member of the workspace with a role, and an API client acting as that person.
    func person(_ app: TestApp, _ client: any TestClientProtocol, _ workspace: WorkspaceRecord, _ role: Role, _ name: String) async throws -> (id: UUID, api: APIClient) {
        let email = name.lowercased().replacingOccurrences(of: " ", with: ".") + "@example.com"
        let (_, invitation) = try await app.services.accounts.invite(workspaceID: workspace.id, name: name, email: email, role: role, invitedBy: nil)
        let id = try await app.services.accounts.acceptInvitation(token: invitation, signedIn: nil, password: "member password 1",
                                                                  confirmation: "member password 1")
        let principal = Principal(kind: .user, userID: id, displayName: name, email: email, roles: [workspace.id: role])
        let token = try await app.services.tokens.create(workspaceID: workspace.id, name: "\(name)'s token", role: role, by: principal,
                                                         creatorRole: role).1
        return (id, APIClient(client: client, token: token))
    }

    func field(_ answer: PageResponse) -> String? {
        ((try? answer.json())?["error"] as? [String: Any])?["field"] as? String
    }

    @Test("a detractor opens one case for the touchpoint's team; goodwill within the limit is final, above it waits for the lead; overdue escalates once",
          arguments: TestBackend.allCases)
    func closeTheLoop(backend: TestBackend) async throws {
        try await TestApp.run(backend) { app, client in
            // setup
            let (workspace, survey) = try await app.liveSurvey(.relationshipNPS)
            let owner = APIClient(client: client, token: try await app.token(workspace: workspace, role: .owner))
            let agent = try await person(app, client, workspace, .agent, "Ada Agent")
            let lead = try await person(app, client, workspace, .analyst, "Lee Lead")
            let claims = try await app.services.catalogue.createTouchpoint(workspace.id, Touchpoint(name: "Claims line"))
            let team = try await owner.call(.post, "\(Self.base)/teams", json: """
                {"name":"Claims","lead_id":"\(lead.id)","member_ids":["\(agent.id)"],"touchpoint_ids":["\(claims.id)"]}
                """)
            #expect(team.status == .created, "\(team.text)")
            let teamID = try team.json()["id"] as? String
            let rule = try await owner.call(.post, "\(Self.base)/alert-rules", json: """
                {"name":"Detractor follow-up","source":"responses","conditions":{"nps_at_most":6},
                 "actions":{"open_case":true,"priority":"high","assign":{"to":"touchpoint_team"}}}
                """)
            #expect(rule.status == .created, "\(rule.text)")
            let ruleID = try rule.json()["id"] as? String ?? ""

            // MUT: a detractor and a promoter through the API; the detractor's request is sent twice with one key.
            let detractor = #"{"survey_id":"\#(survey.id)","touchpoint_id":"\#(claims.id)","customer_id":"C-1","answers":{"nps":3,"comment":"Nobody called me back about my claim."}}"#
            var headers: HTTPFields = [.authorization: "Bearer \(owner.token)", .contentType: "application/json"]
            headers[HTTPField.Name("Idempotency-Key")!] = "detractor-1"
            let first = try await client.execute(uri: "\(Self.base)/responses", method: .post, headers: headers, body: .init(string: detractor))
            let again = try await client.execute(uri: "\(Self.base)/responses", method: .post, headers: headers, body: .init(string: detractor))
            let promoter = try await owner.call(.post, "\(Self.base)/responses", json: #"{"survey_id":"\#(survey.id)","answers":{"nps":10}}"#)
            let inbox = try await agent.api.call(.get, "\(Self.base)/cases?team_id=\(teamID ?? "")&status=open")

            // the case is there at once, for the claims team, due in the high priority's 24 hours
            #expect(first.status == .created && again.status.code / 100 == 2 && promoter.status == .created, "\(again.status) \(promoter.text)")
            let items = try #require(try inbox.json()["items"] as? [[String: Any]], "\(inbox.text)")
            #expect(items.count == 1)
            let opened = try #require(items.first)
            #expect(opened["title"] as? String == "Detractor follow-up: NPS 3")
            #expect(opened["priority"] as? String == "high" && opened["status"] as? String == "new")
            #expect(opened["team_id"] as? String == teamID && opened["owner_id"] is NSNull)
            let openedAt = try #require(Timestamp.parse(opened["opened_at"] as? String ?? ""))
            let dueAt = try #require(Timestamp.parse(opened["due_at"] as? String ?? ""))
            #expect(abs(dueAt - openedAt - 24 * 3600) < 1)
            let caseID = try #require(opened["id"] as? String)
            let matches = try await app.services.database.sql.select().column("subject_id").from("alert_matches")
                .where("rule_id", .equal, SQLBind(UUID(uuidString: ruleID)!)).all()
            #expect(matches.count == 1, "one match for one detractor, however often the request came")
            let rules = try await owner.call(.get, "\(Self.base)/alert-rules")
            #expect(try rules.jsonArray().first?["matches"] as? Int == 1)

            // the agent takes it, talks to the customer and gives goodwill
            let take = try await agent.api.call(.patch, "\(Self.base)/cases/\(caseID)", json: #"{"owner_id":"\#(agent.id)","status":"in_progress"}"#)
            #expect(take.status == .ok, "\(take.text)")
            let note = try await agent.api.call(.post, "\(Self.base)/cases/\(caseID)/notes", json: #"{"text":"Called Ann, apologised.","contacted":true}"#)
            #expect(note.status == .created)
            #expect(try note.json()["contacted_at"] is String && note.json()["first_action_at"] is String)
            let small = try await agent.api.call(.post, "\(Self.base)/cases/\(caseID)/goodwill", json: #"{"kind":"credit","amount":30,"reason":"Waited too long"}"#)
            let large = try await agent.api.call(.post, "\(Self.base)/cases/\(caseID)/goodwill", json: #"{"kind":"refund","amount":120.5,"reason":"Excess refunded"}"#)
            #expect(try small.json()["status"] as? String == "final", "\(small.text)")
            #expect(try large.json()["status"] as? String == "pending", "\(large.text)")
            let largeID = try large.json()["id"] as? String ?? ""
            let own = try await agent.api.call(.post, "\(Self.base)/goodwill/\(largeID)/approve")
            #expect(own.status == .unprocessableContent && field(own) == "approver", "\(own.text)")
            let pending = try await lead.api.call(.get, "\(Self.base)/goodwill")
            #expect(try pending.jsonArray().count == 1)
            let approved = try await lead.api.call(.post, "\(Self.base)/goodwill/\(largeID)/approve", json: #"{"note":"Fair."}"#)
            #expect(try approved.json()["status"] as? String == "approved", "\(approved.text)")
            let twice = try await lead.api.call(.post, "\(Self.base)/goodwill/\(largeID)/reject")
            #expect(twice.status == .unprocessableContent && field(twice) == "goodwill")

            // overdue: escalates to the team's lead, once
            let due = dueAt + 60
            let escalated = try await app.services.escalation.run(now: due)
            let none = try await app.services.escalation.run(now: due + 3600)
            #expect(escalated.map(\.id.uuidString).map { $0.lowercased() } == [caseID.lowercased()])
            #expect(escalated.first?.escalatedTo == lead.id)
            #expect(none.isEmpty)

            // resolving needs an outcome
            let noOutcome = try await agent.api.call(.patch, "\(Self.base)/cases/\(caseID)", json: #"{"status":"resolved"}"#)
            #expect(noOutcome.status == .unprocessableContent && field(noOutcome) == "outcome", "\(noOutcome.text)")
            let resolved = try await agent.api.call(.patch, "\(Self.base)/cases/\(caseID)", json: #"{"status":"resolved","outcome":"retained"}"#)
            #expect(try resolved.json()["outcome"] as? String == "retained")
            let backToNew = try await agent.api.call(.patch, "\(Self.base)/cases/\(caseID)", json: #"{"status":"new"}"#)
            #expect(backToNew.status == .unprocessableContent && field(backToNew) == "status")

            // the case page's data: timeline, goodwill, the customer's history
            let detail = try await agent.api.call(.get, "\(Self.base)/cases/\(caseID)")
            let body = try detail.json()
            let kinds = (body["events"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String }
            #expect(kinds == ["opened", "status", "assigned", "contacted", "goodwill", "goodwill", "approval", "escalated", "status"], "\(kinds)")
            #expect((body["goodwill"] as? [[String: Any]])?.compactMap { $0["status"] as? String } == ["final", "approved"])
            let history = try #require(body["history"] as? [String: Any])
            #expect((history["responses"] as? [Any])?.count == 1 && history["external_id"] as? String == "C-1")

            // every decision is in the audit log
            let audit = try await owner.call(.get, "\(Self.base)/audit-log?action=goodwill.")
            let actions = (try audit.json()["items"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
            #expect(Set(actions) == ["goodwill.given", "goodwill.requested", "goodwill.approved"], "\(audit.text)")
            let all = try await owner.call(.get, "\(Self.base)/audit-log")
            let everything = Set((try all.json()["items"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String })
            #expect(everything.isSuperset(of: ["team.created", "alert_rule.created", "case.status", "case.escalated"]), "\(everything)")
            let agentAudit = try await agent.api.call(.get, "\(Self.base)/audit-log")
            #expect(agentAudit.status == .forbidden)
        }
    }

    @Test("rules on contacts and comments: repeat contacts, keywords, negative sentiment, valuable customers; any or all",
          arguments: TestBackend.allCases)
    func conditions(backend: TestBackend) async throws {
        try await TestApp.run(backend) { app, client in
            // setup
            let (workspace, survey) = try await app.liveSurvey(.relationshipNPS)
            let owner = APIClient(client: client, token: try await app.token(workspace: workspace, role: .owner))
            let agent = try await person(app, client, workspace, .agent, "Ada Agent")
            _ = try await app.services.customers.create(workspace.id, Customer(externalID: "VIP", name: "Vera", valuePerYear: 25_000))
            _ = try await owner.call(.post, "\(Self.base)/contact-reasons/adopt", json: #"{"taxonomy":"insurance"}"#)
            let reasons = try await owner.call(.get, "\(Self.base)/contact-reasons")
            let reason = try #require(try reasons.jsonArray().first?["id"] as? String)
            let rules = [
                #"{"name":"Repeat contacts","source":"contacts","conditions":{"repeat_contact":true},"actions":{"priority":"normal","assign":{"to":"person","user_id":"\#(agent.id)"}}}"#,
                #"{"name":"Cancellation words","conditions":{"keywords":["cancel*","switch to another insurer"]},"actions":{"priority":"urgent","assign":{"to":"none"}}}"#,
                #"{"name":"Angry valuable customer","source":"responses","conditions":{"sentiment_below":-0.3,"customer_value_at_least":10000},"actions":{"priority":"high"}}"#,
            ]
            for body in rules {
                let created = try await owner.call(.post, "\(Self.base)/alert-rules", json: body)
                #expect(created.status == .created, "\(created.text)")
            }

            // MUT
            let contact = #"{"channel":"phone","customer_id":"C-1","reason_id":"\#(reason)"}"#
            let c1 = try await owner.call(.post, "\(Self.base)/contacts", json: contact)
            let c2 = try await owner.call(.post, "\(Self.base)/contacts", json: contact)
            let cancel = try await owner.call(.post, "\(Self.base)/contacts", json: #"{"channel":"email","note":"I want to CANCEL my policy today."}"#)
            let angryVIP = try await owner.call(.post, "\(Self.base)/responses", json: #"{"survey_id":"\#(survey.id)","customer_id":"VIP","answers":{"nps":8,"comment":"This is terrible, awful service and I am furious."}}"#)
            let calmVIP = try await owner.call(.post, "\(Self.base)/responses", json: #"{"survey_id":"\#(survey.id)","customer_id":"VIP","answers":{"nps":8,"comment":"Fine, thanks."}}"#)
            let angryNobody = try await owner.call(.post, "\(Self.base)/responses", json: #"{"survey_id":"\#(survey.id)","customer_id":"C-1","answers":{"nps":8,"comment":"This is terrible, awful service and I am furious."}}"#)
            let all = try await owner.call(.get, "\(Self.base)/cases")
            let mine = try await agent.api.call(.get, "\(Self.base)/cases?owner=me")

            #expect([c1, c2, cancel, angryVIP, calmVIP, angryNobody].allSatisfy { $0.status == .created }, "\([c1, c2, cancel, angryVIP, calmVIP, angryNobody].map(\.text))")
            let titles = Set((try all.json()["items"] as? [[String: Any]] ?? []).compactMap { $0["title"] as? String })
            #expect(titles == ["Repeat contacts: repeat contact", "Cancellation words: contact", "Angry valuable customer: NPS 8"], "\(titles)")
            let assigned = try mine.json()["items"] as? [[String: Any]] ?? []
            #expect(assigned.count == 1 && assigned.first?["title"] as? String == "Repeat contacts: repeat contact")
            #expect((try all.json()["items"] as? [[String: Any]] ?? []).first { $0["title"] as? String == "Cancellation words: contact" }?["priority"] as? String == "urgent")
        }
    }

    @Test("bad rules, changes and goodwill are refused naming the field, and change nothing", arguments: TestBackend.allCases)
    func badInput(backend: TestBackend) async throws {
        try await TestApp.run(backend) { app, client in
            // setup
            let (workspace, survey) = try await app.liveSurvey(.relationshipNPS)
            let owner = APIClient(client: client, token: try await app.token(workspace: workspace, role: .owner))
            _ = try await owner.call(.post, "\(Self.base)/alert-rules", json: #"{"name":"Detractors","conditions":{"nps_at_most":6}}"#)
            _ = try await owner.call(.post, "\(Self.base)/responses", json: #"{"survey_id":"\#(survey.id)","answers":{"nps":1}}"#)
            let caseID = try #require((try await owner.call(.get, "\(Self.base)/cases").json()["items"] as? [[String: Any]])?.first?["id"] as? String)
            let cases = "\(Self.base)/cases/\(caseID)"

            // MUT
            let bad: [(String, PageResponse, String)] = [
                ("nps range", try await owner.call(.post, "\(Self.base)/alert-rules", json: #"{"name":"x","conditions":{"nps_at_most":11}}"#), "conditions.nps_at_most"),
                ("no condition", try await owner.call(.post, "\(Self.base)/alert-rules", json: #"{"name":"x","conditions":{}}"#), "conditions"),
                ("empty name", try await owner.call(.post, "\(Self.base)/alert-rules", json: #"{"name":" ","conditions":{"nps_at_most":3}}"#), "name"),
                ("short stem", try await owner.call(.post, "\(Self.base)/alert-rules", json: #"{"name":"x","conditions":{"keywords":["ca*"]}}"#), "conditions.keywords[0]"),
                ("team missing", try await owner.call(.post, "\(Self.base)/alert-rules", json: #"{"name":"x","conditions":{"nps_at_most":3},"actions":{"assign":{"to":"team"}}}"#), "actions.assign.team_id"),
                ("unknown team", try await owner.call(.post, "\(Self.base)/alert-rules", json: #"{"name":"x","conditions":{"nps_at_most":3},"actions":{"assign":{"to":"team","team_id":"\#(UUID())"}}}"#), "actions.assign.team_id"),
                ("unknown webhook", try await owner.call(.post, "\(Self.base)/alert-rules", json: #"{"name":"x","conditions":{"nps_at_most":3},"actions":{"webhook_ids":["\#(UUID())"]}}"#), "actions.webhook_ids[0]"),
                ("score on contacts", try await owner.call(.post, "\(Self.base)/alert-rules", json: #"{"name":"x","source":"contacts","conditions":{"nps_at_most":3}}"#), "conditions"),
                ("status", try await owner.call(.patch, cases, json: #"{"status":"done"}"#), "status"),
                ("owner", try await owner.call(.patch, cases, json: #"{"owner_id":"\#(UUID())"}"#), "owner_id"),
                ("nothing", try await owner.call(.patch, cases, json: #"{}"#), "status"),
                ("amount decimals", try await owner.call(.post, "\(cases)/goodwill", json: #"{"kind":"credit","amount":1.234,"reason":"x"}"#), "amount"),
                ("amount zero", try await owner.call(.post, "\(cases)/goodwill", json: #"{"kind":"credit","amount":0,"reason":"x"}"#), "amount"),
                ("kind", try await owner.call(.post, "\(cases)/goodwill", json: #"{"kind":"voucher","amount":5,"reason":"x"}"#), "kind"),
                ("reason", try await owner.call(.post, "\(cases)/goodwill", json: #"{"kind":"credit","amount":5,"reason":""}"#), "reason"),
                ("note", try await owner.call(.post, "\(cases)/notes", json: #"{"text":"  "}"#), "text"),
                ("hours order", try await owner.call(.put, "\(Self.base)/case-policy", json: #"{"service_level_hours":{"urgent":48},"authority_limits":{"agent":80}}"#), "service_level_hours.high"),
                ("limit", try await owner.call(.put, "\(Self.base)/case-policy", json: #"{"authority_limits":{"agent":-1}}"#), "authority_limits.agent"),
                ("role", try await owner.call(.put, "\(Self.base)/case-policy", json: #"{"authority_limits":{"boss":1}}"#), "authority_limits.boss"),
                ("cursor", try await owner.call(.get, "\(Self.base)/cases?cursor=nope"), "cursor"),
                ("status filter", try await owner.call(.get, "\(Self.base)/cases?status=late"), "status"),
            ]
            let after = try await owner.call(.get, cases)
            let policy = try await owner.call(.get, "\(Self.base)/case-policy")

            for (label, answer, expected) in bad {
                #expect(answer.status.code >= 400 && answer.status.code < 500, "\(label): \(answer.status) \(answer.text)")
                #expect(field(answer) == expected, "\(label): \(answer.text)")
            }
            #expect(try await owner.call(.get, "\(Self.base)/alert-rules").jsonArray().count == 1)
            let detail = try after.json()
            #expect((detail["goodwill"] as? [Any])?.isEmpty == true && (detail["case"] as? [String: Any])?["status"] as? String == "new")
            // The hours were refused with the limits in the same request: neither changed.
            let p = try policy.json()
            #expect((p["service_level_hours"] as? [String: Double])?["urgent"] == 4 && (p["authority_limits"] as? [String: Double])?["agent"] == 50)
        }
    }

    @Test("every answer of the casework API matches its OpenAPI schema, errors included", arguments: TestBackend.allCases)
    func schemas(backend: TestBackend) async throws {
        try await TestApp.run(backend) { app, client in
            // setup
            let (workspace, survey) = try await app.liveSurvey(.relationshipNPS)
            let owner = APIClient(client: client, token: try await app.token(workspace: workspace, role: .owner))
            let agent = try await person(app, client, workspace, .agent, "Ada Agent")
            let doc = try await OpenAPITests.document(client)
            let paths = try #require(doc["paths"] as? [String: [String: Any]])
            let check = SchemaCheck(components: try #require((doc["components"] as? [String: Any])?["schemas"] as? [String: Any]))
            let b = Self.base
            let team = try await owner.call(.post, "\(b)/teams", json: #"{"name":"Care","lead_id":null,"member_ids":["\#(agent.id)"]}"#)
            let teamID = try team.json()["id"] as? String ?? ""
            let rule = try await owner.call(.post, "\(b)/alert-rules", json: #"{"name":"Detractors","conditions":{"nps_at_most":6,"keywords":["claim*"]},"match":"any","actions":{"assign":{"to":"team","team_id":"\#(teamID)"}}}"#)
            let ruleID = try rule.json()["id"] as? String ?? ""
            _ = try await owner.call(.post, "\(b)/responses", json: #"{"survey_id":"\#(survey.id)","customer_id":"C-1","answers":{"nps":2,"comment":"My claim is lost"}}"#)
            let list = try await owner.call(.get, "\(b)/cases")
            let caseID = try #require((try list.json()["items"] as? [[String: Any]])?.first?["id"] as? String)
            let goodwill = try await agent.api.call(.post, "\(b)/cases/\(caseID)/goodwill", json: #"{"kind":"refund","amount":75,"reason":"Excess"}"#)
            let goodwillID = try goodwill.json()["id"] as? String ?? ""
            let calls: [(String, String, PageResponse)] = [
                ("post", "\(b)/teams", team),
                ("get", "\(b)/teams", try await owner.call(.get, "\(b)/teams")),
                ("put", "\(b)/teams/{id}", try await owner.call(.put, "\(b)/teams/\(teamID)", json: #"{"name":"Care desk"}"#)),
                ("put", "\(b)/teams/{id}", try await owner.call(.put, "\(b)/teams/\(teamID)", json: #"{"member_ids":["nope"]}"#)),
                ("post", "\(b)/alert-rules", rule),
                ("post", "\(b)/alert-rules", try await owner.call(.post, "\(b)/alert-rules", json: #"{"name":"x","conditions":{}}"#)),
                ("get", "\(b)/alert-rules", try await owner.call(.get, "\(b)/alert-rules")),
                ("get", "\(b)/alert-rules/{id}", try await owner.call(.get, "\(b)/alert-rules/\(ruleID)")),
                ("put", "\(b)/alert-rules/{id}", try await owner.call(.put, "\(b)/alert-rules/\(ruleID)", json: #"{"name":"Detractors","active":false,"conditions":{"nps_at_most":5}}"#)),
                ("get", "\(b)/cases", list),
                ("get", "\(b)/cases", try await owner.call(.get, "\(b)/cases?status=open&overdue=true&owner=me")),
                ("get", "\(b)/cases", try await owner.call(.get, "\(b)/cases?overdue=maybe")),
                ("post", "\(b)/cases", try await owner.call(.post, "\(b)/cases", json: #"{"title":"Call back Ann","priority":"low","assign":{"to":"person","user_id":"\#(agent.id)"}}"#)),
                ("get", "\(b)/cases/{id}", try await owner.call(.get, "\(b)/cases/\(caseID)")),
                ("get", "\(b)/cases/{id}", try await owner.call(.get, "\(b)/cases/\(UUID())")),
                ("patch", "\(b)/cases/{id}", try await owner.call(.patch, "\(b)/cases/\(caseID)", json: #"{"priority":"urgent","team_id":null}"#)),
                ("post", "\(b)/cases/{id}/notes", try await owner.call(.post, "\(b)/cases/\(caseID)/notes", json: #"{"text":"Left a message"}"#)),
                ("post", "\(b)/cases/{id}/goodwill", goodwill),
                ("get", "\(b)/goodwill", try await owner.call(.get, "\(b)/goodwill")),
                ("post", "\(b)/goodwill/{id}/reject", try await owner.call(.post, "\(b)/goodwill/\(goodwillID)/reject", json: #"{"note":"Not covered"}"#)),
                ("post", "\(b)/goodwill/{id}/approve", try await owner.call(.post, "\(b)/goodwill/\(goodwillID)/approve")),
                ("get", "\(b)/case-policy", try await owner.call(.get, "\(b)/case-policy")),
                ("put", "\(b)/case-policy", try await owner.call(.put, "\(b)/case-policy", json: #"{"service_level_hours":{"high":12},"authority_limits":{"agent":100},"personal_limits":[{"user_id":"\#(agent.id)","amount":20}]}"#)),
                ("get", "\(b)/audit-log", try await owner.call(.get, "\(b)/audit-log?limit=5")),
                ("delete", "\(b)/alert-rules/{id}", try await owner.call(.delete, "\(b)/alert-rules/\(ruleID)")),
                ("delete", "\(b)/teams/{id}", try await owner.call(.delete, "\(b)/teams/\(teamID)")),
            ]

            // validate
            for (method, concrete, response) in calls {
                let template = concrete.replacingOccurrences(of: "acme-insurance", with: "{workspace}")
                let op = try #require(paths[template]?[method] as? [String: Any], "\(method) \(template) is documented")
                let responses = try #require(op["responses"] as? [String: Any])
                let documented = try #require(responses["\(response.status.code)"] as? [String: Any],
                                              "\(method) \(template) documents status \(response.status.code): \(response.text)")
                guard response.status != .noContent else { continue }
                let schema = try #require(((documented["content"] as? [String: Any])?["application/json"] as? [String: Any])?["schema"] as? [String: Any])
                let value = try JSONSerialization.jsonObject(with: Data(response.text.utf8))
                #expect(check.problems(value, schema) == [], "\(method) \(template) -> \(response.status.code): \(response.text.prefix(300))")
            }
        }
    }
}
