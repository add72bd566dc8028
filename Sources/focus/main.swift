import ArgumentParser
import FocusBench
import FocusCore
import FocusServer
import Foundation
import Logging

@main
struct Focus: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "focus",
        abstract: "Focus, the customer focus platform: listen, understand, act, prove.",
        subcommands: [Serve.self, Migrate.self, Demo.self, Token.self, Import.self, Bench.self, SentimentEval.self],
        defaultSubcommand: Serve.self)
}

/// Reads the environment's configuration, or prints every problem and stops.
func loadConfiguration() throws -> FocusConfiguration {
    do {
        return try FocusConfiguration.fromEnvironment()
    } catch let error as ConfigurationError {
        FileHandle.standardError.write(Data((error.description + "\n").utf8))
        throw ExitCode(78)
    }
}

func makeLogger(_ configuration: FocusConfiguration) -> Logger {
    LoggingSystem.bootstrap { label in
        var handler = StreamLogHandler.standardError(label: label)
        handler.logLevel = configuration.logLevel
        return handler
    }
    return Logger(label: "focus")
}

struct DemoOptions: ParsableArguments {
    @Option(help: "How many survey responses the demo is sized for (customers are a fifth of it).")
    var responses: Int = 10_000

    @Option(help: "The seed: the same seed gives the same data.")
    var seed: UInt64 = 42

    @Option(help: "The day the demo's history ends, YYYY-MM-DD (default: today).")
    var asOf: String?

    func options() throws -> DemoInsurer.Options {
        guard responses >= 0 else { throw ValidationError("--responses must be zero or more") }
        let today = CalendarDate(daysSinceEpoch: Int(Date().timeIntervalSince1970 / 86400))
        var asOfDate = today
        if let asOf {
            guard let d = CalendarDate(iso: asOf) else { throw ValidationError("--as-of must be a date written as YYYY-MM-DD") }
            asOfDate = d
        }
        return DemoInsurer.Options(seed: seed, responses: responses, asOf: asOfDate)
    }
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Migrate the database and serve Focus.")

    @Option(help: "The address to listen on (env FOCUS_HOSTNAME, default 127.0.0.1).")
    var hostname: String?

    @Option(help: "The port to listen on (env FOCUS_PORT, default 8080).")
    var port: Int?

    @Flag(help: "Load the demo insurer's workspace (replacing an earlier demo) before serving.")
    var demo = false

    @OptionGroup var demoOptions: DemoOptions

    func run() async throws {
        var configuration = try loadConfiguration()
        if let hostname { configuration.hostname = hostname }
        if let port {
            guard (1...65535).contains(port) else { throw ValidationError("--port must be from 1 to 65535") }
            configuration.port = port
        }
        let logger = makeLogger(configuration)
        try await FocusServer.serve(configuration: configuration, demo: demo ? try demoOptions.options() : nil, logger: logger)
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create or upgrade the database schema, then exit.")

    @Flag(help: "Also recount the score and contact tallies from every stored response and contact, and analyse every comment again (exact; safe to run any time).")
    var rebuildAggregates = false

    func run() async throws {
        let configuration = try loadConfiguration()
        let logger = makeLogger(configuration)
        let database = try FocusDatabase(storage: configuration.storage, logger: logger)
        do {
            try await database.migrate()
            print("Database is up to date (\(configuration.storage.label)): \(try await database.appliedMigrations().count) migrations applied.")
            if rebuildAggregates {
                let started = Date()
                let rows = try await database.rebuildScoreAggregates()
                print("Score tallies rebuilt from the responses: \(rows) tally rows in \(String(format: "%.1f", Date().timeIntervalSince(started))) s.")
                let contactsStarted = Date()
                let contactRows = try await database.rebuildContactAggregates()
                print("Contact tallies rebuilt from the contacts: \(contactRows) tally rows in \(String(format: "%.1f", Date().timeIntervalSince(contactsStarted))) s.")
                let commentsStarted = Date()
                let comments = try await database.rebuildComments()
                print("Comments analysed again (sentiment and themes): \(comments) comments in \(String(format: "%.1f", Date().timeIntervalSince(commentsStarted))) s.")
            }
        } catch {
            await database.shutdown()
            throw error
        }
        await database.shutdown()
    }
}

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Load the demo insurer's workspace (replacing an earlier demo).")

