import FocusCore
import Foundation
import NIOHTTP1

/// `focus bench`: starts a Focus server process on 127.0.0.1 with a demo data set, drives it
/// with realistic traffic, and prints each figure beside the ceiling measured in the same run:
/// the same server's throughput on an endpoint that does nothing.
public struct IngestBench: Sendable {
    public struct Options: Sendable {
        public var focusBinary: String
        public var connections: Int
        public var seconds: Double
        public var demoResponses: Int
        /// PostgreSQL URL, or nil for SQLite in a temporary folder.
        public var databaseURL: String?
        public var port: Int
        public var only: Set<String>
        /// A data folder already holding the demo (say, ten million responses loaded once with
        /// `focus demo`): used as it is instead of loading a new demo in a temporary folder.
        /// Its responses are added to by the ingest figures.
        public var existingData: String?
        /// Rows of the contacts CSV the import figure imports.
        public var importRows: Int
        /// Responses the driver figure posts to its 20-rating survey before timing the analysis.
        public var driverResponses: Int

        public init(focusBinary: String, connections: Int = 64, seconds: Double = 10, demoResponses: Int = 10_000,
                    databaseURL: String? = nil, port: Int = 18_181, only: Set<String> = [], existingData: String? = nil,
                    importRows: Int = 100_000, driverResponses: Int = 100_000) {
            self.driverResponses = driverResponses
            self.existingData = existingData
            self.importRows = importRows
            self.focusBinary = focusBinary
            self.connections = connections
            self.seconds = seconds
            self.demoResponses = demoResponses
            self.databaseURL = databaseURL
            self.port = port
            self.only = only
        }
    }

    public struct Figure: Codable, Sendable {
        public let name: String
        public let what: String
        public let requestsPerSecond: Double
        /// Items (responses) per second, where a request carries several.
        public let itemsPerSecond: Double
        public let shareOfCeiling: Double?
        public let p50Milliseconds: Double
        public let p99Milliseconds: Double
        public let p999Milliseconds: Double
        public let requests: Int
        /// Answers with another status than the figure expects (2xx, but 422 for `ingest-refused`).
        public let unexpected: Int
        public let failures: Int
        public let serverMemoryStartMB: Double?
        public let serverMemoryEndMB: Double?
    }

    public struct Report: Codable, Sendable {
        public var date: String
        public let machine: String
        public let storage: String
        public let dataSize: String
        public let connections: Int
        public let secondsPerFigure: Double
        public var figures: [Figure]
    }

    let options: Options

    public init(options: Options) {
        self.options = options
    }

