import FocusCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOFoundationCompat
import SQLKit
import Testing

@testable import FocusServer

@Suite("The respondent's side: public link, personal invitation, widget")
struct RespondentTests {
    @Test("the public page speaks the browser's language, shows errors without losing answers, and thanks", arguments: TestBackend.allCases)
    func publicLink(backend: TestBackend) async throws {
        try await TestApp.run(backend) { app, client in
            // setup
            let (workspace, survey) = try await app.liveSurvey()
            let path = "/s/\(survey.publicKey)"

            // MUT
            let german = try await client.execute(uri: path, method: .get, headers: [.acceptLanguage: "de-CH,de;q=0.9,en;q=0.5"])
            let english = try await client.execute(uri: path + "?lang=en", method: .get)
            let missing = try await client.execute(uri: path + "?lang=en", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                                   body: ByteBuffer(string: "q.resolved=yes&q.comment=Kept+text"))
            let done = try await client.execute(uri: path + "?lang=en", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                                body: ByteBuffer(string: "q.csat=2&q.resolved=no&q.comment=Too+slow%2C+really"))
            let thanks = try await client.execute(uri: done.headers[.location] ?? "", method: .get)

            // validate
            #expect(german.status == .ok)
            #expect(String(buffer: german.body).contains("Wie zufrieden sind Sie"))
            #expect(String(buffer: german.body).contains(#"<html lang="de">"#))
            #expect(String(buffer: english.body).contains("How satisfied are you"))
            #expect(String(buffer: english.body).contains("Question 1 of 3"))
            #expect(missing.status == .unprocessableContent)
            #expect(String(buffer: missing.body).contains("Is required."))
            #expect(String(buffer: missing.body).contains("Kept text"), "the answers given stay in the form")
            #expect(done.status == .seeOther)
            #expect(String(buffer: thanks.body).contains("Thank you"))
            let stored = try await app.services.responses.list(workspace.id, filter: .init(), cursor: nil, limit: 10).items
            #expect(stored.count == 1)
            #expect(stored.first?.answers == ["csat": .number(2), "resolved": .choice("no"), "comment": .text("Too slow, really")])
            #expect(stored.first?.channel == "link")
        }
    }

    @Test("a personal invitation carries customer and hidden attributes, is answered once, and expires", arguments: TestBackend.allCases)
    func invitation(backend: TestBackend) async throws {
        try await TestApp.run(backend) { app, client in
            // setup
            let (workspace, survey) = try await app.liveSurvey()
            let api = APIClient(client: client, token: try await app.token(workspace: workspace, role: .agent))
            let made = try await api.call(.post, "/api/v1/workspaces/acme-insurance/invitations", json:
                #"{"survey_id":"\#(survey.id)","customer_id":"C-1","hidden":{"ticket":"T-77"},"language":"de"}"#)
            #expect(made.status == .created)
            let url = try #require(try made.json()["url"] as? String)
            let path = String(url[try #require(url.range(of: "/i/")).lowerBound...])

            // MUT
            let page = try await client.execute(uri: path, method: .get)
            let answer = try await client.execute(uri: path, method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                                  body: ByteBuffer(string: "q.csat=5&q.resolved=yes"))
            let again = try await client.execute(uri: path, method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                                 body: ByteBuffer(string: "q.csat=1&q.resolved=no"))
            let reopened = try await client.execute(uri: path, method: .get)
            let fatigued = try await api.call(.post, "/api/v1/workspaces/acme-insurance/invitations", json:
                #"{"survey_id":"\#(survey.id)","customer_id":"C-1"}"#)
            try await app.services.invitations.setFatigueDays(workspace.id, 0)
            let allowed = try await api.call(.post, "/api/v1/workspaces/acme-insurance/invitations", json:
                #"{"survey_id":"\#(survey.id)","customer_id":"C-1","expires_in_days":1}"#)
            let token = String(try #require(try allowed.json()["url"] as? String).split(separator: "/").last!)
            try await app.services.database.sql.update("invitations").set("expires_at", to: SQLBind(1.0))
                .where("token_hash", .equal, SQLBind(SecretToken.hash(token))).run()
            let expired = try await client.execute(uri: "/i/\(token)", method: .get)

            // validate
            #expect(page.status == .ok)
            #expect(String(buffer: page.body).contains("Wie zufrieden sind Sie"), "the invitation's language")
            #expect(answer.status == .ok)
            #expect(again.status == .gone)
            #expect(reopened.status == .gone)
            #expect(try fatigued.json()["status"] as? String == "skipped")
            #expect(allowed.status == .created)
            #expect(expired.status == .gone)
            let stored = try await app.services.responses.list(workspace.id, filter: .init(), cursor: nil, limit: 10).items
            #expect(stored.count == 1)
            let customer = try #require(try await app.services.customers.list(workspace.id, search: "C-1", cursor: nil, limit: 1).items.first)
            #expect(stored.first?.customerID == customer.id)
            #expect(stored.first?.hidden == ["ticket": "T-77"])
            #expect(stored.first?.channel == "invitation")
            #expect(stored.first?.language == "de")
        }
    }

    @Test("the widget's endpoints answer any origin, take text/plain JSON, and store a widget response", arguments: TestBackend.allCases)
    func widget(backend: TestBackend) async throws {
        try await TestApp.run(backend) { app, client in
            // setup
            let (workspace, survey) = try await app.liveSurvey(.relationshipNPS)
            let base = "/api/v1/public/surveys/\(survey.publicKey)"

            // MUT
            let script = try await client.execute(uri: "/widget.js", method: .get)
            let prompt = try await client.execute(uri: base + "?lang=de", method: .get, headers: [.origin: "https://shop.example.com"])
            let post = try await client.execute(uri: base + "/responses", method: .post, headers: [.contentType: "text/plain;charset=UTF-8"],
                                                body: ByteBuffer(string: #"{"answers":{"nps":3,"comment":"Too slow"},"language":"de","hidden":{"page":"/checkout"}}"#))
            let bad = try await client.execute(uri: base + "/responses", method: .post, headers: [.contentType: "text/plain"],
                                               body: ByteBuffer(string: #"{"answers":{"nps":12}}"#))
            let unknown = try await client.execute(uri: "/api/v1/public/surveys/nope", method: .get)

            // validate
            #expect(script.status == .ok)
            #expect(String(buffer: script.body).hasPrefix("/* Focus survey widget"))
            #expect(prompt.headers[.accessControlAllowOrigin] == "*")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(buffer: prompt.body)) as? [String: Any])
            #expect((json["question"] as? [String: Any])?["max"] as? Int == 10)
            #expect((json["question"] as? [String: Any])?["text"] as? String == "Wie wahrscheinlich ist es, dass Sie uns einem Freund oder Kollegen empfehlen?")
            #expect((json["follow_up"] as? [String: Any])?["key"] as? String == "comment")
            #expect(post.status == .created)
            #expect(post.headers[.accessControlAllowOrigin] == "*")
            #expect(bad.status == .unprocessableContent)
            #expect(bad.headers[.accessControlAllowOrigin] == "*")
            #expect(unknown.status == .notFound)
            let stored = try await app.services.responses.list(workspace.id, filter: .init(), cursor: nil, limit: 10).items
            #expect(stored.map(\.channel) == ["widget"])
            #expect(stored.first?.hidden == ["page": "/checkout"])
        }
    }
}
