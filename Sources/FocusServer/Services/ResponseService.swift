import FluentKit
import FocusCore
import Foundation
import HTTPTypes
import SQLKit

/// One response as it arrives, before it is checked.
public struct ResponseSubmission: Sendable {
    public var surveyID: UUID
    public var answers: [String: AnswerInput]
    public var touchpointID: UUID?
    public var brand: String?
    public var customerExternalID: String?
    public var channel: String
    public var language: String?
    public var hidden: [String: String]
    public var receivedAt: Double?
    /// Set when the response comes through a personal invitation link.
    public var invitationID: UUID?
    /// The customer, when already known by id (from an invitation) rather than by external id.
    public var customerID: UUID?
    /// The contact (a call, a chat, …) the response is about.
    public var contactID: UUID?

    public init(surveyID: UUID, answers: [String: AnswerInput], touchpointID: UUID? = nil, brand: String? = nil,
                customerExternalID: String? = nil, channel: String = "api", language: String? = nil,
                hidden: [String: String] = [:], receivedAt: Double? = nil, invitationID: UUID? = nil, contactID: UUID? = nil) {
        self.surveyID = surveyID
        self.answers = answers
        self.touchpointID = touchpointID
        self.brand = brand
        self.customerExternalID = customerExternalID
        self.channel = channel
        self.language = language
        self.hidden = hidden
        self.receivedAt = receivedAt
        self.invitationID = invitationID
        self.contactID = contactID
    }
}

/// A stored response.
public struct ResponseRecord: Sendable, Equatable {
    public let id: UUID
    public let surveyID: UUID
    public let touchpointID: UUID?
    public let brandID: UUID?
    public let customerID: UUID?
    public let channel: String
    public let language: String
    public let receivedAt: Double
    public let answers: [String: Answer]
    public let hidden: [String: String]
    /// The contact the response is about, if it names one.
    public var contactID: UUID? = nil
}

/// Taking in responses so that none is lost or stored twice: everything is checked before
/// anything is written, a batch is one transaction, an answer is acknowledged only after its
/// transaction committed, and an idempotency key makes a retried request return the first
/// answer instead of storing again.
public struct ResponseService: Sendable {
    let database: FocusDatabase
    let writer: IngestWriter
    /// Surveys by id, shared with ``SurveyService``, which clears an entry when it changes the survey.
    let surveys: ShortLivedCache<UUID, SurveyRecord>

    public static let channels: Set<String> = ["link", "invitation", "widget", "api", "import", "email", "sms"]
    public static let maxBatch = 1_000

    /// A response checked and resolved against the database, ready to insert.
    struct Prepared: Sendable {
        let record: ResponseRecord
        let answersJSON: String
        let hiddenJSON: String
        let nps: Int?
        let csat: Int?
        let ces: Int?
        let comment: String?
        let invitationID: UUID?
        let contactID: UUID?
        /// The customer's segment when they answered; kept with the response so tallies can be rebuilt.
        let segment: String?
        /// Set by imports: the row's key in its file.
        var importKey: String? = nil
        /// The answers a driver analysis reads (nil when the survey has no ratings to analyse).
        var drivers: (keys: [String], values: [Int?])? = nil

        var commentEntry: CommentIndex.Entry? {
            comment.map { CommentIndex.Entry(id: record.id, source: .response, surveyID: record.surveyID, touchpointID: record.touchpointID,
                                             customerID: record.customerID, occurredAt: record.receivedAt, language: record.language,
                                             text: $0, nps: nps, csat: csat) }
        }

        var driverEntry: DriverAggregates.Entry? {
            drivers.map { DriverAggregates.Entry(survey: record.surveyID, receivedAt: record.receivedAt, touchpoint: record.touchpointID,
                                                 brand: record.brandID, segment: segment, keys: $0.keys, values: $0.values) }
        }
    }

    /// An idempotency key and a hash of the request it came with.
    public struct Idempotency: Sendable {
        public let key: String
        public let requestHash: String

        public init(key: String, requestHash: String) {
            self.key = key
            self.requestHash = requestHash
        }
    }

    public struct Outcome: Sendable {
        public let records: [ResponseRecord]
        /// True when the key was seen before: nothing new was stored.
        public let replayed: Bool
    }

