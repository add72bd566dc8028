import FocusServer
import Foundation
import Logging
import SQLKit
import Testing

/// The two databases every persistence test runs against.
enum TestBackend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    /// The PostgreSQL server the test script started; its absence is a failure, not a skip.
    static var postgresAdminURL: String {
        get throws {
            guard let url = ProcessInfo.processInfo.environment["FOCUS_TEST_POSTGRES_URL"], !url.isEmpty else {
                throw TestSetupError("FOCUS_TEST_POSTGRES_URL is not set: run the tests with ./scripts/test, which starts a throwaway PostgreSQL")
            }
            return url
        }
    }

    static let logger: Logger = {
        var logger = Logger(label: "focus-test")
        logger.logLevel = ProcessInfo.processInfo.environment["FOCUS_TEST_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .critical
        return logger
    }()

    /// A fresh, empty database of this kind, dropped again after `body`.
    func withEmptyDatabase<T>(_ body: (FocusConfiguration.Storage) async throws -> T) async throws -> T {
        switch self {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("focus-test-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            return try await body(.sqlite(path: folder.appendingPathComponent("focus.sqlite").path))
        case .postgres:
            let adminURL = try Self.postgresAdminURL
            let name = "focus_test_\(UUID().uuidString.prefix(8).lowercased())"
            let admin = try FocusDatabase(storage: .postgres(url: adminURL), logger: Self.logger)
            try await admin.sql.raw("CREATE DATABASE \(unsafeRaw: name)").run()
            let result: Result<T, any Error>
            do {
                result = .success(try await body(.postgres(url: Self.replacingDatabase(in: adminURL, with: name))))
            } catch {
                result = .failure(error)
            }
            try? await admin.sql.raw("DROP DATABASE IF EXISTS \(unsafeRaw: name) WITH (FORCE)").run()
            await admin.shutdown()
            return try result.get()
        }
    }

    static func replacingDatabase(in url: String, with name: String) -> String {
        var components = URLComponents(string: url)!
        components.path = "/\(name)"
        return components.string!
    }
}

struct TestSetupError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
