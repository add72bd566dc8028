import FluentKit
import FocusCore
import Foundation
import SQLKit

/// The closed-loop figures of a period: reads the facts about the period's detractor responses
/// (their cases, their customers, what those customers answered next) and hands them to the
/// core (`FocusCore/Act/ClosedLoop`), which defines and computes every figure.
///
/// A handful of queries whatever the number of detractors: one for the detractors with their
/// case and customer (two left joins), the customers' later NPS answers in chunks of
/// ``customerChunk`` customers, and one count of all the period's cases. All run in one read
/// transaction, so on PostgreSQL they see one snapshot (SQLite has one connection anyway).
public struct ClosedLoopService: Sendable {
    let database: FocusDatabase

    /// Customers per query for their later answers: well below SQLite's limit of bound variables.
    static let customerChunk = 500

    /// The report for detractor responses received in `period` (UTC days), optionally about one
    /// touchpoint; `now` decides which open cases are past due.
    public func report(_ workspaceID: UUID, period: Period, touchpointID: UUID? = nil,
                       now: Double = Date().timeIntervalSince1970) async throws -> ClosedLoopReport {
        let start = Double(period.start.daysSinceEpoch) * 86400, end = Double(period.end.daysSinceEpoch) * 86400
        let postgres = database.dialect == .postgres
        let (detractors, volume) = try await database.db.transaction { db -> ([ClosedLoop.Detractor], ClosedLoop.CaseVolume) in
            let sql = db as! any SQLDatabase
            if postgres { try await sql.raw("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY").run() }
            let rows = try await Self.detractors(workspaceID, start: start, end: end, touchpointID: touchpointID, on: sql)
            let later = try await Self.laterAnswers(workspaceID, of: rows, on: sql)
            let detractors = rows.map { row in
                ClosedLoop.Detractor(
                    nps: row.nps, receivedAt: row.received_at, customer: row.customer_id?.uuidString, handling: row.handling,
                    laterNPS: row.customer_id.flatMap { later[$0]?.first(after: row.received_at) },
                    churnedOn: row.customer_status == Customer.Status.churned.rawValue ? row.churned_on.flatMap(CalendarDate.init(iso:)) : nil)
            }
            return (detractors, try await Self.volume(workspaceID, start: start, end: end, touchpointID: touchpointID, now: now, on: sql))
        }
        return ClosedLoop.report(detractors, cases: volume, asOf: now)
    }

    /// A detractor response with its case (if any) and its customer's status (if known).
    struct DetractorRow: Decodable {
        let id: UUID
        let nps: Int
        let received_at: Double
        let customer_id: UUID?
        let customer_status: String?
        let churned_on: String?
        let opened_at: Double?
        let due_at: Double?
        let first_action_at: Double?
        let contacted_at: Double?
        let resolved_at: Double?
        let closed_at: Double?
        let outcome: String?

        var handling: ClosedLoop.CaseTimes? {
            guard let opened_at, let due_at else { return nil }
            return ClosedLoop.CaseTimes(
                openedAt: opened_at, dueAt: due_at, firstActionAt: first_action_at, contactedAt: contacted_at,
                resolvedAt: resolved_at, closedAt: closed_at, outcome: outcome.flatMap(CaseOutcome.init(rawValue:)))
        }
    }

    /// The period's detractor responses, oldest first (ties by id, so "the first" is always the same
    /// one). A response has at most one case (`cases` is unique on workspace and source).
    static func detractors(_ workspaceID: UUID, start: Double, end: Double, touchpointID: UUID?, on sql: any SQLDatabase) async throws
        -> [DetractorRow] {
        let touchpoint = touchpointID.map { SQLQueryString("AND r.touchpoint_id = \(bind: $0)") } ?? SQLQueryString("")
        // Cases opened from a response have source_kind 'response' and the response's id as source_id.
        return try await sql.raw("""
            SELECT r.id AS id, r.nps AS nps, r.received_at AS received_at, r.customer_id AS customer_id,
                   u.status AS customer_status, u.churned_on AS churned_on,
                   k.opened_at AS opened_at, k.due_at AS due_at, k.first_action_at AS first_action_at,
                   k.contacted_at AS contacted_at, k.resolved_at AS resolved_at, k.closed_at AS closed_at, k.outcome AS outcome
            FROM responses r
            LEFT JOIN cases k ON k.workspace_id = r.workspace_id AND k.source_kind = 'response' AND k.source_id = r.id
            LEFT JOIN customers u ON u.id = r.customer_id
            WHERE r.workspace_id = \(bind: workspaceID) AND r.nps <= 6
              AND r.received_at >= \(bind: start) AND r.received_at < \(bind: end) \(touchpoint)
            ORDER BY r.received_at, r.id
            """).all(decoding: DetractorRow.self)
    }

