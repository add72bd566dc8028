import FocusCore
import Foundation
import SQLKit
import Synchronization

/// What every new response, contact or comment of a workspace is checked against: its themes
/// (compiled into a matcher, with the sentiment lexicons), its alert rules (compiled into an
/// evaluator) and its active webhooks' subscriptions.
///
/// Compiled once and kept between transactions while unchanged. Whether anything changed is
/// read in the caller's transaction, by one query: each table's row count and the sum of its
/// `updated_at`, which an insert, an edit or a delete changes. So a transaction checks against
/// the rules as it would have read them itself, also when another server process changed them.
struct IngestRules: Sendable {
    let comments: CommentAnalysis
    let alertRules: [(id: UUID, rule: AlertRule)]
    let evaluator: AlertEvaluator
    /// Active webhooks and the events each takes.
    let webhooks: [(id: UUID, events: Set<String>)]

    func subscribers(_ event: WebhookEvent) -> [UUID] {
        webhooks.filter { $0.events.contains(event.rawValue) }.map(\.id)
    }

    private struct Fingerprint: Equatable, Decodable {
        let themes_n: Int, themes_s: Double?
        let rules_n: Int, rules_s: Double?
        let hooks_n: Int, hooks_s: Double?
    }

    /// Per workspace: the fingerprint the rules were compiled at, and the rules.
    private static let compiled = Mutex<[UUID: (Fingerprint, IngestRules)]>([:])

    /// The workspace's rules as they are in this transaction.
    static func current(_ workspaceID: UUID, on sql: any SQLDatabase) async throws -> IngestRules {
        let w = workspaceID
        let now = try await sql.raw("""
            SELECT (SELECT COUNT(*) FROM themes WHERE workspace_id = \(bind: w)) AS themes_n,
                   (SELECT SUM(updated_at) FROM themes WHERE workspace_id = \(bind: w)) AS themes_s,
                   (SELECT COUNT(*) FROM alert_rules WHERE workspace_id = \(bind: w)) AS rules_n,
                   (SELECT SUM(updated_at) FROM alert_rules WHERE workspace_id = \(bind: w)) AS rules_s,
                   (SELECT COUNT(*) FROM webhooks WHERE workspace_id = \(bind: w)) AS hooks_n,
                   (SELECT SUM(updated_at) FROM webhooks WHERE workspace_id = \(bind: w)) AS hooks_s
            """).first(decoding: Fingerprint.self)!
        if let (seen, rules) = compiled.withLock({ $0[workspaceID] }), seen == now { return rules }
        let alertRules = try await AlertEngine.rules(workspaceID, on: sql)
        let rules = IngestRules(
            comments: CommentAnalysis(sentiment: try SentimentLexicons.analyzer(), themes: try await ThemeStore.themes(workspaceID, on: sql)),
            alertRules: alertRules, evaluator: AlertEvaluator(rules: alertRules),
            webhooks: try await WebhookOutbox.subscriptions(workspaceID, on: sql))
        compiled.withLock { $0[workspaceID] = (now, rules) }
        return rules
    }
}
