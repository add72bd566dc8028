extension OpenAPISchemas {
    /// The webhooks' schemas.
    nonisolated(unsafe) static let webhookSchemas: [String: Any] = {
        let webhookEvent: [String: Any] = ["type": "string", "enum": WebhookEvent.subscribable.map(\.rawValue)]
        let dateTime: [String: Any] = ["type": "string", "format": "date-time"]
        let nullableDateTime: [String: Any] = ["type": ["string", "null"], "format": "date-time"]
        return [
            "Webhook": object([
                "id": uuid, "name": string,
                "url": ["type": "string", "format": "uri", "description": "Where events are POSTed."],
                "events": ["type": "array", "items": webhookEvent],
                "active": ["type": "boolean", "description": "A paused webhook keeps its queued deliveries until it is active again."],
                "created_at": dateTime, "updated_at": dateTime,
                "pending": ["type": "integer", "description": "Deliveries waiting for their first or next attempt."],
                "failed": ["type": "integer", "description": "Deliveries whose every attempt failed."],
                "last_delivery": ["oneOf": [ref("WebhookDelivery"), ["type": "null"]]],
            ], required: ["id", "name", "url", "events", "active", "created_at", "updated_at", "pending", "failed", "last_delivery"],
               description: "A webhook; its secret is shown only when it is created or rotated."),
            "WebhookInput": object([
                "name": ["type": "string", "maxLength": 100],
                "url": ["type": "string", "format": "uri", "description": "An http or https address with a host, without a user name or password."],
                "events": ["type": "array", "items": webhookEvent, "minItems": 1],
                "active": ["type": "boolean", "default": true],
            ], required: [], description: "name, url and events are required to create a webhook; to change one, give what changes."),
            "WebhookCreated": object([
                "webhook": ref("Webhook"),
                "secret": ["type": "string", "description": "The signing secret (whsec_…), shown only this once."],
            ], required: ["webhook", "secret"]),
            "WebhookSecret": object([
                "secret": ["type": "string", "description": "The new signing secret (whsec_…), shown only this once."],
            ], required: ["secret"]),
            "WebhookDelivery": object([
                "id": ["type": "string", "format": "uuid", "description": "Sent as X-Focus-Delivery: the same on every attempt, so a receiver can drop repeats."],
                "webhook_id": uuid,
                "event": ["type": "string", "enum": WebhookEvent.allCases.map(\.rawValue)],
                "status": ["type": "string", "enum": ["pending", "delivered", "failed"]],
                "attempts": ["type": "integer", "description": "Attempts made so far."],
                "created_at": dateTime,
                "next_attempt_at": ["type": ["string", "null"], "format": "date-time", "description": "When it is tried next; null unless pending."],
                "last_attempt_at": nullableDateTime,
                "last_status": ["type": ["integer", "null"], "description": "The HTTP status of the last answer; null when none came."],
                "last_error": ["type": ["string", "null"], "description": "What went wrong on the last attempt: the status and the start of the answer, or the connection error."],
                "delivered_at": nullableDateTime,
            ], required: ["id", "webhook_id", "event", "status", "attempts", "created_at", "next_attempt_at", "last_attempt_at", "last_status",
                          "last_error", "delivered_at"]),
        ]
    }()
}
