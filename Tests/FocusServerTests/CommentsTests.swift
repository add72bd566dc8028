@testable import FocusServer
import FocusCore
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SQLKit
import Testing

@Suite("Comments: sentiment and themes on ingest, full-text search on both databases, theme edits, impact and rising terms")
struct CommentsTests {
    static let base = "/api/v1/workspaces/acme-insurance"

    func items(_ answer: PageResponse) throws -> [[String: Any]] {
        try #require(try answer.json()["items"] as? [[String: Any]], "\(answer.text.prefix(300))")
    }

    func texts(_ answer: PageResponse) throws -> Set<String> {
        Set(try items(answer).compactMap { $0["text"] as? String })
    }

    @Test("what is stored is analysed at once, found by word, phrase and stem, filtered; a theme edit re-tags earlier comments",
          arguments: TestBackend.allCases)
    func searchAndThemes(backend: TestBackend) async throws {
        try await TestApp.run(backend) { app, client in
            // setup
            let (workspace, survey) = try await app.liveSurvey()
            let api = APIClient(client: client, token: try await app.token(workspace: workspace, role: .analyst))
            let s = survey.id.uuidString
            let posts = [
                #"{"survey_id":"\#(s)","answers":{"csat":1,"comment":"The new invoice layout is really confusing."}}"#,
                #"{"survey_id":"\#(s)","answers":{"csat":5,"comment":"Very friendly agent, thank you!"}}"#,
                #"{"survey_id":"\#(s)","answers":{"csat":2,"comment":"I waited 40 minutes on hold."},"customer_id":"C-1"}"#,
                #"{"survey_id":"\#(s)","answers":{"csat":4}}"#,
            ]
            for body in posts { #expect(try await api.call(.post, "\(Self.base)/responses", json: body).status == .created) }
            #expect(try await api.call(.post, "\(Self.base)/feedback", json: #"{"text":"Holding music is awful, and nobody picks up.","source":"review"}"#).status == .created)
            #expect(try await api.call(.post, "\(Self.base)/feedback", json: #"{"text":"See www.example.com: your e-mail of 3.5 pages","source":"email","occurred_at":"2020-01-01T00:00:00Z"}"#).status == .created)
            _ = try await api.call(.post, "\(Self.base)/contact-reasons/adopt", json: #"{"taxonomy":"insurance"}"#)
            #expect(try await api.call(.post, "\(Self.base)/contacts", json: #"{"channel":"phone","note":"Customer asked about the invoice amount due."}"#).status == .created)

            // MUT
            let all = try await api.call(.get, "\(Self.base)/comments")
            // Words split alike on both databases: a domain, a hyphen and a decimal point all separate words.
            let old = "from=2019-12-01&to=2020-01-31"
            let split = [try await api.call(.get, "\(Self.base)/comments?\(old)&q=example"),
                         try await api.call(.get, "\(Self.base)/comments?\(old)&q=%22e%20mail%22"),
                         try await api.call(.get, "\(Self.base)/comments?\(old)&q=%22mail%20of%203%22"),
                         try await api.call(.get, "\(Self.base)/comments?\(old)&q=www.example.com")]
            let invoice = try await api.call(.get, "\(Self.base)/comments?q=invoice")
            let phrase = try await api.call(.get, "\(Self.base)/comments?q=%22on%20hold%22")
            let stem = try await api.call(.get, "\(Self.base)/comments?q=hold*")
            let excluded = try await api.call(.get, "\(Self.base)/comments?q=invoice%20-layout")
            let negative = try await api.call(.get, "\(Self.base)/comments?sentiment=negative")
            let positive = try await api.call(.get, "\(Self.base)/comments?sentiment=positive")
            let dissatisfied = try await api.call(.get, "\(Self.base)/comments?group=dissatisfied")
            let themes = try await api.call(.get, "\(Self.base)/themes")
            let billing = try #require(try JSONSerialization.jsonObject(with: Data(themes.text.utf8)) as? [[String: Any]])
                .first { $0["key"] as? String == "billing" }?["id"] as? String
            let byTheme = try await api.call(.get, "\(Self.base)/comments?theme=\(billing ?? "")")
            let created = try await api.call(.post, "\(Self.base)/themes", json: #"{"name":"Layout","terms":{"en":["layout*"],"de":["gestaltung"]}}"#)
            let layoutID = try #require(try created.json()["theme"] as? [String: Any])["id"] as? String
            let layoutComments = try await api.call(.get, "\(Self.base)/comments?theme=\(layoutID ?? "")")
            let changed = try await api.call(.put, "\(Self.base)/themes/\(layoutID ?? "")", json: #"{"terms":{"*":["hold*"]}}"#)
            let retagged = try await api.call(.get, "\(Self.base)/comments?theme=\(layoutID ?? "")")
            let impact = try await api.call(.get, "\(Self.base)/themes/impact?score=csat")
            let waitingID = try JSONSerialization.jsonObject(with: Data(themes.text.utf8)) as? [[String: Any]]
            let waiting = waitingID?.first { $0["key"] as? String == "waiting" }?["id"] as? String
            let waited = try items(try await api.call(.get, "\(Self.base)/comments?q=waited")).first
            let context = try await api.call(.get, "\(Self.base)/comments/\(waited?["id"] as? String ?? "")")
            let deleted = try await api.call(.delete, "\(Self.base)/themes/\(layoutID ?? "")")
            let bad: [(String, PageResponse, HTTPResponse.Status, String)] = [
                ("only exclusions", try await api.call(.get, "\(Self.base)/comments?q=-price"), .badRequest, "q"),
                ("short stem", try await api.call(.get, "\(Self.base)/comments?q=ab*"), .badRequest, "q"),
                ("sentiment", try await api.call(.get, "\(Self.base)/comments?sentiment=angry"), .badRequest, "sentiment"),
                ("group", try await api.call(.get, "\(Self.base)/comments?group=fans"), .badRequest, "group"),
                ("source", try await api.call(.get, "\(Self.base)/comments?source=fax"), .badRequest, "source"),
                ("theme id", try await api.call(.get, "\(Self.base)/comments?theme=nope"), .badRequest, "theme"),
                ("from", try await api.call(.get, "\(Self.base)/comments?from=yesterday"), .badRequest, "from"),
                ("score", try await api.call(.get, "\(Self.base)/themes/impact?score=ces"), .badRequest, "score"),
                ("earlier_days", try await api.call(.get, "\(Self.base)/themes/emerging?earlier_days=0"), .badRequest, "earlier_days"),
                ("term", try await api.call(.post, "\(Self.base)/themes", json: #"{"name":"X","terms":{"en":["ok","ab*"]}}"#), .unprocessableContent, "terms.en[1]"),
                ("control character", try await api.call(.post, "\(Self.base)/themes", json: #"{"name":"a\u0000b","terms":{"en":["x"]}}"#), .unprocessableContent, "name"),
                ("no terms", try await api.call(.post, "\(Self.base)/themes", json: #"{"name":"X"}"#), .unprocessableContent, "terms"),
                ("same name", try await api.call(.post, "\(Self.base)/themes", json: #"{"name":"Billing and invoices","terms":{"en":["x"]}}"#), .unprocessableContent, "name"),
                ("unknown theme", try await api.call(.put, "\(Self.base)/themes/\(UUID())", json: #"{"name":"Y"}"#), .notFound, ""),
            ]
            let viewer = APIClient(client: client, token: try await app.token(workspace: workspace, role: .viewer))
            let forbidden = try await viewer.call(.post, "\(Self.base)/themes", json: #"{"name":"Z","terms":{"en":["z"]}}"#)

            // validate
            #expect(try items(all).count == 5, "four response comments are three (one has none), plus the feedback and the contact note")
            for answer in split { #expect(try items(answer).count == 1, "\(answer.text.prefix(300))") }
            #expect(try texts(invoice) == ["The new invoice layout is really confusing.", "Customer asked about the invoice amount due."])
            let marked = try items(invoice).flatMap { ($0["fragments"] as? [[String: Any]]) ?? [] }.filter { $0["match"] as? Bool == true }
            #expect(Set(marked.compactMap { $0["text"] as? String }) == ["invoice"])
            #expect(try texts(phrase) == ["I waited 40 minutes on hold."])
            #expect(try texts(stem) == ["I waited 40 minutes on hold.", "Holding music is awful, and nobody picks up."])
            #expect(try texts(excluded) == ["Customer asked about the invoice amount due."])
            #expect(try texts(negative).contains("Holding music is awful, and nobody picks up."))
            #expect(try texts(negative).contains("The new invoice layout is really confusing."))
            #expect(try texts(positive) == ["Very friendly agent, thank you!"])
            #expect(try texts(dissatisfied) == ["The new invoice layout is really confusing.", "I waited 40 minutes on hold."])
            #expect(try texts(byTheme) == ["The new invoice layout is really confusing.", "Customer asked about the invoice amount due."])
            #expect(created.status == .created)
            #expect(try created.json()["reanalysed"] as? Int == 6, "every comment of the workspace, whatever its date")
            #expect(try texts(layoutComments) == ["The new invoice layout is really confusing."])
            #expect(changed.status == .ok)
            #expect(try texts(retagged) == ["I waited 40 minutes on hold.", "Holding music is awful, and nobody picks up."])
            let impactRows = try #require(try impact.json()["themes"] as? [[String: Any]])
            let waitingRow = try #require(impactRows.first { ($0["theme"] as? [String: Any])?["id"] as? String == waiting })
            #expect(waitingRow["mentions"] as? Int == 1)
            #expect(try impact.json()["responses"] as? Int == 3)
            let contextJSON = try context.json()
            #expect((contextJSON["response"] as? [String: Any])?["answers"] != nil)
            #expect((contextJSON["customer"] as? [String: Any])?["external_id"] as? String == "C-1")
            #expect(deleted.status == .noContent)
            for (name, answer, status, field) in bad {
                #expect(answer.status == status, "\(name): \(answer.text.prefix(200))")
                if !field.isEmpty { #expect((try? answer.json()["error"] as? [String: Any])?["field"] as? String == field, "\(name): \(answer.text.prefix(200))") }
            }
            #expect(forbidden.status == .forbidden)
        }
    }

    @Test("the pages: explorer with highlighted matches, a comment's context, themes with costs, a theme edited in the browser",
          arguments: TestBackend.allCases)
    func pages(backend: TestBackend) async throws {
        try await TestApp.run(backend) { app, client in
            // setup
            let (workspace, survey) = try await app.liveSurvey()
            let api = APIClient(client: client, token: try await app.token(workspace: workspace, role: .owner))
            let body = #"{"survey_id":"\#(survey.id.uuidString)","answers":{"csat":1,"comment":"The new invoice is confusing."}}"#
            let stored = try await api.call(.post, "\(Self.base)/responses", json: body)
            let other = #"{"survey_id":"\#(survey.id.uuidString)","answers":{"csat":5,"comment":"Friendly and quick."}}"#
            #expect(try await api.call(.post, "\(Self.base)/responses", json: other).status == .created)
            let id = try #require(try stored.json()["id"] as? String)

            // MUT
            let explorer = try await api.call(.get, "/w/acme-insurance/comments?q=invoice")
            let context = try await api.call(.get, "/w/acme-insurance/comments/\(id)")
            let themes = try await api.call(.get, "/w/acme-insurance/themes?score=csat")
            let badQuery = try await api.call(.get, "/w/acme-insurance/comments?q=-x")
            let billing = try #require(try await app.services.themes.list(workspace.id).first { $0.definition.key == "billing" })
            func form(_ body: String) async throws -> HTTPResponse.Status {
                try await client.execute(uri: "/w/acme-insurance/themes/\(billing.id)", method: .post,
                                         headers: [.authorization: "Bearer \(api.token)", .contentType: "application/x-www-form-urlencoded"],
                                         body: ByteBuffer(string: body)).status
            }
            let saved = try await form("name=Invoices&terms_en=new+invoice%0D%0Aamount+due&terms_de=rechnung*")
            let refused = try await form("name=&terms_en=x")
            let edited = try #require(try await app.services.themes.theme(workspace.id, id: billing.id))

            // validate
            #expect(explorer.status == .ok)
            #expect(explorer.text.contains("<mark>invoice</mark>"))
            #expect(context.status == .ok && context.text.contains("The new invoice is confusing."))
            #expect(themes.status == .ok && themes.text.contains("Billing and invoices") && themes.text.contains("<svg"))
            #expect(badQuery.status == .ok && badQuery.text.contains("at least one word"))
            #expect(saved == .seeOther && refused == .ok)
            #expect(edited.definition.name == "Invoices" && edited.definition.terms == ["en": ["new invoice", "amount due"], "de": ["rechnung*"]])
        }
    }

    @Test("rebuilding the comments from the stored records gives what ingest gave", arguments: TestBackend.allCases)
    func rebuild(backend: TestBackend) async throws {
        try await TestApp.run(backend) { app, _ in
            // setup
            let options = DemoInsurer.Options(seed: 7, responses: 1_500, asOf: CalendarDate(iso: "2026-06-30")!)
            let workspace = try await DemoLoader(services: app.services).load(options, logger: TestBackend.logger)
            struct Row: Decodable, Equatable, Hashable { let id: UUID; let sentiment: Double; let themes: Int }
            func snapshot() async throws -> Set<Row> {
                Set(try await app.services.database.sql.raw("""
                    SELECT c.id, c.sentiment, (SELECT COUNT(*) FROM comment_themes t WHERE t.comment_seq = c.seq) AS themes
                    FROM comments c WHERE c.workspace_id = \(bind: workspace.id)
                    """).all(decoding: Row.self))
            }
            let before = try await snapshot()

            // MUT
            try await app.services.database.rebuildComments()

            // validate
            let after = try await snapshot()
            #expect(before.count > 500)
            #expect(before == after)
        }
    }

    @Test("the demo: the planted problem is the costliest theme, and the spring's new invoice is a rising term", arguments: TestBackend.allCases)
    func demo(backend: TestBackend) async throws {
        try await TestApp.run(backend) { app, _ in
            // setup
            let options = DemoInsurer.Options(seed: 42, responses: 6_000, asOf: CalendarDate(iso: "2026-06-30")!)
            let workspace = try await DemoLoader(services: app.services).load(options, logger: TestBackend.logger)
            let year = CommentFilter(period: Period(start: CalendarDate(iso: "2025-07-01")!, end: CalendarDate(iso: "2026-07-01")!))
            // The invoice layout changed from March to May; the nine months before are the comparison.
            let spring = Period(start: CalendarDate(iso: "2026-03-01")!, end: CalendarDate(iso: "2026-06-01")!)
            let before = Period(start: CalendarDate(iso: "2025-06-01")!, end: CalendarDate(iso: "2026-03-01")!)

            // MUT
            let impact = try await app.services.comments.impact(workspace.id, filter: year, score: .nps)
            let emerging = try await app.services.comments.emerging(workspace.id, filter: year, recent: spring, earlier: before)

            // validate
            let first = try #require(impact.rows.first)
            #expect(first.theme.definition.key == "waiting", "costliest: \(impact.rows.prefix(3).map { ($0.theme.definition.key, $0.effect.points ?? 0) })")
            #expect(first.effect.difference?.significant == true)
            let terms = emerging.result.terms.map(\.term)
            #expect(terms.contains { $0.contains("invoice") || $0.contains("rechnung") }, "rising: \(terms)")
        }
    }
}
