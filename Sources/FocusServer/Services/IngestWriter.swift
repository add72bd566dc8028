import FluentKit
import FocusCore
import Foundation
import HTTPTypes
import SQLKit

/// Group commit: the one writer of responses and contacts. Requests hand it their checked rows
/// and wait; it writes whatever has gathered in one transaction, and answers each request only
/// after that transaction committed. While one commit is on its way to disk the next requests
/// gather, so a busy server commits many requests at once and an idle one answers at once.
///
/// An idempotency key is checked and stored inside the same transaction as the rows it
/// guards, so a retried request can never store twice, even when both copies arrive together.
actor IngestWriter {
    /// What one request stores.
    enum Rows: Sendable {
        case responses([ResponseService.Prepared])
        /// Repeats are flagged in the transaction, against the contacts stored before it and
        /// those ahead in the same commit, as one transaction per request would flag them.
        case contacts([ContactRecord])

        var count: Int {
            switch self {
            case .responses(let rows): rows.count
            case .contacts(let rows): rows.count
            }
        }

        var ids: [UUID] {
            switch self {
            case .responses(let rows): rows.map(\.record.id)
            case .contacts(let rows): rows.map(\.id)
            }
        }
    }

    enum Result: Sendable {
        /// Stored now, as these rows (contacts with their repeat flags).
        case written(Rows)
        /// The key was seen before with the same request: these are the rows it stored.
        case replay([UUID])
    }

    struct Job: Sendable {
        let workspaceID: UUID
        let rows: Rows
        /// The key as stored: contacts' keys carry a `contacts:` prefix, so one key can serve both APIs.
        let idempotency: ResponseService.Idempotency?
        let continuation: CheckedContinuation<Result, any Error>
    }

    let database: FocusDatabase
    /// Nudged after a commit that queued webhook deliveries.
    let deliveries: WorkSignal?
    /// The most rows one transaction takes, so no single commit grows without bound.
    let maxRowsPerCommit: Int
    private var pending: [Job] = []
    private var flushing = false

    /// The database's event loop this writer runs on; see ``DatabaseExecutor``.
    let executor: DatabaseExecutor
    nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    init(database: FocusDatabase, deliveries: WorkSignal? = nil, maxRowsPerCommit: Int = 5_000) {
        self.database = database
        self.executor = DatabaseExecutor(database.eventLoopGroup.next())
        self.deliveries = deliveries
        self.maxRowsPerCommit = maxRowsPerCommit
    }

    /// Writes the rows (with the idempotency key) and returns once they are durable.
    func write(_ workspaceID: UUID, _ rows: Rows, idempotency: ResponseService.Idempotency?) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            pending.append(Job(workspaceID: workspaceID, rows: rows, idempotency: idempotency, continuation: continuation))
            if !flushing {
                flushing = true
                Task(executorPreference: executor) { await self.flush() }
            }
        }
    }

    private func flush() async {
        while !pending.isEmpty {
            var group: [Job] = []
            var rows = 0
            while let next = pending.first, group.isEmpty || rows + next.rows.count <= maxRowsPerCommit {
                group.append(pending.removeFirst())
                rows += next.rows.count
            }
            await commit(group)
        }
        flushing = false
    }

    /// Commits a group; if the group fails as a whole, each job is tried alone so that one
    /// bad job (say, a second answer to the same invitation) fails only its own request.
    private func commit(_ group: [Job]) async {
        do {
            let applied = try await database.writeTransaction(on: executor.eventLoop) { sql in try await Self.apply(group, on: sql) }
            AnsweredQuestions.remember(applied.answered)
            if applied.queued > 0 { deliveries?.signal() }
            for (job, outcome) in zip(group, applied.outcomes) {
                switch outcome {
                case .success(let result): job.continuation.resume(returning: result)
                case .failure(let error): job.continuation.resume(throwing: error)
                }
            }
        } catch {
            if group.count == 1 {
                group[0].continuation.resume(throwing: error)
            } else {
                for job in group { await commit([job]) }
            }
        }
    }

    private struct Applied {
        var outcomes: [Swift.Result<Result, any Error>]
        /// Webhook deliveries queued.
        var queued = 0
        /// Answered-question pairs written, to remember once committed.
        var answered: Set<AnsweredQuestions.Pair> = []
    }

    /// Inside one transaction: resolve idempotency keys, insert the new rows and keys, check the
    /// alert rules against them.
    private static func apply(_ group: [Job], on sql: any SQLDatabase) async throws -> Applied {
        var outcomes: [Swift.Result<Result, any Error>?] = Array(repeating: nil, count: group.count)
        // Keys already stored, and keys first seen earlier in this group.
        var seen: [String: (hash: String, ids: [UUID])] = [:]
        struct Row: Decodable { let key: String; let request_hash: String; let body: String }
        let keyed = group.compactMap { job in job.idempotency.map { (job.workspaceID, $0.key) } }
        for (workspaceID, keys) in Dictionary(grouping: keyed, by: { $0.0 }) {
            let rows = try await sql.select().columns("key", "request_hash", "body").from("idempotency_keys")
                .where("workspace_id", .equal, SQLBind(workspaceID)).where("key", .in, SQLBind.group(keys.map(\.1)))
                .all(decoding: Row.self)
            for row in rows {
                let ids = try StoredJSON.decode([String].self, row.body).compactMap(UUID.init(uuidString:))
                seen["\(workspaceID)|\(row.key)"] = (row.request_hash, ids)
            }
        }
        var toWrite: [Int] = []
        for (index, job) in group.enumerated() {
            guard let idempotency = job.idempotency else { toWrite.append(index); continue }
            let key = "\(job.workspaceID)|\(idempotency.key)"
            if let earlier = seen[key] {
                outcomes[index] = earlier.hash == idempotency.requestHash
                    ? .success(.replay(earlier.ids))
                    : .failure(APIError(.unprocessableContent, "this Idempotency-Key was used before with a different body",
                                        field: "Idempotency-Key"))
            } else {
                seen[key] = (idempotency.requestHash, job.rows.ids)
                toWrite.append(index)
            }
        }
        var applied = Applied(outcomes: [])
        for (workspaceID, indices) in Dictionary(grouping: toWrite, by: { group[$0].workspaceID }) {
            let rules = try await IngestRules.current(workspaceID, on: sql)
            var responses: [ResponseService.Prepared] = []
            var contacts: [ContactRecord] = []
            for i in indices {
                switch group[i].rows {
                case .responses(let rows): responses += rows
                case .contacts(let rows): contacts += rows
                }
            }
            if !responses.isEmpty {
                applied.answered.formUnion(try await ResponseService.insert(workspaceID, responses, rules: rules, skippingCommittedPairs: true, on: sql))
                applied.queued += try await AlertEngine.responses(workspaceID, responses, rules: rules, on: sql).queuedDeliveries
            }
            var flagged: [ContactRecord] = []
            if !contacts.isEmpty {
                flagged = try await ContactService.flagRepeats(workspaceID, contacts, windowDays: try await ContactService.repeatDays(workspaceID, on: sql), on: sql)
                try await ContactService.insert(workspaceID, flagged, on: sql)
                applied.queued += try await AlertEngine.contacts(workspaceID, flagged, rules: rules, on: sql).queuedDeliveries
            }
            let keyed = indices.filter { group[$0].idempotency != nil }
            if !keyed.isEmpty {
                var insert = sql.insert(into: "idempotency_keys").columns("workspace_id", "key", "request_hash", "status", "body", "created_at")
                let now = Date().timeIntervalSince1970
                for i in keyed {
                    let idempotency = group[i].idempotency!
                    insert = insert.values(SQLBind(workspaceID), SQLBind(idempotency.key), SQLBind(idempotency.requestHash), SQLBind(201),
                                           SQLBind(try StoredJSON.encode(group[i].rows.ids.map(\.uuidString))), SQLBind(now))
                }
                try await insert.run()
            }
            // Each contact job gets back its own rows, flagged, in the order it sent them.
            var nextContact = 0
            for i in indices {
                switch group[i].rows {
                case .responses:
                    outcomes[i] = .success(.written(group[i].rows))
                case .contacts(let rows):
                    outcomes[i] = .success(.written(.contacts(Array(flagged[nextContact..<nextContact + rows.count]))))
                    nextContact += rows.count
                }
            }
        }
        applied.outcomes = outcomes.map { $0! }
        return applied
    }
}
