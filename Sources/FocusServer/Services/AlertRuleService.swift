import FluentKit
import FocusCore
import Foundation
import HTTPTypes
import SQLKit

/// A stored alert rule with how often it fired.
public struct AlertRuleRecord: Sendable {
    public let id: UUID
    public let rule: AlertRule
    public let createdAt: Double
    public let updatedAt: Double
    /// Items it matched in all, and in the last 30 days.
    public let matches: Int
    public let recentMatches: Int
}

/// The workspace's alert rules. A change takes effect for the next item stored; items stored
/// before are never checked again (each item is checked once, when it arrives).
public struct AlertRuleService: Sendable {
    let database: FocusDatabase

    public func list(_ workspaceID: UUID, now: Double = Date().timeIntervalSince1970) async throws -> [AlertRuleRecord] {
        struct Row: Decodable { let id: UUID; let definition: String; let created_at: Double; let updated_at: Double }
        struct Count: Decodable { let rule_id: UUID; let n: Int; let recent: Int }
        let sql = database.sql
        let rows = try await sql.select().columns("id", "definition", "created_at", "updated_at").from("alert_rules")
            .where("workspace_id", .equal, SQLBind(workspaceID)).orderBy("created_at").all(decoding: Row.self)
        let counts = Dictionary(uniqueKeysWithValues: try await sql.select().column("rule_id")
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .column(SQLRaw("SUM(CASE WHEN matched_at >= \(now - 30 * 86400) THEN 1 ELSE 0 END)"), as: "recent")
            .from("alert_matches").where("workspace_id", .equal, SQLBind(workspaceID)).groupBy("rule_id").all(decoding: Count.self)
            .map { ($0.rule_id, $0) })
        return try rows.map { r in
            AlertRuleRecord(id: r.id, rule: try StoredJSON.decode(AlertRule.self, r.definition), createdAt: r.created_at, updatedAt: r.updated_at,
                            matches: counts[r.id]?.n ?? 0, recentMatches: counts[r.id]?.recent ?? 0)
        }
    }

    public func get(_ workspaceID: UUID, id: UUID) async throws -> AlertRuleRecord? {
        try await list(workspaceID).first { $0.id == id }
    }

    public func create(_ workspaceID: UUID, _ rule: AlertRule, by caller: Caller) async throws -> AlertRuleRecord {
        let rule = try rule.validated()
        let id = UUID()
        try await database.db.transaction { db in
            let sql = db as! any SQLDatabase
            try await Self.checkReferences(workspaceID, rule, on: sql)
            let now = Date().timeIntervalSince1970
            try await sql.insert(into: "alert_rules").columns("id", "workspace_id", "name", "active", "definition", "created_at", "updated_at")
                .values(SQLBind(id), SQLBind(workspaceID), SQLBind(rule.name), SQLBind(rule.active), SQLBind(try StoredJSON.encode(rule)),
                        SQLBind(now), SQLBind(now)).run()
            try await AuditLog.record(workspaceID, actor: caller.actor, action: "alert_rule.created", subjectKind: "alert_rule", subjectID: id,
                                      details: ["name": rule.name, "definition": try StoredJSON.encode(rule)], on: sql)
        }
        return try await get(workspaceID, id: id)!
    }

    public func update(_ workspaceID: UUID, id: UUID, _ rule: AlertRule, by caller: Caller) async throws -> AlertRuleRecord {
        let rule = try rule.validated()
        try await database.db.transaction { db in
            let sql = db as! any SQLDatabase
            guard try await sql.select().column("id").from("alert_rules").where("workspace_id", .equal, SQLBind(workspaceID))
                .where("id", .equal, SQLBind(id)).first() != nil
            else { throw APIError(.notFound, "no such alert rule") }
            try await Self.checkReferences(workspaceID, rule, on: sql)
            try await sql.update("alert_rules").set("name", to: SQLBind(rule.name)).set("active", to: SQLBind(rule.active))
                .set("definition", to: SQLBind(try StoredJSON.encode(rule))).set("updated_at", to: SQLBind(Date().timeIntervalSince1970))
                .where("id", .equal, SQLBind(id)).run()
            try await AuditLog.record(workspaceID, actor: caller.actor, action: "alert_rule.updated", subjectKind: "alert_rule", subjectID: id,
                                      details: ["name": rule.name, "definition": try StoredJSON.encode(rule)], on: sql)
        }
        return try await get(workspaceID, id: id)!
    }

    public func delete(_ workspaceID: UUID, id: UUID, by caller: Caller) async throws {
        try await database.db.transaction { db in
            let sql = db as! any SQLDatabase
            guard let row = try await sql.select().column("name").from("alert_rules").where("workspace_id", .equal, SQLBind(workspaceID))
                .where("id", .equal, SQLBind(id)).first()
            else { throw APIError(.notFound, "no such alert rule") }
            // Its cases stay; what it matched goes with it.
            try await sql.delete(from: "alert_matches").where("rule_id", .equal, SQLBind(id)).run()
            try await sql.delete(from: "alert_rules").where("id", .equal, SQLBind(id)).run()
            try await AuditLog.record(workspaceID, actor: caller.actor, action: "alert_rule.deleted", subjectKind: "alert_rule", subjectID: id,
                                      details: ["name": try row.decode(column: "name", as: String.self)], on: sql)
        }
    }

    /// The survey, touchpoint, team, person and webhooks a rule names must be the workspace's own.
    static func checkReferences(_ workspaceID: UUID, _ rule: AlertRule, on sql: any SQLDatabase) async throws {
        func exists(_ table: String, _ id: UUID, column: String = "id") async throws -> Bool {
            try await sql.select().column(column).from(table).where("workspace_id", .equal, SQLBind(workspaceID))
                .where(column, .equal, SQLBind(id)).first() != nil
        }
        if let id = rule.surveyID, !(try await exists("surveys", id)) { throw FieldError("survey_id", "is not a survey of this workspace") }
        if let id = rule.touchpointID, !(try await exists("touchpoints", id)) { throw FieldError("touchpoint_id", "is not a touchpoint of this workspace") }
        switch rule.actions.assignment {
        case .team(let id): if !(try await exists("teams", id)) { throw FieldError("actions.assign.team_id", "is not a team of this workspace") }
        case .person(let id):
            if !(try await exists("memberships", id, column: "user_id")) { throw FieldError("actions.assign.user_id", "is not a member of this workspace") }
        case .unassigned, .touchpointTeam: break
        }
        for (i, id) in rule.actions.webhookIDs.enumerated() where !(try await exists("webhooks", id)) {
            throw FieldError("actions.webhook_ids[\(i)]", "is not a webhook of this workspace")
        }
    }
}
