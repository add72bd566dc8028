import Foundation
import Logging

/// Everything the server reads from its environment, read once at start.
public struct FocusConfiguration: Sendable {
    public enum Storage: Sendable, Equatable {
        /// An SQLite file (the default).
        case sqlite(path: String)
        /// A PostgreSQL server, by URL (`postgres://user:password@host:port/database`).
        case postgres(url: String)

        public var label: String {
            switch self {
            case .sqlite(let path): "SQLite (\(path))"
            case .postgres(let url): "PostgreSQL (\(FocusConfiguration.redacting(url)))"
            }
        }
    }

    public var storage: Storage
    public var dataDirectory: String
    public var hostname: String
    public var port: Int
    /// The address people use to reach the server, for links printed on the console.
    public var publicURL: String?
    /// bcrypt's work factor; 12 in production, lower only in tests.
    public var bcryptCost: UInt8
    /// Whether cookies carry the Secure flag (set when served over HTTPS).
    public var secureCookies: Bool
    public var logLevel: Logger.Level
    /// How often the server looks for overdue cases to escalate (FOCUS_ESCALATION_SECONDS, default 60).
    public var escalationCheckSeconds: Int = 60

    public init(
        storage: Storage, dataDirectory: String = "./focus-data", hostname: String = "127.0.0.1",
        port: Int = 8080, publicURL: String? = nil, bcryptCost: UInt8 = 12, secureCookies: Bool = false,
        logLevel: Logger.Level = .info
    ) {
        self.storage = storage
        self.dataDirectory = dataDirectory
        self.hostname = hostname
        self.port = port
        self.publicURL = publicURL
        self.bcryptCost = bcryptCost
        self.secureCookies = secureCookies
        self.logLevel = logLevel
    }

    /// The configuration from the environment variables in the README's table.
    ///
    /// - Throws: ``ConfigurationError`` listing every variable whose value is unusable.
    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) throws -> FocusConfiguration {
        var problems: [String] = []
        let dataDirectory = env["FOCUS_DATA"].flatMap { $0.isEmpty ? nil : $0 } ?? "./focus-data"
        let storage: Storage
        if let url = env["DATABASE_URL"], !url.isEmpty {
            if !(url.hasPrefix("postgres://") || url.hasPrefix("postgresql://")) {
                problems.append("DATABASE_URL must start with postgres:// (got \(redacting(url)))")
            }
            storage = .postgres(url: url)
        } else {
            storage = .sqlite(path: (dataDirectory as NSString).appendingPathComponent("focus.sqlite"))
        }
        var port = 8080
        if let text = env["FOCUS_PORT"], !text.isEmpty {
            if let p = Int(text), (1...65535).contains(p) { port = p } else { problems.append("FOCUS_PORT must be a port number from 1 to 65535 (got \(text))") }
        }
        var cost: UInt8 = 12
        if let text = env["FOCUS_BCRYPT_COST"], !text.isEmpty {
            if let c = UInt8(text), (4...31).contains(c) { cost = c } else { problems.append("FOCUS_BCRYPT_COST must be a number from 4 to 31 (got \(text))") }
        }
        var level = Logger.Level.info
        if let text = env["FOCUS_LOG_LEVEL"], !text.isEmpty {
            if let l = Logger.Level(rawValue: text.lowercased()) { level = l } else { problems.append("FOCUS_LOG_LEVEL must be one of trace, debug, info, notice, warning, error, critical (got \(text))") }
        }
        var escalation = 60
        if let text = env["FOCUS_ESCALATION_SECONDS"], !text.isEmpty {
            if let s = Int(text), (1...3600).contains(s) { escalation = s } else { problems.append("FOCUS_ESCALATION_SECONDS must be a number of seconds from 1 to 3600 (got \(text))") }
        }
        if !problems.isEmpty { throw ConfigurationError(problems: problems) }
        var configuration = FocusConfiguration(
            storage: storage,
            dataDirectory: dataDirectory,
            hostname: env["FOCUS_HOSTNAME"].flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1",
            port: port,
            publicURL: env["FOCUS_PUBLIC_URL"].flatMap { $0.isEmpty ? nil : $0 },
            bcryptCost: cost,
            secureCookies: env["FOCUS_SECURE_COOKIES"] == "1" || env["FOCUS_SECURE_COOKIES"] == "true",
            logLevel: level
        )
        configuration.escalationCheckSeconds = escalation
        return configuration
    }

    /// The base of links printed for people, such as the setup link.
    public var baseURL: String {
        if let publicURL { return publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL }
        let host = hostname == "0.0.0.0" || hostname == "::" ? "localhost" : hostname
        return "http://\(host):\(port)"
    }

    /// The URL with its password replaced by `***`, for logs.
    static func redacting(_ url: String) -> String {
        guard let at = url.lastIndex(of: "@"), let scheme = url.range(of: "://") else { return url }
        let userInfo = url[scheme.upperBound..<at]
        guard let colon = userInfo.firstIndex(of: ":") else { return url }
        return String(url[..<colon]) + ":***" + String(url[at...])
    }
}

/// The environment holds values the server cannot use; every problem is listed.
public struct ConfigurationError: Error, CustomStringConvertible {
    public let problems: [String]
    public var description: String { "Configuration problems:\n" + problems.map { "  - \($0)" }.joined(separator: "\n") }
}
