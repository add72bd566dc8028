import FluentKit
import FocusCore
import Foundation
import HTTPTypes
import SQLKit

/// A team: who leads it (overdue cases escalate to them), who is in it, and the touchpoints it
/// looks after (a rule assigning "by touchpoint" gives a case to this team).
public struct TeamRecord: Sendable, Equatable {
    public let id: UUID
    public let name: String
    public let leadID: UUID?
    public let memberIDs: [UUID]
    public let touchpointIDs: [UUID]
}

/// What a team is made of, as given; nil leaves a part as it is when updating.
public struct TeamInput: Sendable {
    public var name: String?
    public var leadID: UUID??
    public var memberIDs: [UUID]?
    public var touchpointIDs: [UUID]?

    public init(name: String? = nil, leadID: UUID?? = nil, memberIDs: [UUID]? = nil, touchpointIDs: [UUID]? = nil) {
        self.name = name
        self.leadID = leadID
        self.memberIDs = memberIDs
        self.touchpointIDs = touchpointIDs
    }
}

/// The workspace's teams. A touchpoint belongs to at most one team: giving it to a team takes it
/// from the one that had it.
public struct TeamService: Sendable {
    let database: FocusDatabase

    public func list(_ workspaceID: UUID) async throws -> [TeamRecord] {
        try await Self.list(workspaceID, on: database.sql)
    }

    static func list(_ workspaceID: UUID, on sql: any SQLDatabase) async throws -> [TeamRecord] {
        struct Team: Decodable { let id: UUID; let name: String; let lead_id: UUID? }
        struct Member: Decodable { let team_id: UUID; let user_id: UUID }
        struct Touchpoint: Decodable { let team_id: UUID; let touchpoint_id: UUID }
        let teams = try await sql.select().columns("id", "name", "lead_id").from("teams").where("workspace_id", .equal, SQLBind(workspaceID))
            .orderBy("name").all(decoding: Team.self)
        guard !teams.isEmpty else { return [] }
        let ids = teams.map(\.id)
        let members = Dictionary(grouping: try await sql.select().columns("team_id", "user_id").from("team_members")
            .where("team_id", .in, SQLBind.group(ids)).all(decoding: Member.self), by: \.team_id)
        let touchpoints = Dictionary(grouping: try await sql.select().columns("team_id", "touchpoint_id").from("team_touchpoints")
            .where("team_id", .in, SQLBind.group(ids)).all(decoding: Touchpoint.self), by: \.team_id)
        return teams.map { t in
            TeamRecord(id: t.id, name: t.name, leadID: t.lead_id, memberIDs: (members[t.id] ?? []).map(\.user_id),
                       touchpointIDs: (touchpoints[t.id] ?? []).map(\.touchpoint_id))
        }
    }

    static func name(_ workspaceID: UUID, _ teamID: UUID, on sql: any SQLDatabase) async throws -> String? {
        try await sql.select().column("name").from("teams").where("workspace_id", .equal, SQLBind(workspaceID))
            .where("id", .equal, SQLBind(teamID)).first()?.decode(column: "name", as: String.self)
    }

    /// The teams a person leads or is in.
    public func teams(of userID: UUID, in workspaceID: UUID) async throws -> [TeamRecord] {
        try await list(workspaceID).filter { $0.leadID == userID || $0.memberIDs.contains(userID) }
    }

    public func create(_ workspaceID: UUID, _ input: TeamInput, by caller: Caller) async throws -> TeamRecord {
        guard let name = input.name else { throw FieldError("name", "is required") }
        let id = UUID()
        try await database.db.transaction { db in
            let sql = db as! any SQLDatabase
            let name = try await Self.checkName(workspaceID, name, except: nil, on: sql)
            try await sql.insert(into: "teams").columns("id", "workspace_id", "name", "lead_id", "created_at")
                .values(SQLBind(id), SQLBind(workspaceID), SQLBind(name), SQLBind(nil as UUID?), SQLBind(Date().timeIntervalSince1970)).run()
            try await Self.apply(workspaceID, id, input, on: sql)
            try await AuditLog.record(workspaceID, actor: caller.actor, action: "team.created", subjectKind: "team", subjectID: id,
                                      details: ["name": name], on: sql)
        }
        return try await list(workspaceID).first { $0.id == id }!
    }

