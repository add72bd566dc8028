import FluentKit
import FocusCore
import Foundation
import SQLKit

/// Importing outside feedback (reviews, social posts, e-mails) from a file: each row checked like
/// feedback sent to the API, bad rows reported with their line and skipped, good ones stored a chunk
/// at a time. A row's key (its `external_id`, or a hash of the row) is stored with it, so importing
/// the same file again adds nothing.
public struct FeedbackImport: Sendable {
    public static let fields = ["external_id", "source", "text", "rating", "author", "url", "touchpoint", "customer_id", "occurred_at"]

    let services: FocusServices

    public init(services: FocusServices) {
        self.services = services
    }

    public static func checkMapping(_ mapping: ImportMapping, columns: [String]) throws(FieldError) {
        try ImportFields.check(mapping, fields: fields, columns: columns, kind: "feedback")
        guard columns.contains(mapping["text"] ?? "text") else {
            throw FieldError("mapping.text", "the file needs a text column (or map one with text=COLUMN)")
        }
    }

    public func run(_ workspaceID: UUID, rows reader: ImportRowReader, mapping: ImportMapping, dryRun: Bool,
                    chunkSize: Int = ContactImport.serverChunkSize,
                    progress: (@Sendable (ImportReport) -> Void)? = nil) async throws -> ImportReport {
        try Self.checkMapping(mapping, columns: reader.columns)
        var report = ImportReport(dryRun: dryRun)
        let touchpoints = try await services.catalogue.touchpoints(workspaceID)
        let touchpointIDs = Set(touchpoints.map(\.id))
        let touchpointByName = Dictionary(touchpoints.map { ($0.touchpoint.name.lowercased(), $0.id) }, uniquingKeysWith: { a, _ in a })
        let now = Date().timeIntervalSince1970
        var customers: [String: UUID?] = [:]
        var done = false
        while !done {
            let chunk = try reader.nextChunk(chunkSize)
            done = chunk.count < chunkSize
            guard !chunk.isEmpty else { break }
            report.rows += chunk.count
            if customers.count > 100_000 { customers.removeAll() }
            var records: [FeedbackRecord] = []
            var keys: [String] = []
            for row in chunk {
                func value(_ field: String) -> String? { row.value(mapping[field] ?? field) }
                do {
                    var source = Feedback.Source.other
                    if let text = value("source") {
                        guard let s = Feedback.Source(rawValue: text.lowercased()) else {
                            throw FieldError("source", "must be one of: \(Feedback.Source.allCases.map(\.rawValue).joined(separator: ", "))")
                        }
                        source = s
                    }
                    var rating: Double?
                    if let text = value("rating") {
                        guard let n = Double(text.replacingOccurrences(of: ",", with: ".")) else { throw FieldError("rating", "must be a number, not \(text.prefix(40))") }
                        rating = n
                    }
                    var submission = FeedbackSubmission(feedback: Feedback(source: source, text: value("text") ?? "", rating: rating,
                                                                           author: value("author"), url: value("url")),
                                                        customerExternalID: value("customer_id"))
                    if let text = value("touchpoint") {
                        guard let id = UUID(uuidString: text).flatMap({ touchpointIDs.contains($0) ? $0 : nil }) ?? touchpointByName[text.lowercased()] else {
                            throw FieldError("touchpoint", "\(text.prefix(80)) is not a touchpoint of this workspace")
                        }
                        submission.touchpointID = id
                    }
                    if let text = value("occurred_at") {
                        guard let at = Timestamp.parse(text) else { throw FieldError("occurred_at", "must be an ISO 8601 date or time, not \(text.prefix(40))") }
                        submission.occurredAt = at
                    }
                    records.append(try await services.feedback.check(workspaceID, submission, touchpoints: touchpointIDs, customers: &customers, now: now))
                    keys.append(ImportKeys.row(row, mapping))
                } catch let error as FieldError {
                    report.fail(row.line, error.field, error.message)
                }
            }
            let stored = try await ImportKeys.stored(in: "feedback", workspaceID, keys, on: services.database.sql)
            var seen = Set<String>()
            var fresh: [FeedbackRecord] = [], freshKeys: [String?] = []
            for (record, key) in zip(records, keys) {
                if stored.contains(key) || !seen.insert(key).inserted { report.duplicates += 1; continue }
                fresh.append(record)
                freshKeys.append(key)
            }
            report.imported += fresh.count
            if !dryRun, !fresh.isEmpty {
                let rows = fresh, rowKeys = freshKeys
                try await services.database.db.transaction { db in
                    try await FeedbackService.insert(workspaceID, rows, importKeys: rowKeys, on: db as! any SQLDatabase)
                }
            }
            progress?(report)
        }
        return report
    }
}