    @OptionGroup var demoOptions: DemoOptions

    func run() async throws {
        let configuration = try loadConfiguration()
        let logger = makeLogger(configuration)
        let options = try demoOptions.options()
        let app = try await FocusApplication.make(configuration: configuration, logger: logger)
        do {
            let started = Date()
            let workspace = try await DemoLoader(services: app.services).load(options, logger: logger) { done, total in
                FileHandle.standardError.write(Data("\rloading the demo: \(done) of \(total) customers and responses".utf8))
            }
            FileHandle.standardError.write(Data("\n".utf8))
            print("Demo workspace \"\(workspace.name)\" loaded in \(String(format: "%.1f", Date().timeIntervalSince(started))) s "
                + "(seed \(options.seed), \(options.customerCount) customers, as of \(options.asOf)). Open /w/\(workspace.slug)")
        } catch {
            await app.services.database.shutdown()
            throw error
        }
        await app.services.database.shutdown()
    }
}

struct Token: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create an API token for a workspace from the command line (for scripts and first automation).")

    @Option(help: "The workspace's slug, as in its URL (/w/SLUG).")
    var workspace: String

    @Option(help: "The token's role: viewer, agent, analyst or owner.")
    var role: String = "agent"

    @Option(help: "What the token is for.")
    var name: String = "command line"

    func run() async throws {
        guard let role = Role(rawValue: role) else { throw ValidationError("--role must be viewer, agent, analyst or owner") }
        let configuration = try loadConfiguration()
        let logger = makeLogger(configuration)
        let app = try await FocusApplication.make(configuration: configuration, logger: logger)
        do {
            guard let found = try await app.services.workspaces.find(slug: workspace) else {
                throw ValidationError("no workspace has the slug \(workspace)")
            }
            let admin = Principal.commandLine(workspaceID: found.id)
            let (_, secret) = try await app.services.tokens.create(workspaceID: found.id, name: name, role: role, by: admin, creatorRole: .owner)
            print(secret)
        } catch {
            await app.services.database.shutdown()
            throw error
        }
        await app.services.database.shutdown()
    }
}

struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Drive a Focus server process with load and print each figure beside the measured ceiling.",
        discussion: "Run a release build (swift run -c release focus bench). See BENCHMARKS.md.")

    @Option(help: "Concurrent keep-alive connections.")
    var connections: Int = 64

    @Option(help: "Seconds per figure.")
    var seconds: Double = 10

    @Option(help: "Demo responses loaded before the run.")
    var responses: Int = 10_000

    @Option(help: "The port the server under test listens on.")
    var port: Int = 18_181

    @Option(help: "Only these figures (comma-separated: ingest, ingest-batch10, ingest-batch, survey-page, widget-prompt, widget-answer, dash-overview, dash-filtered, dash-touchpoint, dash-survey, api-breakdown, contact, dash-contacts, drivers, import, text); the ceiling always runs (except for text alone, which needs no server).")
    var only: String?

    @Option(help: "Use the demo already loaded in this data folder (e.g. by `FOCUS_DATA=big focus demo --responses 10000000`) instead of loading --responses into a temporary one. Ingest figures add to it.")
    var data: String?

    @Option(help: "Rows of the contacts CSV that the import figure imports with `focus import contacts`.")
    var importRows: Int = 100_000

    @Option(help: "Responses with 20 ratings each that the drivers figure posts before timing the driver analysis.")
    var driverResponses: Int = 100_000

    @Option(help: "Comments the text figure analyses (sentiment and built-in themes, on one core, no server).")
    var textComments: Int = 1_000_000

    @Option(help: "Write the results as JSON to this file.")
    var json: String?

    @Option(help: "Compare with an earlier JSON result and report figures more than 10% slower.")
    var compare: String?

    func run() async throws {
        let figures = Set((only ?? "").split(separator: ",").map { String($0).trimmingWhitespace() })
        var textFigure: IngestBench.Figure?
        if figures.isEmpty || figures.contains("text") {
            let result = try TextBench.run(comments: textComments, analyzer: try SentimentLexicons.analyzer()) { print($0) }
            print(String(format: "text: %d comments analysed (sentiment + themes) in %.2f s on one core: %.0f comments/s, %.2f µs each (mean %.1f words; %d tagged with a theme)",
                         result.comments, result.seconds, result.perSecond, result.microsecondsPerComment, result.meanWords, result.tagged))
            textFigure = TextBench.figure(result)
        }
        var report: IngestBench.Report
        if figures == ["text"] {
            report = IngestBench.report(figures: [textFigure!], storage: "none (no server)", dataSize: "the demo's distinct comments", connections: 0, seconds: 0)
        } else {
            let binary = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
            let databaseURL = ProcessInfo.processInfo.environment["DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
            let bench = IngestBench(options: .init(
                focusBinary: FileManager.default.isExecutableFile(atPath: binary) ? binary : (Bundle.main.executablePath ?? binary),
                connections: connections, seconds: seconds, demoResponses: responses, databaseURL: databaseURL, port: port,
                only: figures, existingData: data, importRows: importRows, driverResponses: driverResponses))
            print("Focus bench: \(connections) connections, \(Int(seconds)) s per figure, machine: \(IngestBenchInfo.machine)")
            report = try await bench.run { print($0) }
            if let textFigure { report.figures.append(textFigure) }
        }
        print(IngestBench.header())
        report.figures.forEach { print(IngestBench.line($0)) }
        print("storage: \(report.storage); data: \(report.dataSize); \(report.date)")
        if let json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(report).write(to: URL(fileURLWithPath: json))
            print("results written to \(json)")
        }
        if let compare {
            let before = try JSONDecoder().decode(IngestBench.Report.self, from: Data(contentsOf: URL(fileURLWithPath: compare)))
            let regressions = IngestBench.regressions(report, against: before)
            if regressions.isEmpty {
                print("no figure is more than 10% slower than \(compare) (\(before.date))")
            } else {
                print("REGRESSIONS against \(compare) (\(before.date)):")
                regressions.forEach { print("  \($0)") }
                throw ExitCode(3)
            }
        }
    }
}

