@testable import FocusServer
import FocusCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("API: touchpoints, stages, brands and customers")
struct CatalogueAPITests {
    static let base = "/api/v1/workspaces/acme-insurance"

    @Test("touchpoints: create, group by stage, rename, delete", arguments: TestBackend.allCases)
    func touchpoints(backend: TestBackend) async throws {
        try await TestApp.run(backend) { app, client in
            // setup
            _ = try await app.setUpOwner(client)
            let workspace = try #require(try await app.services.workspaces.find(slug: "acme-insurance"))
            let api = APIClient(client: client, token: try await app.token(workspace: workspace, role: .analyst))

            // MUT
            let a = try await api.call(.post, "\(Self.base)/touchpoints", json: #"{"name":"  Claim handling ","stage":"Claim"}"#)
            let b = try await api.call(.post, "\(Self.base)/touchpoints", json: #"{"name":"Web shop","stage":"Buy"}"#)
            let c = try await api.call(.post, "\(Self.base)/touchpoints", json: #"{"name":"IT desk","kind":"internal"}"#)
            let duplicate = try await api.call(.post, "\(Self.base)/touchpoints", json: #"{"name":"Web shop"}"#)
            let badKind = try await api.call(.post, "\(Self.base)/touchpoints", json: #"{"name":"X","kind":"sideways"}"#)
            let empty = try await api.call(.post, "\(Self.base)/touchpoints", json: #"{"name":"   "}"#)
            let id = try #require(try b.json()["id"] as? String)
            let renamed = try await api.call(.put, "\(Self.base)/touchpoints/\(id)", json: #"{"name":"Online shop","stage":"Buy"}"#)
            let list = try await api.call(.get, "\(Self.base)/touchpoints").jsonArray()
            let deleted = try await api.call(.delete, "\(Self.base)/touchpoints/\(id)")
            let gone = try await api.call(.get, "\(Self.base)/touchpoints/\(id)")

            // validate
            #expect(a.status == .created)
            #expect(try a.json()["name"] as? String == "Claim handling")
            #expect(c.status == .created)
            #expect(try c.json()["kind"] as? String == "internal")
            #expect(duplicate.status == .conflict)
            #expect(try (duplicate.json()["error"] as? [String: Any])?["field"] as? String == "name")
            #expect(badKind.status == .unprocessableContent)
            #expect(try (badKind.json()["error"] as? [String: Any])?["field"] as? String == "kind")
            #expect(empty.status == .unprocessableContent)
            #expect(renamed.status == .ok)
            // journey order: stages in the order they were added, unstaged last
            #expect(list.map { $0["name"] as? String } == ["Claim handling", "Online shop", "IT desk"])
            #expect(deleted.status == .noContent)
            #expect(gone.status == .notFound)
            #expect(try await app.services.catalogue.touchpoints(workspace.id).count == 2)
        }
    }

    @Test("customers: bad input names its field and writes nothing", arguments: TestBackend.allCases)
    func customerValidation(backend: TestBackend) async throws {
        try await TestApp.run(backend) { app, client in
            // setup
            _ = try await app.setUpOwner(client)
            let workspace = try #require(try await app.services.workspaces.find(slug: "acme-insurance"))
            let api = APIClient(client: client, token: try await app.token(workspace: workspace, role: .agent))
            let cases: [(String, HTTPResponse.Status, String)] = [
                ("{", .badRequest, "body"),
                ("[1,2]", .badRequest, "body"),
                (#"{"name":"No id"}"#, .badRequest, "external_id"),
                (#"{"external_id":42}"#, .badRequest, "external_id"),
                (#"{"external_id":"A","email":"not-an-address"}"#, .unprocessableContent, "email"),
                (#"{"external_id":"A","value_per_year":-1}"#, .unprocessableContent, "value_per_year"),
                (#"{"external_id":"A","since":"2024-02-30"}"#, .badRequest, "since"),
                (#"{"external_id":"A","status":"churned"}"#, .unprocessableContent, "churned_on"),
                (#"{"external_id":"A","status":"sleeping"}"#, .unprocessableContent, "status"),
                (#"{"external_id":"A","since":"2024-01-01","status":"churned","churned_on":"2023-01-01"}"#, .unprocessableContent, "churned_on"),
                (#"{"external_id":"A","attributes":{"region":5}}"#, .badRequest, "attributes.region"),
            ]

            for (json, status, field) in cases {
                // MUT
                let response = try await api.call(.post, "\(Self.base)/customers", json: json)
                // validate
                #expect(response.status == status, "\(json)")
                #expect(try (response.json()["error"] as? [String: Any])?["field"] as? String == field, "\(json)")
            }
            #expect(try await app.services.customers.count(workspace.id) == 0)
            let wrongType = try await client.execute(uri: "\(Self.base)/customers", method: .post,
                                                     headers: [.authorization: "Bearer \(api.token)", .contentType: "text/plain"],
                                                     body: .init(string: "external_id=A"))
            #expect(wrongType.status == .unsupportedMediaType)
        }
    }

    @Test("customers: pages by cursor, search and segment filter", arguments: TestBackend.allCases)
    func customerPaging(backend: TestBackend) async throws {
        try await TestApp.run(backend) { app, client in
            // setup
            _ = try await app.setUpOwner(client)
            let workspace = try #require(try await app.services.workspaces.find(slug: "acme-insurance"))
            let api = APIClient(client: client, token: try await app.token(workspace: workspace, role: .viewer))
            for i in 1...7 {
                _ = try await app.services.customers.create(workspace.id, Customer(
                    externalID: "C-\(i)", name: i == 4 ? "Zelda Quartz" : "Person \(i)", segment: i % 2 == 0 ? "Business" : "Private"))
            }

            // MUT
            var seen: [String] = []
            var cursor: String? = nil
            var pages = 0
            repeat {
                let uri = "\(Self.base)/customers?limit=3" + (cursor.map { "&cursor=\($0)" } ?? "")
                let page = try await api.call(.get, uri).json()
                seen += (page["items"] as? [[String: Any]] ?? []).compactMap { $0["external_id"] as? String }
                cursor = page["next_cursor"] as? String
                pages += 1
            } while cursor != nil
            let search = try await api.call(.get, "\(Self.base)/customers?q=Quartz").json()
            let business = try await api.call(.get, "\(Self.base)/customers?segment=Business").json()
            let badLimit = try await api.call(.get, "\(Self.base)/customers?limit=0")
            let write = try await api.call(.post, "\(Self.base)/customers", json: #"{"external_id":"C-99"}"#)

            // validate
            #expect(seen == (1...7).map { "C-\($0)" })
            #expect(pages == 3)
            #expect((search["items"] as? [[String: Any]])?.compactMap { $0["external_id"] as? String } == ["C-4"])
            #expect((business["items"] as? [[String: Any]])?.count == 3)
            #expect(badLimit.status == .badRequest)
            #expect(write.status == .forbidden, "a viewer may not write")
        }
    }
}