    /// Checks every submission and stores them all in one transaction, or none; returns once
    /// the transaction has committed. With an idempotency key, a request seen before returns
    /// the responses stored the first time (the key is stored in the same transaction).
    /// Errors name the field, prefixed by `responses[i].` in a batch.
    public func submit(_ workspaceID: UUID, _ submissions: [ResponseSubmission], batch: Bool,
                       idempotency: Idempotency? = nil) async throws -> Outcome {
        if let idempotency, let earlier = try await replay(workspaceID, idempotency) { return earlier }
        guard !submissions.isEmpty else { throw FieldError("responses", "must hold at least one response") }
        guard submissions.count <= Self.maxBatch else { throw FieldError("responses", "must hold at most \(Self.maxBatch) responses") }
        let db = database.db
        var surveys: [UUID: SurveyRecord] = [:]
        var prepared: [Prepared] = []
        prepared.reserveCapacity(submissions.count)
        for (index, submission) in submissions.enumerated() {
            let prefix = batch ? "responses[\(index)]." : ""
            do {
                prepared.append(try await prepare(workspaceID, submission, surveys: &surveys, on: db))
            } catch let error as FieldError {
                throw FieldError(prefix + error.field, error.message)
            }
        }
        let result: IngestWriter.Result
        do {
            result = try await writer.write(workspaceID, .responses(prepared), idempotency: idempotency)
        } catch {
            // Another server process stored the same key first: answer as it was answered.
            if let idempotency, let earlier = try await replay(workspaceID, idempotency) { return earlier }
            throw error
        }
        if case .replay(let ids) = result {
            return Outcome(records: try await records(ids), replayed: true)
        }
        return Outcome(records: prepared.map(\.record), replayed: false)
    }

    private func replay(_ workspaceID: UUID, _ idempotency: Idempotency) async throws -> Outcome? {
        struct Row: Decodable { let request_hash: String; let body: String }
        guard let row = try await database.sql.select().columns("request_hash", "body").from("idempotency_keys")
            .where("workspace_id", .equal, SQLBind(workspaceID)).where("key", .equal, SQLBind(idempotency.key))
            .first(decoding: Row.self)
        else { return nil }
        guard row.request_hash == idempotency.requestHash else {
            throw APIError(.unprocessableContent, "this Idempotency-Key was used before with a different body", field: "Idempotency-Key")
        }
        let ids = try StoredJSON.decode([String].self, row.body).compactMap(UUID.init(uuidString:))
        return Outcome(records: try await records(ids), replayed: true)
    }

    /// The stored responses with these ids, in this order.
    private func records(_ ids: [UUID]) async throws -> [ResponseRecord] {
        let models = try await ResponseModel.query(on: database.db).filter(\.$id ~~ ids).all()
        let byID = Dictionary(uniqueKeysWithValues: try models.map { ($0.id!, try Self.record($0)) })
        return try await interpret(ids.compactMap { byID[$0] })
    }

