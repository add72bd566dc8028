import FluentKit
import FocusCore
import Foundation
import SQLKit

/// Importing survey responses from a file (answers collected elsewhere, or an older tool's export):
/// each row names its survey, answers sit in columns named by question key, and every row is
/// checked exactly as an answer sent to the API would be. Bad rows are reported with their line and
/// skipped; good ones are stored with the score tallies a chunk at a time. A row's key (its
/// `external_id`, or a hash of the whole row) is stored with it, so importing a file again adds nothing.
/// Columns that are neither fields nor questions of the row's survey become hidden attributes.
public struct ResponseImport: Sendable {
    public static let fields = ["external_id", "survey", "customer_id", "touchpoint", "brand", "channel", "language", "received_at", "contact_id"]

    let services: FocusServices

    public init(services: FocusServices) {
        self.services = services
    }

    public static func checkMapping(_ mapping: ImportMapping, columns: [String]) throws(FieldError) {
        try ImportFields.check(mapping, fields: fields, columns: columns, kind: "response")
        guard columns.contains(mapping["survey"] ?? "survey") else {
            throw FieldError("mapping.survey", "the file needs a survey column (the survey's id or name; or map one with survey=COLUMN)")
        }
    }

    public func run(_ workspaceID: UUID, rows reader: ImportRowReader, mapping: ImportMapping, dryRun: Bool,
                    chunkSize: Int = ContactImport.serverChunkSize,
                    progress: (@Sendable (ImportReport) -> Void)? = nil) async throws -> ImportReport {
        try Self.checkMapping(mapping, columns: reader.columns)
        var report = ImportReport(dryRun: dryRun)
        let surveys = try await services.surveys.list(workspaceID)
        let byID = Dictionary(surveys.map { ($0.id.uuidString.lowercased(), $0) }, uniquingKeysWith: { a, _ in a })
        let byName = Dictionary(grouping: surveys, by: { $0.definition.name.lowercased() })
        let touchpoints = try await services.catalogue.touchpoints(workspaceID)
        let touchpointByName = Dictionary(touchpoints.map { ($0.touchpoint.name.lowercased(), $0.id) }, uniquingKeysWith: { a, _ in a })
        let mapped = Set(Self.fields.map { mapping[$0] ?? $0 })
        let db = services.database.db
        var cache: [UUID: SurveyRecord] = [:]

        var done = false
        while !done {
            let chunk = try reader.nextChunk(chunkSize)
            done = chunk.count < chunkSize
            guard !chunk.isEmpty else { break }
            report.rows += chunk.count
            var prepared: [ResponseService.Prepared] = []
            for row in chunk {
                func value(_ field: String) -> String? { row.value(mapping[field] ?? field) }
                do {
                    guard let name = value("survey") else { throw FieldError("survey", "is required: the survey's id or name") }
                    guard let survey = byID[name.lowercased()] ?? byName[name.lowercased()].flatMap({ $0.count == 1 ? $0[0] : nil }) else {
                        let several = (byName[name.lowercased()]?.count ?? 0) > 1
                        throw FieldError("survey", several ? "several surveys are called \(name): give its id" : "\(name) is not a survey of this workspace")
                    }
                    var submission = ResponseSubmission(
                        surveyID: survey.id, answers: try Self.answers(row, survey.definition), brand: value("brand"),
                        customerExternalID: value("customer_id"), channel: value("channel")?.lowercased() ?? "import", language: value("language"))
                    if let text = value("touchpoint") {
                        guard let id = UUID(uuidString: text).flatMap({ id in touchpoints.contains { $0.id == id } ? id : nil })
                            ?? touchpointByName[text.lowercased()]
                        else { throw FieldError("touchpoint", "\(text.prefix(80)) is not a touchpoint of this workspace") }
                        submission.touchpointID = id
                    }
                    if let text = value("received_at") {
                        guard let at = Timestamp.parse(text) else { throw FieldError("received_at", "must be an ISO 8601 date or time, not \(text.prefix(40))") }
                        submission.receivedAt = at
                    }
                    if let text = value("contact_id") {
                        guard let id = UUID(uuidString: text) else { throw FieldError("contact_id", "must be a contact's id (a UUID), not \(text.prefix(40))") }
                        submission.contactID = id
                    }
                    let questions = Set(survey.definition.questions.map(\.key))
                    for (column, _) in row.values where !mapped.contains(column) && !questions.contains(column) {
                        if let text = row.value(column) { submission.hidden[column] = text }
                    }
                    var one = try await services.responses.prepare(workspaceID, submission, surveys: &cache, imported: true, on: db)
                    one.importKey = ImportKeys.row(row, mapping)
                    prepared.append(one)
                } catch let error as FieldError {
                    report.fail(row.line, error.field, error.message)
                }
            }
            // Rows stored by an earlier import, or earlier in this file, are duplicates.
            let stored = try await ImportKeys.stored(in: "responses", workspaceID, prepared.compactMap(\.importKey), on: services.database.sql)
            var seen = Set<String>()
            let fresh = prepared.filter { p in
                guard let key = p.importKey, !stored.contains(key), seen.insert(key).inserted else { return false }
                return true
            }
            report.duplicates += prepared.count - fresh.count
            report.imported += fresh.count
            if !dryRun, !fresh.isEmpty {
                try await services.database.db.transaction { db in _ = try await ResponseService.insert(workspaceID, fresh, on: db as! any SQLDatabase) }
            }
            progress?(report)
        }
        return report
    }

    /// The row's answers to the survey's questions, from the columns named by question key: numbers
    /// for scores and ratings, an option key for a single choice, keys separated by ";" for a multiple one.
    static func answers(_ row: ImportRow, _ definition: SurveyDefinition) throws(FieldError) -> [String: AnswerInput] {
        var answers: [String: AnswerInput] = [:]
        for question in definition.questions {
            guard let text = row.value(question.key) else { continue }
            switch question.kind {
            case .nps, .csat, .ces, .rating:
                guard let n = Double(text.replacingOccurrences(of: ",", with: ".")) else {
                    throw FieldError("answers.\(question.key)", "must be a number, not \(text.prefix(40))")
                }
                answers[question.key] = .number(n)
            case .multipleChoice:
                answers[question.key] = .list(text.split(separator: ";").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty })
            case .singleChoice, .text:
                answers[question.key] = .text(text)
            }
        }
        return answers
    }
}