    /// Runs every scenario and returns the report (also printed as it goes).
    public func run(log: @Sendable (String) -> Void) async throws -> Report {
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("focus-bench-\(UUID().uuidString)")
        let data = options.existingData.map { URL(fileURLWithPath: $0) } ?? temporary
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        defer { if options.existingData == nil { try? FileManager.default.removeItem(at: temporary) } }
        var environment = ProcessInfo.processInfo.environment
        environment["FOCUS_DATA"] = data.path
        environment["FOCUS_LOG_LEVEL"] = "warning"
        if let url = options.databaseURL { environment["DATABASE_URL"] = url } else { environment.removeValue(forKey: "DATABASE_URL") }
        let storage = options.databaseURL == nil ? "SQLite (WAL, synchronous=FULL)" : "PostgreSQL"

        if options.existingData == nil {
            log("preparing: demo data with \(options.demoResponses) responses on \(storage)")
            _ = try Self.runProcess(options.focusBinary, ["demo", "--responses", String(options.demoResponses)], environment: environment)
        } else {
            log("using the data in \(data.path) on \(storage)")
        }
        let token = try Self.runProcess(options.focusBinary, ["token", "--workspace", "harbour-mutual", "--role", "agent", "--name", "bench"],
                                        environment: environment).trimmingCharacters(in: .whitespacesAndNewlines)
        let server = try Self.startServer(options.focusBinary, port: options.port, environment: environment)
        defer { server.terminate(); server.waitUntilExit() }

        let load = LoadGenerator(threads: 1)
        let host = "127.0.0.1"
        let port = options.port
        try await waitUntilUp(load, host: host, port: port)
        let surveysJSON = try await load.fetch(host: host, port: port, LoadRequest(
            uri: "/api/v1/workspaces/harbour-mutual/surveys", headers: [("Authorization", "Bearer \(token)")])).body
        guard let surveys = try JSONSerialization.jsonObject(with: Data(surveysJSON.utf8)) as? [[String: Any]],
              let csat = surveys.first(where: { $0["template"] as? String == "transactional_csat" }),
              let nps = surveys.first(where: { $0["template"] as? String == "relationship_nps" }),
              let csatID = csat["id"] as? String, let csatKey = csat["public_key"] as? String, let npsKey = nps["public_key"] as? String
        else { throw BenchError("the demo's surveys were not found: \(surveysJSON.prefix(200))") }
        let npsID = nps["id"] as? String ?? ""
        let touchpointsJSON = try await load.fetch(host: host, port: port, LoadRequest(
            uri: "/api/v1/workspaces/harbour-mutual/touchpoints", headers: [("Authorization", "Bearer \(token)")])).body
        let touchpointID = ((try JSONSerialization.jsonObject(with: Data(touchpointsJSON.utf8)) as? [[String: Any]])?
            .first { $0["name"] as? String == "Invoices" }?["id"] as? String) ?? ""
        // Dashboards over the whole demo year (and the year before it, which they compare with).
        let today = Int(Date().timeIntervalSince1970 / 86400)
        let year = "from=\(Self.iso(today - 365))&to=\(Self.iso(today - 1))"
        let (_, summary) = try await load.fetch(host: host, port: port, LoadRequest(
            uri: "/api/v1/workspaces/harbour-mutual/scores?\(year)", headers: [("Authorization", "Bearer \(token)")]))
        let stored = ((try? JSONSerialization.jsonObject(with: Data(summary.utf8)) as? [String: Any])?["current"] as? [String: Any])?["responses"] as? Int
        let pageAuth = [("Authorization", "Bearer \(token)")]

        let auth = [("Authorization", "Bearer \(token)"), ("Content-Type", "application/json")]
        let responsesPath = "/api/v1/workspaces/harbour-mutual/responses"
        let batchBody: @Sendable (Int) -> String = { n in
            let items = (0..<100).map { i in #"{"survey_id":"\#(csatID)","answers":{"csat":\#((n + i) % 5 + 1),"resolved":"yes"}}"# }
            return #"{"responses":[\#(items.joined(separator: ","))]}"#
        }
        // What a client that buffers for a moment sends (a widget, an SDK, a contact-centre hook): ten responses like the single ones.
        let smallBatchBody: @Sendable (Int) -> String = { n in
            let items = (0..<10).map { i in
                #"{"survey_id":"\#(csatID)","answers":{"csat":\#((n + i) % 5 + 1),"resolved":"yes","comment":"bench \#(n * 10 + i)"}}"#
            }
            return #"{"responses":[\#(items.joined(separator: ","))]}"#
        }
        let scenarios: [(String, String, Int, @Sendable (Int) -> LoadRequest)] = [
            ("ceiling", "GET /livez: an endpoint that does nothing", 1, { _ in LoadRequest(uri: "/livez") }),
            ("ingest", "POST one response (durable, 201)", 1, { n in
                LoadRequest(method: .POST, uri: responsesPath, headers: auth,
                            body: #"{"survey_id":"\#(csatID)","answers":{"csat":\#(n % 5 + 1),"resolved":"yes","comment":"bench \#(n)"}}"#)
            }),
            // Everything single ingest does but store: the body read and decoded, the answers checked against the
            // survey, an error written back. No durable design can make single ingest faster than this.
            ("ingest-refused", "POST the same response with its rating out of range (checked, refused with 422, nothing stored)", 1, { n in
                LoadRequest(method: .POST, uri: responsesPath, headers: auth,
                            body: #"{"survey_id":"\#(csatID)","answers":{"csat":\#(n % 5 + 6),"resolved":"yes","comment":"bench \#(n)"}}"#,
                            expected: 422..<423)
            }),
            ("ingest-batch10", "POST a batch of 10 responses with comments (durable, 201)", 10, { n in
                LoadRequest(method: .POST, uri: responsesPath + "/batch", headers: auth, body: smallBatchBody(n))
            }),
            ("ingest-batch", "POST a batch of 100 responses (durable, 201)", 100, { n in
                LoadRequest(method: .POST, uri: responsesPath + "/batch", headers: auth, body: batchBody(n))
            }),
            ("survey-page", "GET a public survey page", 1, { _ in LoadRequest(uri: "/s/\(csatKey)") }),
            ("widget-prompt", "GET the widget's prompt (CORS)", 1, { _ in LoadRequest(uri: "/api/v1/public/surveys/\(npsKey)") }),
            ("widget-answer", "POST the widget's answer (text/plain, durable)", 1, { n in
                LoadRequest(method: .POST, uri: "/api/v1/public/surveys/\(npsKey)/responses", headers: [("Content-Type", "text/plain")],
                            body: #"{"answers":{"nps":\#(n % 11)}}"#)
            }),
            ("dash-overview", "GET the workspace dashboard page, one year", 1, { _ in
                LoadRequest(uri: "/w/harbour-mutual/scores?\(year)", headers: pageAuth)
            }),
            ("dash-filtered", "GET the dashboard page, one year, segment+channel, by week", 1, { _ in
                LoadRequest(uri: "/w/harbour-mutual/scores?\(year)&segment=Private&channel=email&granularity=week", headers: pageAuth)
            }),
            ("dash-touchpoint", "GET a touchpoint's dashboard page, one year", 1, { _ in
                LoadRequest(uri: "/w/harbour-mutual/touchpoints/\(touchpointID)/scores?\(year)", headers: pageAuth)
            }),
            ("dash-survey", "GET a survey's dashboard page, one year", 1, { _ in
                LoadRequest(uri: "/w/harbour-mutual/surveys/\(npsID)/scores?\(year)", headers: pageAuth)
            }),
            ("api-breakdown", "GET scores by segment (API), one year", 1, { _ in
                LoadRequest(uri: "/api/v1/workspaces/harbour-mutual/scores/breakdown?by=segment&\(year)", headers: pageAuth)
            }),
            ("contact", "POST one contact (durable, 201)", 1, { n in
                LoadRequest(method: .POST, uri: "/api/v1/workspaces/harbour-mutual/contacts", headers: auth,
                            body: #"{"channel":"phone","wait_seconds":\#(n % 900),"handling_seconds":300,"team":"Bench"}"#)
            }),
            ("dash-contacts", "GET the contacts page, one year", 1, { _ in
                LoadRequest(uri: "/w/harbour-mutual/contacts?\(year)", headers: pageAuth)
            }),
        ]
        // Warm up (connections, caches, the CPU's clock) before anything is recorded.
        _ = try await load.run(host: host, port: port, connections: options.connections, duration: 2) { _ in LoadRequest(uri: "/livez") }
        // The ceiling is measured first and again last; figures are shares of the higher, so a
        // noisy neighbour during one ceiling run cannot flatter the others.
        let selected = scenarios.filter { options.only.isEmpty || options.only.contains($0.0) || $0.0 == "ceiling" }
        var measured: [(String, String, Int, LoadResult, Double?, Double?)] = []
        for (name, what, items, make) in selected + [scenarios[0]] {
            let memoryStart = Self.residentMegabytes(pid: server.processIdentifier)
            // The ceiling needs no long run, even when the others soak for minutes.
            let seconds = name == "ceiling" || Self.isReadOnly(name) ? min(options.seconds, 10) : options.seconds
            // A dashboard is measured one request at a time: its latency is what a person waits.
            let connections = Self.isReadOnly(name) ? 1 : options.connections
            let result = try await load.run(host: host, port: port, connections: connections, duration: seconds, make: make)
            let memoryEnd = Self.residentMegabytes(pid: server.processIdentifier)
            measured.append((measured.isEmpty ? name : (name == "ceiling" ? "ceiling-end" : name), what, items, result, memoryStart, memoryEnd))
            log("  measured \(name): \(Int(result.perSecond)) requests/s")
        }
        var driverFigure: Figure?
        if options.only.isEmpty || options.only.contains("drivers") {
            let owner = try Self.runProcess(options.focusBinary, ["token", "--workspace", "harbour-mutual", "--role", "owner", "--name", "bench drivers"],
                                            environment: environment).trimmingCharacters(in: .whitespacesAndNewlines)
            log("  drivers: posting \(options.driverResponses) responses with 20 ratings each")
            let result = try await DriverBench(host: host, port: port, token: owner, responses: options.driverResponses).run(load, log: log)
            let sorted = result.seconds.sorted()
            log("  drivers: loaded in \(Int(result.loadSeconds)) s; analysis \(sorted.map { String(format: "%.2f s", $0) }.joined(separator: ", ")); planted order \(result.plantedOrderFound ? "found" : "NOT found")")
            driverFigure = Figure(
                name: "drivers", what: "GET a survey's drivers: 20 ratings, \(options.driverResponses) responses over a year, Shapley values, 200 bootstrap samples (planted order \(result.plantedOrderFound ? "found" : "not found"))",
                requestsPerSecond: 1 / sorted[sorted.count / 2], itemsPerSecond: 1 / sorted[sorted.count / 2], shareOfCeiling: nil,
                p50Milliseconds: 1000 * sorted[sorted.count / 2], p99Milliseconds: 1000 * sorted.last!, p999Milliseconds: 1000 * sorted.last!,
                requests: sorted.count, unexpected: 0, failures: 0,
                serverMemoryStartMB: nil, serverMemoryEndMB: Self.residentMegabytes(pid: server.processIdentifier))
        }
        await load.shutdown()
        let ceiling = measured.filter { $0.0.hasPrefix("ceiling") }.map(\.3.perSecond).max()
        var figures: [Figure] = []
        for (name, what, items, result, memoryStart, memoryEnd) in measured {
            let figure = Figure(
                name: name, what: what, requestsPerSecond: result.perSecond, itemsPerSecond: result.perSecond * Double(items),
                // A page read on one connection is latency, not throughput: its share of the ceiling would mean nothing.
                shareOfCeiling: name.hasPrefix("ceiling") || Self.isReadOnly(name) ? nil : ceiling.map { result.perSecond * Double(items) / $0 },
                p50Milliseconds: result.p50, p99Milliseconds: result.p99, p999Milliseconds: result.p999,
                requests: result.requests, unexpected: result.unexpected, failures: result.failures,
                serverMemoryStartMB: memoryStart, serverMemoryEndMB: memoryEnd)
            figures.append(figure)
        }
        if let driverFigure { figures.append(driverFigure) }
        if options.only.isEmpty || options.only.contains("import") {
            // The command line imports into the same database while the server is stopped, as an operator would.
            server.terminate()
            server.waitUntilExit()
            log("  importing \(options.importRows) contacts from CSV with focus import")
            let result = try ImportBench(focusBinary: options.focusBinary, rows: options.importRows, environment: environment)
                .run(in: options.existingData == nil ? temporary : FileManager.default.temporaryDirectory)
            figures.append(Figure(
                name: "import", what: "focus import contacts: \(options.importRows) CSV rows (rows/s; memory is the import's peak)",
                requestsPerSecond: result.rowsPerSecond, itemsPerSecond: result.rowsPerSecond, shareOfCeiling: nil,
                p50Milliseconds: 0, p99Milliseconds: 0, p999Milliseconds: 0, requests: options.importRows, unexpected: 0, failures: 0,
                serverMemoryStartMB: nil, serverMemoryEndMB: result.peakMB))
        }
        let formatter = ISO8601DateFormatter()
        return Report(date: formatter.string(from: Date()), machine: Self.machine(), storage: storage,
                      dataSize: "\(stored.map { "\($0)" } ?? "?") responses in the demo year before the run", connections: options.connections,
                      secondsPerFigure: options.seconds, figures: figures)
    }

    /// A report of figures measured without a server (the text figure alone).
    public static func report(figures: [Figure], storage: String, dataSize: String, connections: Int, seconds: Double) -> Report {
        Report(date: ISO8601DateFormatter().string(from: Date()), machine: machine(), storage: storage, dataSize: dataSize,
               connections: connections, secondsPerFigure: seconds, figures: figures)
    }

    /// Dashboards and score reads: measured on one connection, as latency.
    static func isReadOnly(_ name: String) -> Bool { name.hasPrefix("dash-") || name.hasPrefix("api-") }

    static func iso(_ day: Int) -> String { CalendarDate(daysSinceEpoch: day).iso }

    public static func header() -> String {
        "figure            req/s   items/s  of ceiling   p50 ms   p99 ms  p99.9 ms    errors  server MB"
    }

    public static func line(_ f: Figure) -> String {
        func pad(_ s: String, _ n: Int) -> String { String(repeating: " ", count: max(0, n - s.count)) + s }
        let share = f.shareOfCeiling.map { String(format: "%.1f%%", $0 * 100) } ?? "—"
        let memory = [f.serverMemoryStartMB, f.serverMemoryEndMB].map { $0.map { String(format: "%.0f", $0) } ?? "?" }.joined(separator: "→")
        return f.name.padding(toLength: 15, withPad: " ", startingAt: 0)
            + pad(String(format: "%.0f", f.requestsPerSecond), 8) + pad(String(format: "%.0f", f.itemsPerSecond), 10)
            + pad(share, 12) + pad(String(format: "%.2f", f.p50Milliseconds), 9) + pad(String(format: "%.2f", f.p99Milliseconds), 9)
            + pad(String(format: "%.2f", f.p999Milliseconds), 10) + pad(String(f.unexpected + f.failures), 10) + pad(memory, 11)
    }

    /// Compares with an earlier report: every figure whose throughput fell by more than 10%.
    public static func regressions(_ now: Report, against before: Report) -> [String] {
        now.figures.compactMap { figure in
            guard let old = before.figures.first(where: { $0.name == figure.name }), old.itemsPerSecond > 0 else { return nil }
            let change = figure.itemsPerSecond / old.itemsPerSecond - 1
            return change < -0.10
                ? String(format: "%@: %.0f/s now, %.0f/s before (%.1f%%)", figure.name, figure.itemsPerSecond, old.itemsPerSecond, change * 100)
                : nil
        }
    }

    func waitUntilUp(_ load: LoadGenerator, host: String, port: Int) async throws {
        for _ in 0..<200 {
            if let (status, _) = try? await load.fetch(host: host, port: port, LoadRequest(uri: "/healthz")), status == 200 { return }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        throw BenchError("the server did not answer /healthz within 20 s")
    }

    static func runProcess(_ binary: String, _ arguments: [String], environment: [String: String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw BenchError("focus \(arguments.joined(separator: " ")) failed") }
        return String(decoding: data, as: UTF8.self)
    }

    static func startServer(_ binary: String, port: Int, environment: [String: String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["serve", "--port", String(port)]
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// The process's resident memory (Linux), in MB.
    static func residentMegabytes(pid: Int32) -> Double? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kb = Double(line.split(separator: " ").dropFirst().first ?? "")
        else { return nil }
        return kb / 1024
    }

    static func machine() -> String {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let memory = Double(ProcessInfo.processInfo.physicalMemory) / 1_073_741_824
        let cpu = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("model name") }?
            .split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? "unknown CPU"
        return "\(cores) cores (\(cpu)), \(String(format: "%.0f", memory)) GiB, \(ProcessInfo.processInfo.operatingSystemVersionString)"
    }
}

public struct BenchError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// The machine, as printed at the top of a run.
public enum IngestBenchInfo {
    public static var machine: String { IngestBench.machine() }
}

extension IngestBench.Figure {
    private enum CodingKeys: String, CodingKey {
        case name, what, requestsPerSecond, itemsPerSecond, shareOfCeiling, p50Milliseconds, p99Milliseconds, p999Milliseconds
        case requests, unexpected, failures, serverMemoryStartMB, serverMemoryEndMB
        /// The name `unexpected` had before 2026-11-24.
        case non2xx
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try c.decode(String.self, forKey: .name), what: try c.decode(String.self, forKey: .what),
            requestsPerSecond: try c.decode(Double.self, forKey: .requestsPerSecond),
            itemsPerSecond: try c.decode(Double.self, forKey: .itemsPerSecond),
            shareOfCeiling: try c.decodeIfPresent(Double.self, forKey: .shareOfCeiling),
            p50Milliseconds: try c.decode(Double.self, forKey: .p50Milliseconds),
            p99Milliseconds: try c.decode(Double.self, forKey: .p99Milliseconds),
            p999Milliseconds: try c.decode(Double.self, forKey: .p999Milliseconds),
            requests: try c.decode(Int.self, forKey: .requests),
            unexpected: try c.decodeIfPresent(Int.self, forKey: .unexpected) ?? c.decode(Int.self, forKey: .non2xx),
            failures: try c.decode(Int.self, forKey: .failures),
            serverMemoryStartMB: try c.decodeIfPresent(Double.self, forKey: .serverMemoryStartMB),
            serverMemoryEndMB: try c.decodeIfPresent(Double.self, forKey: .serverMemoryEndMB))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(what, forKey: .what)
        try c.encode(requestsPerSecond, forKey: .requestsPerSecond)
        try c.encode(itemsPerSecond, forKey: .itemsPerSecond)
        try c.encodeIfPresent(shareOfCeiling, forKey: .shareOfCeiling)
        try c.encode(p50Milliseconds, forKey: .p50Milliseconds)
        try c.encode(p99Milliseconds, forKey: .p99Milliseconds)
        try c.encode(p999Milliseconds, forKey: .p999Milliseconds)
        try c.encode(requests, forKey: .requests)
        try c.encode(unexpected, forKey: .unexpected)
        try c.encode(failures, forKey: .failures)
        try c.encodeIfPresent(serverMemoryStartMB, forKey: .serverMemoryStartMB)
        try c.encodeIfPresent(serverMemoryEndMB, forKey: .serverMemoryEndMB)
    }
}
