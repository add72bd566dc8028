import FocusCore
import Foundation
import Hummingbird
import NIOCore

/// Importing contacts or customers in the browser (`?kind=customers`; contacts by default): a file is sent as it is (by the page's script) and
/// imported in the background while the page shows its progress; without the script, pasted
/// CSV is imported at once. Both report every bad row with its line, and a dry run writes nothing.
struct ImportPages {
    let services: FocusServices
    static let maxUploadBytes = 2_000_000_000

    func addRoutes(to routes: RouteTable) {
        routes.workspace(.get, "/w/:workspace/import", .record, form)
        routes.workspace(.post, "/w/:workspace/import", .record, importPasted)
        routes.workspace(.post, "/w/:workspace/import/upload", .record, upload)
        routes.workspace(.get, "/w/:workspace/import/jobs/:id", .record, job)
    }

    struct Model {
        struct Field { let name: String; let column: String }
        struct RowError { let line: Int; let field: String; let message: String }
        struct Kind { let name: String; let label: String; let current: Bool }
        let layout: LayoutModel
        let kind: String
        let title: String
        let kinds: [Kind]
        let isContacts: Bool
        let isCustomers: Bool
        let isResponses: Bool
        let isFeedback: Bool
        let fields: [Field]
        let text: String
        let dryRun: Bool
        let report: Bool
        let summary: String
        let errors: [RowError]
        let hasErrors: Bool
        let more: String?
        let error: String?
    }

    @Sendable func form(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        try await render(context, w, kind: Self.kind(request.uri.queryParameters.get("kind")), mapping: [:], text: "", dryRun: true,
                         report: nil, error: nil)
    }

    /// The menu entry an import of this kind belongs to.
    static func section(_ kind: ImportKind) -> String {
        switch kind {
        case .contacts: "contacts"
        case .customers: "customers"
        case .responses: "surveys"
        case .feedback: "feedback"
        }
    }

    /// The kind a form or query names; contacts when it names none (or one that does not exist).
    static func kind(_ name: String?) -> ImportKind { name.flatMap(ImportKind.init(rawValue:)) ?? .contacts }

    private func render(_ context: FocusRequestContext, _ w: WorkspaceContext, kind: ImportKind, mapping: [String: String], text: String,
                        dryRun: Bool, report: ImportReport?, error: String?) async throws -> Response {
        let title = "Import \(kind.rawValue)"
        let model = Model(
            layout: try await WorkspacePages.layout(services, context, w, title: title, section: Self.section(kind)),
            kind: kind.rawValue, title: title,
            kinds: ImportKind.allCases.map { .init(name: $0.rawValue, label: $0.rawValue.capitalized, current: $0 == kind) },
            isContacts: kind == .contacts, isCustomers: kind == .customers, isResponses: kind == .responses, isFeedback: kind == .feedback,
            fields: kind.fields.map { .init(name: $0, column: mapping[$0] ?? "") },
            text: text, dryRun: dryRun, report: report != nil, summary: report.map(Self.summary) ?? "",
            errors: report?.errors.map { .init(line: $0.line, field: $0.field, message: $0.message) } ?? [],
            hasErrors: report?.errors.isEmpty == false,
            more: report.flatMap { $0.failed > $0.errors.count ? "… and \($0.failed - $0.errors.count) more bad rows." : nil },
            error: error)
        return services.pages.render("import", model, status: error == nil ? .ok : .unprocessableContent)
    }

    static func summary(_ r: ImportReport) -> String {
        (r.dryRun ? "Dry run, nothing written: \(r.imported) of \(r.rows) rows would be imported" : "\(r.imported) of \(r.rows) rows imported")
            + (r.updated > 0 ? (r.dryRun ? "; \(r.updated) would be updated" : "; \(r.updated) updated") : "")
            + "; \(r.duplicates) already imported before; \(r.failed) bad."
    }

    /// Mapping from form or query fields `map_FIELD=COLUMN`.
    static func mapping(_ values: [String: String], kind: ImportKind) -> [String: String] {
        var mapping: [String: String] = [:]
        for field in kind.fields {
            if let column = values["map_\(field)"]?.trimmingWhitespace(), !column.isEmpty { mapping[field] = column }
        }
        return mapping
    }

