import FluentKit
import FocusCore
import Foundation
import Logging
import SQLKit

/// Loads the demo insurer into the database: replaces the demo workspace if it is there,
/// so that loading twice with the same seed gives the same data.
public struct DemoLoader: Sendable {
    let services: FocusServices

    public init(services: FocusServices) {
        self.services = services
    }

    /// - Returns: the demo workspace.
    @discardableResult
    public func load(_ options: DemoInsurer.Options, logger: Logger, progress: (@Sendable (Int, Int) -> Void)? = nil) async throws -> WorkspaceRecord {
        let demo = DemoInsurer(options: options)
        let database = services.database
        if let old = try await services.workspaces.find(slug: demo.workspaceSlug) {
            try await WorkspaceModel.query(on: database.db).filter(\.$id == old.id).delete()
            services.workspaces.bySlug.remove(old.slug)
        }
        let workspace = try await database.db.transaction { db in
            let model = WorkspaceModel(name: demo.workspaceName, slug: demo.workspaceSlug, currency: "EUR")
            try await model.create(on: db)
            try await ThemeStore.addBuiltIns(model.id!, on: db as! any SQLDatabase)
            let workspace = WorkspaceService.record(model)
            // Whoever owns a workspace on this server owns the demo too, so they can see it.
            let owners = Set(try await MembershipModel.query(on: db).filter(\.$role == Role.owner.rawValue).all().map(\.userID))
            for owner in owners {
                try await MembershipModel(workspaceID: workspace.id, userID: owner, role: Role.owner.rawValue).create(on: db)
            }
            for stage in demo.stages {
                _ = try await services.catalogue.addStage(workspace.id, name: stage.name, position: stage.position, on: db)
            }
            for touchpoint in demo.touchpoints {
                _ = try await services.catalogue.createTouchpoint(workspace.id, touchpoint, on: db)
            }
            for brand in demo.brands {
                _ = try await services.catalogue.createBrand(workspace.id, brand, on: db)
            }
            return workspace
        }
        let total = options.customerCount + options.responses
        var batch: [Customer] = []
        batch.reserveCapacity(10_000)
        var written = 0
        var number = 0
        // Responses keep their customer's segment, by customer number.
        var segments: [String?] = []
        segments.reserveCapacity(options.customerCount)
        for customer in demo.customers {
            batch.append(customer)
            segments.append(customer.segment)
            number += 1
            if batch.count == 10_000 || number == options.customerCount {
                let rows = batch
                let first = number - rows.count + 1
                let ids = (first...number).map { Self.demoID(seed: options.seed, number: $0) }
                try await database.db.transaction { db in try await services.customers.insertBatch(workspace.id, rows, ids: ids, on: db) }
                written += rows.count
                batch.removeAll(keepingCapacity: true)
                progress?(written, total)
            }
        }
        let (responses, surveys) = try await loadResponses(demo, workspace: workspace, segments: segments) { done in progress?(written + done, total) }
        let contacts = try await loadContacts(demo, workspace: workspace)
        let afterContacts = try await loadContactResponses(demo, workspace: workspace, survey: surveys[.service]!, segments: segments)
        let benchmark = try await loadBenchmark(demo, workspace: workspace)
        let cases = try await loadCasework(workspace: workspace)
        logger.info("demo workspace loaded", metadata: [
            "workspace": "\(workspace.slug)", "customers": "\(options.customerCount)", "responses": "\(responses + afterContacts + benchmark)", "contacts": "\(contacts)", "cases": "\(cases)",
            "seed": "\(options.seed)",
        ])
        return workspace
    }

    /// An id that is the same for the same seed and number: customers' ids (so responses can
    /// point at customers without looking them up) and responses' ids (another seed).
    static func demoID(seed: UInt64, number: Int) -> UUID {
        var random = SeededRandom(seed: seed ^ 0xC057_0E12).fork(UInt64(number))
        let a = random.next(), b = random.next()
        var bytes = [UInt8](repeating: 0, count: 16)
        for i in 0..<8 { bytes[i] = UInt8(truncatingIfNeeded: a >> (8 * UInt64(i))); bytes[8 + i] = UInt8(truncatingIfNeeded: b >> (8 * UInt64(i))) }
        bytes[6] = (bytes[6] & 0x0F) | 0x40 // version 4
        bytes[8] = (bytes[8] & 0x3F) | 0x80 // RFC 4122 variant
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }

    /// Creates the demo's live surveys and writes their responses in transactions of 10,000.
    private func loadResponses(_ demo: DemoInsurer, workspace: WorkspaceRecord, segments: [String?], progress: (Int) -> Void) async throws
        -> (written: Int, surveys: [DemoInsurer.DemoSurvey: SurveyRecord]) {
        let database = services.database
        var surveys: [DemoInsurer.DemoSurvey: SurveyRecord] = [:]
        for kind in DemoInsurer.DemoSurvey.allCases {
            surveys[kind] = try await services.surveys.create(workspace.id, kind.template.definition(name: kind.name),
                                                              touchpointID: nil, template: kind.template, status: .live)
        }
        let touchpoints = try await services.catalogue.touchpoints(workspace.id)
        let touchpointIDs = demo.touchpoints.map { tp in touchpoints.first { $0.touchpoint.name == tp.name }!.id }
        let seed = demo.options.seed
        var batch: [ResponseService.Prepared] = []
        batch.reserveCapacity(10_000)
        var written = 0
        var number = 0
        for r in demo.responses {
            number += 1
            let survey = surveys[r.survey]!
            let record = ResponseRecord(
                id: Self.demoID(seed: seed &+ 7, number: number), surveyID: survey.id, touchpointID: touchpointIDs[r.touchpoint],
                brandID: nil, customerID: r.customer.map { Self.demoID(seed: seed, number: $0) }, channel: r.channel,
                language: r.language, receivedAt: r.receivedAt, answers: r.answers, hidden: [:])
            batch.append(ResponseService.Prepared(
                record: record, answersJSON: try StoredJSON.encode(r.answers), hiddenJSON: "{}",
                nps: r.answers["nps"]?.number, csat: r.answers["csat"]?.number, ces: nil,
                comment: r.answers["comment"]?.textValue, invitationID: nil, contactID: nil, segment: r.customer.flatMap { segments[$0 - 1] },
                drivers: survey.definition.driverValues(r.answers)))
            if batch.count == 10_000 || number == demo.options.responses {
                let rows = batch
                try await database.db.transaction { db in _ = try await ResponseService.insert(workspace.id, rows, on: db as! any SQLDatabase) }
                written += rows.count
                batch.removeAll(keepingCapacity: true)
                progress(written)
            }
        }
        return (written, surveys)
    }

    /// The answers to the survey after a call or chat, each naming its contact (see ``DemoInsurer/contactResponses``).
    private func loadContactResponses(_ demo: DemoInsurer, workspace: WorkspaceRecord, survey: SurveyRecord, segments: [String?]) async throws -> Int {
        let phoneLine = try await services.catalogue.touchpoints(workspace.id).first { $0.touchpoint.name == "Phone line" }?.id
        let seed = demo.options.seed
        let prepared = try demo.contactResponses.enumerated().map { number, r in
            let answers: [String: Answer] = ["csat": .number(r.csat), "resolved": .choice(r.csat >= 4 ? "yes" : r.csat == 3 ? "partly" : "no")]
            let record = ResponseRecord(
                id: Self.demoID(seed: seed &+ 13, number: number + 1), surveyID: survey.id, touchpointID: phoneLine, brandID: nil,
                customerID: Self.demoID(seed: seed, number: r.customer), channel: "email", language: survey.definition.defaultLanguage,
                receivedAt: r.receivedAt, answers: answers, hidden: [:])
            return ResponseService.Prepared(
                record: record, answersJSON: try StoredJSON.encode(answers), hiddenJSON: "{}", nps: nil, csat: r.csat, ces: nil, comment: nil,
                invitationID: nil, contactID: Self.demoID(seed: seed &+ 11, number: r.contact), segment: segments[r.customer - 1])
        }
        for start in stride(from: 0, to: prepared.count, by: 10_000) {
            let rows = Array(prepared[start..<min(start + 10_000, prepared.count)])
            try await services.database.db.transaction { db in _ = try await ResponseService.insert(workspace.id, rows, on: db as! any SQLDatabase) }
        }
        return prepared.count
    }

    /// The competitor benchmark survey and its answers from customers of every brand (see ``DemoInsurer/benchmarkResponses``).
    private func loadBenchmark(_ demo: DemoInsurer, workspace: WorkspaceRecord) async throws -> Int {
        let survey = try await services.surveys.create(workspace.id, SurveyTemplate.competitorBenchmark.definition(name: DemoInsurer.benchmarkSurveyName),
                                                       touchpointID: nil, template: .competitorBenchmark, status: .live)
        let brands = try await services.catalogue.brands(workspace.id)
        let brandIDs = demo.brands.map { b in brands.first { $0.brand.name == b.name }!.id }
        let seed = demo.options.seed
        let prepared = try demo.benchmarkResponses.enumerated().map { number, r in
            let record = ResponseRecord(
                id: Self.demoID(seed: seed &+ 17, number: number + 1), surveyID: survey.id, touchpointID: nil, brandID: brandIDs[r.brand],
                customerID: nil, channel: "link", language: r.language, receivedAt: r.receivedAt, answers: r.answers, hidden: [:])
            return ResponseService.Prepared(
                record: record, answersJSON: try StoredJSON.encode(r.answers), hiddenJSON: "{}", nps: r.answers["nps"]?.number, csat: nil, ces: nil,
                comment: nil, invitationID: nil, contactID: nil, segment: nil, drivers: survey.definition.driverValues(r.answers))
        }
        for start in stride(from: 0, to: prepared.count, by: 10_000) {
            let rows = Array(prepared[start..<min(start + 10_000, prepared.count)])
            try await services.database.db.transaction { db in _ = try await ResponseService.insert(workspace.id, rows, on: db as! any SQLDatabase) }
        }
        return prepared.count
    }