    /// Checks one submission and resolves its references. `imported` answers from a file may
    /// also go to a closed survey (answers given while it was live, brought in later).
    func prepare(_ workspaceID: UUID, _ s: ResponseSubmission, surveys: inout [UUID: SurveyRecord],
                 imported: Bool = false, on db: any Database) async throws -> Prepared {
        let survey: SurveyRecord
        if let cached = surveys[s.surveyID] {
            survey = cached
        } else {
            guard let found = try await self.surveys.value(s.surveyID, load: {
                try await SurveyModel.find(s.surveyID, on: db).map(SurveyService.record)
            }), found.workspaceID == workspaceID
            else { throw FieldError("survey_id", "is not a survey of this workspace") }
            survey = found
            surveys[s.surveyID] = survey
        }
        guard survey.status == .live || (imported && survey.status == .closed) else {
            throw FieldError("survey_id", "the survey is \(survey.status.rawValue), not live, and takes no responses")
        }
        let answers = try survey.definition.checkAnswers(s.answers)
        guard Self.channels.contains(s.channel) else {
            throw FieldError("channel", "must be one of: \(Self.channels.sorted().joined(separator: ", "))")
        }
        let language = s.language.flatMap { survey.definition.languages.contains($0) ? $0 : nil } ?? survey.definition.defaultLanguage
        if let given = s.language, !survey.definition.languages.contains(given) {
            throw FieldError("language", "must be one of the survey's languages: \(survey.definition.languages.joined(separator: ", "))")
        }
        try Validate.hiddenAttributes(s.hidden)
        var touchpointID = s.touchpointID ?? survey.touchpointID
        if let given = s.touchpointID {
            guard try await TouchpointModel.query(on: db).filter(\.$workspaceID == workspaceID).filter(\.$id == given).count() > 0 else {
                throw FieldError("touchpoint_id", "is not a touchpoint of this workspace")
            }
            touchpointID = given
        }
        var brandID: UUID?
        if let brand = s.brand?.trimmingWhitespace(), !brand.isEmpty {
            let match = try await BrandModel.query(on: db).filter(\.$workspaceID == workspaceID).all()
                .first { $0.name.lowercased() == brand.lowercased() || $0.id?.uuidString.lowercased() == brand.lowercased() }
            guard let match else { throw FieldError("brand", "is not a brand of this workspace") }
            brandID = match.id
        } else if survey.definition.asksBrand {
            throw FieldError("brand", "is required: this benchmark survey asks which brand the respondent is a customer of")
        }
        var customerID = s.customerID
        var segment: String?
        if let external = s.customerExternalID?.trimmingWhitespace(), !external.isEmpty {
            guard let customer = try await CustomerModel.query(on: db).filter(\.$workspaceID == workspaceID)
                .filter(\.$externalID == external).first()
            else { throw FieldError("customer_id", "no customer has this external id; add the customer first") }
            customerID = customer.id
            segment = customer.segment
        } else if let customerID {
            segment = try await CustomerModel.find(customerID, on: db)?.segment
        }
        if let contactID = s.contactID {
            guard try await (db as! any SQLDatabase).select().column("id").from("contacts")
                .where("workspace_id", .equal, SQLBind(workspaceID)).where("id", .equal, SQLBind(contactID)).first() != nil
            else { throw FieldError("contact_id", "is not a contact of this workspace") }
        }
        let now = Date().timeIntervalSince1970
        if let at = s.receivedAt, !(at.isFinite && at > 946_684_800 && at <= now + 300) {
            throw FieldError("received_at", "must be a time between 2000 and now")
        }
        func score(_ kind: QuestionKind) -> Int? {
            survey.definition.questions.first { $0.kind == kind }.flatMap { answers[$0.key]?.number }
        }
        let comment = survey.definition.questions.first { $0.kind == .text }.flatMap { answers[$0.key]?.textValue }
        let record = ResponseRecord(
            id: TimeOrderedUUID.make(at: now), surveyID: survey.id, touchpointID: touchpointID, brandID: brandID, customerID: customerID,
            channel: s.channel, language: language, receivedAt: s.receivedAt ?? now, answers: answers, hidden: s.hidden, contactID: s.contactID)
        return Prepared(record: record, answersJSON: try StoredJSON.encode(answers), hiddenJSON: s.hidden.isEmpty ? "{}" : try StoredJSON.encode(s.hidden),
                        nps: score(.nps), csat: score(.csat), ces: score(.ces),
                        comment: comment?.isEmpty == true ? nil : comment, invitationID: s.invitationID, contactID: s.contactID,
                        segment: segment, drivers: survey.definition.driverValues(answers))
    }

    /// Writes checked responses and adds them to the score tallies, driver sums and comments;
    /// runs inside the caller's transaction. The group-commit writer passes the workspace's
    /// `rules` it read in this transaction and skips answered-question pairs known committed;
    /// it returns the pairs it wrote, to remember once the transaction commits.
    @discardableResult
    static func insert(_ workspaceID: UUID, _ prepared: [Prepared], rules: IngestRules? = nil, skippingCommittedPairs: Bool = false,
                       on sql: any SQLDatabase) async throws -> Set<AnsweredQuestions.Pair> {
        for chunk in stride(from: 0, to: prepared.count, by: 200) {
            var insert = sql.insert(into: "responses").columns(
                "id", "workspace_id", "survey_id", "touchpoint_id", "brand_id", "customer_id", "invitation_id", "channel",
                "language", "received_at", "answers", "hidden", "nps", "csat", "ces", "comment", "segment", "contact_id", "import_key")
            for p in prepared[chunk..<min(chunk + 200, prepared.count)] {
                let r = p.record
                insert = insert.values(
                    SQLBind(r.id), SQLBind(workspaceID), SQLBind(r.surveyID), SQLBind(r.touchpointID), SQLBind(r.brandID),
                    SQLBind(r.customerID), SQLBind(p.invitationID), SQLBind(r.channel), SQLBind(r.language), SQLBind(r.receivedAt),
                    SQLBind(p.answersJSON), SQLBind(p.hiddenJSON), SQLBind(p.nps), SQLBind(p.csat), SQLBind(p.ces), SQLBind(p.comment),
                    SQLBind(p.segment), SQLBind(p.contactID), SQLBind(p.importKey))
            }
            try await insert.run()
        }
        var answered: Set<AnsweredQuestions.Pair> = []
        for p in prepared { for key in p.record.answers.keys { answered.insert(.init(survey: p.record.surveyID, key: key)) } }
        let written = try await AnsweredQuestions.record(answered, skippingCommitted: skippingCommittedPairs, on: sql)
        try await ScoreAggregates.add(workspaceID, prepared, on: sql)
        try await DriverAggregates.add(workspaceID, prepared.compactMap(\.driverEntry), on: sql)
        try await CommentIndex.add(workspaceID, prepared.compactMap(\.commentEntry), rules: rules, on: sql)
        return written
    }

