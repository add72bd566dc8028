@testable import FocusServer
import FocusCore
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@Suite("Case pages: teams and rules set up in the browser, a detractor's case worked from the inbox to the audit log")
struct CasePagesTests {
    static let base = "/api/v1/workspaces/acme-insurance"
    static let pages = "/w/acme-insurance"

    /// The part of a page between two headings, so a check can say which section a case is in.
    static func section(_ page: PageResponse, from start: String, to end: String) -> String {
        guard let from = page.text.range(of: start) else { return "" }
        let rest = page.text[from.upperBound...]
        return String(rest[..<(rest.range(of: end)?.lowerBound ?? rest.endIndex)])
    }

    @Test("owner sets up a team and a rule; a detractor's case reaches the agent's inbox; notes, goodwill within and above the limit, approval on the board, resolving, the audit log",
          arguments: TestBackend.allCases)
    func closedLoop(backend: TestBackend) async throws {
        try await TestApp.run(backend) { app, client in
            // setup
            let owner = try await app.setUpOwner(client)
            let workspace = try #require(try await app.services.workspaces.find(slug: "acme-insurance"))
            let agent = try await app.member(client, workspace: workspace, role: .agent, email: "agent@example.com")
            let members = try await app.services.accounts.members(of: workspace.id)
            let agentID = try #require(members.first { $0.email == "agent@example.com" }?.userID).uuidString
            let ownerID = try #require(members.first { $0.email == "owner@example.com" }?.userID).uuidString
            let touchpoint = try await app.services.catalogue.createTouchpoint(workspace.id, Touchpoint(name: "Claims"))
            let survey = try await app.services.surveys.createFromTemplate(workspace.id, .relationshipNPS, name: nil, touchpointID: touchpoint.id)
            _ = try await app.services.surveys.setStatus(workspace.id, id: survey.id, to: .live)
            _ = try await app.services.customers.create(workspace.id, Customer(externalID: "C-1", name: "Ann"))
            let api = APIClient(client: client, token: try await app.token(workspace: workspace, role: .agent))

            // The owner makes a team (lead, the agent, the touchpoint) and a rule, through the pages.
            _ = try await owner.get("\(Self.pages)/case-settings")
            let teamCreated = try await owner.submit("\(Self.pages)/case-settings/teams", [
                "name": "Claims care", "lead_id": ownerID, "member_ids": agentID, "touchpoint_ids": touchpoint.id.uuidString,
            ])
            let teamTaken = try await owner.submit("\(Self.pages)/case-settings/teams", ["name": "claims CARE"])
            _ = try await owner.get("\(Self.pages)/alert-rules")
            let rule: [String: String] = [
                "name": "Detractors", "active": "1", "source": "responses", "match": "all", "nps_at_most": "eleven",
                "open_case": "1", "priority": "high", "assign": "touchpoint_team",
            ]
            let ruleRefused = try await owner.submit("\(Self.pages)/alert-rules", rule)
            var fixed = rule
            fixed["nps_at_most"] = "6"
            let ruleCreated = try await owner.submit("\(Self.pages)/alert-rules", fixed)
            let rules = try await owner.get("\(Self.pages)/alert-rules")
            let settings = try await owner.get("\(Self.pages)/case-settings")

            // MUT: a detractor answers, through the API
            let posted = try await api.call(.post, "\(Self.base)/responses", json: #"""
                {"survey_id":"\#(survey.id)","answers":{"nps":3,"comment":"Nobody called me back about my claim."},"customer_id":"C-1"}
                """#)
            let opened = try #require(try await app.services.cases.list(workspace.id, filter: CaseFilter()).items.first)
            let casePath = "\(Self.pages)/cases/\(opened.id.uuidString)"
            let inbox = try await agent.get("\(Self.pages)/cases")

            // The agent takes the case, talks to the customer and gives goodwill within and above the limit.
            _ = try await agent.get(casePath)
            let taken = try await agent.submit("\(casePath)/assign", ["owner_id": agentID, "team_id": opened.teamID?.uuidString ?? ""])
            let noted = try await agent.submit("\(casePath)/notes", ["text": "Called Ann: the claim is moving again.", "contacted": "1"])
            let emptyNote = try await agent.submit("\(casePath)/notes", ["text": "  "])
            let within = try await agent.submit("\(casePath)/goodwill", ["kind": "credit", "amount": "30", "reason": "For the wait"])
            let tooPrecise = try await agent.submit("\(casePath)/goodwill", ["kind": "refund", "amount": "12.345", "reason": "Fee"])
            let above = try await agent.submit("\(casePath)/goodwill", ["kind": "refund", "amount": "120,50", "reason": "The handling fee"])
            let casePage = try await agent.get(casePath)
            let agentInbox = try await agent.get("\(Self.pages)/cases")
            let agentBoard = try await agent.get("\(Self.pages)/cases/board")
            let pending = try #require(try await app.services.cases.pendingGoodwill(workspace.id).first)

            // The owner approves it on the board.
            let board = try await owner.get("\(Self.pages)/cases/board")
            let approved = try await owner.submit("\(Self.pages)/goodwill/\(pending.id.uuidString)/approve", ["return": "board", "note": "Fair"])
            let twice = try await owner.submit("\(Self.pages)/goodwill/\(pending.id.uuidString)/reject", ["return": "board"])

            // Resolving needs an outcome.
            _ = try await agent.get(casePath)
            let noOutcome = try await agent.submit("\(casePath)/status", ["status": "resolved"])
            let resolved = try await agent.submit("\(casePath)/status", ["status": "resolved", "outcome": "retained"])
            let boardAfter = try await owner.get("\(Self.pages)/cases/board")

            // The comment page links the case; a second comment offers to open one, which opens it.
            let commentPage = try await agent.get("\(Self.pages)/comments/\(try #require(opened.sourceID).uuidString)")
            let other = try await api.call(.post, "\(Self.base)/responses", json: #"""
                {"survey_id":"\#(survey.id)","answers":{"nps":8,"comment":"Fine, but the letters are confusing."}}
                """#)
            let otherID = try #require(try other.json()["id"] as? String)
            let otherComment = try await agent.get("\(Self.pages)/comments/\(otherID)")
            let openedByHand = try await agent.submit("\(Self.pages)/cases", ["source_id": otherID, "title": "Letters are confusing"])
            let unknownCustomer = try await agent.submit("\(Self.pages)/cases", ["title": "Call back", "customer": "C-404"])

            // Service levels and limits: one form, owners only, errors next to the field, nothing saved unless all is right.
            let policyPage = try await owner.get("\(Self.pages)/case-settings")
            var policy: [String: String] = [
                "hours_urgent": "4", "hours_high": "0", "hours_normal": "72", "hours_low": "168",
                "limit_owner": "2500", "limit_analyst": "250", "limit_agent": "75", "limit_viewer": "0",
                "limit_person_\(agentID)": "", "limit_person_\(ownerID)": "",
            ]
            let policyRefused = try await owner.submit("\(Self.pages)/case-settings/policy", policy)
            let unchanged = try await app.services.casePolicy.limits(workspace.id)
            policy["hours_high"] = "24"
            policy["limit_person_\(agentID)"] = "200"
            let policySaved = try await owner.submit("\(Self.pages)/case-settings/policy", policy)
            let limits = try await app.services.casePolicy.limits(workspace.id)
            _ = try await agent.get("\(Self.pages)/case-settings")
            let agentPolicy = try await agent.submit("\(Self.pages)/case-settings/policy", policy)

            let audit = try await owner.get("\(Self.pages)/audit")
            let goodwillOnly = try await owner.get("\(Self.pages)/audit?action=goodwill.")
            let agentAudit = try await agent.get("\(Self.pages)/audit")

            // validate: set-up through the pages
            #expect(teamCreated.status == .seeOther)
            #expect(teamTaken.status == .unprocessableContent)
            #expect(teamTaken.text.contains(#"id="new-team-name-error">Name is the name of another team."#), "\(teamTaken.text.prefix(300))")
            #expect(ruleRefused.status == .unprocessableContent)
            #expect(ruleRefused.text.contains(#"id="rule-nps-error">NPS at most must be a whole number from 0 to 9."#))
            #expect(ruleRefused.text.contains(#"value="eleven""#), "the form comes back as typed")
            #expect(ruleCreated.status == .seeOther)
            #expect(rules.text.contains("Survey responses with NPS at most 6"))
            #expect(rules.text.contains("Opens a high-priority case for the team of its touchpoint"))
            #expect(settings.text.contains("Claims care"))

            // the case reaches the agent's team queue, then their own
            #expect(posted.status == .created)
            #expect(opened.teamID != nil && opened.priority == .high && opened.ownerID == nil)
            let teamQueue = Self.section(inbox, from: "My teams’ unassigned cases", to: "Unassigned, no team")
            #expect(teamQueue.contains("#\(opened.number)"), "\(inbox.text.prefix(500))")
            #expect(teamQueue.contains("Nobody called me back about my claim."))
            #expect(teamQueue.contains("NPS 3"))
            #expect(teamQueue.contains("due in"))
            #expect(Self.section(agentInbox, from: "My cases", to: "My teams’ unassigned cases").contains("#\(opened.number)"))

            // work on the case
            for answer in [taken, noted, within, above] { #expect(answer.status == .seeOther, "\(answer.text.prefix(300))") }
            #expect(emptyNote.status == .unprocessableContent)
            #expect(emptyNote.text.contains(#"id="note-error">Note must not be empty."#))
            #expect(tooPrecise.status == .unprocessableContent)
            #expect(tooPrecise.text.contains(#"id="amount-error">Amount may have at most two decimals."#))
            #expect(tooPrecise.text.contains(#"value="12.345""#))
            #expect(casePage.text.contains("your limit: EUR 50.00"))
            #expect(casePage.text.contains("Given (within the limit)"))
            #expect(casePage.text.contains("Waiting for approval: Refund of EUR 120.50"))
            #expect(casePage.text.contains("You asked for it; someone else decides."))
            #expect(casePage.text.contains("Talked to the customer"))
            #expect(casePage.text.contains("Nobody called me back about my claim."))
            #expect(casePage.text.contains("Ann (C-1)"), "the customer's history")
            #expect(pending.cents == 12050 && pending.status == .pending)
            let statuses = try await app.services.cases.goodwill(caseID: opened.id).map(\.status)
            #expect(statuses.first == .final)
            #expect(!agentBoard.text.contains("/goodwill/\(pending.id.uuidString)/approve"), "no button for one's own request")

            // the board and the approval
            #expect(board.text.contains("EUR 120.50"))
            #expect(board.text.contains("Your limit: EUR 2,500.00"))
            #expect(board.text.contains("/goodwill/\(pending.id.uuidString)/approve"))
            #expect(approved.status == .seeOther)
            #expect(approved.location == "\(Self.pages)/cases/board")
            #expect(twice.status == .unprocessableContent, "decided already")
            #expect(twice.text.contains("Goodwill was approved already"))
            #expect(try await app.services.cases.goodwill(caseID: opened.id).last?.status == .approved)

            // resolving
            #expect(noOutcome.status == .unprocessableContent)
            #expect(noOutcome.text.contains(#"id="outcome-error">Outcome is required to resolve a case: resolved, retained or lost."#))
            #expect(resolved.status == .seeOther)
            #expect(try await app.services.cases.get(workspace.id, id: opened.id)?.outcome == .retained)
            #expect(Self.section(boardAfter, from: "Resolved this week", to: "since Monday").contains(">1<"))

            // from a comment
            #expect(commentPage.text.contains(#">Case \#(opened.number)</a>"#))
            #expect(otherComment.text.contains(#"name="source_id" value="\#(otherID)""#))
            #expect(openedByHand.status == .seeOther)
            let byHand = try await app.services.cases.forSource(workspace.id, sourceID: try #require(UUID(uuidString: otherID)))
            #expect(byHand?.title == "Letters are confusing")
            #expect(byHand?.teamID == opened.teamID, "a case about a response goes to its touchpoint's team")
            #expect(unknownCustomer.status == .unprocessableContent)
            #expect(unknownCustomer.text.contains(#"id="customer-error">Customer is not the id of a customer of this workspace."#))

            // service levels and limits
            #expect(policyPage.text.contains(#"name="limit_person_\#(agentID)""#))
            #expect(policyRefused.status == .unprocessableContent)
            #expect(policyRefused.text.contains(#"id="hours_high-error">High priority must be a number of hours above 0"#), "\(policyRefused.text.prefix(300))")
            #expect(policyRefused.text.contains(#"name="limit_agent" inputmode="decimal" value="75""#), "the form comes back as typed")
            #expect(unchanged.limit(person: nil, role: .agent) == 5_000, "a refused form saves nothing")
            #expect(policySaved.status == .seeOther)
            #expect(limits.limit(person: nil, role: .agent) == 7_500)
            #expect(limits.people[try #require(UUID(uuidString: agentID))] == 20_000)
            #expect(agentPolicy.status == .forbidden)

            // the audit log
            for action in ["goodwill.given", "goodwill.requested", "goodwill.approved", "case.status", "team.created", "alert_rule.created",
                           "authority_limits.changed"] {
                #expect(audit.text.contains(action), "\(action) is in the audit log")
            }
            #expect(goodwillOnly.text.contains("goodwill.approved"))
            #expect(!goodwillOnly.text.contains("team.created"))
            #expect(audit.text.contains(">Case \(opened.number)</a>"), "a case decision names the case")
            #expect(audit.text.contains("limit of Agent Person: role&#39;s → EUR 200.00"))
            #expect(audit.text.contains("limit of agents: EUR 50.00 → EUR 75.00"))
            #expect(!audit.text.contains("service_levels.changed"), "service levels saved as they were are not a decision")
            #expect(agentAudit.status == .forbidden)
        }
    }
}
