import FluentKit
import Foundation
import Logging
import SQLKit

/// The services of one running application, built once and handed to the controllers.
/// Data flows one way: controller -> service -> database.
public struct FocusServices: Sendable {
    public let configuration: FocusConfiguration
    public let database: FocusDatabase
    let csrf: CSRFProtection
    let passwords: PasswordHasher
    let pages: PageRenderer
    public let workspaces: WorkspaceService
    public let accounts: AccountService
    public let tokens: TokenService
    public let catalogue: CatalogueService
    public let customers: CustomerService
    public let surveys: SurveyService
    public let responses: ResponseService
    public let invitations: InvitationService
    public let scores: ScoreService
    public let contacts: ContactService
    public let feedback: FeedbackService
    public let importJobs: ImportJobs
    public let drivers: DriverService
    public let comments: CommentService
    public let themes: ThemeService
    public let closedLoop: ClosedLoopService
    public let webhooks: WebhookService
    public let cases: CaseService
    public let alertRules: AlertRuleService
    public let teams: TeamService
    public let casePolicy: CasePolicyService
    public let audit: AuditService
    public let escalation: CaseEscalation
    /// Wakes the ``WebhookDispatcher`` when a delivery is queued; whoever queues one signals it after the commit.
    let deliveries: WorkSignal

    static func make(configuration: FocusConfiguration, database: FocusDatabase, logger: Logger) async throws -> FocusServices {
        let secret = try await ServerSecret.load(database: database)
        let passwords = PasswordHasher(cost: configuration.bcryptCost)
        let csrf = CSRFProtection(secret: secret, secureCookies: configuration.secureCookies)
        let surveyCache = ShortLivedCache<UUID, SurveyRecord>(lifetime: 2)
        let deliveries = WorkSignal()
        let writer = IngestWriter(database: database, deliveries: deliveries)
        return FocusServices(
            configuration: configuration,
            database: database,
            csrf: csrf,
            passwords: passwords,
            pages: try await PageRenderer(csrf: csrf),
            workspaces: WorkspaceService(database: database),
            accounts: AccountService(database: database, passwords: passwords),
            tokens: TokenService(database: database),
            catalogue: CatalogueService(database: database),
            customers: CustomerService(database: database),
            surveys: SurveyService(database: database, cache: surveyCache),
            responses: ResponseService(database: database, writer: writer, surveys: surveyCache),
            invitations: InvitationService(database: database),
            scores: ScoreService(database: database, catalogue: CatalogueService(database: database)),
            contacts: ContactService(database: database, writer: writer),
            feedback: FeedbackService(database: database),
            importJobs: ImportJobs(),
            drivers: DriverService(database: database, surveys: SurveyService(database: database, cache: surveyCache),
                                   catalogue: CatalogueService(database: database)),
            comments: CommentService(database: database),
            themes: ThemeService(database: database),
            closedLoop: ClosedLoopService(database: database),
            webhooks: WebhookService(database: database, deliveries: deliveries),
            cases: CaseService(database: database, deliveries: deliveries),
            alertRules: AlertRuleService(database: database),
            teams: TeamService(database: database),
            casePolicy: CasePolicyService(database: database),
            audit: AuditService(database: database),
            escalation: CaseEscalation(database: database, deliveries: deliveries),
            deliveries: deliveries
        )
    }
}

/// The server's secret for signing CSRF tokens: made on first start, kept in the settings table.
enum ServerSecret {
    static func load(database: FocusDatabase) async throws -> String {
        let sql = database.sql
        struct Row: Decodable { let value: String }
        if let row = try await sql.select().column("value").from("settings").where("key", .equal, "csrf_secret")
            .first(decoding: Row.self) {
            return row.value
        }
        let secret = SecretToken.make()
        try await sql.insert(into: "settings").columns("key", "value").values("csrf_secret", secret)
            .ignoringConflicts(with: ["key"]).run()
        // Another process may have won the race; read back what is stored.
        return try await sql.select().column("value").from("settings").where("key", .equal, "csrf_secret")
            .first(decoding: Row.self)!.value
    }
}
