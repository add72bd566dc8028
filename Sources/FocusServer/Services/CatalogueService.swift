import FluentKit
import FocusCore
import Foundation
import HTTPTypes

public struct TouchpointRecord: Sendable, Equatable {
    public let id: UUID
    public let touchpoint: Touchpoint
    public let stagePosition: Int?
}

public struct StageRecord: Sendable, Equatable {
    public let id: UUID
    public let stage: JourneyStage
}

public struct BrandRecord: Sendable, Equatable {
    public let id: UUID
    public let brand: Brand
}

/// What a workspace's customers meet: journey stages, touchpoints and brands.
public struct CatalogueService: Sendable {
    let database: FocusDatabase

    // MARK: journey stages

    public func stages(_ workspaceID: UUID) async throws -> [StageRecord] {
        try await JourneyStageModel.query(on: database.db).filter(\.$workspaceID == workspaceID)
            .sort(\.$position).sort(\.$name).all()
            .map { StageRecord(id: $0.id!, stage: JourneyStage(name: $0.name, position: $0.position)) }
    }

    /// Adds a stage at the end of the journey (or at the given position).
    public func addStage(_ workspaceID: UUID, name: String, position: Int? = nil, on db: (any Database)? = nil) async throws -> StageRecord {
        let db = db ?? database.db
        let name = try Validate.name(name, field: "name", maxLength: 80)
        if try await JourneyStageModel.query(on: db).filter(\.$workspaceID == workspaceID).filter(\.$name == name).count() > 0 {
            throw APIError(.conflict, "a stage named \(name) already exists", field: "name")
        }
        let last = try await JourneyStageModel.query(on: db).filter(\.$workspaceID == workspaceID).max(\.$position) ?? 0
        let model = JourneyStageModel(workspaceID: workspaceID, name: name, position: position ?? last + 1)
        try await model.create(on: db)
        return StageRecord(id: model.id!, stage: JourneyStage(name: model.name, position: model.position))
    }

    // MARK: touchpoints

    /// The touchpoints in journey order (stage position, then name).
    public func touchpoints(_ workspaceID: UUID) async throws -> [TouchpointRecord] {
        let stages = Dictionary(uniqueKeysWithValues: try await stages(workspaceID).map { ($0.id, $0.stage) })
        return try await TouchpointModel.query(on: database.db).filter(\.$workspaceID == workspaceID).all()
            .map { Self.record($0, stages: stages) }
            .sorted { ($0.stagePosition ?? Int.max, $0.touchpoint.name) < ($1.stagePosition ?? Int.max, $1.touchpoint.name) }
    }

    public func touchpoint(_ workspaceID: UUID, id: UUID) async throws -> TouchpointRecord {
        guard let model = try await TouchpointModel.query(on: database.db).filter(\.$workspaceID == workspaceID)
            .filter(\.$id == id).first()
        else { throw APIError.notFound("touchpoint") }
        let stages = Dictionary(uniqueKeysWithValues: try await stages(workspaceID).map { ($0.id, $0.stage) })
        return Self.record(model, stages: stages)
    }

    /// Creates a touchpoint; a stage named that does not exist yet is added to the journey.
    public func createTouchpoint(_ workspaceID: UUID, _ input: Touchpoint, on db: (any Database)? = nil) async throws -> TouchpointRecord {
        let db = db ?? database.db
        let tp = try input.validated()
        try await requireUniqueTouchpoint(workspaceID, name: tp.name, except: nil, on: db)
        let stageID = try await stageID(workspaceID, named: tp.stage, on: db)
        let model = TouchpointModel(workspaceID: workspaceID, stageID: stageID, name: tp.name, kind: tp.kind.rawValue,
                                    description: tp.description)
        try await model.create(on: db)
        return TouchpointRecord(id: model.id!, touchpoint: tp, stagePosition: nil)
    }

