import Hummingbird
import HummingbirdAuth
import Logging

/// The application with all its routes, built from its parts. The server and the tests
/// build it the same way, from the same services.
public struct FocusApplication {
    public let services: FocusServices
    public let router: Router<FocusRequestContext>
    /// Every route with who may call it; see ``RouteTable``.
    public let routes: [RouteEntry]

    public init(services: FocusServices) {
        self.services = services
        let router = Router(context: FocusRequestContext.self)
        router.add(middleware: LogRequestsMiddleware(.debug))
        router.add(middleware: NotFoundMiddleware())
        router.add(middleware: CSRFSeedMiddleware(protection: services.csrf))
        router.add(middleware: SessionMiddleware(
            storage: DatabasePersistDriver(database: services.database),
            configuration: .init(
                sessionCookieParameters: .init(name: "focus_session", path: "/", secure: services.configuration.secureCookies, sameSite: .lax),
                keyPrefix: "s.",
                defaultSessionExpiration: AuthPages.sessionLifetime)))
        router.add(middleware: FocusAuthenticator(services: services))
        let table = RouteTable(router: router, services: services)
        SystemRoutes(services: services).addRoutes(to: table)
        AuthPages(services: services).addRoutes(to: table)
        WorkspacePages(services: services).addRoutes(to: table)
        CataloguePages(services: services).addRoutes(to: table)
        CustomerPages(services: services).addRoutes(to: table)
        AdminPages(services: services).addRoutes(to: table)
        PublicSurveyPages(services: services).addRoutes(to: table)
        SurveyPages(services: services).addRoutes(to: table)
        PublicSurveyAPI(services: services).addRoutes(to: table)
        AccountAPI(services: services).addRoutes(to: table)
        CatalogueAPI(services: services).addRoutes(to: table)
        CustomersAPI(services: services).addRoutes(to: table)
        SurveysAPI(services: services).addRoutes(to: table)
        ResponsesAPI(services: services).addRoutes(to: table)
        ScoresAPI(services: services).addRoutes(to: table)
        DriversAPI(services: services).addRoutes(to: table)
        CommentsAPI(services: services).addRoutes(to: table)
        ClosedLoopAPI(services: services).addRoutes(to: table)
        ScorePages(services: services).addRoutes(to: table)
        DriverPages(services: services).addRoutes(to: table)
        CommentPages(services: services).addRoutes(to: table)
        ThemePages(services: services).addRoutes(to: table)
        ClosedLoopPages(services: services).addRoutes(to: table)
        ContactsAPI(services: services).addRoutes(to: table)
        ContactPages(services: services).addRoutes(to: table)
        FeedbackAPI(services: services).addRoutes(to: table)
        FeedbackPages(services: services).addRoutes(to: table)
        ImportPages(services: services).addRoutes(to: table)
        WebhooksAPI(services: services).addRoutes(to: table)
        CasesAPI(services: services).addRoutes(to: table)
        AlertRulesAPI(services: services).addRoutes(to: table)
        CasePolicyAPI(services: services).addRoutes(to: table)
        WebhookPages(services: services).addRoutes(to: table)
        CasePages(services: services).addRoutes(to: table)
        AlertRulePages(services: services).addRoutes(to: table)
        CaseSettingsPages(services: services).addRoutes(to: table)
        self.router = router
        self.routes = table.entries
    }

    /// Opens the database, migrates it and builds the services and routes.
    public static func make(configuration: FocusConfiguration, logger: Logger) async throws -> FocusApplication {
        let database = try FocusDatabase(storage: configuration.storage, logger: logger)
        do {
            try await database.migrate()
            let services = try await FocusServices.make(configuration: configuration, database: database, logger: logger)
            return FocusApplication(services: services)
        } catch {
            await database.shutdown()
            throw error
        }
    }

    /// A Hummingbird application serving these routes on the configured address, with the background
    /// services beside the server: the ``WebhookDispatcher`` starts with it and, on graceful shutdown,
    /// finishes the deliveries in hand and stops.
    public func hummingbird(logger: Logger, onServerRunning: @escaping @Sendable () async -> Void = {}) -> some ApplicationProtocol {
        Application(
            router: router,
            configuration: .init(address: .hostname(services.configuration.hostname, port: services.configuration.port),
                                 serverName: "Focus"),
            services: [WebhookDispatcher(database: services.database, signal: services.deliveries, logger: logger),
                       CaseMonitor(escalation: services.escalation, interval: .seconds(services.configuration.escalationCheckSeconds), logger: logger)],
            onServerRunning: { _ in await onServerRunning() },
            logger: logger)
    }
}