    /// One customer's NPS answers in time order, to find the first after a moment.
    struct Answers {
        var times: [Double] = []
        var nps: [Int] = []

        /// The NPS of the first answer received strictly after `time` (binary search).
        func first(after time: Double) -> Int? {
            var low = 0, high = times.count
            while low < high {
                let middle = (low + high) / 2
                if times[middle] <= time { low = middle + 1 } else { high = middle }
            }
            return low < times.count ? nps[low] : nil
        }
    }

    /// The NPS answers of the detractors' customers received after each chunk's earliest detractor
    /// response, any survey and touchpoint, by customer in time order.
    static func laterAnswers(_ workspaceID: UUID, of rows: [DetractorRow], on sql: any SQLDatabase) async throws -> [UUID: Answers] {
        var since: [UUID: Double] = [:]
        for row in rows { if let c = row.customer_id { since[c] = min(since[c] ?? .infinity, row.received_at) } }
        let customers = since.keys.sorted { $0.uuidString < $1.uuidString }
        struct Row: Decodable { let customer_id: UUID; let received_at: Double; let nps: Int }
        var answers: [UUID: Answers] = [:]
        for chunkStart in stride(from: 0, to: customers.count, by: customerChunk) {
            let chunk = Array(customers[chunkStart..<min(chunkStart + customerChunk, customers.count)])
            let after = chunk.map { since[$0]! }.min()!
            let found = try await sql.select().column("customer_id").column("received_at").column("nps").from("responses")
                .where("workspace_id", .equal, SQLBind(workspaceID))
                .where("customer_id", .in, SQLBind.group(chunk))
                .where("nps", .isNot, SQLLiteral.null)
                .where("received_at", .greaterThan, SQLBind(after))
                .orderBy("received_at").orderBy("id")
                .all(decoding: Row.self)
            for row in found {
                answers[row.customer_id, default: Answers()].times.append(row.received_at)
                answers[row.customer_id, default: Answers()].nps.append(row.nps)
            }
        }
        return answers
    }

    /// Every case opened in the period (any source), counted by where it stands now.
    static func volume(_ workspaceID: UUID, start: Double, end: Double, touchpointID: UUID?, now: Double, on sql: any SQLDatabase) async throws
        -> ClosedLoop.CaseVolume {
        // The statuses are the core's constants, written into the SQL as text.
        func list(_ statuses: [CaseStatus]) -> String { statuses.map { "'\($0.rawValue)'" }.joined(separator: ", ") }
        let open = list(CaseStatus.allCases.filter(\.isOpen)), done = list(CaseStatus.allCases.filter { !$0.isOpen })
        let touchpoint = touchpointID.map { SQLQueryString("AND touchpoint_id = \(bind: $0)") } ?? SQLQueryString("")
        struct Row: Decodable { let opened: Int; let resolved: Int?; let open: Int?; let overdue: Int? }
        let row = try await sql.raw("""
            SELECT COUNT(*) AS opened,
                   SUM(CASE WHEN status IN (\(unsafeRaw: done)) THEN 1 ELSE 0 END) AS resolved,
                   SUM(CASE WHEN status IN (\(unsafeRaw: open)) THEN 1 ELSE 0 END) AS open,
                   SUM(CASE WHEN status IN (\(unsafeRaw: open)) AND due_at < \(bind: now) THEN 1 ELSE 0 END) AS overdue
            FROM cases
            WHERE workspace_id = \(bind: workspaceID) AND opened_at >= \(bind: start) AND opened_at < \(bind: end) \(touchpoint)
            """).first(decoding: Row.self)
        return ClosedLoop.CaseVolume(opened: row?.opened ?? 0, resolved: row?.resolved ?? 0, open: row?.open ?? 0, overdue: row?.overdue ?? 0)
    }
}
