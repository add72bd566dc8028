import FluentKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLKit

/// The database Focus stores everything in: an SQLite file by default, PostgreSQL when configured.
///
/// Owns FluentKit's `Databases`, its event loops and thread pool, and runs the migrations.
/// Call ``shutdown()`` when done.
public final class FocusDatabase: Sendable {
    public enum Dialect: String, Sendable {
        case sqlite
        case postgres
    }

    public let dialect: Dialect
    let databases: Databases
    let eventLoopGroup: MultiThreadedEventLoopGroup
    let threadPool: NIOThreadPool
    let logger: Logger

    /// Opens (and for SQLite creates) the database. Does not migrate; see ``migrate()``.
    public init(storage: FocusConfiguration.Storage, logger: Logger) throws {
        self.logger = logger
        self.threadPool = NIOThreadPool(numberOfThreads: 2)
        threadPool.start()
        switch storage {
        case .sqlite(let path):
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            }
            // One event loop means one SQLite connection: SQLite takes one writer at a time,
            // and a single connection never meets a lock held by another.
            self.eventLoopGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
            self.databases = Databases(threadPool: threadPool, on: eventLoopGroup)
            databases.use(.sqlite(.file(path), sqlLogLevel: .trace), as: .sqlite)
            self.dialect = .sqlite
        case .postgres(let url):
            self.eventLoopGroup = MultiThreadedEventLoopGroup(numberOfThreads: 2)
            self.databases = Databases(threadPool: threadPool, on: eventLoopGroup)
            let config = try SQLPostgresConfiguration(url: url)
            databases.use(.postgres(configuration: config, maxConnectionsPerEventLoop: 4, sqlLogLevel: .trace), as: .psql)
            self.dialect = .postgres
        }
    }

    /// A database handle for one unit of work.
    public var db: any Database {
        databases.database(logger: logger, on: eventLoopGroup.any())!
    }

    /// The same database, for SQL that Fluent's query builder cannot express.
    public var sql: any SQLDatabase {
        db as! any SQLDatabase
    }

    /// Brings the schema up to date: creates it on an empty database, and upgrades one
    /// written by an older version in place, one numbered migration at a time.
    public func migrate() async throws {
        try await migrate(first: FocusMigrations.all.count)
    }

    /// Runs only the first `count` migrations: what an older version of Focus would have done.
    func migrate(first count: Int) async throws {
        let migrations = Migrations()
        FocusMigrations.all.prefix(count).forEach { migrations.add($0) }
        let migrator = Migrator(databases: databases, migrations: migrations, logger: logger, on: eventLoopGroup.any())
        try await migrator.setupIfNeeded().get()
        try await migrator.prepareBatch().get()
        if dialect == .sqlite {
            // WAL lets readers go on while one writer commits; the mode is kept in the file.
            try await sql.raw("PRAGMA journal_mode=WAL").run()
            // The process's one connection (see init): statement journals in memory, not in
            // temporary files, and a 64 MB page cache, so that the pages ingest touches stay read.
            try await sql.raw("PRAGMA temp_store=MEMORY").run()
            try await sql.raw("PRAGMA cache_size=-65536").run()
        }
    }

    /// Readies this process's connection for a bulk load from the command line: on SQLite, the log
    /// is checkpointed every 100 MB rather than every 4 MB, so a page that several chunks change is
    /// written back to the database once. (A server keeps the default: its log stays small.)
    public func prepareForBulkLoad() async throws {
        if dialect == .sqlite { try await sql.raw("PRAGMA wal_autocheckpoint=25000").run() }
    }

    /// The names of the migrations already applied, in order.
    public func appliedMigrations() async throws -> [String] {
        try await sql.raw("SELECT name FROM _fluent_migrations ORDER BY batch, created_at").all()
            .map { try $0.decode(column: "name", as: String.self) }
    }

    public func shutdown() async {
        await databases.shutdownAsync()
        try? await threadPool.shutdownGracefully()
        try? await eventLoopGroup.shutdownGracefully()
    }
}
