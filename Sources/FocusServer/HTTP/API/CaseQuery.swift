import FocusCore
import Foundation
import Hummingbird

/// The filters of the case lists, read the same way by the API and the pages.
enum CaseQuery {
    static let parameters: [APIOperation.Parameter] = [
        .init("status", "Statuses, comma-separated: new, in_progress, waiting_for_customer, resolved, closed; `open` for the first three."),
        .init("owner", "`me` for the caller's cases, or a person's id."),
        .init("team_id", "Only the cases of this team."),
        .init("unassigned", "true: only cases without an owner.", type: "boolean"),
        .init("overdue", "true: only open cases past their due time.", type: "boolean"),
        .init("customer_id", "Only the cases of this customer."),
    ]

    static func filter(_ request: Request, caller: UUID?) throws -> CaseFilter {
        var filter = CaseFilter()
        if let text = QueryPeriod.text(request, "status") {
            var statuses: Set<CaseStatus> = []
            for part in text.split(separator: ",").map({ String($0).trimmingWhitespace() }) {
                if part == "open" { statuses.formUnion(CaseStatus.allCases.filter(\.isOpen)); continue }
                guard let status = CaseStatus(rawValue: part) else {
                    throw APIError(.badRequest, "status must list some of: open, \(CaseStatus.allCases.map(\.rawValue).joined(separator: ", "))", field: "status")
                }
                statuses.insert(status)
            }
            filter.statuses = statuses
        }
        if let owner = QueryPeriod.text(request, "owner") {
            if owner == "me" {
                guard let caller else { throw APIError(.badRequest, "owner=me needs a person; this token has none", field: "owner") }
                filter.ownerID = caller
            } else {
                guard let id = UUID(uuidString: owner) else { throw APIError(.badRequest, "owner must be me or a person's id", field: "owner") }
                filter.ownerID = id
            }
        }
        filter.teamID = try id(request, "team_id")
        filter.customerID = try id(request, "customer_id")
        filter.unassigned = try flag(request, "unassigned")
        filter.overdue = try flag(request, "overdue")
        return filter
    }

    static func id(_ request: Request, _ name: String) throws -> UUID? {
        guard let text = QueryPeriod.text(request, name) else { return nil }
        guard let id = UUID(uuidString: text) else { throw APIError(.badRequest, "\(name) must be an id", field: name) }
        return id
    }

    static func flag(_ request: Request, _ name: String) throws -> Bool {
        guard let text = QueryPeriod.text(request, name) else { return false }
        switch text.lowercased() {
        case "true", "1", "yes", "on": return true
        case "false", "0", "no", "off": return false
        default: throw APIError(.badRequest, "\(name) must be true or false", field: name)
        }
    }

    static func limit(_ request: Request, default value: Int, max: Int) throws -> Int {
        guard let text = QueryPeriod.text(request, "limit") else { return value }
        guard let l = Int(text), (1...max).contains(l) else { throw APIError(.badRequest, "limit must be a whole number from 1 to \(max)", field: "limit") }
        return l
    }
}
