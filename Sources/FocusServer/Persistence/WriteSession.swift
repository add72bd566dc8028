import FluentKit
import NIOCore
import FluentPostgresDriver
import FluentSQLiteDriver
import SQLKit
import Synchronization

extension FocusDatabase {
    /// Runs `body` in one transaction on a connection borrowed from the pool of `eventLoop`, in
    /// the calling task: every statement resumes on the caller's executor.
    ///
    /// Fluent's own `transaction` and `withConnection` start a new task for their closure, which
    /// queues on the shared cooperative pool behind every request handler; for the group-commit
    /// writer, whose statements run one after another, that wait was half of each commit.
    /// Here the connection is taken with the pool's future-based API and given back when `body`
    /// ends, so no task is started. On SQLite, `BEGIN IMMEDIATE` takes the write lock at once.
    func writeTransaction<T>(on eventLoop: any EventLoop, _ body: (any SQLDatabase) async throws -> T) async throws -> T {
        let pooled = databases.database(logger: logger, on: eventLoop)!
        let giveBack = eventLoop.makePromise(of: Void.self)
        defer { giveBack.succeed(()) }
        let sql: any SQLDatabase
        let begin: String
        switch dialect {
        case .sqlite:
            let connection: SQLiteConnection = try await Self.borrow(giveBack) { use in (pooled as! any SQLiteDatabase).withConnection(use) }
            sql = connection.sql(queryLogLevel: .trace)
            begin = "BEGIN IMMEDIATE"
        case .postgres:
            let connection: PostgresConnection = try await Self.borrow(giveBack) { use in (pooled as! any PostgresDatabase).withConnection(use) }
            sql = connection.sql(queryLogLevel: .trace)
            begin = "BEGIN"
        }
        try await sql.raw(SQLQueryString(begin)).run()
        do {
            let result = try await body(sql)
            try await sql.raw("COMMIT").run()
            return result
        } catch {
            try? await sql.raw("ROLLBACK").run()
            throw error
        }
    }

    /// Takes a connection from a pool's `withConnection`, keeping it until `giveBack` completes.
    private static func borrow<Connection: Sendable>(
        _ giveBack: EventLoopPromise<Void>,
        _ withConnection: (@escaping @Sendable (Connection) -> EventLoopFuture<Void>) -> EventLoopFuture<Void>
    ) async throws -> Connection {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Connection, any Error>) in
            let handedOver = Mutex(false)
            withConnection { connection in
                handedOver.withLock { $0 = true }
                continuation.resume(returning: connection)
                return giveBack.futureResult
            }.whenFailure { error in
                // Only a failure to get a connection at all is the caller's to hear.
                if !handedOver.withLock({ $0 }) { continuation.resume(throwing: error) }
            }
        }
    }
}