/// `focus import contacts|customers|responses|feedback FILE`: imports a CSV, JSON Lines or JSON file, printing
/// progress and every bad row with its line; `--dry-run` checks without writing.
struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import contacts, customers, responses or outside feedback from a CSV (header row), JSON Lines or JSON file; importing the same file again adds nothing.")

    @Argument(help: "What the file holds: contacts, customers, responses or feedback.")
    var kind: String

    @Argument(help: "The file.")
    var file: String

    @Option(help: "The workspace's slug, as in its URL (/w/SLUG).")
    var workspace: String

    @Option(help: "csv, jsonl or json (default: from the file name).")
    var format: String?

    @Option(name: .customLong("map"), help: "FIELD=COLUMN: read a field from a column of another name (repeatable). Contact fields: \(ContactImport.fields.joined(separator: ", ")); customer fields: \(CustomerImport.fields.joined(separator: ", ")) (other columns become the customer's attributes); response fields: \(ResponseImport.fields.joined(separator: ", ")) (answers in columns named by question key); feedback fields: \(FeedbackImport.fields.joined(separator: ", ")).")
    var mappings: [String] = []

    @Flag(help: "Check every row and report, without writing anything.")
    var dryRun = false

    func run() async throws {
        guard let kind = ImportKind(rawValue: kind) else { throw ValidationError("the kind must be contacts, customers, responses or feedback, not \(kind)") }
        let format = try format.map { name in
            guard let f = ImportFormat(rawValue: name) else { throw ValidationError("--format must be csv, jsonl or json") }
            return f
        } ?? ImportFormat.guess(file)
        var mapping: [String: String] = [:]
        for m in mappings {
            let parts = m.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw ValidationError("--map takes FIELD=COLUMN, not \(m)") }
            mapping[parts[0]] = parts[1]
        }
        guard let stream = InputStream(fileAtPath: file), FileManager.default.isReadableFile(atPath: file) else {
            throw ValidationError("cannot read \(file)")
        }
        let configuration = try loadConfiguration()
        let app = try await FocusApplication.make(configuration: configuration, logger: makeLogger(configuration))
        do {
            guard let found = try await app.services.workspaces.find(slug: workspace) else { throw ValidationError("no workspace has the slug \(workspace)") }
            if !dryRun { try await app.services.database.prepareForBulkLoad() }
            let started = Date()
            let reader = try ImportRowReader(stream: stream, format: format)
            let report = try await kind.run(app.services, found.id, rows: reader, mapping: mapping, dryRun: dryRun,
                                            chunkSize: ContactImport.commandLineChunkSize) { r in
                FileHandle.standardError.write(Data("\r\(r.rows) rows read, \(r.imported) \(r.dryRun ? "to import" : "imported"), \(r.updated) \(r.dryRun ? "to update" : "updated"), \(r.duplicates) already there, \(r.failed) bad".utf8))
            }
            FileHandle.standardError.write(Data("\n".utf8))
            for e in report.errors { print("line \(e.line): \(e.field): \(e.message)") }
            if report.failed > report.errors.count { print("… and \(report.failed - report.errors.count) more bad rows") }
            let seconds = Date().timeIntervalSince(started)
            print("\(dryRun ? "Dry run: would import" : "Imported") \(report.imported) of \(report.rows) rows; \(report.updated) \(dryRun ? "would be updated" : "updated"); \(report.duplicates) already imported; \(report.failed) bad; \(String(format: "%.1f", seconds)) s (\(Int(Double(report.rows) / max(seconds, 0.001))) rows/s).")
        } catch let error as FieldError {
            await app.services.database.shutdown()
            throw ValidationError("\(error.field): \(error.message)")
        } catch let error as ImportFileError {
            await app.services.database.shutdown()
            throw ValidationError(error.description)
        } catch {
            await app.services.database.shutdown()
            throw error
        }
        await app.services.database.shutdown()
    }
}

/// `focus sentiment-eval`: our sentiment analyzer and the VADER baseline on the labelled sets, with
/// the same metrics, and our throughput on one core. See BENCHMARKS.md.
struct SentimentEval: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sentiment-eval",
        abstract: "Measure the sentiment analyzer against human ratings, beside VADER, and time it on one core.",
        discussion: "Run a release build from the package's folder (swift run -c release focus sentiment-eval). The baseline's scores are computed once by scripts/sentiment-baseline (VADER 3.3.2 from PyPI, in .build/venv-vader).")

    @Option(help: "The folder with the labelled sets (*_GroundTruth.txt: ID<TAB>MEAN<TAB>TEXT).")
    var data: String = "Benchmarks/sentiment"

    @Option(help: "The baseline's scores (SET:ID<TAB>score); computed by --baseline-script when missing.")
    var baseline: String = ".build/sentiment/vader-3.3.2.tsv"

    @Option(help: "The script that writes the baseline's scores.")
    var baselineScript: String = "scripts/sentiment-baseline"

    @Option(help: "Write the figures as JSON to this file.")
    var json: String?

    func run() throws {
        let analyzer = try SentimentLexicons.analyzer()
        let report = try SentimentBench.run(
            analyzer: analyzer, data: URL(fileURLWithPath: data), baselineScores: URL(fileURLWithPath: baseline),
            baselineScript: URL(fileURLWithPath: baselineScript)) { print($0) }
        print(SentimentBench.table(report))
        if let json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(report).write(to: URL(fileURLWithPath: json))
            print("results written to \(json)")
        }
    }
}
