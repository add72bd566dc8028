/// The component schemas of the OpenAPI document: the wire format of `DTOs.swift`, written
/// out by hand. The API tests check real responses against these.
enum OpenAPISchemas {
    static func object(_ properties: [String: [String: Any]], required: [String], description: String? = nil) -> [String: Any] {
        var schema: [String: Any] = ["type": "object", "properties": properties, "required": required]
        if let description { schema["description"] = description }
        return schema
    }

    nonisolated(unsafe) static let string: [String: Any] = ["type": "string"]
    nonisolated(unsafe) static let nullableString: [String: Any] = ["type": ["string", "null"]]
    nonisolated(unsafe) static let uuid: [String: Any] = ["type": "string", "format": "uuid"]
    nonisolated(unsafe) static let date: [String: Any] = ["type": ["string", "null"], "format": "date"]
    nonisolated(unsafe) static let role: [String: Any] = ["type": "string", "enum": ["viewer", "agent", "analyst", "owner"]]

    nonisolated(unsafe) static let all: [String: Any] = [
        "Error": object([
            "error": object([
                "status": ["type": "integer"],
                "message": string,
                "field": nullableString,
            ], required: ["status", "message"]),
        ], required: ["error"], description: "What went wrong; `field` names the input at fault."),
        "Health": object([
            "status": ["type": "string", "enum": ["ok"]],
            "database": ["type": "string", "enum": ["sqlite", "postgres"]],
            "version": string,
        ], required: ["status", "database", "version"]),
        "Workspace": object([
            "slug": string, "name": string, "currency": string, "role": role,
        ], required: ["slug", "name", "currency", "role"]),
        "Me": object([
            "kind": ["type": "string", "enum": ["user", "token"]],
            "name": string,
            "email": nullableString,
            "workspaces": ["type": "array", "items": ["$ref": "#/components/schemas/Workspace"]],
        ], required: ["kind", "name", "workspaces"]),
        "Stage": object(["id": uuid, "name": string, "position": ["type": "integer"]], required: ["id", "name", "position"]),
        "StageInput": object(["name": string, "position": ["type": "integer"]], required: ["name"]),
        "Touchpoint": object([
            "id": uuid, "name": string,
            "kind": ["type": "string", "enum": ["external", "internal"]],
            "stage": nullableString, "description": nullableString,
        ], required: ["id", "name", "kind"]),
        "TouchpointInput": object([
            "name": ["type": "string", "maxLength": 120],
            "kind": ["type": "string", "enum": ["external", "internal"], "default": "external"],
            "stage": ["type": "string", "description": "A journey stage's name; a new name adds the stage."],
            "description": string,
        ], required: ["name"]),
        "Brand": object(["id": uuid, "name": string, "is_own": ["type": "boolean"]], required: ["id", "name", "is_own"]),
        "BrandInput": object(["name": string, "is_own": ["type": "boolean", "default": false]], required: ["name"]),
        "Customer": object([
            "id": uuid, "external_id": string, "name": nullableString, "email": nullableString, "segment": nullableString,
            "attributes": ["type": "object", "additionalProperties": ["type": "string"]],
            "value_per_year": ["type": ["number", "null"]],
            "since": date,
            "status": ["type": "string", "enum": ["active", "churned"]],
            "churned_on": date,
        ], required: ["id", "external_id", "attributes", "status"]),
        "CustomerInput": object([
            "external_id": string, "name": string, "email": ["type": "string", "format": "email"], "segment": string,
            "attributes": ["type": "object", "additionalProperties": ["type": "string"]],
            "value_per_year": ["type": "number", "minimum": 0],
            "since": ["type": "string", "format": "date"],
            "status": ["type": "string", "enum": ["active", "churned"], "default": "active"],
            "churned_on": ["type": "string", "format": "date", "description": "Required when status is churned."],
        ], required: ["external_id"]),
    ]
}
