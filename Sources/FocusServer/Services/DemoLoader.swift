import FluentKit
import FocusCore
import Foundation
import Logging

/// Loads the demo insurer into the database: replaces the demo workspace if it is there,
/// so that loading twice with the same seed gives the same data.
public struct DemoLoader: Sendable {
    let services: FocusServices

    public init(services: FocusServices) {
        self.services = services
    }

    /// - Returns: the demo workspace.
    @discardableResult
    public func load(_ options: DemoInsurer.Options, logger: Logger, progress: (@Sendable (Int, Int) -> Void)? = nil) async throws -> WorkspaceRecord {
        let demo = DemoInsurer(options: options)
        let database = services.database
        if let old = try await services.workspaces.find(slug: demo.workspaceSlug) {
            try await WorkspaceModel.query(on: database.db).filter(\.$id == old.id).delete()
        }
        let workspace = try await database.db.transaction { db in
            let model = WorkspaceModel(name: demo.workspaceName, slug: demo.workspaceSlug, currency: "EUR")
            try await model.create(on: db)
            let workspace = WorkspaceService.record(model)
            // Whoever owns a workspace on this server owns the demo too, so they can see it.
            let owners = Set(try await MembershipModel.query(on: db).filter(\.$role == Role.owner.rawValue).all().map(\.userID))
            for owner in owners {
                try await MembershipModel(workspaceID: workspace.id, userID: owner, role: Role.owner.rawValue).create(on: db)
            }
            for stage in demo.stages {
                _ = try await services.catalogue.addStage(workspace.id, name: stage.name, position: stage.position, on: db)
            }
            for touchpoint in demo.touchpoints {
                _ = try await services.catalogue.createTouchpoint(workspace.id, touchpoint, on: db)
            }
            for brand in demo.brands {
                _ = try await services.catalogue.createBrand(workspace.id, brand, on: db)
            }
            return workspace
        }
        let total = options.customerCount
        var batch: [Customer] = []
        batch.reserveCapacity(10_000)
        var written = 0
        for customer in demo.customers {
            batch.append(customer)
            if batch.count == 10_000 {
                let rows = batch
                try await database.db.transaction { db in try await services.customers.insertBatch(workspace.id, rows, on: db) }
                written += rows.count
                batch.removeAll(keepingCapacity: true)
                progress?(written, total)
            }
        }
        if !batch.isEmpty {
            let rows = batch
            try await database.db.transaction { db in try await services.customers.insertBatch(workspace.id, rows, on: db) }
            written += rows.count
            progress?(written, total)
        }
        logger.info("demo workspace loaded", metadata: [
            "workspace": "\(workspace.slug)", "customers": "\(written)", "seed": "\(options.seed)",
        ])
        return workspace
    }
}