    /// The loop's starting point: a customer-care team looking after every touchpoint (led by the
    /// server's first owner, if there is one yet), the two usual rules (detractors, repeat
    /// contacts), and the cases those rules would have opened for the last week's detractors,
    /// opened when each answer came in, so the inbox and the board have work and some of it is late.
    private func loadCasework(workspace: WorkspaceRecord) async throws -> Int {
        try await services.database.db.transaction { db in
            let sql = db as! any SQLDatabase
            let now = Date().timeIntervalSince1970
            let team = UUID()
            struct UserRow: Decodable { let user_id: UUID }
            let lead = try await sql.select().column("user_id").from("memberships").where("workspace_id", .equal, SQLBind(workspace.id))
                .orderBy("created_at").first(decoding: UserRow.self)?.user_id
            try await sql.insert(into: "teams").columns("id", "workspace_id", "name", "lead_id", "created_at")
                .values(SQLBind(team), SQLBind(workspace.id), SQLBind("Customer care"), SQLBind(lead), SQLBind(now)).run()
            struct IDRow: Decodable { let id: UUID }
            let touchpoints = try await sql.select().column("id").from("touchpoints").where("workspace_id", .equal, SQLBind(workspace.id))
                .all(decoding: IDRow.self)
            if !touchpoints.isEmpty {
                var insert = sql.insert(into: "team_touchpoints").columns("touchpoint_id", "team_id")
                for t in touchpoints { insert = insert.values(SQLBind(t.id), SQLBind(team)) }
                try await insert.run()
            }
            let rules = [
                AlertRule(name: "Detractor follow-up", source: .responses, conditions: AlertConditions(npsAtMost: 6),
                          actions: AlertActions(priority: .high, assignment: .touchpointTeam)),
                AlertRule(name: "Repeat contacts", source: .contacts, conditions: AlertConditions(repeatContact: true),
                          actions: AlertActions(priority: .normal, assignment: .touchpointTeam)),
            ]
            for rule in rules {
                try await sql.insert(into: "alert_rules").columns("id", "workspace_id", "name", "active", "definition", "created_at", "updated_at")
                    .values(SQLBind(UUID()), SQLBind(workspace.id), SQLBind(rule.name), SQLBind(true), SQLBind(try StoredJSON.encode(rule)),
                            SQLBind(now), SQLBind(now)).run()
            }
            struct Row: Decodable {
                let id: UUID; let survey_id: UUID; let touchpoint_id: UUID?; let customer_id: UUID?; let nps: Int?; let comment: String?
                let language: String; let received_at: Double
            }
            let recent = try await sql.select().columns("id", "survey_id", "touchpoint_id", "customer_id", "nps", "comment", "language", "received_at")
                .from("responses").where("workspace_id", .equal, SQLBind(workspace.id)).where("nps", .lessThanOrEqual, SQLBind(6))
                .where("received_at", .greaterThanOrEqual, SQLBind(now - 7 * 86400)).orderBy("received_at").all(decoding: Row.self)
            let items = recent.map { r in
                AlertEngine.Item(subject: AlertSubject(kind: .response, id: r.id, surveyID: r.survey_id, touchpointID: r.touchpoint_id,
                                                       customerID: r.customer_id, nps: r.nps, comment: r.comment),
                                 language: r.language, at: r.received_at)
            }
            return try await AlertEngine.replay(workspace.id, items, on: sql).cases.count
        }
    }

    /// Adopts the insurance starter taxonomy and writes the demo's contacts, their repeats flagged.
    private func loadContacts(_ demo: DemoInsurer, workspace: WorkspaceRecord) async throws -> Int {
        let database = services.database
        try await services.contacts.adopt(workspace.id, .insurance)
        let reasons = Dictionary(uniqueKeysWithValues: try await services.contacts.reasons(workspace.id)
            .map { ("\($0.reason.category)|\($0.reason.name)", $0.id) })
        let costs = try await services.contacts.costs(workspace.id)
        let window = try await services.contacts.repeatDays(workspace.id)
        let seed = demo.options.seed
        var batch: [ContactRecord] = []
        var written = 0
        var number = 0
        for c in demo.contacts {
            number += 1
            batch.append(ContactRecord(
                id: Self.demoID(seed: seed &+ 11, number: number), channel: c.channel, reasonID: reasons["\(c.category)|\(c.reason)"],
                touchpointID: nil, customerID: c.customer.map { Self.demoID(seed: seed, number: $0) }, occurredAt: c.occurredAt,
                waitSeconds: c.waitSeconds, handlingSeconds: c.handlingSeconds, resolvedFirst: c.resolvedFirst, agent: nil, team: c.team,
                cost: costs[c.channel] ?? c.channel.defaultCost, isRepeat: false, note: nil))
            if batch.count == 10_000 || number == demo.contactCount {
                let rows = batch
                try await database.db.transaction { db in
                    let sql = db as! any SQLDatabase
                    try await ContactService.insert(workspace.id, try await ContactService.flagRepeats(workspace.id, rows, windowDays: window, on: sql), on: sql)
                }
                written += rows.count
                batch.removeAll(keepingCapacity: true)
            }
        }
        return written
    }
}
