import FocusCore
import Foundation
import SQLKit

/// What an agent needs to know about a customer before calling them back: who they are, what
/// they said before, how often they contacted us and their earlier cases, newest first.
public struct CustomerHistory: Sendable {
    public struct Response: Sendable { public let id: UUID; public let surveyID: UUID; public let at: Double; public let nps: Int?; public let csat: Int?; public let ces: Int?; public let comment: String? }
    public struct Contact: Sendable { public let id: UUID; public let at: Double; public let channel: String; public let reason: String?; public let isRepeat: Bool; public let note: String? }

    public let customerID: UUID
    public let name: String?
    public let externalID: String
    public let segment: String?
    public let valuePerYear: Double?
    public let status: String
    public let responses: [Response]
    public let contacts: [Contact]
    public let cases: [CaseRecord]

    /// The most of each kind shown.
    static let limit = 50

    /// The customer's history, leaving out the case `except` (the one being looked at).
    static func load(_ workspaceID: UUID, customerID: UUID, except: UUID?, on sql: any SQLDatabase) async throws -> CustomerHistory? {
        struct Customer: Decodable { let name: String?; let external_id: String; let segment: String?; let value_per_year: Double?; let status: String }
        guard let customer = try await sql.select().columns("name", "external_id", "segment", "value_per_year", "status").from("customers")
            .where("workspace_id", .equal, SQLBind(workspaceID)).where("id", .equal, SQLBind(customerID)).first(decoding: Customer.self)
        else { return nil }
        struct R: Decodable { let id: UUID; let survey_id: UUID; let received_at: Double; let nps: Int?; let csat: Int?; let ces: Int?; let comment: String? }
        let responses = try await sql.select().columns("id", "survey_id", "received_at", "nps", "csat", "ces", "comment").from("responses")
            .where("workspace_id", .equal, SQLBind(workspaceID)).where("customer_id", .equal, SQLBind(customerID))
            .orderBy("received_at", .descending).limit(limit).all(decoding: R.self)
        struct C: Decodable { let id: UUID; let occurred_at: Double; let channel: String; let name: String?; let is_repeat: Bool; let note: String? }
        let contacts = try await sql.select()
            .columns(SQLColumn("id", table: "contacts"), SQLColumn("occurred_at", table: "contacts"), SQLColumn("channel", table: "contacts"),
                     SQLColumn("name", table: "contact_reasons"), SQLColumn("is_repeat", table: "contacts"), SQLColumn("note", table: "contacts"))
            .from("contacts")
            .join("contact_reasons", method: SQLJoinMethod.left, on: SQLColumn("id", table: "contact_reasons"), .equal, SQLColumn("reason_id", table: "contacts"))
            .where(SQLColumn("workspace_id", table: "contacts"), .equal, SQLBind(workspaceID))
            .where(SQLColumn("customer_id", table: "contacts"), .equal, SQLBind(customerID))
            .orderBy(SQLColumn("occurred_at", table: "contacts"), SQLDirection.descending).limit(limit).all(decoding: C.self)
        var cases = sql.select().columns(CaseStore.columns).from("cases").where("workspace_id", .equal, SQLBind(workspaceID))
            .where("customer_id", .equal, SQLBind(customerID))
        if let except { cases = cases.where("id", .notEqual, SQLBind(except)) }
        return CustomerHistory(
            customerID: customerID, name: customer.name, externalID: customer.external_id, segment: customer.segment,
            valuePerYear: customer.value_per_year, status: customer.status,
            responses: responses.map { Response(id: $0.id, surveyID: $0.survey_id, at: $0.received_at, nps: $0.nps, csat: $0.csat, ces: $0.ces, comment: $0.comment) },
            contacts: contacts.map { Contact(id: $0.id, at: $0.occurred_at, channel: $0.channel, reason: $0.name, isRepeat: $0.is_repeat, note: $0.note) },
            cases: try await cases.orderBy("opened_at", .descending).limit(limit).all(decoding: CaseStore.Row.self).map(\.record))
    }
}

extension CaseService {
    public func history(_ workspaceID: UUID, of c: CaseRecord) async throws -> CustomerHistory? {
        guard let customer = c.customerID else { return nil }
        return try await CustomerHistory.load(workspaceID, customerID: customer, except: c.id, on: database.sql)
    }
}
