import FluentKit
import FocusCore
import Foundation
import SQLKit

/// A period's contacts, analysed: by reason (Pareto, avoidable share and cost, fixes ranked by
/// what they would save), by team and by channel (first-contact resolution, repeats), and the
/// monthly volume of each reason, so that a drop after a fix shows.
public struct ContactReport: Sendable {
    public let period: Period
    public let reasons: [ContactReasonRecord]
    public let analysis: ContactAnalysis
    public let byTeam: [(team: String, figures: ContactFigures)]
    public let byChannel: [(channel: ContactChannel, figures: ContactFigures)]
    /// Contacts per reason key ("" for none) and per month (its first day).
    public let monthly: [String: [CalendarDate: Int]]
    public let months: [CalendarDate]
    /// Satisfaction by wait, from the responses that name a contact of the period.
    public let waitSatisfaction: WaitSatisfaction
}

extension ContactService {
    public func report(_ workspaceID: UUID, period: Period) async throws -> ContactReport {
        let reasons = try await reasons(workspaceID)
        let byReason = try await figures(workspaceID, period, by: "reason_id")
        let byTeam = try await figures(workspaceID, period, by: "team")
        let byChannel = try await figures(workspaceID, period, by: "channel")
        let analysis = ContactAnalysis(reasons: Dictionary(uniqueKeysWithValues: reasons.map { ($0.id.uuidString, $0.reason) }),
                                       byReason: byReason,
                                       periodDays: max(1, period.days))
        // Monthly volume by reason, from the daily tallies.
        let rows = try await ContactAggregates.daily(workspaceID, period, on: database.sql)
        var monthly: [String: [CalendarDate: Int]] = [:]
        for row in rows {
            let month = Granularity.month.bucketStart(CalendarDate(daysSinceEpoch: row.day))
            monthly[row.reason, default: [:]][month, default: 0] += row.contacts
        }
        return ContactReport(
            period: period, reasons: reasons, analysis: analysis,
            byTeam: byTeam.map { (team: $0.key.isEmpty ? "No team" : $0.key, figures: $0.value) }.sorted { $0.figures.contacts > $1.figures.contacts },
            byChannel: byChannel.compactMap { k, f in ContactChannel(rawValue: k).map { (channel: $0, figures: f) } }.sorted { $0.figures.contacts > $1.figures.contacts },
            monthly: monthly, months: Granularity.month.buckets(period).map { Granularity.month.bucketStart($0.start) },
            waitSatisfaction: try await waitSatisfaction(workspaceID, period))
    }

    /// Counts the answers of responses linked to the period's contacts, by the contact's wait band.
    private func waitSatisfaction(_ workspaceID: UUID, _ period: Period) async throws -> WaitSatisfaction {
        // The bands' edges are the core's constants, written into the SQL as numbers.
        let band = "CASE " + WaitSatisfaction.edges.enumerated().map { "WHEN c.wait_seconds < \($0.element) THEN \($0.offset)" }.joined(separator: " ")
            + " ELSE \(WaitSatisfaction.edges.count) END"
        let start = Double(period.start.daysSinceEpoch) * 86400, end = Double(period.end.daysSinceEpoch) * 86400
        let rows = try await database.sql.raw("""
            SELECT \(unsafeRaw: band) AS band, r.nps AS nps, r.csat AS csat, r.ces AS ces, COUNT(*) AS n
            FROM responses r CROSS JOIN contacts c
            WHERE r.workspace_id = \(bind: workspaceID) AND r.contact_id IS NOT NULL AND c.id = r.contact_id
              AND c.workspace_id = \(bind: workspaceID) AND c.wait_seconds IS NOT NULL
              AND c.occurred_at >= \(bind: start) AND c.occurred_at < \(bind: end)
            GROUP BY 1, 2, 3, 4
            """).all()
        var result = WaitSatisfaction()
        for row in rows {
            result.add(band: try row.decode(column: "band", as: Int.self), nps: try row.decode(column: "nps", as: Int?.self),
                       csat: try row.decode(column: "csat", as: Int?.self), ces: try row.decode(column: "ces", as: Int?.self),
                       count: try row.decode(column: "n", as: Int.self))
        }
        return result
    }

    /// Figures of the period's contacts grouped by one column (its value as text; "" for none), from the daily tallies.
    private func figures(_ workspaceID: UUID, _ period: Period, by column: String) async throws -> [String: ContactFigures] {
        try await ContactAggregates.figures(workspaceID, period, by: column, on: database.sql)
    }

}
