import FocusCore
import Foundation

// The API's wire format, kept apart from the domain types and the database models so each
// can change without the others. Field names are snake_case, as the OpenAPI document says.

struct WorkspaceDTO: Codable {
    let slug: String
    let name: String
    let currency: String
    let role: String
}

struct MeDTO: Codable {
    let kind: String
    let name: String
    let email: String?
    let workspaces: [WorkspaceDTO]
}

struct StageDTO: Codable {
    let id: UUID
    let name: String
    let position: Int
}

struct StageInput: Decodable {
    let name: String
    let position: Int?
}

struct TouchpointDTO: Codable {
    let id: UUID
    let name: String
    let kind: String
    let stage: String?
    let description: String?

    init(_ r: TouchpointRecord) {
        id = r.id
        name = r.touchpoint.name
        kind = r.touchpoint.kind.rawValue
        stage = r.touchpoint.stage
        description = r.touchpoint.description
    }
}

struct TouchpointInput: Decodable {
    let name: String
    let kind: String?
    let stage: String?
    let description: String?

    func domain() throws -> Touchpoint {
        guard let kind = Touchpoint.Kind(rawValue: kind ?? "external") else {
            throw FieldError("kind", "must be external or internal")
        }
        return Touchpoint(name: name, kind: kind, stage: stage, description: description)
    }
}

struct BrandDTO: Codable {
    let id: UUID
    let name: String
    let isOwn: Bool

    enum CodingKeys: String, CodingKey {
        case id, name
        case isOwn = "is_own"
    }

    init(_ r: BrandRecord) {
        id = r.id
        name = r.brand.name
        isOwn = r.brand.isOwn
    }
}

struct BrandInput: Decodable {
    let name: String
    let isOwn: Bool?

    enum CodingKeys: String, CodingKey {
        case name
        case isOwn = "is_own"
    }
}

struct CustomerDTO: Codable {
    let id: UUID
    let externalID: String
    let name: String?
    let email: String?
    let segment: String?
    let attributes: [String: String]
    let valuePerYear: Double?
    let since: CalendarDate?
    let status: String
    let churnedOn: CalendarDate?

    enum CodingKeys: String, CodingKey {
        case id, name, email, segment, attributes, since, status
        case externalID = "external_id"
        case valuePerYear = "value_per_year"
        case churnedOn = "churned_on"
    }

    init(_ r: CustomerRecord) {
        let c = r.customer
        id = r.id
        externalID = c.externalID
        name = c.name
        email = c.email
        segment = c.segment
        attributes = c.attributes
        valuePerYear = c.valuePerYear
        since = c.since
        status = c.status.rawValue
        churnedOn = c.churnedOn
    }
}

struct CustomerInput: Decodable {
    let externalID: String
    let name: String?
    let email: String?
    let segment: String?
    let attributes: [String: String]?
    let valuePerYear: Double?
    let since: CalendarDate?
    let status: String?
    let churnedOn: CalendarDate?

    enum CodingKeys: String, CodingKey {
        case name, email, segment, attributes, since, status
        case externalID = "external_id"
        case valuePerYear = "value_per_year"
        case churnedOn = "churned_on"
    }

    func domain() throws -> Customer {
        guard let status = Customer.Status(rawValue: status ?? "active") else {
            throw FieldError("status", "must be active or churned")
        }
        return Customer(externalID: externalID, name: name, email: email, segment: segment, attributes: attributes ?? [:],
                        valuePerYear: valuePerYear, since: since, status: status, churnedOn: churnedOn)
    }
}

struct HealthDTO: Codable {
    let status: String
    let database: String
    let version: String
}
