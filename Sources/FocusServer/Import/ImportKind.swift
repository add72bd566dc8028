import FocusCore
import Foundation

/// What an import brings in. Each kind has its fields and its importer; the command line and the
/// import page choose by kind and otherwise work the same way.
public enum ImportKind: String, Sendable, CaseIterable {
    case contacts
    case customers
    case responses
    case feedback

    public var fields: [String] {
        switch self {
        case .contacts: ContactImport.fields
        case .customers: CustomerImport.fields
        case .responses: ResponseImport.fields
        case .feedback: FeedbackImport.fields
        }
    }

    public func checkMapping(_ mapping: ImportMapping, columns: [String]) throws(FieldError) {
        switch self {
        case .contacts: try ContactImport.checkMapping(mapping, columns: columns)
        case .customers: try CustomerImport.checkMapping(mapping, columns: columns)
        case .responses: try ResponseImport.checkMapping(mapping, columns: columns)
        case .feedback: try FeedbackImport.checkMapping(mapping, columns: columns)
        }
    }

    public func run(_ services: FocusServices, _ workspaceID: UUID, rows: ImportRowReader, mapping: ImportMapping, dryRun: Bool,
                    chunkSize: Int = ContactImport.serverChunkSize,
                    progress: (@Sendable (ImportReport) -> Void)? = nil) async throws -> ImportReport {
        switch self {
        case .contacts:
            try await ContactImport(services: services).run(workspaceID, rows: rows, mapping: mapping, dryRun: dryRun,
                                                            chunkSize: chunkSize, progress: progress)
        case .customers:
            try await CustomerImport(services: services).run(workspaceID, rows: rows, mapping: mapping, dryRun: dryRun,
                                                             chunkSize: chunkSize, progress: progress)
        case .responses:
            try await ResponseImport(services: services).run(workspaceID, rows: rows, mapping: mapping, dryRun: dryRun,
                                                             chunkSize: chunkSize, progress: progress)
        case .feedback:
            try await FeedbackImport(services: services).run(workspaceID, rows: rows, mapping: mapping, dryRun: dryRun,
                                                             chunkSize: chunkSize, progress: progress)
        }
    }
}
