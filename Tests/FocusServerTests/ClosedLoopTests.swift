@testable import FocusServer
import FocusCore
import Foundation
import HTTPTypes
import HummingbirdTesting
import SQLKit
import Testing

@Suite("Closed loop: the figures from stored responses, cases and customers, through the API and the page")
struct ClosedLoopAPITests {
    static let base = "/api/v1/workspaces/acme-insurance"
    static let h = 3600.0
    static let day = 86400.0

    /// The world the figures are worked out from by hand:
    ///
    /// Detractors (D = 6:00 UTC ten days ago), all in the default 90 days:
    /// - r1 C-1 NPS 2, Claims: case opened D+1h, first action D+2h, contacted D+3h, resolved D+20h, due D+25h (within), retained.
    /// - r2 C-2 NPS 5, Claims: case opened D+1h, first action D+4h, contacted D+6h, resolved D+30h, due D+5h (late), lost.
    /// - r3 C-3 NPS 0, Web: case opened D+2h, first action D+12h, never contacted, due D+26h, still open (overdue).
    /// - r4 C-4 NPS 6, Web: no case.
    /// - r5 anonymous NPS 4, Claims: case opened D+4h, due in two days, untouched (not yet due).
    /// - r8 C-2 NPS 6, no touchpoint, D+3 days: no case; C-2's next answer after r2, and a repeat detractor.
    /// - r12 C-1 NPS 1, Claims, D+5 days: no case; C-1's second detractor response (a repeat).
    /// Other responses: r6 C-5 NPS 9 (a promoter); r7 C-1 NPS 9 at D+2d; r9 C-2 NPS 10 at D+4d (after r8, so not
    /// C-2's next); r10 C-4 NPS 7 at D+1d; r11 C-3 NPS 10 a day *before* D (not "later").
    /// C-2 churned two days after D's day; C-4 churned on D's day (not "after").
    /// An old detractor 200 days ago with a case opened then (outside the period), and a case opened by hand now.
    struct World {
        let d: Double
        let now: Double
        let claims: UUID
        let web: UUID
        let old: Double
    }

