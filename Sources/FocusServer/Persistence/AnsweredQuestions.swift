import Foundation
import SQLKit
import Synchronization

/// Which questions of a survey have been answered (the survey editor keeps those), one row per
/// survey and question key, written in the transaction that stores the answers.
///
/// The group-commit writer remembers the pairs it has seen committed, and writes only pairs it
/// has not: after the first few responses to a survey, no statement at all. Rows are only ever
/// added (and removed with their survey), so a remembered pair stays true.
enum AnsweredQuestions {
    struct Pair: Hashable, Sendable {
        let survey: UUID
        let key: String
    }

    private static let committed = Mutex<Set<Pair>>([])

    /// Inserts the pairs (those not already stored); with `skippingCommitted`, leaves out the
    /// pairs this process saw committed. Returns the pairs it wrote. Runs in the caller's transaction.
    @discardableResult
    static func record(_ pairs: Set<Pair>, skippingCommitted: Bool, on sql: any SQLDatabase) async throws -> Set<Pair> {
        let fresh = skippingCommitted ? committed.withLock { pairs.subtracting($0) } : pairs
        guard !fresh.isEmpty else { return [] }
        var insert = sql.insert(into: "answered_questions").columns("survey_id", "question_key")
        for pair in fresh { insert = insert.values(SQLBind(pair.survey), SQLBind(pair.key)) }
        try await insert.ignoringConflicts(with: ["survey_id", "question_key"]).run()
        return fresh
    }

    /// Called once the transaction that wrote the pairs has committed.
    static func remember(_ pairs: Set<Pair>) {
        guard !pairs.isEmpty else { return }
        committed.withLock { $0.formUnion(pairs) }
    }
}
