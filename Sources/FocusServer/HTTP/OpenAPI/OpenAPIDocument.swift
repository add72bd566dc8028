import Foundation
import HTTPTypes

/// The OpenAPI 3.1 document of the REST API, built from the route table and the schemas.
enum OpenAPIDocument {
    static func build(entries: [RouteEntry], version: String) -> [String: Any] {
        var paths: [String: [String: Any]] = [:]
        for entry in entries where entry.surface == .api {
            guard let op = entry.operation else { continue }
            let path = openAPIPath(entry.path)
            var parameters: [[String: Any]] = pathParameters(entry.path).map { name in
                ["name": name, "in": "path", "required": true,
                 "description": name == "workspace" ? "The workspace's slug." : "The \(name).",
                 "schema": ["type": "string"]]
            }
            parameters += op.query.map { p in
                ["name": p.name, "in": "query", "required": p.required, "description": p.description,
                 "schema": ["type": p.type]]
            }
            var operation: [String: Any] = [
                "operationId": op.id,
                "summary": op.summary,
                "tags": [op.tag],
                "responses": responses(op, access: entry.access, hasPathParameters: !pathParameters(entry.path).isEmpty),
            ]
            if !parameters.isEmpty { operation["parameters"] = parameters }
            if let body = schema(op.request) {
                operation["requestBody"] = ["required": true, "content": ["application/json": ["schema": body]]]
            }
            switch entry.access {
            case .open: operation["security"] = [[String: Any]]()
            default: break
            }
            paths[path, default: [:]][entry.method.rawValue.lowercased()] = operation
        }
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "Focus API",
                "version": version,
                "description": "The REST API of Focus, the customer focus platform. Authenticate with an API token "
                    + "(created by a workspace owner under Tokens) as `Authorization: Bearer <token>`. "
                    + "Errors are `{\"error\": {\"status\", \"message\", \"field\"}}` where `field` names the input at fault.",
            ],
            "servers": [["url": "/"]],
            "security": [["bearerToken": [String]()]],
            "paths": paths,
            "components": [
                "securitySchemes": [
                    "bearerToken": ["type": "http", "scheme": "bearer", "description": "An API token of one workspace."],
                ],
                "schemas": OpenAPISchemas.all,
            ],
        ]
    }

    static func json(entries: [RouteEntry], version: String) -> Data {
        (try? JSONSerialization.data(withJSONObject: build(entries: entries, version: version), options: [.sortedKeys])) ?? Data()
    }

    /// `/api/v1/workspaces/:workspace/touchpoints/:id` -> `/api/v1/workspaces/{workspace}/touchpoints/{id}`
    static func openAPIPath(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { part in
            part.hasPrefix(":") ? "{\(part.dropFirst())}" : String(part)
        }.joined(separator: "/")
    }

    static func pathParameters(_ path: String) -> [String] {
        path.split(separator: "/").filter { $0.hasPrefix(":") }.map { String($0.dropFirst()) }
    }

    private static func ref(_ name: String) -> [String: Any] { ["$ref": "#/components/schemas/\(name)"] }

    private static func schema(_ body: APIOperation.Body) -> [String: Any]? {
        switch body {
        case .none: nil
        case .object(let name): ref(name)
        case .list(let name): ["type": "array", "items": ref(name)]
        case .page(let name):
            [
                "type": "object",
                "required": ["items", "next_cursor"],
                "properties": [
                    "items": ["type": "array", "items": ref(name)],
                    "next_cursor": ["type": ["string", "null"], "description": "Pass as `cursor` for the next page; null on the last."],
                ],
            ]
        }
    }

    private static func responses(_ op: APIOperation, access: Access, hasPathParameters: Bool) -> [String: Any] {
        var result: [String: Any] = [:]
        if let body = schema(op.response) {
            result["\(op.status)"] = ["description": "Success.", "content": ["application/json": ["schema": body]]]
        } else {
            result["\(op.status)"] = ["description": "Success."]
        }
        for (status, meaning) in op.alsoStatuses {
            var alternative: [String: Any] = ["description": meaning]
            if let body = schema(op.response) { alternative["content"] = ["application/json": ["schema": body]] }
            result["\(status)"] = alternative
        }
        let error: [String: Any] = ["application/json": ["schema": ref("Error")]]
        result["400"] = ["description": "Malformed input; `field` names it.", "content": error]
        result["422"] = ["description": "Input that breaks a rule; `field` names it.", "content": error]
        if access != .open {
            result["401"] = ["description": "No valid token or session.", "content": error]
            result["403"] = ["description": "The caller's role does not allow this.", "content": error]
        }
        if hasPathParameters {
            result["404"] = ["description": "No such workspace (or not the caller's), or no such item.", "content": error]
        }
        return result
    }
}
