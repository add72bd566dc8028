import FocusCore
import Foundation
import Hummingbird

/// Journey stages, touchpoints and brands of a workspace.
struct CatalogueAPI {
    let services: FocusServices
    static let base = "/api/v1/workspaces/:workspace"

    func addRoutes(to routes: RouteTable) {
        let b = Self.base
        routes.workspace(.get, "\(b)/stages", .read, surface: .api, operation: .init(
            id: "listStages", summary: "The journey stages, in journey order.", tag: "Touchpoints",
            response: .list("Stage")), listStages)
        routes.workspace(.post, "\(b)/stages", .configure, surface: .api, operation: .init(
            id: "createStage", summary: "Add a journey stage (at the end unless a position is given).", tag: "Touchpoints",
            request: .object("StageInput"), response: .object("Stage"), status: 201), createStage)
        routes.workspace(.get, "\(b)/touchpoints", .read, surface: .api, operation: .init(
            id: "listTouchpoints", summary: "The touchpoints, in journey order.", tag: "Touchpoints",
            response: .list("Touchpoint")), listTouchpoints)
        routes.workspace(.post, "\(b)/touchpoints", .configure, surface: .api, operation: .init(
            id: "createTouchpoint", summary: "Add a touchpoint.", tag: "Touchpoints",
            request: .object("TouchpointInput"), response: .object("Touchpoint"), status: 201), createTouchpoint)
        routes.workspace(.get, "\(b)/touchpoints/:id", .read, surface: .api, operation: .init(
            id: "getTouchpoint", summary: "One touchpoint.", tag: "Touchpoints",
            response: .object("Touchpoint")), getTouchpoint)
        routes.workspace(.put, "\(b)/touchpoints/:id", .configure, surface: .api, operation: .init(
            id: "updateTouchpoint", summary: "Replace a touchpoint's name, kind, stage and description.", tag: "Touchpoints",
            request: .object("TouchpointInput"), response: .object("Touchpoint")), updateTouchpoint)
        routes.workspace(.delete, "\(b)/touchpoints/:id", .configure, surface: .api, operation: .init(
            id: "deleteTouchpoint", summary: "Delete a touchpoint.", tag: "Touchpoints",
            response: .none, status: 204), deleteTouchpoint)
        routes.workspace(.get, "\(b)/brands", .read, surface: .api, operation: .init(
            id: "listBrands", summary: "The own brand first, then competitors.", tag: "Brands",
            response: .list("Brand")), listBrands)
        routes.workspace(.post, "\(b)/brands", .configure, surface: .api, operation: .init(
            id: "createBrand", summary: "Add a brand (own or competitor).", tag: "Brands",
            request: .object("BrandInput"), response: .object("Brand"), status: 201), createBrand)
        routes.workspace(.delete, "\(b)/brands/:id", .configure, surface: .api, operation: .init(
            id: "deleteBrand", summary: "Delete a brand.", tag: "Brands",
            response: .none, status: 204), deleteBrand)
    }

    @Sendable func listStages(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        try JSONBody.response(try await services.catalogue.stages(w.id).map { StageDTO(id: $0.id, name: $0.stage.name, position: $0.stage.position) })
    }

    @Sendable func createStage(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let input = try await JSONBody.decode(StageInput.self, from: request, context: context)
        let r = try await services.catalogue.addStage(w.id, name: input.name, position: input.position)
        return try JSONBody.response(StageDTO(id: r.id, name: r.stage.name, position: r.stage.position), status: .created)
    }

    @Sendable func listTouchpoints(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        try JSONBody.response(try await services.catalogue.touchpoints(w.id).map(TouchpointDTO.init))
    }

    @Sendable func createTouchpoint(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let input = try await JSONBody.decode(TouchpointInput.self, from: request, context: context)
        let created = try await services.catalogue.createTouchpoint(w.id, try input.domain())
        return try JSONBody.response(TouchpointDTO(try await services.catalogue.touchpoint(w.id, id: created.id)), status: .created)
    }

    @Sendable func getTouchpoint(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        try JSONBody.response(TouchpointDTO(try await services.catalogue.touchpoint(w.id, id: try context.id(of: "touchpoint"))))
    }

    @Sendable func updateTouchpoint(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let id = try context.id(of: "touchpoint")
        let input = try await JSONBody.decode(TouchpointInput.self, from: request, context: context)
        return try JSONBody.response(TouchpointDTO(try await services.catalogue.updateTouchpoint(w.id, id: id, try input.domain())))
    }

    @Sendable func deleteTouchpoint(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        try await services.catalogue.deleteTouchpoint(w.id, id: try context.id(of: "touchpoint"))
        return Response(status: .noContent)
    }

    @Sendable func listBrands(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        try JSONBody.response(try await services.catalogue.brands(w.id).map(BrandDTO.init))
    }

    @Sendable func createBrand(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let input = try await JSONBody.decode(BrandInput.self, from: request, context: context)
        let r = try await services.catalogue.createBrand(w.id, Brand(name: input.name, isOwn: input.isOwn ?? false))
        return try JSONBody.response(BrandDTO(r), status: .created)
    }

    @Sendable func deleteBrand(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        try await services.catalogue.deleteBrand(w.id, id: try context.id(of: "brand"))
        return Response(status: .noContent)
    }
}
