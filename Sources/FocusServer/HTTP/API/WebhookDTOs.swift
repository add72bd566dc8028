import FocusCore
import Foundation

/// A webhook to create (name, url and events required) or to change (only what is given).
struct WebhookInput: Decodable {
    let name: String?
    let url: String?
    let events: [String]?
    let active: Bool?
}

/// A webhook on the wire, with the state of its queue; never its secret.
struct WebhookDTO: Encodable {
    let summary: WebhookSummary

    enum CodingKeys: String, CodingKey {
        case id, name, url, events, active, pending, failed
        case createdAt = "created_at", updatedAt = "updated_at", lastDelivery = "last_delivery"
    }

    init(_ summary: WebhookSummary) { self.summary = summary }

    func encode(to encoder: any Encoder) throws {
        let w = summary.webhook
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(w.id, forKey: .id)
        try c.encode(w.name, forKey: .name)
        try c.encode(w.url, forKey: .url)
        try c.encode(w.events.map(\.rawValue), forKey: .events)
        try c.encode(w.active, forKey: .active)
        try c.encode(Timestamp.format(w.createdAt), forKey: .createdAt)
        try c.encode(Timestamp.format(w.updatedAt), forKey: .updatedAt)
        try c.encode(summary.pending, forKey: .pending)
        try c.encode(summary.failed, forKey: .failed)
        try c.encode(summary.lastDelivery.map(WebhookDeliveryDTO.init), forKey: .lastDelivery)
    }
}

/// What creating a webhook answers: the webhook and its secret, shown this once.
struct WebhookCreatedDTO: Encodable {
    let webhook: WebhookDTO
    let secret: String
}

/// What rotating the secret answers: the new secret, shown this once.
struct WebhookSecretDTO: Encodable {
    let secret: String
}

/// One entry of the delivery log.
struct WebhookDeliveryDTO: Encodable {
    let d: WebhookDeliveryRecord

    init(_ d: WebhookDeliveryRecord) { self.d = d }

    enum CodingKeys: String, CodingKey {
        case id, event, status, attempts
        case webhookID = "webhook_id", createdAt = "created_at", nextAttemptAt = "next_attempt_at", lastAttemptAt = "last_attempt_at"
        case lastStatus = "last_status", lastError = "last_error", deliveredAt = "delivered_at"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(d.id, forKey: .id)
        try c.encode(d.webhookID, forKey: .webhookID)
        try c.encode(d.event, forKey: .event)
        try c.encode(d.status.rawValue, forKey: .status)
        try c.encode(d.attempts, forKey: .attempts)
        try c.encode(Timestamp.format(d.createdAt), forKey: .createdAt)
        try c.encode(d.nextAttemptAt.map(Timestamp.format), forKey: .nextAttemptAt)
        try c.encode(d.lastAttemptAt.map(Timestamp.format), forKey: .lastAttemptAt)
        try c.encode(d.lastStatus, forKey: .lastStatus)
        try c.encode(d.lastError, forKey: .lastError)
        try c.encode(d.deliveredAt.map(Timestamp.format), forKey: .deliveredAt)
    }
}
