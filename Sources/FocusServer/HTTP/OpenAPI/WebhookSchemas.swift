extension OpenAPISchemas {
    /// The webhooks' schemas.
    nonisolated(unsafe) static let webhookSchemas: [String: Any] = [:]
}