    func setUp(_ app: TestApp, _ client: any TestClientProtocol) async throws -> (World, APIClient) {
        let (workspace, survey) = try await app.liveSurvey(.relationshipNPS)
        let api = APIClient(client: client, token: try await app.token(workspace: workspace, role: .analyst))
        let claims = try await app.services.catalogue.createTouchpoint(workspace.id, Touchpoint(name: "Claims line")).id
        let web = try await app.services.catalogue.createTouchpoint(workspace.id, Touchpoint(name: "Web shop")).id
        var customers: [String: String] = [:]
        for id in ["C-2", "C-3", "C-4", "C-5"] {
            let created = try await api.call(.post, "\(Self.base)/customers", json: #"{"external_id":"\#(id)"}"#)
            customers[id] = try #require(try created.json()["id"] as? String)
        }
        let now = Date().timeIntervalSince1970
        let d = (now / Self.day).rounded(.down) * Self.day - 10 * Self.day + 6 * Self.h
        let old = d - 190 * Self.day
        func respond(_ nps: Int, at time: Double, customer: String?, touchpoint: UUID?) async throws -> UUID {
            var body = #"{"survey_id":"\#(survey.id)","answers":{"nps":\#(nps)},"received_at":"\#(Timestamp.format(time))""#
            if let customer { body += #","customer_id":"\#(customer)""# }
            if let touchpoint { body += #","touchpoint_id":"\#(touchpoint)""# }
            let answer = try await api.call(.post, "\(Self.base)/responses", json: body + "}")
            #expect(answer.status == .created, "\(answer.text)")
            let id = try #require(try answer.json()["id"] as? String)
            return try #require(UUID(uuidString: id))
        }
        let h = Self.h, day = Self.day
        let r1 = try await respond(2, at: d, customer: "C-1", touchpoint: claims)
        let r2 = try await respond(5, at: d + h, customer: "C-2", touchpoint: claims)
        let r3 = try await respond(0, at: d + 2 * h, customer: "C-3", touchpoint: web)
        _ = try await respond(6, at: d + 3 * h, customer: "C-4", touchpoint: web)
        let r5 = try await respond(4, at: d + 4 * h, customer: nil, touchpoint: claims)
        _ = try await respond(9, at: d, customer: "C-5", touchpoint: claims)
        _ = try await respond(9, at: d + 2 * day, customer: "C-1", touchpoint: web)
        _ = try await respond(6, at: d + 3 * day, customer: "C-2", touchpoint: nil)
        _ = try await respond(10, at: d + 4 * day, customer: "C-2", touchpoint: nil)
        _ = try await respond(7, at: d + day, customer: "C-4", touchpoint: nil)
        _ = try await respond(10, at: d - day, customer: "C-3", touchpoint: nil)
        _ = try await respond(1, at: d + 5 * day, customer: "C-1", touchpoint: claims)
        let oldResponse = try await respond(3, at: old, customer: nil, touchpoint: web)

        let dayOfD = ClosedLoop.utcDay(d)
        let churned = try await api.call(.put, "\(Self.base)/customers/\(customers["C-2"]!)",
                                         json: #"{"external_id":"C-2","status":"churned","churned_on":"\#(dayOfD.adding(days: 2).iso)"}"#)
        let sameDay = try await api.call(.put, "\(Self.base)/customers/\(customers["C-4"]!)",
                                         json: #"{"external_id":"C-4","status":"churned","churned_on":"\#(dayOfD.iso)"}"#)
        #expect(churned.status == .ok && sameDay.status == .ok, "\(churned.text) \(sameDay.text)")

        // Cases through the case service, as agents work them; it stamps the current time, so the
        // times the figures depend on are then set to the story's.
        let (_, invitation) = try await app.services.accounts.invite(workspaceID: workspace.id, name: "Ada Agent", email: "ada@example.com",
                                                                     role: .agent, invitedBy: nil)
        let adaID = try await app.services.accounts.acceptInvitation(token: invitation, signedIn: nil, password: "member password 1",
                                                                     confirmation: "member password 1")
        let ada = Caller(id: adaID, name: "Ada Agent", role: .agent)
        let cases = app.services.cases
        func open(_ response: UUID?, customer: UUID? = nil) async throws -> UUID {
            try await cases.open(workspace.id, title: "Follow up", priority: .normal, customerID: customer, sourceID: response,
                                 assignment: .unassigned, by: ada).id
        }
        let c1 = try await open(r1), c2 = try await open(r2), c3 = try await open(r3), c5 = try await open(r5)
        let cOld = try await open(oldResponse)
        _ = try await open(nil, customer: UUID(uuidString: customers["C-5"]!))
        _ = try await cases.addNote(workspace.id, id: c1, text: "Called, apologised.", contacted: true, by: ada)
        _ = try await cases.addNote(workspace.id, id: c2, text: "Called back.", contacted: true, by: ada)
        _ = try await cases.addNote(workspace.id, id: c3, text: "Left a message with the branch.", contacted: false, by: ada)
        _ = try await cases.update(workspace.id, id: c1, CaseChange(status: .resolved, outcome: .retained), by: ada)
        _ = try await cases.update(workspace.id, id: c2, CaseChange(status: .resolved, outcome: .lost), by: ada)
        func times(_ id: UUID, opened: Double, due: Double, firstAction: Double?, contacted: Double?, resolved: Double?) async throws {
            try await app.services.database.sql.update("cases")
                .set("opened_at", to: SQLBind(opened)).set("due_at", to: SQLBind(due)).set("first_action_at", to: SQLBind(firstAction))
                .set("contacted_at", to: SQLBind(contacted)).set("resolved_at", to: SQLBind(resolved))
                .where("id", .equal, SQLBind(id)).run()
        }
        try await times(c1, opened: d + h, due: d + 25 * h, firstAction: d + 2 * h, contacted: d + 3 * h, resolved: d + 20 * h)
        try await times(c2, opened: d + h, due: d + 5 * h, firstAction: d + 4 * h, contacted: d + 6 * h, resolved: d + 30 * h)
        try await times(c3, opened: d + 2 * h, due: d + 26 * h, firstAction: d + 12 * h, contacted: nil, resolved: nil)
        try await times(c5, opened: d + 4 * h, due: now + 2 * day, firstAction: nil, contacted: nil, resolved: nil)
        try await times(cOld, opened: old, due: old + day, firstAction: nil, contacted: nil, resolved: nil)
        return (World(d: d, now: now, claims: claims, web: web, old: old), api)
    }

    func object(_ json: [String: Any], _ path: String...) throws -> [String: Any] {
        var current = json
        for key in path { current = try #require(current[key] as? [String: Any], "\(key) in \(current)") }
        return current
    }

    func number(_ json: [String: Any], _ key: String) -> Double? { (json[key] as? NSNumber)?.doubleValue }

    @Test("the figures match the ones worked out by hand, filtered by period and touchpoint; bad input names its field",
          arguments: TestBackend.allCases)
    func figures(backend: TestBackend) async throws {
        try await TestApp.run(backend) { app, client in
            // setup
            let (world, api) = try await setUp(app, client)

            // MUT
            let all = try await api.call(.get, "\(Self.base)/closed-loop")
            let claims = try await api.call(.get, "\(Self.base)/closed-loop?touchpoint_id=\(world.claims)")
            let oldDay = ClosedLoop.utcDay(world.old).iso
            let old = try await api.call(.get, "\(Self.base)/closed-loop?from=\(oldDay)&to=\(oldDay)")
            let badFrom = try await api.call(.get, "\(Self.base)/closed-loop?from=yesterday")
            let unknownTouchpoint = try await api.call(.get, "\(Self.base)/closed-loop?touchpoint_id=\(UUID())")
            let malformedTouchpoint = try await api.call(.get, "\(Self.base)/closed-loop?touchpoint_id=claims")

            // validate: reach — 7 detractors (r1, r2, r3, r4, r5, r8, r12), 4 with a case, 2 contacted.
            #expect(all.status == .ok, "\(all.text)")
            let json = try all.json()
            let reach = try object(json, "detractors")
            #expect(reach["count"] as? Int == 7 && reach["with_case"] as? Int == 4 && reach["contacted"] as? Int == 2, "\(reach)")
            let contactedShare = try object(reach, "contacted_share")
            #expect(abs(number(contactedShare, "value")! - 200.0 / 7) < 1e-9 && contactedShare["n"] as? Int == 7)
            #expect(abs(number(try object(reach, "case_share"), "value")! - 400.0 / 7) < 1e-9)

            // Service level: r1 within, r2 late, r3 open past due, r5 not yet due: 1 of 3.
            let sla = try object(json, "service_level")
            #expect(sla["cases"] as? Int == 4 && sla["measured"] as? Int == 3 && sla["within"] as? Int == 1 && sla["missed"] as? Int == 2, "\(sla)")
            #expect(sla["finished_late"] as? Int == 1 && sla["open_overdue"] as? Int == 1 && sla["open_not_yet_due"] as? Int == 1)
            #expect(abs(number(try object(sla, "within_share"), "value")! - 100.0 / 3) < 1e-9)

            // First action after 1, 3 and 10 hours: median 3, 90th 3 + 0.8 · 7 = 8.6.
            let firstAction = try object(json, "time_to_first_action")
            #expect(firstAction["n"] as? Int == 3 && number(firstAction, "median_hours") == 3)
            #expect(abs(number(firstAction, "p90_hours")! - 8.6) < 1e-9)
            // Resolved after 19 and 29 hours: median 24, 90th 19 + 0.9 · 10 = 28.
            let resolution = try object(json, "time_to_resolution")
            #expect(resolution["n"] as? Int == 2 && number(resolution, "median_hours") == 24)
            #expect(abs(number(resolution, "p90_hours")! - 28) < 1e-9)

            let outcomes = try object(json, "outcomes")
            #expect(outcomes["retained"] as? Int == 1 && outcomes["lost"] as? Int == 1 && outcomes["resolved"] as? Int == 0
                    && outcomes["total"] as? Int == 2 && outcomes["closed_without_outcome"] as? Int == 0, "\(outcomes)")

            // Afterwards: C-1..C-4 once each; C-2's r8 and C-1's r12 are repeats.
            let afterwards = try object(json, "afterwards")
            #expect(afterwards["customers"] as? Int == 4 && afterwards["repeat_responses"] as? Int == 2)
            #expect((afterwards["caveat"] as? String)?.contains("not proof") == true)
            // Contacted: C-1 2 → 9 (+7, promoter), C-2 5 → 6 (+1; not the later 10), C-2 churned after.
            let contacted = try object(afterwards, "contacted")
            #expect(contacted["customers"] as? Int == 2 && contacted["with_later_response"] as? Int == 2
                    && contacted["promoters_later"] as? Int == 1 && contacted["churned"] as? Int == 1, "\(contacted)")
            let change = try object(contacted, "nps_change")
            #expect(number(change, "value") == 4 && change["n"] as? Int == 2 && number(change, "standard_error") == 3)
            let (promoterShare, churnShare) = (try object(contacted, "promoter_share"), try object(contacted, "churn_share"))
            #expect(number(promoterShare, "value") == 50 && number(churnShare, "value") == 50)
            // Not contacted: C-3 (its 10 came before), C-4 6 → 7 (+1), churned on the same day (not after).
            let others = try object(afterwards, "not_contacted")
            #expect(others["customers"] as? Int == 2 && others["with_later_response"] as? Int == 1
                    && others["promoters_later"] as? Int == 0 && others["churned"] as? Int == 0, "\(others)")
            #expect(number(try object(others, "nps_change"), "value") == 1)
            let differences = try object(afterwards, "differences")
            #expect(differences["nps_change"] is NSNull, "one later answer is too few for Welch's test")
            #expect(number(try object(differences, "promoters"), "difference") == 50)
            #expect(number(try object(differences, "churn"), "difference") == 50)

            // All cases opened in the period: four from detractors and one by hand; the old one is outside.
            let cases = try object(json, "cases")
            #expect(cases["opened"] as? Int == 5 && cases["resolved"] as? Int == 2 && cases["open"] as? Int == 3
                    && cases["overdue"] as? Int == 1, "\(cases)")
            #expect(json["touchpoint_id"] is NSNull)
            #expect(try object(json, "period")["to"] as? String == CalendarDate.today.iso)

            // The claims line: r1, r2, r5 and r12; its cases r1, r2 and r5.
            let c = try claims.json()
            let claimsReach = try object(c, "detractors")
            #expect(claimsReach["count"] as? Int == 4 && claimsReach["with_case"] as? Int == 3 && claimsReach["contacted"] as? Int == 2)
            let claimsCases = try object(c, "cases")
            #expect(claimsCases["opened"] as? Int == 3 && claimsCases["resolved"] as? Int == 2 && claimsCases["overdue"] as? Int == 0, "\(claimsCases)")
            #expect(c["touchpoint_id"] as? String == world.claims.uuidString)

            // The old day: its one detractor and its case, overdue ever since.
            let o = try old.json()
            #expect(try object(o, "detractors")["count"] as? Int == 1)
            #expect(try object(o, "service_level")["open_overdue"] as? Int == 1)
            #expect(try object(o, "cases")["opened"] as? Int == 1)

            for (answer, field) in [(badFrom, "from"), (unknownTouchpoint, "touchpoint_id"), (malformedTouchpoint, "touchpoint_id")] {
                #expect(answer.status == .badRequest, "\(answer.text)")
                #expect((try? answer.json()["error"] as? [String: Any])?["field"] as? String == field, "\(answer.text)")
            }
        }
    }

    @Test("the page shows the figures, says n too small below 10 and states the caveat", arguments: TestBackend.allCases)
    func page(backend: TestBackend) async throws {
        try await TestApp.run(backend) { app, client in
            // setup
            let (world, api) = try await setUp(app, client)

            // MUT
            let page = try await api.call(.get, "/w/acme-insurance/closed-loop")
            let filtered = try await api.call(.get, "/w/acme-insurance/closed-loop?touchpoint_id=\(world.web)")
            let bad = try await api.call(.get, "/w/acme-insurance/closed-loop?touchpoint_id=\(UUID())")

            // validate
            #expect(page.status == .ok)
            #expect(page.text.contains("<h1>Closed loop</h1>"))
            #expect(page.text.contains(#"href="/w/acme-insurance/closed-loop""#), "the menu links the page")
            #expect(page.text.contains("n too small"), "7 detractors are too few for a percentage")
            #expect(!page.text.contains("28.6%"), "no share of 7 is shown as a percentage")
            #expect(page.text.contains("3.0 h") && page.text.contains("90% within 8.6 h"), "the median and 90th percentile of first actions")
            #expect(page.text.contains("not proof that contacting them caused the difference"))
            #expect(page.text.contains("<svg") && page.text.contains("Came back as promoters") && page.text.contains("Churned afterwards"))
            #expect(page.text.contains("Web shop") && page.text.contains("Claims line"))
            #expect(filtered.status == .ok && filtered.text.contains(#"<option value="\#(world.web.uuidString)" selected>Web shop</option>"#))
            #expect(bad.status == .badRequest)
        }
    }

    @Test("with ten or more, the page shows percentages with intervals, the differences and the bars")
    func enough() throws {
        // setup: 12 contacted customers (6 came back as promoters, 1 churned) and 14 not contacted (2 promoters, 5 churned).
        let t0 = 1_772_409_600.0
        var facts: [ClosedLoop.Detractor] = []
        for i in 0..<26 {
            let contacted = i < 12
            let k = contacted ? i : i - 12
            let handling = contacted ? ClosedLoop.CaseTimes(openedAt: t0, dueAt: t0 + 24 * Self.h, firstActionAt: t0 + Self.h,
                                                            contactedAt: t0 + 2 * Self.h, resolvedAt: t0 + 10 * Self.h, outcome: .retained) : nil
            let promoter = contacted ? k < 6 : k < 2
            let churned = contacted ? k == 11 : k >= 9
            facts.append(.init(nps: 3, receivedAt: t0, customer: "C-\(i)", handling: handling, laterNPS: promoter ? 9 : 3 + k % 4,
                               churnedOn: churned ? ClosedLoop.utcDay(t0).adding(days: 30) : nil))
        }

        // MUT
        let report = ClosedLoop.report(facts, cases: .init(), asOf: t0 + 40 * Self.day)
        let card = ClosedLoopPages.card("Detractors contacted", report.reach.contactedShare, over: "")
        let row = ClosedLoopPages.row("Not contacted", report.afterwards.notContacted)
        let churn = ClosedLoopPages.difference(report.afterwards.churnDifference, unit: " pts", smallest: 12)
        let chart = ClosedLoopPages.chart("Churned afterwards", "Churn.", contacted: report.afterwards.contacted.churnShare,
                                          notContacted: report.afterwards.notContacted.churnShare)

        // validate: 12 of 26 = 46.2% (Wilson 28.8% to 64.5%).
        #expect(card.value == "46.2%" && card.interval == "95% interval 28.8% to 64.5%", "\(card)")
        #expect(row.promoters.hasPrefix("14.3% (") && row.churn.hasPrefix("35.7% ("), "\(row)")
        #expect(churn.hasPrefix("-27.4 pts (95% interval "), "\(churn)")
        #expect(chart.contains("8.3% (n = 12)") && chart.contains("35.7% (n = 14)") && chart.contains("chart-whisker"))
        #expect(ClosedLoopPages.difference(report.afterwards.churnDifference, unit: " pts", smallest: 9) == "n too small to compare")
    }
}
