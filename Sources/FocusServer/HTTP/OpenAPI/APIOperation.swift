/// The OpenAPI description of one API route, given where the route is added so that the
/// document the server serves cannot leave a route out.
public struct APIOperation: Sendable {
    public struct Parameter: Sendable {
        public let name: String
        public let description: String
        public let type: String
        public let required: Bool

        public init(_ name: String, _ description: String, type: String = "string", required: Bool = false) {
            self.name = name
            self.description = description
            self.type = type
            self.required = required
        }
    }

    public enum Body: Sendable {
        /// No body.
        case none
        /// One object of the named component schema.
        case object(String)
        /// A page of the named schema: `{items: [...], next_cursor}`.
        case page(String)
        /// An array of the named schema.
        case list(String)
    }

    public let id: String
    public let summary: String
    public let tag: String
    public let request: Body
    public let response: Body
    public let status: Int
    public let query: [Parameter]
    /// Other success statuses that answer with the same body, and what each means.
    public let alsoStatuses: [Int: String]

    public init(id: String, summary: String, tag: String, request: Body = .none, response: Body, status: Int = 200,
                query: [Parameter] = [], alsoStatuses: [Int: String] = [:]) {
        self.alsoStatuses = alsoStatuses
        self.id = id
        self.summary = summary
        self.tag = tag
        self.request = request
        self.response = response
        self.status = status
        self.query = query
    }
}
