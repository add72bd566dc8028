import FluentKit
import FocusCore
import Foundation
import HTTPTypes
import SQLKit

public struct CustomerRecord: Sendable, Equatable {
    public let id: UUID
    public let customer: Customer
}

public struct CustomerService: Sendable {
    let database: FocusDatabase

    /// One page of customers in external-id order, optionally those whose id, name or e-mail
    /// contains `search`. The cursor is the last external id of the previous page.
    public func list(_ workspaceID: UUID, search: String?, segment: String? = nil, cursor: String?, limit: Int) async throws
        -> (items: [CustomerRecord], nextCursor: String?) {
        let limit = max(1, min(limit, 500))
        var query = CustomerModel.query(on: database.db).filter(\.$workspaceID == workspaceID)
        if let search = search?.trimmingWhitespace(), !search.isEmpty {
            let pattern = search.lowercased()
            query = query.group(.or) { g in
                g.filter(\.$externalID, .custom("LIKE"), "%\(search)%")
                    .filter(\.$name, .custom("LIKE"), "%\(search)%")
                    .filter(\.$email, .custom("LIKE"), "%\(pattern)%")
            }
        }
        if let segment, !segment.isEmpty { query = query.filter(\.$segment == segment) }
        if let cursor, !cursor.isEmpty { query = query.filter(\.$externalID > cursor) }
        let rows = try await query.sort(\.$externalID).limit(limit + 1).all()
        let items = try rows.prefix(limit).map(Self.record)
        let next = rows.count > limit ? items.last?.customer.externalID : nil
        return (items, next)
    }

    public func get(_ workspaceID: UUID, id: UUID) async throws -> CustomerRecord {
        guard let model = try await CustomerModel.query(on: database.db).filter(\.$workspaceID == workspaceID)
            .filter(\.$id == id).first()
        else { throw APIError.notFound("customer") }
        return try Self.record(model)
    }

    public func create(_ workspaceID: UUID, _ input: Customer) async throws -> CustomerRecord {
        let customer = try input.validated()
        if try await CustomerModel.query(on: database.db).filter(\.$workspaceID == workspaceID)
            .filter(\.$externalID == customer.externalID).count() > 0 {
            throw APIError(.conflict, "a customer with external_id \(customer.externalID) already exists", field: "external_id")
        }
        let model = CustomerModel()
        model.id = UUID()
        model.workspaceID = workspaceID
        model.createdAt = Date().timeIntervalSince1970
        try Self.apply(customer, to: model)
        try await model.create(on: database.db)
        return CustomerRecord(id: model.id!, customer: customer)
    }

    public func update(_ workspaceID: UUID, id: UUID, _ input: Customer) async throws -> CustomerRecord {
        let customer = try input.validated()
        return try await database.db.transaction { db in
            guard let model = try await CustomerModel.query(on: db).filter(\.$workspaceID == workspaceID)
                .filter(\.$id == id).first()
            else { throw APIError.notFound("customer") }
            if customer.externalID != model.externalID,
               try await CustomerModel.query(on: db).filter(\.$workspaceID == workspaceID)
                .filter(\.$externalID == customer.externalID).count() > 0 {
                throw APIError(.conflict, "a customer with external_id \(customer.externalID) already exists", field: "external_id")
            }
            try Self.apply(customer, to: model)
            try await model.save(on: db)
            return CustomerRecord(id: id, customer: customer)
        }
    }

    public func count(_ workspaceID: UUID) async throws -> Int {
        try await CustomerModel.query(on: database.db).filter(\.$workspaceID == workspaceID).count()
    }

    /// Writes many (already validated) customers at once, in multi-row inserts inside one
    /// transaction per call: the fast path for the demo and, later, imports.
    func insertBatch(_ workspaceID: UUID, _ customers: [Customer], ids: [UUID]? = nil, on db: any Database) async throws {
        guard !customers.isEmpty else { return }
        let sql = db as! any SQLDatabase
        let now = Date().timeIntervalSince1970
        // Stay well below SQLite's limit of bound variables per statement.
        for chunk in stride(from: 0, to: customers.count, by: 500) {
            let slice = customers[chunk..<min(chunk + 500, customers.count)]
            var insert = sql.insert(into: CustomerModel.schema).columns(
                "id", "workspace_id", "external_id", "name", "email", "segment", "attributes",
                "value_per_year", "since", "status", "churned_on", "created_at")
            for (offset, c) in zip(slice.indices, slice) {
                insert = insert.values(
                    SQLBind(ids?[offset] ?? UUID()), SQLBind(workspaceID), SQLBind(c.externalID), SQLBind(c.name), SQLBind(c.email),
                    SQLBind(c.segment), SQLBind(try Self.encode(c.attributes)), SQLBind(c.valuePerYear),
                    SQLBind(c.since?.iso), SQLBind(c.status.rawValue), SQLBind(c.churnedOn?.iso), SQLBind(now))
            }
            try await insert.run()
        }
    }

    /// Replaces a stored customer's data (already validated; the external id stays).
    func overwrite(_ workspaceID: UUID, id: UUID, _ c: Customer, on db: any Database) async throws {
        try await (db as! any SQLDatabase).update(CustomerModel.schema)
            .set("name", to: SQLBind(c.name)).set("email", to: SQLBind(c.email)).set("segment", to: SQLBind(c.segment))
            .set("attributes", to: SQLBind(try Self.encode(c.attributes))).set("value_per_year", to: SQLBind(c.valuePerYear))
            .set("since", to: SQLBind(c.since?.iso)).set("status", to: SQLBind(c.status.rawValue)).set("churned_on", to: SQLBind(c.churnedOn?.iso))
            .where("workspace_id", .equal, SQLBind(workspaceID)).where("id", .equal, SQLBind(id)).run()
    }

    static func apply(_ c: Customer, to model: CustomerModel) throws {
        model.externalID = c.externalID
        model.name = c.name
        model.email = c.email
        model.segment = c.segment
        model.attributes = try encode(c.attributes)
        model.valuePerYear = c.valuePerYear
        model.since = c.since?.iso
        model.status = c.status.rawValue
        model.churnedOn = c.churnedOn?.iso
    }

    static func encode(_ attributes: [String: String]) throws -> String { try StoredJSON.encode(attributes) }

    static func record(_ m: CustomerModel) throws -> CustomerRecord {
        let attributes = (try? JSONDecoder().decode([String: String].self, from: Data(m.attributes.utf8))) ?? [:]
        return CustomerRecord(id: m.id!, customer: Customer(
            externalID: m.externalID, name: m.name, email: m.email, segment: m.segment, attributes: attributes,
            valuePerYear: m.valuePerYear, since: m.since.flatMap(CalendarDate.init(iso:)),
            status: Customer.Status(rawValue: m.status) ?? .active, churnedOn: m.churnedOn.flatMap(CalendarDate.init(iso:))))
    }
}

extension CustomerService {
    /// The segments in use in the workspace, for filters.
    public func segments(_ workspaceID: UUID) async throws -> [String] {
        struct Row: Decodable { let segment: String }
        return try await database.sql.select().distinct().column("segment").from("customers")
            .where("workspace_id", .equal, SQLBind(workspaceID)).where("segment", .isNot, SQLLiteral.null)
            .orderBy("segment").all(decoding: Row.self).map(\.segment)
    }
}
