import FluentKit
import FocusCore
import Foundation
import HTTPTypes
import SQLKit

/// A survey as the rest of the server sees it.
public struct SurveyRecord: Sendable, Equatable {
    public let id: UUID
    public let workspaceID: UUID
    public let touchpointID: UUID?
    public let status: SurveyDefinition.Status
    public let template: SurveyTemplate?
    public let publicKey: String
    public let definition: SurveyDefinition
    public let createdAt: Double
}

/// Surveys: made from templates or from scratch, edited without breaking given answers,
/// and moved from draft to live to closed.
public struct SurveyService: Sendable {
    let database: FocusDatabase
    /// Shared with ``ResponseService``; every change here clears the survey's entry.
    let cache: ShortLivedCache<UUID, SurveyRecord>
    /// Surveys by public key, for the respondent's pages and the widget (cleared on every change).
    let byPublicKey = ShortLivedCache<String, SurveyRecord>(lifetime: 2)

    public func list(_ workspaceID: UUID) async throws -> [SurveyRecord] {
        try await SurveyModel.query(on: database.db).filter(\.$workspaceID == workspaceID)
            .sort(\.$createdAt, .descending).all().map(Self.record)
    }

    public func get(_ workspaceID: UUID, id: UUID) async throws -> SurveyRecord {
        guard let model = try await SurveyModel.query(on: database.db).filter(\.$workspaceID == workspaceID)
            .filter(\.$id == id).first()
        else { throw APIError.notFound("survey") }
        return try Self.record(model)
    }

    /// The survey behind a public link or widget, in any workspace.
    public func get(publicKey: String) async throws -> SurveyRecord? {
        try await byPublicKey.value(publicKey) {
            try await SurveyModel.query(on: database.db).filter(\.$publicKey == publicKey).first().map(Self.record)
        }
    }

    public func create(_ workspaceID: UUID, _ definition: SurveyDefinition, touchpointID: UUID?,
                       template: SurveyTemplate? = nil, status: SurveyDefinition.Status = .draft,
                       on db: (any Database)? = nil) async throws -> SurveyRecord {
        let db = db ?? database.db
        let definition = try definition.validated()
        try await requireTouchpoint(workspaceID, touchpointID, on: db)
        let model = SurveyModel()
        model.id = UUID()
        model.workspaceID = workspaceID
        model.touchpointID = touchpointID
        model.name = definition.name
        model.status = status.rawValue
        model.template = template?.rawValue
        model.publicKey = String(SecretToken.make().prefix(22))
        model.definition = try Self.encode(definition)
        model.createdAt = Date().timeIntervalSince1970
        model.updatedAt = model.createdAt
        try await model.create(on: db)
        return try Self.record(model)
    }

    public func createFromTemplate(_ workspaceID: UUID, _ template: SurveyTemplate, name: String?, touchpointID: UUID?) async throws -> SurveyRecord {
        let trimmed = name?.trimmingWhitespace()
        return try await create(workspaceID, template.definition(name: trimmed?.isEmpty == false ? trimmed : nil),
                                touchpointID: touchpointID, template: template)
    }

    /// Replaces the survey's content. A live or closed survey keeps the meaning of its answers:
    /// see ``SurveyDefinition/checkCompatible(with:answered:)``.
    public func update(_ workspaceID: UUID, id: UUID, _ definition: SurveyDefinition, touchpointID: UUID?) async throws -> SurveyRecord {
        let definition = try definition.validated()
        return try await database.db.transaction { db in
            guard let model = try await SurveyModel.query(on: db).filter(\.$workspaceID == workspaceID).filter(\.$id == id).first()
            else { throw APIError.notFound("survey") }
            let old = try Self.decode(model.definition)
            try definition.checkCompatible(with: old, answered: try await answeredKeys(id, on: db))
            try await requireTouchpoint(workspaceID, touchpointID, on: db)
            model.definition = try Self.encode(definition)
            model.name = definition.name
            model.touchpointID = touchpointID
            model.updatedAt = Date().timeIntervalSince1970
            try await model.save(on: db)
            cache.remove(id)
            byPublicKey.removeAll()
            return try Self.record(model)
        }
    }

    /// Moves a survey between draft, live and closed. A survey with answers cannot go back to draft.
    public func setStatus(_ workspaceID: UUID, id: UUID, to status: SurveyDefinition.Status) async throws -> SurveyRecord {
        try await database.db.transaction { db in
            guard let model = try await SurveyModel.query(on: db).filter(\.$workspaceID == workspaceID).filter(\.$id == id).first()
            else { throw APIError.notFound("survey") }
            if status == .live, try Self.decode(model.definition).questions.isEmpty {
                throw FieldError("status", "a survey needs at least one question before it goes live")
            }
            if status == .draft, model.status != SurveyDefinition.Status.draft.rawValue,
               try await ResponseModel.query(on: db).filter(\.$surveyID == id).count() > 0 {
                throw FieldError("status", "a survey with answers cannot go back to draft; close it instead")
            }
            model.status = status.rawValue
            model.updatedAt = Date().timeIntervalSince1970
            try await model.save(on: db)
            cache.remove(id)
            byPublicKey.removeAll()
            return try Self.record(model)
        }
    }

    public func delete(_ workspaceID: UUID, id: UUID) async throws {
        try await database.db.transaction { db in
            guard let model = try await SurveyModel.query(on: db).filter(\.$workspaceID == workspaceID).filter(\.$id == id).first()
            else { throw APIError.notFound("survey") }
            // Any stored response counts, even one whose optional questions were all left empty.
            if try await ResponseModel.query(on: db).filter(\.$surveyID == id).count() > 0 {
                throw APIError(.conflict, "a survey with responses cannot be deleted; close it instead", field: "status")
            }
            try await model.delete(on: db)
            cache.remove(id)
            byPublicKey.removeAll()
        }
    }

    /// The keys of the questions that have at least one answer.
    func answeredKeys(_ surveyID: UUID, on db: any Database) async throws -> Set<String> {
        struct Row: Decodable { let question_key: String }
        return Set(try await (db as! any SQLDatabase).select().column("question_key").from("answered_questions")
            .where("survey_id", .equal, SQLBind(surveyID)).all(decoding: Row.self).map(\.question_key))
    }

    private func requireTouchpoint(_ workspaceID: UUID, _ touchpointID: UUID?, on db: any Database) async throws {
        guard let touchpointID else { return }
        if try await TouchpointModel.query(on: db).filter(\.$workspaceID == workspaceID).filter(\.$id == touchpointID).count() == 0 {
            throw FieldError("touchpoint_id", "is not a touchpoint of this workspace")
        }
    }

    static func encode(_ definition: SurveyDefinition) throws -> String { try StoredJSON.encode(definition) }

    static func decode(_ text: String) throws -> SurveyDefinition { try StoredJSON.decode(SurveyDefinition.self, text) }

    static func record(_ m: SurveyModel) throws -> SurveyRecord {
        SurveyRecord(id: m.id!, workspaceID: m.workspaceID, touchpointID: m.touchpointID,
                     status: SurveyDefinition.Status(rawValue: m.status) ?? .draft,
                     template: m.template.flatMap(SurveyTemplate.init(rawValue:)), publicKey: m.publicKey,
                     definition: try decode(m.definition), createdAt: m.createdAt)
    }
}
