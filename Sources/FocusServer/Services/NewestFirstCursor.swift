import Foundation
import HTTPTypes
import SQLKit

/// The cursor of a list read newest first: `<time>_<id>` of the last item of a page, so the next
/// page starts strictly after it even when several items share a time.
struct NewestFirstCursor: Sendable {
    let time: Double
    let id: UUID

    init(time: Double, id: UUID) {
        self.time = time
        self.id = id
    }

    /// Reads a cursor this server gave out; anything else is a 400 naming `cursor`.
    init(_ text: String) throws {
        let parts = text.split(separator: "_", maxSplits: 1)
        guard parts.count == 2, let time = Double(parts[0]), let id = UUID(uuidString: String(parts[1])) else {
            throw APIError(.badRequest, "cursor is not one this server gave out", field: "cursor")
        }
        self.init(time: time, id: id)
    }

    var text: String { "\(time)_\(id.uuidString)" }

    /// Limits a query to the items after this cursor, newest first by `timeColumn` then `id`.
    func after(_ query: SQLSelectBuilder, timeColumn: String) -> SQLSelectBuilder {
        query.where { g in
            g.where(SQLColumn(timeColumn), .lessThan, SQLBind(time))
                .orWhere { h in h.where(SQLColumn(timeColumn), .equal, SQLBind(time)).where("id", .lessThan, SQLBind(id)) }
        }
    }
}
