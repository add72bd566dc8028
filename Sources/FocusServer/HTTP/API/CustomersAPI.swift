import FocusCore
import Foundation
import Hummingbird

struct CustomersAPI {
    let services: FocusServices
    static let base = "/api/v1/workspaces/:workspace/customers"

    func addRoutes(to routes: RouteTable) {
        routes.workspace(.get, Self.base, .read, surface: .api, operation: .init(
            id: "listCustomers", summary: "Customers in external-id order, a page at a time.", tag: "Customers",
            response: .page("Customer"), query: [
                .init("q", "Only customers whose id, name or e-mail contains this text."),
                .init("segment", "Only customers of this segment."),
                .init("cursor", "The next_cursor of the previous page."),
                .init("limit", "Customers per page, 1 to 500 (default 100).", type: "integer"),
            ]), list)
        routes.workspace(.post, Self.base, .record, surface: .api, operation: .init(
            id: "createCustomer", summary: "Add a customer; external_id is unique in the workspace.", tag: "Customers",
            request: .object("CustomerInput"), response: .object("Customer"), status: 201), create)
        routes.workspace(.get, "\(Self.base)/:id", .read, surface: .api, operation: .init(
            id: "getCustomer", summary: "One customer.", tag: "Customers", response: .object("Customer")), get)
        routes.workspace(.put, "\(Self.base)/:id", .record, surface: .api, operation: .init(
            id: "updateCustomer", summary: "Replace a customer's data.", tag: "Customers",
            request: .object("CustomerInput"), response: .object("Customer")), update)
    }

    @Sendable func list(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let query = request.uri.queryParameters
        var limit = 100
        if let text = query["limit"] {
            guard let l = Int(text), (1...500).contains(l) else { throw APIError(.badRequest, "limit must be a whole number from 1 to 500", field: "limit") }
            limit = l
        }
        let page = try await services.customers.list(w.id, search: query["q"].map(String.init), segment: query["segment"].map(String.init),
                                                     cursor: query["cursor"].map(String.init), limit: limit)
        return try JSONBody.response(Page(items: page.items.map(CustomerDTO.init), nextCursor: page.nextCursor))
    }

    @Sendable func create(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let input = try await JSONBody.decode(CustomerInput.self, from: request, context: context)
        return try JSONBody.response(CustomerDTO(try await services.customers.create(w.id, try input.domain())), status: .created)
    }

    @Sendable func get(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        try JSONBody.response(CustomerDTO(try await services.customers.get(w.id, id: try context.id(of: "customer"))))
    }

    @Sendable func update(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let id = try context.id(of: "customer")
        let input = try await JSONBody.decode(CustomerInput.self, from: request, context: context)
        return try JSONBody.response(CustomerDTO(try await services.customers.update(w.id, id: id, try input.domain())))
    }
}