    @Sendable func importPasted(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        var request = request
        let fields = try await FormBody.fields(&request, context: context).compactMapValues(\.first)
        let kind = Self.kind(fields["kind"])
        let mapping = Self.mapping(fields, kind: kind)
        let text = fields["text"] ?? ""
        let dryRun = fields["dry_run"] == "on"
        guard !text.trimmingWhitespace().isEmpty else {
            return try await render(context, w, kind: kind, mapping: mapping, text: text, dryRun: dryRun, report: nil, error: "Paste CSV with a header row, or choose a file.")
        }
        do {
            let reader = try ImportRowReader(stream: InputStream(data: Data(text.utf8)), format: .csv)
            let report = try await kind.run(services, w.id, rows: reader, mapping: mapping, dryRun: dryRun)
            return try await render(context, w, kind: kind, mapping: mapping, text: dryRun || report.failed > 0 ? text : "", dryRun: dryRun, report: report, error: nil)
        } catch let error as FieldError {
            return try await render(context, w, kind: kind, mapping: mapping, text: text, dryRun: dryRun, report: nil, error: AuthPages.sentence(error))
        } catch let error as ImportFileError {
            return try await render(context, w, kind: kind, mapping: mapping, text: text, dryRun: dryRun, report: nil, error: error.description)
        }
    }

    /// Receives a file as the request body (streamed to a temporary file), starts its import in
    /// the background and answers `{"id": …}` at once.
    @Sendable func upload(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let query = Dictionary(request.uri.queryParameters.map { (String($0.key), String($0.value)) }, uniquingKeysWith: { a, _ in a })
        let format = ImportFormat(rawValue: query["format"] ?? "csv") ?? .csv
        let dryRun = query["dry_run"] == "1" || query["dry_run"] == "true"
        let kind = Self.kind(query["kind"])
        let mapping = Self.mapping(query, kind: kind)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("focus-import-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: file.path, contents: nil), let handle = try? FileHandle(forWritingTo: file) else {
            throw APIError(.internalServerError, "could not store the upload")
        }
        var size = 0
        do {
            for try await buffer in request.body {
                size += buffer.readableBytes
                guard size <= Self.maxUploadBytes else { throw APIError(.contentTooLarge, "the file is larger than 2 GB", field: "file") }
                try handle.write(contentsOf: Data(buffer.readableBytesView))
            }
            try handle.close()
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(at: file)
            throw error
        }
        guard size > 0, let stream = InputStream(url: file) else {
            try? FileManager.default.removeItem(at: file)
            throw APIError(.badRequest, "the file is empty", field: "file")
        }
        // The columns are checked before the job starts, so a wrong mapping is answered at once.
        let reader: ImportRowReader
        do {
            reader = try ImportRowReader(stream: stream, format: format)
            try kind.checkMapping(mapping, columns: reader.columns)
        } catch let error as ImportFileError {
            try? FileManager.default.removeItem(at: file)
            throw APIError(.badRequest, error.description, field: "file")
        } catch {
            try? FileManager.default.removeItem(at: file)
            throw error
        }
        let jobs = services.importJobs
        let id = await jobs.start(workspaceID: w.id, dryRun: dryRun)
        let services = services
        let workspaceID = w.id
        let box = UncheckedReader(reader: reader)
        Task {
            do {
                let report = try await kind.run(services, workspaceID, rows: box.reader, mapping: mapping, dryRun: dryRun) { r in
                    Task { await jobs.update(id, r) }
                }
                await jobs.finish(id, report)
            } catch let error as FieldError {
                await jobs.fail(id, "\(error.field): \(error.message)")
            } catch {
                await jobs.fail(id, "\(error)")
            }
            try? FileManager.default.removeItem(at: file)
        }
        return try JSONBody.response(["id": id.uuidString], status: .accepted)
    }

    /// Moves the reader, used by one task at a time, into the background task.
    struct UncheckedReader: @unchecked Sendable { let reader: ImportRowReader }

    struct JobDTO: Encodable {
        let state: String
        let summary: String
        let report: ImportReport
        let error: String?
    }

    @Sendable func job(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        guard let job = await services.importJobs.job(try context.id(of: "import"), workspaceID: w.id) else { throw APIError.notFound("import") }
        return try JSONBody.response(JobDTO(state: job.state, summary: Self.summary(job.report), report: job.report, error: job.error))
    }
}