    public func update(_ workspaceID: UUID, id: UUID, _ input: TeamInput, by caller: Caller) async throws -> TeamRecord {
        try await database.db.transaction { db in
            let sql = db as! any SQLDatabase
            guard try await Self.name(workspaceID, id, on: sql) != nil else { throw APIError(.notFound, "no such team") }
            if let name = input.name {
                let name = try await Self.checkName(workspaceID, name, except: id, on: sql)
                try await sql.update("teams").set("name", to: SQLBind(name)).where("id", .equal, SQLBind(id)).run()
            }
            try await Self.apply(workspaceID, id, input, on: sql)
            try await AuditLog.record(workspaceID, actor: caller.actor, action: "team.updated", subjectKind: "team", subjectID: id,
                                      details: ["name": input.name ?? "", "lead": input.leadID.map { $0?.uuidString ?? "none" } ?? ""], on: sql)
        }
        guard let team = try await list(workspaceID).first(where: { $0.id == id }) else { throw APIError(.notFound, "no such team") }
        return team
    }

    public func delete(_ workspaceID: UUID, id: UUID, by caller: Caller) async throws {
        try await database.db.transaction { db in
            let sql = db as! any SQLDatabase
            guard let name = try await Self.name(workspaceID, id, on: sql) else { throw APIError(.notFound, "no such team") }
            // The team's cases stay, without a team; its touchpoints are looked after by nobody.
            try await sql.update("cases").set("team_id", to: SQLBind(nil as UUID?)).where("team_id", .equal, SQLBind(id)).run()
            try await sql.delete(from: "team_touchpoints").where("team_id", .equal, SQLBind(id)).run()
            try await sql.delete(from: "team_members").where("team_id", .equal, SQLBind(id)).run()
            try await sql.delete(from: "teams").where("id", .equal, SQLBind(id)).run()
            try await AuditLog.record(workspaceID, actor: caller.actor, action: "team.deleted", subjectKind: "team", subjectID: id,
                                      details: ["name": name], on: sql)
        }
    }

    private static func checkName(_ workspaceID: UUID, _ raw: String, except: UUID?, on sql: any SQLDatabase) async throws -> String {
        let name = try Validate.name(raw, field: "name", maxLength: 80)
        guard !Validate.hasControlCharacter(name) else { throw FieldError("name", "must not contain control characters") }
        struct Row: Decodable { let id: UUID; let name: String }
        let taken = try await sql.select().columns("id", "name").from("teams").where("workspace_id", .equal, SQLBind(workspaceID))
            .all(decoding: Row.self).contains { $0.id != except && $0.name.lowercased() == name.lowercased() }
        guard !taken else { throw FieldError("name", "is the name of another team") }
        return name
    }

    /// Sets the lead, members and touchpoints given, after checking each belongs to the workspace.
    private static func apply(_ workspaceID: UUID, _ id: UUID, _ input: TeamInput, on sql: any SQLDatabase) async throws {
        let members = try await WorkspaceMembers.ids(workspaceID, on: sql)
        if let lead = input.leadID {
            if let lead, !members.contains(lead) { throw FieldError("lead_id", "is not a member of this workspace") }
            try await sql.update("teams").set("lead_id", to: SQLBind(lead)).where("id", .equal, SQLBind(id)).run()
        }
        if let given = input.memberIDs {
            for (i, user) in given.enumerated() where !members.contains(user) {
                throw FieldError("member_ids[\(i)]", "is not a member of this workspace")
            }
            try await sql.delete(from: "team_members").where("team_id", .equal, SQLBind(id)).run()
            let unique = Array(Set(given))
            if !unique.isEmpty {
                var insert = sql.insert(into: "team_members").columns("team_id", "user_id")
                for user in unique { insert = insert.values(SQLBind(id), SQLBind(user)) }
                try await insert.run()
            }
        }
        if let given = input.touchpointIDs {
            struct TouchpointRow: Decodable { let id: UUID }
            let touchpoints = Set(try await sql.select().column("id").from("touchpoints").where("workspace_id", .equal, SQLBind(workspaceID))
                .all(decoding: TouchpointRow.self).map(\.id))
            for (i, touchpoint) in given.enumerated() where !touchpoints.contains(touchpoint) {
                throw FieldError("touchpoint_ids[\(i)]", "is not a touchpoint of this workspace")
            }
            try await sql.delete(from: "team_touchpoints").where("team_id", .equal, SQLBind(id)).run()
            let unique = Array(Set(given))
            if !unique.isEmpty {
                try await sql.delete(from: "team_touchpoints").where("touchpoint_id", .in, SQLBind.group(unique)).run()
                var insert = sql.insert(into: "team_touchpoints").columns("touchpoint_id", "team_id")
                for touchpoint in unique { insert = insert.values(SQLBind(touchpoint), SQLBind(id)) }
                try await insert.run()
            }
        }
    }
}
