import FluentKit
import FocusCore
import Foundation
import Logging
import ServiceLifecycle
import SQLKit

/// Overdue cases escalate to the lead of their team (else the lead of a team their owner is in,
/// else the workspace's first owner), once each: the update that marks a case escalated only
/// changes a case not marked yet, so two servers checking at once escalate it once. The
/// escalation is on the case's timeline, in the audit log and sent as `case.overdue`.
public struct CaseEscalation: Sendable {
    let database: FocusDatabase
    var deliveries: WorkSignal? = nil

    /// Escalates every open case due before `now` that has not been escalated; returns them.
    @discardableResult
    public func run(now: Double = Date().timeIntervalSince1970) async throws -> [CaseRecord] {
        struct Due: Decodable { let id: UUID; let workspace_id: UUID }
        let due = try await database.sql.select().columns("id", "workspace_id").from("cases")
            .where("escalated_at", .is, SQLLiteral.null).where("due_at", .lessThan, SQLBind(now))
            .where("status", .in, SQLBind.group(CaseStatus.allCases.filter(\.isOpen).map(\.rawValue)))
            .orderBy("due_at").limit(1000).all(decoding: Due.self)
        var escalated: [CaseRecord] = []
        var queued = 0
        for item in due {
            let result: (CaseRecord, Int)? = try await database.db.transaction { db in
                let sql = db as! any SQLDatabase
                guard var c = try await CaseStore.find(item.workspace_id, id: item.id, on: sql), c.escalatedAt == nil, c.isOverdue(at: now)
                else { return nil }
                let lead = try await Self.escalationTarget(item.workspace_id, c, on: sql)
                let changed = try await sql.update("cases").set("escalated_at", to: SQLBind(now)).set("escalated_to", to: SQLBind(lead?.id))
                    .set("updated_at", to: SQLBind(now))
                    .where("id", .equal, SQLBind(c.id)).where("escalated_at", .is, SQLLiteral.null).returning("id").all()
                guard !changed.isEmpty else { return nil }
                c.escalatedAt = now
                c.escalatedTo = lead?.id
                let late = Self.duration(now - c.dueAt)
                try await CaseStore.addEvents([.init(caseID: c.id, actor: (nil, "Focus"), kind: .escalated,
                                                     text: "Overdue by \(late); escalated to \(lead?.name ?? "nobody (no team lead or owner)")")], on: sql)
                try await AuditLog.record(item.workspace_id, actor: (nil, "Focus"), action: "case.escalated", subjectKind: "case", subjectID: c.id,
                                          details: ["number": String(c.number), "to": lead?.name ?? "", "overdue_by": late], on: sql)
                let sent = try await WebhookOutbox.enqueue(item.workspace_id, .caseOverdue, [CaseEventData(c)], on: sql)
                return (c, sent)
            }
            if let (c, sent) = result {
                escalated.append(c)
                queued += sent
            }
        }
        if queued > 0 { deliveries?.signal() }
        return escalated
    }

    /// The lead of the case's team; else the lead of a team its owner is in; else the workspace's first owner.
    static func escalationTarget(_ workspaceID: UUID, _ c: CaseRecord, on sql: any SQLDatabase) async throws -> (id: UUID, name: String)? {
        let teams = try await TeamService.list(workspaceID, on: sql)
        var lead = c.teamID.flatMap { id in teams.first { $0.id == id }?.leadID }
        if lead == nil || lead == c.ownerID, let owner = c.ownerID {
            lead = teams.first { $0.memberIDs.contains(owner) && $0.leadID != nil && $0.leadID != owner }?.leadID ?? lead
        }
        if lead == nil || lead == c.ownerID {
            struct Row: Decodable { let user_id: UUID }
            lead = try await sql.select().column("user_id").from("memberships").where("workspace_id", .equal, SQLBind(workspaceID))
                .where("role", .equal, SQLBind(Role.owner.rawValue)).orderBy("created_at").first(decoding: Row.self)?.user_id ?? lead
        }
        guard let lead, let name = try await CaseService.memberName(workspaceID, lead, on: sql) else { return nil }
        return (lead, name)
    }

    /// "3 h 20 min", "2 d 4 h".
    static func duration(_ seconds: Double) -> String {
        let minutes = Int(max(0, seconds) / 60)
        if minutes < 60 { return "\(minutes) min" }
        if minutes < 48 * 60 { return "\(minutes / 60) h \(minutes % 60) min" }
        return "\(minutes / 1440) d \(minutes % 1440 / 60) h"
    }
}

/// Runs ``CaseEscalation`` every `interval` while the server runs.
struct CaseMonitor: Service {
    let escalation: CaseEscalation
    let interval: Duration
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                let escalated = try await escalation.run()
                if !escalated.isEmpty { logger.info("escalated overdue cases", metadata: ["count": "\(escalated.count)"]) }
            } catch {
                logger.error("checking overdue cases failed", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
