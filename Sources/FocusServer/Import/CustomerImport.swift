import FluentKit
import FocusCore
import Foundation
import SQLKit

/// Importing customers from a file (a CRM export): each row checked like a customer sent to the
/// API, bad rows reported with their line and skipped. Customers are matched by `external_id`:
/// a new one is added, a known one whose data changed is updated, and an unchanged one is
/// counted as already imported, so the same file imported twice changes nothing. An update sets
/// only what the file has columns for: a field or attribute the file leaves out keeps its value
/// (an empty cell in a column the file has clears it).
/// Columns that are not customer fields become the customer's attributes (region, plan, …).
public struct CustomerImport: Sendable {
    public static let fields = ["external_id", "name", "email", "segment", "value_per_year", "since", "status", "churned_on"]

    let customers: CustomerService
    let database: FocusDatabase

    public init(services: FocusServices) {
        customers = services.customers
        database = services.database
    }

    /// Checks a mapping against the file's columns; throws a FieldError naming the first problem.
    public static func checkMapping(_ mapping: ImportMapping, columns: [String]) throws(FieldError) {
        try ImportFields.check(mapping, fields: fields, columns: columns, kind: "customer")
        guard columns.contains(mapping["external_id"] ?? "external_id") else {
            throw FieldError("mapping.external_id", "the file needs an external_id column (or map one with external_id=COLUMN)")
        }
    }

    public func run(_ workspaceID: UUID, rows reader: ImportRowReader, mapping: ImportMapping, dryRun: Bool,
                    chunkSize: Int = ContactImport.serverChunkSize,
                    progress: (@Sendable (ImportReport) -> Void)? = nil) async throws -> ImportReport {
        try Self.checkMapping(mapping, columns: reader.columns)
        var report = ImportReport(dryRun: dryRun)
        let mapped = Set(Self.fields.map { mapping[$0] ?? $0 })
        let present = Set(Self.fields.filter { reader.columns.contains(mapping[$0] ?? $0) })
        let attributeColumns = reader.columns.filter { !mapped.contains($0) }
        var done = false
        while !done {
            let chunk = try reader.nextChunk(chunkSize)
            done = chunk.count < chunkSize
            guard !chunk.isEmpty else { break }
            report.rows += chunk.count

            var parsed: [(line: Int, customer: Customer)] = []
            var firstLine: [String: Int] = [:]
            for row in chunk {
                do throws(FieldError) {
                    let customer = try Self.customer(row, mapping, attributeColumns: attributeColumns)
                    if let line = firstLine[customer.externalID] {
                        throw FieldError("external_id", "\(customer.externalID) is on line \(line) already")
                    }
                    firstLine[customer.externalID] = row.line
                    parsed.append((row.line, customer))
                } catch {
                    report.fail(row.line, error.field, error.message)
                }
            }
            let existing = try await stored(workspaceID, parsed.map(\.customer.externalID))
            var fresh: [Customer] = []
            var changed: [(id: UUID, customer: Customer)] = []
            for (line, row) in parsed {
                do throws(FieldError) {
                    if let known = existing[row.externalID] {
                        let merged = try Self.merge(row, into: known.customer, present: present, attributeColumns: attributeColumns).validated()
                        if merged == known.customer { report.duplicates += 1 } else { changed.append((known.id, merged)) }
                    } else {
                        fresh.append(try row.validated())
                    }
                } catch {
                    report.fail(line, error.field, error.message)
                }
            }
            // Rows fail in two steps (reading, then checking the customer they make): list them in file order.
            report.errors.sort { $0.line < $1.line }
            report.imported += fresh.count
            report.updated += changed.count
            if !dryRun, !fresh.isEmpty || !changed.isEmpty {
                let service = customers, added = fresh, updates = changed
                try await database.db.transaction { db in
                    try await service.insertBatch(workspaceID, added, on: db)
                    for (id, customer) in updates { try await service.overwrite(workspaceID, id: id, customer, on: db) }
                }
            }
            progress?(report)
        }
        return report
    }

    /// The row as a customer, its values parsed but its rules not yet checked (an update checks the
    /// customer it makes); the attribute columns' non-empty values become attributes.
    static func customer(_ row: ImportRow, _ mapping: ImportMapping, attributeColumns: [String]) throws(FieldError) -> Customer {
        func value(_ field: String) -> String? { row.value(mapping[field] ?? field) }
        func date(_ field: String) throws(FieldError) -> CalendarDate? {
            guard let text = value(field) else { return nil }
            guard let date = CalendarDate(iso: String(text.prefix(10))), text.count == 10 else {
                throw FieldError(field, "must be a date as YYYY-MM-DD, not \(text.prefix(40))")
            }
            return date
        }
        var valuePerYear: Double?
        if let text = value("value_per_year") {
            guard let n = Double(text.replacingOccurrences(of: ",", with: ".")), n.isFinite else {
                throw FieldError("value_per_year", "must be a number, not \(text.prefix(40))")
            }
            valuePerYear = n
        }
        var status = Customer.Status.active
        if let text = value("status")?.lowercased() {
            guard let s = Customer.Status(rawValue: text) else { throw FieldError("status", "must be active or churned, not \(text.prefix(40))") }
            status = s
        }
        var attributes: [String: String] = [:]
        for column in attributeColumns { if let text = row.value(column) { attributes[column] = text } }
        let externalID = value("external_id") ?? ""
        guard !externalID.isEmpty else { throw FieldError("external_id", "is required") }
        return Customer(externalID: externalID, name: value("name"), email: value("email"), segment: value("segment"),
                        attributes: attributes, valuePerYear: valuePerYear, since: try date("since"), status: status,
                        churnedOn: try date("churned_on"))
    }

    /// A stored customer with the fields and attributes the file has columns for set from the row.
    static func merge(_ row: Customer, into stored: Customer, present: Set<String>, attributeColumns: [String]) -> Customer {
        var c = stored
        if present.contains("name") { c.name = row.name }
        if present.contains("email") { c.email = row.email }
        if present.contains("segment") { c.segment = row.segment }
        if present.contains("value_per_year") { c.valuePerYear = row.valuePerYear }
        if present.contains("since") { c.since = row.since }
        if present.contains("status") { c.status = row.status }
        if present.contains("churned_on") { c.churnedOn = row.churnedOn }
        for column in attributeColumns { c.attributes[column] = row.attributes[column] }
        return c
    }

    /// The stored customers with these external ids.
    private func stored(_ workspaceID: UUID, _ externalIDs: [String]) async throws -> [String: CustomerRecord] {
        var found: [String: CustomerRecord] = [:]
        for start in stride(from: 0, to: externalIDs.count, by: 500) {
            let part = Array(externalIDs[start..<min(start + 500, externalIDs.count)])
            for model in try await CustomerModel.query(on: database.db).filter(\.$workspaceID == workspaceID)
                .filter(\.$externalID ~~ part).all() {
                let record = try CustomerService.record(model)
                found[record.customer.externalID] = record
            }
        }
        return found
    }
}
