import FocusCore
import Foundation
import Hummingbird

/// The customer list (search, segment filter, pages), one customer, and adding one.
struct CustomerPages {
    let services: FocusServices
    static let pageSize = 50

    func addRoutes(to routes: RouteTable) {
        routes.workspace(.get, "/w/:workspace/customers", .read, list)
        routes.workspace(.post, "/w/:workspace/customers", .record, create)
        routes.workspace(.get, "/w/:workspace/customers/:id", .read, show)
    }

    struct ListModel {
        struct Row {
            let id: String; let externalID: String; let name: String; let segment: String; let region: String
            let plan: String; let value: String; let since: String; let churned: Bool; let churnedOn: String
        }
        struct Segment { let name: String; let selected: Bool }
        let layout: LayoutModel
        let rows: [Row]
        let query: String
        let segments: [Segment]
        let total: Int
        let currency: String
        let firstHref: String?
        let nextHref: String?
        let canEdit: Bool
        let error: String?
    }


    @Sendable func list(_ request: Request, _ context: FocusRequestContext, _ workspace: WorkspaceContext) async throws -> Response {
        try await render(request, context, workspace, error: nil)
    }

    private func render(_ request: Request, _ context: FocusRequestContext, _ workspace: WorkspaceContext, error: String?) async throws -> Response {
        let q = request.uri.queryParameters["q"].map(String.init) ?? ""
        let segment = request.uri.queryParameters["segment"].map(String.init) ?? ""
        let cursor = request.uri.queryParameters["cursor"].map(String.init)
        let page = try await services.customers.list(workspace.id, search: q, segment: segment, cursor: cursor, limit: Self.pageSize)
        let base = "/w/\(workspace.slug)/customers?q=\(Self.encode(q))&segment=\(Self.encode(segment))"
        let model = ListModel(
            layout: try await WorkspacePages.layout(services, context, workspace, title: "Customers", section: "customers"),
            rows: page.items.map(Self.row),
            query: q,
            segments: try await services.customers.segments(workspace.id).map { .init(name: $0, selected: $0 == segment) },
            total: try await services.customers.count(workspace.id),
            currency: workspace.currency,
            firstHref: cursor == nil ? nil : base,
            nextHref: page.nextCursor.map { "\(base)&cursor=\(Self.encode($0))" },
            canEdit: workspace.role.allows(.record),
            error: error)
        return services.pages.render("customers", model, status: error == nil ? .ok : .unprocessableContent)
    }

    static func encode(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }

    static func money(_ value: Double?) -> String {
        guard let value else { return "" }
        return String(format: "%.2f", value)
    }

    static func row(_ r: CustomerRecord) -> ListModel.Row {
        let c = r.customer
        return .init(id: r.id.uuidString, externalID: c.externalID, name: c.name ?? "", segment: c.segment ?? "",
                     region: c.attributes["region"] ?? "", plan: c.attributes["plan"] ?? "", value: money(c.valuePerYear),
                     since: c.since?.iso ?? "", churned: c.status == .churned, churnedOn: c.churnedOn?.iso ?? "")
    }

    struct CreateForm: Decodable {
        let external_id: String?
        let name: String?
        let email: String?
        let segment: String?
        let value_per_year: String?
        let since: String?
    }

    @Sendable func create(_ request: Request, _ context: FocusRequestContext, _ workspace: WorkspaceContext) async throws -> Response {
        let form = try await FormBody.decode(CreateForm.self, from: request, context: context)
        do {
            var value: Double?
            if let text = form.value_per_year?.trimmingWhitespace(), !text.isEmpty {
                guard let v = Double(text.replacingOccurrences(of: ",", with: ".")) else { throw FieldError("value_per_year", "must be a number") }
                value = v
            }
            var since: CalendarDate?
            if let text = form.since?.trimmingWhitespace(), !text.isEmpty {
                guard let d = CalendarDate(iso: text) else { throw FieldError("since", "must be a date written as YYYY-MM-DD") }
                since = d
            }
            let record = try await services.customers.create(workspace.id, Customer(
                externalID: form.external_id ?? "", name: form.name, email: form.email, segment: form.segment,
                valuePerYear: value, since: since))
            return .seeOther("/w/\(workspace.slug)/customers/\(record.id)")
        } catch let error as FieldError {
            return try await render(request, context, workspace, error: AuthPages.sentence(error))
        } catch let error as APIError where error.status == .conflict {
            return try await render(request, context, workspace, error: error.message)
        }
    }

    struct DetailModel {
        struct Attribute { let key: String; let value: String }
        let layout: LayoutModel
        let externalID: String; let name: String; let email: String; let segment: String; let value: String
        let currency: String; let since: String; let churned: Bool; let churnedOn: String
        let attributes: [Attribute]
    }

    @Sendable func show(_ request: Request, _ context: FocusRequestContext, _ workspace: WorkspaceContext) async throws -> Response {
        let id = try context.id(of: "customer")
        let record = try await services.customers.get(workspace.id, id: id)
        let c = record.customer
        let model = DetailModel(
            layout: try await WorkspacePages.layout(services, context, workspace, title: c.name ?? c.externalID, section: "customers"),
            externalID: c.externalID, name: c.name ?? c.externalID, email: c.email ?? "", segment: c.segment ?? "",
            value: Self.money(c.valuePerYear), currency: workspace.currency, since: c.since?.iso ?? "",
            churned: c.status == .churned, churnedOn: c.churnedOn?.iso ?? "",
            attributes: c.attributes.sorted { $0.key < $1.key }.map { .init(key: $0.key, value: $0.value) })
        return services.pages.render("customer", model)
    }
}