    // MARK: reading

    public struct Filter: Sendable {
        public var surveyID: UUID?
        public var touchpointID: UUID?
        public var customerID: UUID?
        public var from: Double?
        public var to: Double?

        public init(surveyID: UUID? = nil, touchpointID: UUID? = nil, customerID: UUID? = nil, from: Double? = nil, to: Double? = nil) {
            self.surveyID = surveyID
            self.touchpointID = touchpointID
            self.customerID = customerID
            self.from = from
            self.to = to
        }
    }

    /// Newest first, a page at a time. The cursor is `<received_at>_<id>` of the last item.
    public func list(_ workspaceID: UUID, filter: Filter, cursor: String?, limit: Int) async throws -> (items: [ResponseRecord], nextCursor: String?) {
        let limit = max(1, min(limit, 1000))
        var query = ResponseModel.query(on: database.db).filter(\.$workspaceID == workspaceID)
        if let id = filter.surveyID { query = query.filter(\.$surveyID == id) }
        if let id = filter.touchpointID { query = query.filter(\.$touchpointID == id) }
        if let id = filter.customerID { query = query.filter(\.$customerID == id) }
        if let from = filter.from { query = query.filter(\.$receivedAt >= from) }
        if let to = filter.to { query = query.filter(\.$receivedAt < to) }
        if let cursor {
            let after = try NewestFirstCursor(cursor)
            query = query.group(.or) { g in
                g.filter(\.$receivedAt < after.time).group(.and) { h in h.filter(\.$receivedAt == after.time).filter(\.$id < after.id) }
            }
        }
        let rows = try await query.sort(\.$receivedAt, .descending).sort(\.$id, .descending).limit(limit + 1).all()
        let items = try await interpret(try rows.prefix(limit).map(Self.record))
        let next = rows.count > limit ? items.last.map { NewestFirstCursor(time: $0.receivedAt, id: $0.id).text } : nil
        return (items, next)
    }

    /// Gives stored answers their kinds back from their surveys' questions.
    private func interpret(_ records: [ResponseRecord]) async throws -> [ResponseRecord] {
        let ids = Array(Set(records.map(\.surveyID)))
        guard !ids.isEmpty else { return records }
        let surveys = Dictionary(uniqueKeysWithValues: try await SurveyModel.query(on: database.db).filter(\.$id ~~ ids).all()
            .map { ($0.id!, try SurveyService.decode($0.definition)) })
        return records.map { r in
            guard let d = surveys[r.surveyID] else { return r }
            return ResponseRecord(id: r.id, surveyID: r.surveyID, touchpointID: r.touchpointID, brandID: r.brandID, customerID: r.customerID,
                                  channel: r.channel, language: r.language, receivedAt: r.receivedAt, answers: d.interpret(r.answers),
                                  hidden: r.hidden, contactID: r.contactID)
        }
    }

    /// One response, or nil when the workspace has none with this id.
    public func get(_ workspaceID: UUID, id: UUID) async throws -> ResponseRecord? {
        guard let model = try await ResponseModel.query(on: database.db).filter(\.$workspaceID == workspaceID).filter(\.$id == id).first()
        else { return nil }
        return try await interpret([try Self.record(model)]).first
    }

    public func count(_ workspaceID: UUID, surveyID: UUID? = nil) async throws -> Int {
        var query = ResponseModel.query(on: database.db).filter(\.$workspaceID == workspaceID)
        if let surveyID { query = query.filter(\.$surveyID == surveyID) }
        return try await query.count()
    }

    static func record(_ m: ResponseModel) throws -> ResponseRecord {
        ResponseRecord(
            id: m.id!, surveyID: m.surveyID, touchpointID: m.touchpointID, brandID: m.brandID, customerID: m.customerID,
            channel: m.channel, language: m.language, receivedAt: m.receivedAt,
            answers: (try? JSONDecoder().decode([String: Answer].self, from: Data(m.answers.utf8))) ?? [:],
            hidden: (try? JSONDecoder().decode([String: String].self, from: Data(m.hidden.utf8))) ?? [:], contactID: m.contactID)
    }

}

