@testable import FocusServer
import FocusCore
import Foundation
import HTTPTypes
import SQLKit
import Testing

@Suite("Outside feedback: reviews, posts and e-mails by API and import, checked, listed, never imported twice")
struct FeedbackTests {
    static let base = "/api/v1/workspaces/acme-insurance"
    static let header = "external_id,source,text,rating,author,url,touchpoint,customer_id,occurred_at"

    /// One bad row for each kind of column, between good ones; line numbers count the header as line 1.
    static let rows = [
        "F-1,review,\"Quick payout, friendly staff\",5,Ann B.,https://reviews.example/1,Claims desk,C-1,2026-02-01T09:00:00Z",  // 2: good
        "F-2,review,,4,,,,,",                                                  // 3: text missing
        "F-3,fax,Hello,,,,,,",                                                 // 4: source unknown
        "F-4,review,Fine,6,,,,,",                                              // 5: rating above 5 stars
        "F-5,review,Fine,lots,,,,,",                                           // 6: rating not a number
        "F-6,social,Fine,,,ftp://x,,,",                                        // 7: url not a web address
        "F-7,social,Fine,,,,Moon base,,",                                      // 8: touchpoint unknown
        "F-8,email,Fine,,,,,C-404,",                                           // 9: customer unknown
        "F-9,email,Fine,,,,,,someday",                                         // 10: occurred_at
        "F-10,email,\(String(repeating: "x", count: Feedback.maxTextLength + 1)),,,,,,",  // 11: text too long
        "F-11,social,Invoice is confusing,,@kim,,,,2026-02-02",                // 12: good
    ]

    @Test("the API refuses bad input naming the field, stores good input and lists it newest first", arguments: TestBackend.allCases)
    func api(backend: TestBackend) async throws {
        try await TestApp.run(backend) { app, client in
            // setup
            let (workspace, _) = try await app.liveSurvey()
            let api = APIClient(client: client, token: try await app.token(workspace: workspace, role: .agent))
            let cases: [(String, HTTPResponse.Status, String)] = [
                (#"{"text":"  "}"#, .unprocessableContent, "text"),
                (#"{"rating":4}"#, .badRequest, "text"),
                (#"{"text":"ok","source":"fax"}"#, .unprocessableContent, "source"),
                (#"{"text":"ok","rating":0.7}"#, .unprocessableContent, "rating"),
                (#"{"text":"ok","touchpoint_id":"\#(UUID())"}"#, .unprocessableContent, "touchpoint_id"),
                (#"{"text":"ok","customer_id":"nobody"}"#, .unprocessableContent, "customer_id"),
                (#"{"text":"ok","occurred_at":"2099-01-01T00:00:00Z"}"#, .unprocessableContent, "occurred_at"),
            ]

            // MUT
            var answers: [(PageResponse, HTTPResponse.Status, String)] = []
            for (body, status, field) in cases { answers.append((try await api.call(.post, "\(Self.base)/feedback", json: body), status, field)) }
            let older = try await api.call(.post, "\(Self.base)/feedback", json: #"{"text":"Good app","source":"review","rating":4.5,"customer_id":"C-1","occurred_at":"2026-03-01T10:00:00Z"}"#)
            let newer = try await api.call(.post, "\(Self.base)/feedback", json: #"{"text":"Slow reply to my mail","source":"email","occurred_at":"2026-03-02T10:00:00Z"}"#)
            let list = try await api.call(.get, "\(Self.base)/feedback?limit=1")
            let reviews = try await api.call(.get, "\(Self.base)/feedback?source=review")

            // validate
            for (answer, status, field) in answers {
                #expect(answer.status == status, "\(field): \(answer.text.prefix(200))")
                #expect((try? answer.json()["error"] as? [String: Any])?["field"] as? String == field, "\(answer.text.prefix(200))")
            }
            #expect(older.status == .created && newer.status == .created)
            let page = try list.json()
            let items = try #require(page["items"] as? [[String: Any]])
            #expect(items.map { $0["text"] as? String } == ["Slow reply to my mail"] && page["next_cursor"] is String)
            let reviewItems = try #require(try reviews.json()["items"] as? [[String: Any]])
            #expect(reviewItems.count == 1 && reviewItems[0]["rating"] as? Double == 4.5 && reviewItems[0]["customer_id"] is String)
        }
    }

    @Test("a bad row of every column type is reported with its line; the same file again adds nothing; the page lists the rest",
          arguments: TestBackend.allCases)
    func importFeedback(backend: TestBackend) async throws {
        try await TestApp.run(backend) { app, client in
            // setup: a touchpoint for the first row
            let (workspace, _) = try await app.liveSurvey()
            _ = try await app.services.catalogue.createTouchpoint(workspace.id, Touchpoint(name: "Claims desk"))
            let csv = ([Self.header] + Self.rows).joined(separator: "\n")
            func run(dryRun: Bool) async throws -> ImportReport {
                let reader = try ImportRowReader(stream: InputStream(data: Data(csv.utf8)), format: .csv)
                return try await ImportKind.feedback.run(app.services, workspace.id, rows: reader, mapping: [:], dryRun: dryRun)
            }
            let api = APIClient(client: client, token: try await app.token(workspace: workspace, role: .viewer))

            // MUT
            let dry = try await run(dryRun: true)
            let afterDry = try await app.services.feedback.counts(workspace.id)
            let first = try await run(dryRun: false)
            let again = try await run(dryRun: false)
            let page = try await api.call(.get, "/w/acme-insurance/feedback")

            // validate
            #expect(dry.rows == 11 && dry.imported == 2 && dry.failed == 9)
            #expect(dry.errors.map(\.line) == Array(3...11))
            #expect(dry.errors.map(\.field) == ["text", "source", "rating", "rating", "url", "touchpoint", "customer_id", "occurred_at", "text"])
            #expect(afterDry.isEmpty, "a dry run writes nothing")
            #expect(first.imported == 2 && again.imported == 0 && again.duplicates == 2)
            #expect(try await app.services.feedback.counts(workspace.id) == [.review: 1, .social: 1])
            #expect(page.status == .ok && page.text.contains("Quick payout, friendly staff") && page.text.contains("Claims desk")
                    && page.text.contains("5.0 ★") && page.text.contains("2 in all: 1 review, 1 social post."))
        }
    }
}
