import FluentKit
import FocusCore
import Foundation
import SQLKit

/// The workspace's rules for casework: service levels per priority and authority limits for
/// goodwill per role and per person. Every change is audited with the values before and after.
public struct CasePolicyService: Sendable {
    let database: FocusDatabase

    public func serviceLevels(_ workspaceID: UUID) async throws -> ServiceLevels {
        try await CaseStore.serviceLevels(workspaceID, on: database.sql)
    }

    /// Sets the hours of the priorities given (the others keep theirs). Open cases keep their
    /// due times: a service level is a promise made when the case opened.
    public func setServiceLevels(_ workspaceID: UUID, hours: [CasePriority: Double], by caller: Caller) async throws -> ServiceLevels {
        try await database.db.transaction { db in try await Self.setServiceLevels(workspaceID, hours: hours, by: caller, on: db as! any SQLDatabase) }
    }

    /// Service levels and limits changed together, in one transaction: all of it or none.
    public func update(_ workspaceID: UUID, hours: [CasePriority: Double]?, roles: [Role: Int], people: [UUID: Int?]?, currency: String,
                       by caller: Caller) async throws {
        try await database.db.transaction { db in
            let sql = db as! any SQLDatabase
            if let hours { _ = try await Self.setServiceLevels(workspaceID, hours: hours, by: caller, on: sql) }
            if !roles.isEmpty || people != nil {
                _ = try await Self.setLimits(workspaceID, roles: roles, people: people, currency: currency, by: caller, on: sql)
            }
        }
    }

    static func setServiceLevels(_ workspaceID: UUID, hours: [CasePriority: Double], by caller: Caller, on sql: any SQLDatabase) async throws -> ServiceLevels {
        do {
            let before = try await CaseStore.serviceLevels(workspaceID, on: sql)
            var levels = before
            for (priority, value) in hours { levels.hours[priority] = value }
            levels = try levels.validated()
            try await sql.delete(from: "case_service_levels").where("workspace_id", .equal, SQLBind(workspaceID)).run()
            var insert = sql.insert(into: "case_service_levels").columns("workspace_id", "priority", "hours")
            for priority in CasePriority.allCases { insert = insert.values(SQLBind(workspaceID), SQLBind(priority.rawValue), SQLBind(levels.hours(for: priority))) }
            try await insert.run()
            var details: [String: String] = [:]
            for p in CasePriority.allCases where before.hours(for: p) != levels.hours(for: p) {
                details[p.rawValue] = "\(ServiceLevels.format(before.hours(for: p))) → \(ServiceLevels.format(levels.hours(for: p))) hours"
            }
            try await AuditLog.record(workspaceID, actor: caller.actor, action: "service_levels.changed", subjectKind: "workspace",
                                      subjectID: workspaceID, details: details, on: sql)
            return levels
        }
    }

    public func limits(_ workspaceID: UUID) async throws -> AuthorityLimits {
        try await Self.limits(workspaceID, on: database.sql)
    }

    static func limits(_ workspaceID: UUID, on sql: any SQLDatabase) async throws -> AuthorityLimits {
        struct Row: Decodable { let subject: String; let cents: Int }
        var limits = AuthorityLimits.standard
        for row in try await sql.select().columns("subject", "cents").from("authority_limits")
            .where("workspace_id", .equal, SQLBind(workspaceID)).all(decoding: Row.self) {
            if row.subject.hasPrefix("role:"), let role = Role(rawValue: String(row.subject.dropFirst(5))) {
                limits.roles[role] = row.cents
            } else if row.subject.hasPrefix("user:"), let id = UUID(uuidString: String(row.subject.dropFirst(5))) {
                limits.people[id] = row.cents
            }
        }
        return limits
    }

    /// Sets role limits (those given) and replaces the people's own limits when `people` is given
    /// (nil for a person removes their own limit, so their role's applies again).
    public func setLimits(_ workspaceID: UUID, roles: [Role: Int], people: [UUID: Int?]?, currency: String,
                          by caller: Caller) async throws -> AuthorityLimits {
        try await database.db.transaction { db in
            try await Self.setLimits(workspaceID, roles: roles, people: people, currency: currency, by: caller, on: db as! any SQLDatabase)
        }
    }

    static func setLimits(_ workspaceID: UUID, roles: [Role: Int], people: [UUID: Int?]?, currency: String,
                          by caller: Caller, on sql: any SQLDatabase) async throws -> AuthorityLimits {
        do {
            let before = try await Self.limits(workspaceID, on: sql)
            var limits = before
            for (role, cents) in roles { limits.roles[role] = cents }
            if let people {
                let members = try await WorkspaceMembers.ids(workspaceID, on: sql)
                for (person, cents) in people {
                    guard members.contains(person) else { throw FieldError("people.\(person.uuidString.lowercased())", "is not a member of this workspace") }
                    limits.people[person] = cents
                }
            }
            limits = try limits.validated()
            try await sql.delete(from: "authority_limits").where("workspace_id", .equal, SQLBind(workspaceID)).run()
            var insert = sql.insert(into: "authority_limits").columns("workspace_id", "subject", "cents")
            for (role, cents) in limits.roles { insert = insert.values(SQLBind(workspaceID), SQLBind("role:" + role.rawValue), SQLBind(cents)) }
            for (person, cents) in limits.people {
                insert = insert.values(SQLBind(workspaceID), SQLBind("user:" + person.uuidString.lowercased()), SQLBind(cents))
            }
            try await insert.run()
            var details: [String: String] = [:]
            for role in Role.allCases where before.roles[role] != limits.roles[role] {
                details["role." + role.rawValue] = "\(before.roles[role].map { Money.format($0, currency: currency) } ?? "none") → "
                    + (limits.roles[role].map { Money.format($0, currency: currency) } ?? "none")
            }
            for person in Set(before.people.keys).union(limits.people.keys) where before.people[person] != limits.people[person] {
                details["person." + person.uuidString.lowercased()] = "\(before.people[person].map { Money.format($0, currency: currency) } ?? "role's") → "
                    + (limits.people[person].map { Money.format($0, currency: currency) } ?? "role's")
            }
            try await AuditLog.record(workspaceID, actor: caller.actor, action: "authority_limits.changed", subjectKind: "workspace",
                                      subjectID: workspaceID, details: details, on: sql)
            return limits
        }
    }
}
