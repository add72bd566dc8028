import FocusCore
import Foundation
import Hummingbird

/// The list of one's workspaces, a new workspace, and a workspace's overview.
struct WorkspacePages {
    let services: FocusServices

    func addRoutes(to routes: RouteTable) {
        routes.signedIn(.get, "/", list)
        routes.person(.post, "/workspaces", create)
        routes.workspace(.get, "/w/:workspace", .read, home)
    }

    struct ListModel {
        struct Item { let name: String; let slug: String }
        let layout: LayoutModel
        let workspaces: [Item]
        let error: String?
    }

    @Sendable func list(_ request: Request, _ context: FocusRequestContext, _ principal: Principal) async throws -> Response {
        let workspaces = try await services.workspaces.list(for: principal)
        if workspaces.count == 1, principal.roles.count == 1 { return .seeOther("/w/\(workspaces[0].slug)") }
        return render(context, workspaces: workspaces, error: nil)
    }

    private func render(_ context: FocusRequestContext, workspaces: [WorkspaceRecord], error: String?) -> Response {
        let model = ListModel(
            layout: LayoutModel(title: "Workspaces", context: context, renderer: services.pages, workspaces: workspaces),
            workspaces: workspaces.map { .init(name: $0.name, slug: $0.slug) }, error: error)
        return services.pages.render("workspaces", model, status: error == nil ? .ok : .unprocessableContent)
    }

    struct CreateForm: Decodable {
        let name: String?
        let currency: String?
    }

    /// Any signed-in person may start a workspace of their own (a consultancy runs one per client).
    @Sendable func create(_ request: Request, _ context: FocusRequestContext, _ principal: Principal) async throws -> Response {
        guard let userID = principal.userID else { throw APIError.unauthorized }
        let form = try await FormBody.decode(CreateForm.self, from: request, context: context)
        do {
            let workspace = try await services.workspaces.create(name: form.name ?? "", currency: form.currency ?? "EUR", owner: userID)
            return .seeOther("/w/\(workspace.slug)")
        } catch let error as FieldError {
            return render(context, workspaces: try await services.workspaces.list(for: principal), error: AuthPages.sentence(error))
        }
    }

    struct HomeModel {
        struct Stage { let name: String; let touchpoints: [TouchpointItem] }
        struct TouchpointItem { let name: String; let isInternal: Bool; let description: String? }
        let layout: LayoutModel
        let touchpoints: Int
        let brands: Int
        let customers: Int
        let members: Int
        let stages: [Stage]
    }

    @Sendable func home(_ request: Request, _ context: FocusRequestContext, _ workspace: WorkspaceContext) async throws -> Response {
        let counts = try await services.workspaces.counts(workspace.id)
        let touchpoints = try await services.catalogue.touchpoints(workspace.id)
        var stages: [HomeModel.Stage] = []
        for tp in touchpoints {
            let name = tp.touchpoint.stage ?? "No stage"
            let item = HomeModel.TouchpointItem(name: tp.touchpoint.name, isInternal: tp.touchpoint.kind == .internal,
                                                description: tp.touchpoint.description)
            if let last = stages.last, last.name == name {
                stages[stages.count - 1] = .init(name: name, touchpoints: last.touchpoints + [item])
            } else {
                stages.append(.init(name: name, touchpoints: [item]))
            }
        }
        let model = HomeModel(
            layout: try await layout(context, workspace, title: workspace.name, section: "home"),
            touchpoints: counts.touchpoints, brands: counts.brands, customers: counts.customers, members: counts.members,
            stages: stages)
        return services.pages.render("home", model)
    }

    func layout(_ context: FocusRequestContext, _ workspace: WorkspaceContext, title: String, section: String) async throws -> LayoutModel {
        try await Self.layout(services, context, workspace, title: title, section: section)
    }

    static func layout(_ services: FocusServices, _ context: FocusRequestContext, _ workspace: WorkspaceContext,
                       title: String, section: String) async throws -> LayoutModel {
        LayoutModel(title: title, context: context, renderer: services.pages, workspace: workspace, section: section,
                    workspaces: try await services.workspaces.list(for: workspace.principal))
    }
}