    public func updateTouchpoint(_ workspaceID: UUID, id: UUID, _ input: Touchpoint) async throws -> TouchpointRecord {
        let tp = try input.validated()
        try await database.db.transaction { db in
            guard let model = try await TouchpointModel.query(on: db).filter(\.$workspaceID == workspaceID)
                .filter(\.$id == id).first()
            else { throw APIError.notFound("touchpoint") }
            try await requireUniqueTouchpoint(workspaceID, name: tp.name, except: id, on: db)
            model.name = tp.name
            model.kind = tp.kind.rawValue
            model.description = tp.description
            model.stageID = try await stageID(workspaceID, named: tp.stage, on: db)
            try await model.save(on: db)
        }
        return try await touchpoint(workspaceID, id: id)
    }

    public func deleteTouchpoint(_ workspaceID: UUID, id: UUID) async throws {
        guard let model = try await TouchpointModel.query(on: database.db).filter(\.$workspaceID == workspaceID)
            .filter(\.$id == id).first()
        else { throw APIError.notFound("touchpoint") }
        // Its responses lose their touchpoint (the foreign key sets it to null); so do their tallies.
        try await database.db.transaction { db in
            try await model.delete(on: db)
            try await ScoreAggregates.forgetTouchpoint(workspaceID, id, on: db)
            try await DriverAggregates.forget(workspaceID, column: "touchpoint_key", id, on: db)
        }
    }

    private func requireUniqueTouchpoint(_ workspaceID: UUID, name: String, except: UUID?, on db: any Database) async throws {
        var query = TouchpointModel.query(on: db).filter(\.$workspaceID == workspaceID).filter(\.$name == name)
        if let except { query = query.filter(\.$id != except) }
        if try await query.count() > 0 {
            throw APIError(.conflict, "a touchpoint named \(name) already exists", field: "name")
        }
    }

    private func stageID(_ workspaceID: UUID, named name: String?, on db: any Database) async throws -> UUID? {
        guard let name else { return nil }
        if let existing = try await JourneyStageModel.query(on: db).filter(\.$workspaceID == workspaceID)
            .filter(\.$name == name).first() {
            return existing.id
        }
        return try await addStage(workspaceID, name: name, on: db).id
    }

    static func record(_ m: TouchpointModel, stages: [UUID: JourneyStage]) -> TouchpointRecord {
        let stage = m.stageID.flatMap { stages[$0] }
        return TouchpointRecord(
            id: m.id!,
            touchpoint: Touchpoint(name: m.name, kind: Touchpoint.Kind(rawValue: m.kind) ?? .external,
                                   stage: stage?.name, description: m.description),
            stagePosition: stage?.position)
    }

    // MARK: brands

    public func brands(_ workspaceID: UUID) async throws -> [BrandRecord] {
        try await BrandModel.query(on: database.db).filter(\.$workspaceID == workspaceID).all()
            .map { BrandRecord(id: $0.id!, brand: Brand(name: $0.name, isOwn: $0.isOwn)) }
            .sorted { ($0.brand.isOwn ? 0 : 1, $0.brand.name) < ($1.brand.isOwn ? 0 : 1, $1.brand.name) }
    }

    public func createBrand(_ workspaceID: UUID, _ input: Brand, on db: (any Database)? = nil) async throws -> BrandRecord {
        let db = db ?? database.db
        let brand = try input.validated()
        if try await BrandModel.query(on: db).filter(\.$workspaceID == workspaceID).filter(\.$name == brand.name).count() > 0 {
            throw APIError(.conflict, "a brand named \(brand.name) already exists", field: "name")
        }
        let model = BrandModel(workspaceID: workspaceID, name: brand.name, isOwn: brand.isOwn)
        try await model.create(on: db)
        return BrandRecord(id: model.id!, brand: brand)
    }

    public func deleteBrand(_ workspaceID: UUID, id: UUID) async throws {
        guard let model = try await BrandModel.query(on: database.db).filter(\.$workspaceID == workspaceID)
            .filter(\.$id == id).first()
        else { throw APIError.notFound("brand") }
        try await database.db.transaction { db in
            try await model.delete(on: db)
            try await ScoreAggregates.forgetBrand(workspaceID, id, on: db)
            try await DriverAggregates.forget(workspaceID, column: "brand_key", id, on: db)
        }
    }
}
