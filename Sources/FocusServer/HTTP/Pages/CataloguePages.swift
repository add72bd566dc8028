import FocusCore
import Foundation
import Hummingbird

/// Touchpoints (grouped by journey stage) and brands.
struct CataloguePages {
    let services: FocusServices

    func addRoutes(to routes: RouteTable) {
        routes.workspace(.get, "/w/:workspace/touchpoints", .read, touchpoints)
        routes.workspace(.post, "/w/:workspace/touchpoints", .configure, createTouchpoint)
        routes.workspace(.post, "/w/:workspace/touchpoints/:id/delete", .configure, deleteTouchpoint)
        routes.workspace(.get, "/w/:workspace/brands", .read, brands)
        routes.workspace(.post, "/w/:workspace/brands", .configure, createBrand)
        routes.workspace(.post, "/w/:workspace/brands/:id/delete", .configure, deleteBrand)
    }

    struct TouchpointsModel {
        struct Row { let id: String; let name: String; let stage: String; let isInternal: Bool; let description: String }
        struct FormState { let name: String; let stage: String; let isInternal: Bool; let description: String }
        let layout: LayoutModel
        let rows: [Row]
        let stageNames: [String]
        let canEdit: Bool
        let form: FormState?
        let error: String?
        let notice: String?
    }

    @Sendable func touchpoints(_ request: Request, _ context: FocusRequestContext, _ workspace: WorkspaceContext) async throws -> Response {
        try await renderTouchpoints(context, workspace, form: nil, error: nil)
    }

    private func renderTouchpoints(_ context: FocusRequestContext, _ workspace: WorkspaceContext, form: TouchpointForm?,
                                   error: String?) async throws -> Response {
        let rows = try await services.catalogue.touchpoints(workspace.id).map {
            TouchpointsModel.Row(id: $0.id.uuidString, name: $0.touchpoint.name, stage: $0.touchpoint.stage ?? "—",
                                 isInternal: $0.touchpoint.kind == .internal, description: $0.touchpoint.description ?? "")
        }
        let model = TouchpointsModel(
            layout: try await WorkspacePages.layout(services, context, workspace, title: "Touchpoints", section: "touchpoints"),
            rows: rows, stageNames: try await services.catalogue.stages(workspace.id).map(\.stage.name),
            canEdit: workspace.role.allows(.configure),
            form: form.map { .init(name: $0.name ?? "", stage: $0.stage ?? "", isInternal: $0.kind == "internal", description: $0.description ?? "") },
            error: error, notice: nil)
        return services.pages.render("touchpoints", model, status: error == nil ? .ok : .unprocessableContent)
    }

    struct TouchpointForm: Decodable {
        let name: String?
        let stage: String?
        let kind: String?
        let description: String?
    }

    @Sendable func createTouchpoint(_ request: Request, _ context: FocusRequestContext, _ workspace: WorkspaceContext) async throws -> Response {
        let form = try await FormBody.decode(TouchpointForm.self, from: request, context: context)
        do {
            guard let kind = Touchpoint.Kind(rawValue: form.kind ?? "external") else { throw FieldError("kind", "must be external or internal") }
            _ = try await services.catalogue.createTouchpoint(workspace.id, Touchpoint(
                name: form.name ?? "", kind: kind, stage: form.stage, description: form.description))
            return .seeOther("/w/\(workspace.slug)/touchpoints")
        } catch let error as FieldError {
            return try await renderTouchpoints(context, workspace, form: form, error: AuthPages.sentence(error))
        } catch let error as APIError where error.status == .conflict {
            return try await renderTouchpoints(context, workspace, form: form, error: error.message)
        }
    }

    @Sendable func deleteTouchpoint(_ request: Request, _ context: FocusRequestContext, _ workspace: WorkspaceContext) async throws -> Response {
        let id = try context.id(of: "touchpoint")
        try await services.catalogue.deleteTouchpoint(workspace.id, id: id)
        return .seeOther("/w/\(workspace.slug)/touchpoints")
    }

    struct BrandsModel {
        struct Row { let id: String; let name: String; let isOwn: Bool }
        let layout: LayoutModel
        let rows: [Row]
        let canEdit: Bool
        let error: String?
    }

    @Sendable func brands(_ request: Request, _ context: FocusRequestContext, _ workspace: WorkspaceContext) async throws -> Response {
        try await renderBrands(context, workspace, error: nil)
    }

    private func renderBrands(_ context: FocusRequestContext, _ workspace: WorkspaceContext, error: String?) async throws -> Response {
        let model = BrandsModel(
            layout: try await WorkspacePages.layout(services, context, workspace, title: "Brands", section: "brands"),
            rows: try await services.catalogue.brands(workspace.id).map { .init(id: $0.id.uuidString, name: $0.brand.name, isOwn: $0.brand.isOwn) },
            canEdit: workspace.role.allows(.configure), error: error)
        return services.pages.render("brands", model, status: error == nil ? .ok : .unprocessableContent)
    }

    struct BrandForm: Decodable {
        let name: String?
        let own: String?
    }

    @Sendable func createBrand(_ request: Request, _ context: FocusRequestContext, _ workspace: WorkspaceContext) async throws -> Response {
        let form = try await FormBody.decode(BrandForm.self, from: request, context: context)
        do {
            _ = try await services.catalogue.createBrand(workspace.id, Brand(name: form.name ?? "", isOwn: form.own == "true"))
            return .seeOther("/w/\(workspace.slug)/brands")
        } catch let error as FieldError {
            return try await renderBrands(context, workspace, error: AuthPages.sentence(error))
        } catch let error as APIError where error.status == .conflict {
            return try await renderBrands(context, workspace, error: error.message)
        }
    }

    @Sendable func deleteBrand(_ request: Request, _ context: FocusRequestContext, _ workspace: WorkspaceContext) async throws -> Response {
        let id = try context.id(of: "brand")
        try await services.catalogue.deleteBrand(workspace.id, id: id)
        return .seeOther("/w/\(workspace.slug)/brands")
    }
}
