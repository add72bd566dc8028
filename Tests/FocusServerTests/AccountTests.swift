@testable import FocusServer
import FocusCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Accounts: setup, sign-in, sign-out, invitations")
struct AccountTests {
    @Test("the setup link creates the owner once, and signs them in", arguments: TestBackend.allCases)
    func setupFlow(backend: TestBackend) async throws {
        try await TestApp.run(backend) { app, client in
            // setup
            let token = try #require(try await app.services.accounts.issueSetupLink())
            let browser = Browser(client: client)
            #expect(try await browser.get("/setup?token=wrong").status == .notFound)

            // MUT
            #expect(try await browser.get("/setup?token=\(token)").status == .ok)
            let weak = try await browser.submit("/setup", [
                "token": token, "name": "Olivia", "email": "olivia@example.com", "password": "short",
                "password_confirmation": "short", "workspace": "Acme", "currency": "EUR",
            ])
            let done = try await browser.submit("/setup", [
                "token": token, "name": "Olivia", "email": "Olivia@Example.com", "password": "a long enough secret",
                "password_confirmation": "a long enough secret", "workspace": "Acme Insurance", "currency": "eur",
            ])

            // validate
            #expect(weak.status == .unprocessableContent)
            #expect(weak.text.contains("Password must be at least 10 characters"))
            #expect(done.status == .seeOther)
            let home = try await browser.get("/")
            #expect(home.status == .seeOther)
            #expect(home.location == "/w/acme-insurance")
            let workspace = try await browser.get("/w/acme-insurance")
            #expect(workspace.status == .ok)
            #expect(workspace.text.contains("Acme Insurance"))
            // The link is spent, and no second setup link is issued once an owner exists.
            #expect(try await Browser(client: client).get("/setup?token=\(token)").status == .notFound)
            #expect(try await app.services.accounts.issueSetupLink() == nil)
            let members = try await app.services.accounts.members(of: try #require(try await app.services.workspaces.find(slug: "acme-insurance")).id)
            #expect(members.map(\.email) == ["olivia@example.com"])
            #expect(members.map(\.role) == [.owner])
        }
    }

    @Test("a wrong password or unknown e-mail is refused without a session", arguments: TestBackend.allCases)
    func wrongPassword(backend: TestBackend) async throws {
        try await TestApp.run(backend) { app, client in
            // setup
            _ = try await app.setUpOwner(client, email: "owner@example.com", password: "a long enough secret")
            let stranger = Browser(client: client)
            _ = try await stranger.get("/login")

            // MUT
            let wrong = try await stranger.submit("/login", ["email": "owner@example.com", "password": "not the password"])
            let unknown = try await stranger.submit("/login", ["email": "nobody@example.com", "password": "a long enough secret"])

            // validate
            #expect(wrong.status == .unauthorized)
            #expect(wrong.text.contains("The e-mail or the password is not right."))
            #expect(unknown.status == .unauthorized)
            #expect(stranger.cookies["focus_session"] == nil)
            let after = try await stranger.get("/w/acme-insurance")
            #expect(after.status == .seeOther)
            #expect(after.location?.hasPrefix("/login?next=") == true)
        }
    }

    @Test("signing in leads back to the page asked for; signing out ends the session", arguments: TestBackend.allCases)
    func loginAndLogout(backend: TestBackend) async throws {
        try await TestApp.run(backend) { app, client in
            // setup
            _ = try await app.setUpOwner(client)
            let browser = Browser(client: client)
            let redirect = try await browser.get("/w/acme-insurance/customers")
            #expect(redirect.location == "/login?next=%2Fw%2Facme%2Dinsurance%2Fcustomers")
            _ = try await browser.get(try #require(redirect.location))

            // MUT
            let login = try await browser.submit("/login", ["email": "owner@example.com", "password": "a long enough secret",
                                                            "next": "/w/acme-insurance/customers"])
            let evil = try await Browser(client: client).get("/login?next=//evil.example.com")
            #expect(FormBody.safeNext("/\t/evil.example.com") == "/")
            #expect(FormBody.safeNext("/\\evil.example.com") == "/")
            #expect(FormBody.safeNext("https://evil.example.com") == "/")
            #expect(FormBody.safeNext("/w/acme-insurance?x=1") == "/w/acme-insurance?x=1")

            // validate
            #expect(login.status == .seeOther)
            #expect(login.location == "/w/acme-insurance/customers")
            #expect(!evil.text.contains("evil.example.com"))
            #expect(try await browser.get("/w/acme-insurance/customers").status == .ok)
            let sessionCookie = try #require(browser.cookies["focus_session"])
            let logout = try await browser.submit("/logout", [:])
            #expect(logout.status == .seeOther)
            // The old cookie no longer works even if a copy of it is replayed.
            let replay = Browser(client: client)
            replay.cookies["focus_session"] = sessionCookie
            #expect(try await replay.get("/w/acme-insurance").status == .seeOther)
        }
    }

    @Test("an invited member joins with the link, creating an account, and has the role given", arguments: TestBackend.allCases)
    func invitation(backend: TestBackend) async throws {
        try await TestApp.run(backend) { app, client in
            // setup
            let owner = try await app.setUpOwner(client)
            _ = try await owner.get("/w/acme-insurance/members")

            // MUT
            let invited = try await owner.submit("/w/acme-insurance/members", ["name": "Ada Agent", "email": "ada@example.com", "role": "agent"])
            let link = try #require(invited.text.range(of: #"/invitation\?token=[A-Za-z0-9_-]+"#, options: .regularExpression).map { String(invited.text[$0]) })
            let workspace = try #require(try await app.services.workspaces.find(slug: "acme-insurance"))
            let membersBefore = try await app.services.accounts.members(of: workspace.id).count
            let ada = Browser(client: client)
            #expect(try await ada.get(link).status == .ok)
            let accepted = try await ada.submit("/invitation", ["token": String(link.dropFirst("/invitation?token=".count)),
                                                                "password": "ada's own password", "password_confirmation": "ada's own password"])

            // validate
            #expect(membersBefore == 1, "inviting grants nothing by itself")
            #expect(accepted.status == .seeOther)
            #expect(try await ada.get("/w/acme-insurance/customers").status == .ok)
            #expect(try await ada.get("/w/acme-insurance/members").status == .forbidden)
            #expect(try await Browser(client: client).get(link).status == .notFound)
            #expect(try await app.services.accounts.members(of: workspace.id).first { $0.email == "ada@example.com" }?.role == .agent)
        }
    }

    @Test("an invitation cannot take over an existing account, nor be claimed by re-inviting the e-mail", arguments: TestBackend.allCases)
    func noTakeover(backend: TestBackend) async throws {
        try await TestApp.run(backend) { app, client in
            // setup: the victim's company, and an attacker with a workspace of their own
            _ = try await app.setUpOwner(client)
            let victimCompany = try #require(try await app.services.workspaces.find(slug: "acme-insurance"))
            let attackerSpace = try await app.services.workspaces.create(name: "Evil Co", currency: "EUR", owner: nil)
            // The attacker invites the victim's e-mail to their own workspace and makes the account.
            let (_, attackerLink) = try await app.services.accounts.invite(workspaceID: attackerSpace.id, name: "V", email: "victim@corp.example",
                                                                          role: .owner, invitedBy: nil)
            let attackerUser = try await app.services.accounts.acceptInvitation(token: attackerLink, signedIn: nil, password: "attacker password",
                                                                                confirmation: "attacker password")

            // MUT: the victim's company invites the real victim; the link goes to the victim only.
            let (_, victimLink) = try await app.services.accounts.invite(workspaceID: victimCompany.id, name: "Victim", email: "victim@corp.example",
                                                                        role: .analyst, invitedBy: nil)
            // The attacker re-invites the same e-mail to their own workspace: it must not disturb the first link.
            let attackerSecond = try await app.services.workspaces.create(name: "Evil Two", currency: "EUR", owner: nil)
            _ = try await app.services.accounts.invite(workspaceID: attackerSecond.id, name: "V", email: "victim@corp.example", role: .viewer, invitedBy: nil)

            // validate: the attacker's account did not join the victim's company
            let attacker = try #require(try await app.services.accounts.principal(userID: attackerUser))
            #expect(attacker.role(in: victimCompany.id) == nil)
            // Without a session the link does not open the existing account: it asks to sign in.
            let page = try await Browser(client: client).get("/invitation?token=\(victimLink)")
            #expect(page.text.contains("Sign in to it"))
            await #expect(throws: APIError.self) {
                _ = try await app.services.accounts.acceptInvitation(token: victimLink, signedIn: nil, password: "another password",
                                                                     confirmation: "another password")
            }
            #expect(try await app.services.accounts.invitation(token: victimLink) != nil, "the victim's link still works")
        }
    }

    @Test("the last owner cannot be demoted or removed", arguments: TestBackend.allCases)
    func lastOwner(backend: TestBackend) async throws {
        try await TestApp.run(backend) { app, client in
            // setup
            _ = try await app.setUpOwner(client)
            let workspace = try #require(try await app.services.workspaces.find(slug: "acme-insurance"))
            let owner = try #require(try await app.services.accounts.members(of: workspace.id).first)

            // MUT / validate
            await #expect(throws: APIError.self) {
                try await app.services.accounts.changeRole(workspaceID: workspace.id, userID: owner.userID, to: .viewer)
            }
            await #expect(throws: APIError.self) {
                try await app.services.accounts.removeMember(workspaceID: workspace.id, userID: owner.userID)
            }
            #expect(try await app.services.accounts.members(of: workspace.id).map(\.role) == [.owner])
        }
    }
}
