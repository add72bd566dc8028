import FocusCore
import Foundation
import Hummingbird

/// The pages of casework: the agent's inbox, the lead's board and one case with everything an
/// agent needs to close the loop (the customer's history, the timeline, goodwill within their
/// authority). Every change is a plain form post answered with a redirect (303) back to the
/// page, so the pages work without JavaScript; a form that fails is rendered again with what
/// was typed and the message next to the field it is about.
struct CasePages {
    let services: FocusServices

    func addRoutes(to routes: RouteTable) {
        routes.workspace(.get, "/w/:workspace/cases", .read, inbox)
        routes.workspace(.post, "/w/:workspace/cases", .record, open)
        // A constant segment wins over `:id` in Hummingbird's trie, so the board is never read as a case id.
        routes.workspace(.get, "/w/:workspace/cases/board", .read, board)
        routes.workspace(.get, "/w/:workspace/cases/:id", .read, show)
        routes.workspace(.post, "/w/:workspace/cases/:id/status", .record, changeStatus)
        routes.workspace(.post, "/w/:workspace/cases/:id/assign", .record, assign)
        routes.workspace(.post, "/w/:workspace/cases/:id/priority", .record, changePriority)
        routes.workspace(.post, "/w/:workspace/cases/:id/notes", .record, addNote)
        routes.workspace(.post, "/w/:workspace/cases/:id/goodwill", .record, recordGoodwill)
        routes.workspace(.post, "/w/:workspace/goodwill/:id/approve", .record, approve)
        routes.workspace(.post, "/w/:workspace/goodwill/:id/reject", .record, reject)
    }

    // MARK: shared

    struct Option { let value: String; let label: String; let selected: Bool }

    /// A case as the lists show it. The names are distinct from every page model's, because a
    /// Mustache lookup that finds nil in the row goes on looking in the page around it.
    struct CaseRow {
        let href: String
        let number: Int
        let title: String
        let customerName: String?
        let priorityLabel: String
        let priorityClass: String
        let statusLabel: String
        let statusClass: String
        let dueText: String
        let isOverdue: Bool
        let isEscalated: Bool
        let ownerName: String?
        let teamName: String?
        let scoreText: String?
        let commentExcerpt: String?
    }

    /// Who and what the ids on a page stand for, looked up once per request.
    struct Names {
        var members: [UUID: String] = [:]
        var teams: [UUID: String] = [:]
        var customers: [UUID: String] = [:]
    }

    /// Members and teams (those given, else the workspace's), and the customers of `cases`, each looked up once.
    func names(_ w: WorkspaceContext, cases: [CaseRecord], teams: [TeamRecord]? = nil, members: [Member]? = nil) async throws -> Names {
        var names = Names()
        let members = if let members { members } else { try await services.accounts.members(of: w.id) }
        let teams = if let teams { teams } else { try await services.teams.list(w.id) }
        for m in members { names.members[m.userID] = m.name }
        for t in teams { names.teams[t.id] = t.name }
        for id in Set(cases.compactMap(\.customerID)) {
            // A customer deleted since the case opened leaves the case without a name, not an error.
            if let c = try? await services.customers.get(w.id, id: id) { names.customers[id] = c.customer.name ?? c.customer.externalID }
        }
        return names
    }

    static func row(_ c: CaseRecord, _ w: WorkspaceContext, names: Names, now: Double) -> CaseRow {
        let due = dueText(c, now: now)
        return CaseRow(
            href: "/w/\(w.slug)/cases/\(c.id.uuidString)", number: c.number, title: c.title,
            customerName: c.customerID.flatMap { names.customers[$0] },
            priorityLabel: c.priority.label, priorityClass: "priority-\(c.priority.rawValue)",
            statusLabel: c.status.label, statusClass: statusClass(c.status),
            dueText: due.text, isOverdue: due.overdue, isEscalated: c.escalatedAt != nil && c.status.isOpen,
            ownerName: c.ownerID.flatMap { names.members[$0] }, teamName: c.teamID.flatMap { names.teams[$0] },
            scoreText: scores(c), commentExcerpt: excerpt(c.comment, 140))
    }

    static func statusClass(_ s: CaseStatus) -> String {
        switch s {
        case .new: "status-new"
        case .inProgress: "status-progress"
        case .waitingForCustomer: "status-waiting"
        case .resolved: "status-resolved"
        case .closed: "status-closed"
        }
    }

    /// `2026-03-14 09:30 UTC`: pages show instants in UTC, as the rest of Focus does.
    static func time(_ seconds: Double) -> String {
        let text = Timestamp.format(seconds)
        return "\(text.prefix(10)) \(text.dropFirst(11).prefix(5)) UTC"
    }

    /// A span in the unit people think in: minutes within the hour, hours within two days, then days.
    static func span(_ seconds: Double) -> String {
        let minutes = Int(abs(seconds) / 60)
        if minutes < 1 { return "less than a minute" }
        if minutes < 60 { return "\(minutes) min" }
        if minutes < 48 * 60 { return "\(minutes / 60) h" }
        return "\(minutes / 1440) d"
    }

    /// "due in 3 h" or "overdue by 2 h" for an open case; how it ended for the others.
    static func dueText(_ c: CaseRecord, now: Double) -> (text: String, overdue: Bool) {
        if c.status.isOpen {
            return c.dueAt < now ? ("overdue by \(span(now - c.dueAt))", true) : ("due in \(span(c.dueAt - now))", false)
        }
        if c.status == .closed, let closed = c.closedAt { return ("closed \(time(closed))", false) }
        if let resolved = c.resolvedAt { return ("resolved \(time(resolved))", false) }
        return (c.status.label.lowercased(), false)
    }

    static func scores(_ c: CaseRecord) -> String? {
        let parts = [c.nps.map { "NPS \($0)" }, c.csat.map { "CSAT \($0)" }, c.ces.map { "CES \($0)" }].compactMap { $0 }
        return parts.isEmpty ? nil : parts.joined(separator: " · ")
    }

    /// The start of a text, cut at a word where possible; nil for no text.
    static func excerpt(_ text: String?, _ length: Int) -> String? {
        guard let text = text?.trimmingWhitespace(), !text.isEmpty else { return nil }
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        guard flat.count > length else { return flat }
        let cut = flat.prefix(length)
        let word = cut.lastIndex(of: " ").map { cut[..<$0] } ?? cut
        return word + "…"
    }

    /// The title the comment page suggests for a case about a response or contact.
    static func suggestedTitle(source: CommentSource, nps: Int?, csat: Int?, text: String) -> String {
        let score = nps.map { "NPS \($0)" } ?? csat.map { "CSAT \($0)" } ?? (source == .contact ? "Contact" : "Response")
        return "\(score): \(excerpt(text, 80) ?? "")"
    }

    /// An amount typed in the workspace's currency, in cents: "25", "25.50", "25,50" and "1,250.00"
    /// are all understood; more than two decimals, a negative or an absurd amount is refused.
    static func cents(_ text: String, field: String) throws(FieldError) -> Int {
        var t = text.trimmingWhitespace().replacingOccurrences(of: " ", with: "")
        guard !t.isEmpty else { throw FieldError(field, "is required") }
        // One comma and at most two digits after it, and no point: a decimal comma. Any other comma groups thousands.
        if !t.contains("."), t.filter({ $0 == "," }).count == 1, let comma = t.firstIndex(of: ","),
           t.distance(from: comma, to: t.endIndex) <= 3 {
            t = t.replacingOccurrences(of: ",", with: ".")
        }
        t = t.replacingOccurrences(of: ",", with: "")
        guard t.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-") }), let amount = Double(t) else {
            throw FieldError(field, "must be an amount such as 25 or 25.50")
        }
        return try Money.cents(amount, field: field)
    }

    static func value(_ fields: [String: [String]], _ name: String) -> String {
        fields[name]?.first?.trimmingWhitespace() ?? ""
    }

    /// The priorities, most urgent first, each with its service level.
    static func priorityOptions(_ levels: ServiceLevels, selected: String) -> [Option] {
        CasePriority.allCases.reversed().map {
            Option(value: $0.rawValue, label: "\($0.label) (\(ServiceLevels.format(levels.hours(for: $0))) h)", selected: $0.rawValue == selected)
        }
    }

    // MARK: the inbox

    struct InboxModel {
        struct Section {
            let heading: String
            let note: String
            let rows: [CaseRow]
            let count: Int
            let emptyText: String

            init(heading: String, note: String, rows: [CaseRow], emptyText: String) {
                self.heading = heading
                self.note = note
                self.rows = rows
                self.count = rows.count
                self.emptyText = emptyText
            }
        }
        let layout: LayoutModel
        let summary: String
        let sections: [Section]
        let statuses: [Option]
        let onlyOverdue: Bool
        let filterError: String?
        let canOpen: Bool
        let openTitle: String
        let openPriorities: [Option]
        let openCustomer: String
        let openAssign: [Option]
        let openSourceID: String?
        let titleError: String?
        let customerError: String?
        let openError: String?
    }

    /// What the "New case" form held.
    struct OpenForm {
        var title = ""
        var priority = CasePriority.normal.rawValue
        var customer = ""
        var assign = "me"
        var sourceID = ""
        var titleError: String?
        var customerError: String?
        var error: String?

        init(assign: String) { self.assign = assign }

        init(_ fields: [String: [String]]) {
            title = CasePages.value(fields, "title")
            priority = CasePages.value(fields, "priority")
            customer = CasePages.value(fields, "customer")
            assign = CasePages.value(fields, "assign")
            sourceID = CasePages.value(fields, "source_id")
        }

        mutating func show(_ e: FieldError) {
            switch e.field {
            case "title": titleError = AuthPages.sentence(e)
            case "customer", "customer_id": customerError = AuthPages.sentence(FieldError("customer", e.message))
            default: error = AuthPages.sentence(e)
            }
        }

        var failed: Bool { titleError != nil || customerError != nil || error != nil }
    }

    @Sendable func inbox(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        try await renderInbox(request, context, w, form: OpenForm(assign: w.principal.userID == nil ? "touchpoint_team" : "me"))
    }

    private func renderInbox(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext, form: OpenForm) async throws -> Response {
        let now = Date().timeIntervalSince1970
        // The same status filter as the API; a bad one is reported and the open cases shown.
        var filterError: String?
        var filter: CaseFilter
        do {
            filter = try CaseQuery.filter(request, caller: w.principal.userID)
        } catch let e as APIError {
            filterError = e.message
            filter = CaseFilter()
        }
        let statuses = filter.statuses
        let me = w.principal.userID
        let teams = try await services.teams.list(w.id)
        let myTeams = me.map { id in teams.filter { $0.leadID == id || $0.memberIDs.contains(id) } } ?? []
        let myTeamIDs = Set(myTeams.map(\.id))
        let mine = try await me.asyncMap { id in
            try await services.cases.queue(w.id, filter: CaseFilter(statuses: statuses, ownerID: id, overdue: filter.overdue), now: now)
        } ?? []
        let unassigned = try await services.cases.queue(w.id, filter: CaseFilter(statuses: statuses, unassigned: true, overdue: filter.overdue), now: now)
        let forMyTeams = unassigned.filter { $0.teamID.map(myTeamIDs.contains) ?? false }
        let noTeam = unassigned.filter { $0.teamID == nil }
        let names = try await names(w, cases: mine + forMyTeams + noTeam, teams: teams)
        let counts = try await services.cases.counts(w.id, now: now)
        let open = CaseStatus.allCases.filter(\.isOpen).reduce(0) { $0 + (counts.byStatus[$1] ?? 0) }
        let levels = try await services.casePolicy.serviceLevels(w.id)
        let selected = statuses.map { s in s == Set(CaseStatus.allCases.filter(\.isOpen)) ? "open" : s.count == 1 ? s.first!.rawValue : "" } ?? "open"
        let model = InboxModel(
            layout: try await WorkspacePages.layout(services, context, w, title: "Cases", section: "cases"),
            summary: "\(open) open case\(open == 1 ? "" : "s") in the workspace, \(counts.overdue) overdue.",
            sections: [
                .init(heading: "My cases", note: "Cases you own, the earliest due first.",
                      rows: mine.map { Self.row($0, w, names: names, now: now) },
                      emptyText: me == nil ? "This API token acts for nobody in particular, so it owns no cases." : "No cases of yours here."),
                .init(heading: "My teams’ unassigned cases",
                      note: myTeams.isEmpty ? "You are in no team yet; teams are set up under Case settings."
                          : "Cases of \(myTeams.map(\.name).joined(separator: ", ")) that nobody owns yet: take one by assigning it to yourself.",
                      rows: forMyTeams.map { Self.row($0, w, names: names, now: now) }, emptyText: "None waiting."),
                .init(heading: "Unassigned, no team", note: "Cases neither a team nor a person has.",
                      rows: noTeam.map { Self.row($0, w, names: names, now: now) }, emptyText: "None waiting."),
            ],
            statuses: [Option(value: "open", label: "Open (new, in progress, waiting)", selected: selected == "open")]
                + CaseStatus.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: selected == $0.rawValue) },
            onlyOverdue: filter.overdue, filterError: filterError,
            canOpen: w.role.allows(.record), openTitle: form.title,
            openPriorities: Self.priorityOptions(levels, selected: form.priority),
            openCustomer: form.customer,
            openAssign: [Option(value: "me", label: "Me", selected: form.assign == "me"),
                         Option(value: "touchpoint_team", label: "The team of its touchpoint", selected: form.assign == "touchpoint_team"),
                         Option(value: "none", label: "Nobody yet", selected: form.assign == "none")],
            openSourceID: form.sourceID.isEmpty ? nil : form.sourceID,
            titleError: form.titleError, customerError: form.customerError, openError: form.error)
        return services.pages.render("cases", model, status: form.failed ? .unprocessableContent : .ok)
    }

    /// Opens a case by hand: from the inbox's form, or from a comment's page (`source_id`, the
    /// response or contact it is about).
    @Sendable func open(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        var request = request
        var form = OpenForm(try await FormBody.fields(&request, context: context))
        do {
            guard let priority = CasePriority(rawValue: form.priority.isEmpty ? "normal" : form.priority) else {
                throw FieldError("priority", "must be low, normal, high or urgent")
            }
            var sourceID: UUID?
            if !form.sourceID.isEmpty {
                guard let id = UUID(uuidString: form.sourceID) else { throw FieldError("source_id", "is not a response or contact of this workspace") }
                sourceID = id
            }
            let customerID = form.customer.isEmpty ? nil : try await customer(externalID: form.customer, w)
            let assignment: CaseAssignment
            switch form.assign {
            case "me":
                guard let me = w.principal.userID else { throw FieldError("assign", "“me” needs a person; this API token acts for nobody") }
                assignment = .person(me)
            case "touchpoint_team": assignment = .touchpointTeam
            case "none": assignment = .unassigned
            // The comment page's button names no assignment: a case about a response or contact goes to its touchpoint's team.
            default: assignment = sourceID == nil ? .unassigned : .touchpointTeam
            }
            let opened = try await services.cases.open(w.id, title: form.title, priority: priority, customerID: customerID, sourceID: sourceID,
                                                       assignment: assignment, by: Caller(w))
            return .seeOther("/w/\(w.slug)/cases/\(opened.id.uuidString)")
        } catch let e as FieldError {
            form.show(e)
            return try await renderInbox(request, context, w, form: form)
        }
    }

    /// The customer with this external id. The customer service finds customers by a search
    /// (id, name or e-mail containing the text), so this pages through the matches for the exact id.
    private func customer(externalID: String, _ w: WorkspaceContext) async throws -> UUID {
        var cursor: String?
        for _ in 0..<20 {
            let page = try await services.customers.list(w.id, search: externalID, cursor: cursor, limit: 500)
            if let hit = page.items.first(where: { $0.customer.externalID == externalID }) { return hit.id }
            guard let next = page.nextCursor else { break }
            cursor = next
        }
        throw FieldError("customer", "is not the id of a customer of this workspace")
    }

    // MARK: the board

    struct PendingRow {
        let id: String
        let caseHref: String
        let caseLabel: String
        let kindLabel: String
        let amount: String
        let reason: String
        let requestedBy: String
        let requestedAt: String
        let canDecide: Bool
        let whyNot: String
        let decisionError: String?
    }

    struct BoardModel {
        struct Column { let heading: String; let statusClass: String; let count: Int; let cards: [CaseRow] }
        struct OwnerRow { let name: String; let open: Int; let overdue: Int; let hasOverdue: Bool }
        let layout: LayoutModel
        let summary: String
        let attention: [CaseRow]
        let columns: [Column]
        let resolvedThisWeek: Int
        let weekStart: String
        let pending: [PendingRow]
        let yourLimit: String
        let owners: [OwnerRow]
        let boardError: String?
        let canConfigure: Bool
    }

    @Sendable func board(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        try await renderBoard(context, w)
    }

    private func renderBoard(_ context: FocusRequestContext, _ w: WorkspaceContext, error: String? = nil,
                             decisionErrors: [UUID: String] = [:]) async throws -> Response {
        let now = Date().timeIntervalSince1970
        let open = try await services.cases.queue(w.id, filter: CaseFilter(), limit: 2000, now: now)
        let pending = try await services.cases.pendingGoodwill(w.id)
        var casesOfPending: [UUID: CaseRecord] = [:]
        for id in Set(pending.map(\.caseID)) { casesOfPending[id] = try await services.cases.get(w.id, id: id) }
        let names = try await names(w, cases: open)
        let limits = try await services.casePolicy.limits(w.id)
        let weekStart = Self.mondayOfWeek(now)
        var owners: [UUID?: (open: Int, overdue: Int)] = [:]
        for c in open { owners[c.ownerID, default: (0, 0)].open += 1; if c.isOverdue(at: now) { owners[c.ownerID, default: (0, 0)].overdue += 1 } }
        let overdue = open.filter { $0.isOverdue(at: now) }.count
        let model = BoardModel(
            layout: try await WorkspacePages.layout(services, context, w, title: "Case board", section: "cases"),
            summary: "\(open.count) open case\(open.count == 1 ? "" : "s"), \(overdue) overdue.",
            attention: open.filter { $0.isOverdue(at: now) || $0.escalatedAt != nil }.map { Self.row($0, w, names: names, now: now) },
            columns: [CaseStatus.new, .inProgress, .waitingForCustomer].map { status in
                let cards = open.filter { $0.status == status }
                return .init(heading: status.label, statusClass: Self.statusClass(status), count: cards.count,
                             cards: cards.map { Self.row($0, w, names: names, now: now) })
            },
            resolvedThisWeek: try await resolvedSince(weekStart, w), weekStart: CalendarDate(daysSinceEpoch: Int(weekStart / 86400)).iso,
            pending: pending.map { g in
                let c = casesOfPending[g.caseID]
                return pendingRow(g, case: c, w, limits: limits, error: decisionErrors[g.id])
            },
            yourLimit: Money.format(limits.limit(person: w.principal.userID, role: w.role), currency: w.currency),
            owners: owners.map { key, value in
                BoardModel.OwnerRow(name: key.map { names.members[$0] ?? "A former member" } ?? "Nobody (unassigned)",
                                    open: value.open, overdue: value.overdue, hasOverdue: value.overdue > 0)
            }.sorted { ($0.overdue, $0.open, $1.name) > ($1.overdue, $1.open, $0.name) },
            boardError: error, canConfigure: w.role.allows(.configure))
        return services.pages.render("case-board", model, status: error == nil && decisionErrors.isEmpty ? .ok : .unprocessableContent)
    }

    /// A pending goodwill with whether this viewer may decide it, and why not: the same rule the
    /// service applies (someone else, whose own limit covers the amount), so no button is offered
    /// that would only answer with an error.
    func pendingRow(_ g: GoodwillRecord, case c: CaseRecord?, _ w: WorkspaceContext, limits: AuthorityLimits, error: String?) -> PendingRow {
        let me = w.principal.userID
        let mine = limits.limit(person: me, role: w.role)
        var whyNot = ""
        if !w.role.allows(.record) {
            whyNot = "Your role cannot decide goodwill."
        } else if me == nil {
            whyNot = "Only a person can decide goodwill."
        } else if me == g.requestedBy {
            whyNot = "You asked for it; someone else decides."
        } else if g.cents > mine {
            whyNot = "Your limit of \(Money.format(mine, currency: w.currency)) does not cover it."
        }
        return PendingRow(
            id: g.id.uuidString, caseHref: "/w/\(w.slug)/cases/\(g.caseID.uuidString)",
            caseLabel: c.map { "Case \($0.number): \($0.title)" } ?? "A case",
            kindLabel: g.kind.label, amount: Money.format(g.cents, currency: w.currency), reason: g.reason,
            requestedBy: g.requestedByName, requestedAt: Self.time(g.requestedAt), canDecide: whyNot.isEmpty, whyNot: whyNot,
            decisionError: error)
    }

    /// Monday 00:00 UTC of the week holding `now` (1970-01-01 was a Thursday).
    static func mondayOfWeek(_ now: Double) -> Double {
        let day = Int((now / 86400).rounded(.down))
        return Double(day - ((day % 7) + 7 + 3) % 7) * 86400
    }

    /// How many cases were resolved since `start`. The case service counts open cases only, so
    /// this reads the `case.status` decisions of the audit log, newest first, until `start`.
    private func resolvedSince(_ start: Double, _ w: WorkspaceContext) async throws -> Int {
        var resolved = Set<UUID>()
        var cursor: String?
        pages: for _ in 0..<20 {
            let page = try await services.audit.list(w.id, action: "case.status", cursor: cursor, limit: 500)
            for e in page.items {
                if e.at < start { break pages }
                if e.details["to"] == CaseStatus.resolved.rawValue, let id = e.subjectID { resolved.insert(id) }
            }
            guard let next = page.nextCursor else { break }
            cursor = next
        }
        return resolved.count
    }

    // MARK: one case

    /// What the forms of a case page held when one failed, and the messages for their fields.
    struct CaseForms {
        var status: String?
        var outcome: String?
        var statusError: String?
        var outcomeError: String?
        var ownerID: String?
        var teamID: String?
        var ownerError: String?
        var teamError: String?
        var priority: String?
        var priorityError: String?
        var note = ""
        var contacted = false
        var noteError: String?
        var kind: String?
        var amount = ""
        var reason = ""
        var amountError: String?
        var reasonError: String?
        var goodwillError: String?
        var decisionErrors: [UUID: String] = [:]
        var error: String?

        var failed: Bool {
            [statusError, outcomeError, ownerError, teamError, priorityError, noteError, amountError, reasonError, goodwillError, error]
                .contains { $0 != nil } || !decisionErrors.isEmpty
        }
    }

    struct CaseModel {
        struct Fact { let label: String; let value: String }
        struct Event { let at: String; let actor: String; let kindLabel: String; let kindClass: String; let text: String? }
        struct GoodwillItem {
            let kindLabel: String
            let amount: String
            let reason: String
            let goodwillStatus: String
            let goodwillClass: String
            let requested: String
            let decided: String?
            let decisionNote: String?
        }
        struct HistoryResponse {
            let when: String
            let survey: String
            let scores: String?
            let comment: String?
            let commentHref: String?
            /// The response this case is about (the history leaves out the case, not its response).
            let isThisCase: Bool
        }
        struct HistoryContact { let when: String; let channel: String; let reason: String?; let isRepeat: Bool; let note: String?; let noteHref: String? }
        struct HistoryCase { let href: String; let number: Int; let title: String; let opened: String; let status: String; let statusClass: String; let outcome: String? }
        struct History {
            let customerHref: String
            let customerLabel: String
            let facts: [Fact]
            let responses: [HistoryResponse]
            let contacts: [HistoryContact]
            let cases: [HistoryCase]
        }

        let layout: LayoutModel
        let caseID: String
        let number: Int
        let title: String
        let statusLabel: String
        let statusClass: String
        let priorityLabel: String
        let priorityClass: String
        let dueText: String
        let dueAt: String
        let isOverdue: Bool
        let escalation: String?
        let outcomeLabel: String?
        let facts: [Fact]
        let sourceLabel: String
        let sourceHref: String?
        let scoreText: String?
        let commentText: String?
        let notice: String?
        let formError: String?
        let canEdit: Bool
        let isOpen: Bool
        // status
        let statusOptions: [Option]
        let outcomeOptions: [Option]
        let statusError: String?
        let outcomeError: String?
        // owner and team
        let ownerOptions: [Option]
        let teamOptions: [Option]
        let ownerError: String?
        let teamError: String?
        // priority
        let priorityOptions: [Option]
        let priorityError: String?
        // note
        let noteText: String
        let noteContacted: Bool
        let noteError: String?
        // goodwill
        let kindOptions: [Option]
        let goodwillAmount: String
        let goodwillReason: String
        let amountError: String?
        let reasonError: String?
        let goodwillError: String?
        let yourLimit: String
        let currency: String
        let canRecordGoodwill: Bool
        let goodwill: [GoodwillItem]
        let pending: [PendingRow]
        let events: [Event]
        let history: History?
    }

    @Sendable func show(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let notice: String? = switch request.uri.queryParameters["done"].map(String.init) {
        case "status": "Status changed."
        case "assign": "Owner and team saved."
        case "priority": "Priority changed; the due time follows it."
        case "note": "Note added."
        case "goodwill": "Goodwill recorded."
        case "approved": "Goodwill approved."
        case "rejected": "Goodwill rejected."
        default: nil
        }
        return try await renderCase(context, w, id: try context.id(of: "case"), notice: notice)
    }

    private func renderCase(_ context: FocusRequestContext, _ w: WorkspaceContext, id: UUID, forms: CaseForms = CaseForms(),
                            notice: String? = nil) async throws -> Response {
        guard let c = try await services.cases.get(w.id, id: id) else { throw APIError.notFound("case") }
        let now = Date().timeIntervalSince1970
        let teams = try await services.teams.list(w.id)
        let members = try await services.accounts.members(of: w.id)
        let history = try await services.cases.history(w.id, of: c)
        let names = try await names(w, cases: [c] + (history?.cases ?? []), teams: teams, members: members)
        let limits = try await services.casePolicy.limits(w.id)
        let levels = try await services.casePolicy.serviceLevels(w.id)
        let goodwill = try await services.cases.goodwill(caseID: c.id)
        let events = try await services.cases.events(c.id)
        let surveys = Dictionary(try await services.surveys.list(w.id).map { ($0.id, $0.definition.name) }, uniquingKeysWith: { a, _ in a })
        let due = Self.dueText(c, now: now)
        let base = "/w/\(w.slug)"

        // Where the case came from: the comment page of its response or contact shows it whole.
        let sourceLabel: String
        switch c.source {
        case .response: sourceLabel = "Survey response" + (c.surveyID.flatMap { surveys[$0] }.map { " to “\($0)”" } ?? "")
        case .contact: sourceLabel = "Contact"
        case .manual: sourceLabel = "Opened by hand"
        }
        let sourceHref = c.sourceID.flatMap { id in c.comment == nil ? nil : "\(base)/comments/\(id.uuidString)" }

        func after(_ end: Double?) -> String { end.map { "\(Self.span($0 - c.openedAt)) (\(Self.time($0)))" } ?? "not yet" }
        var facts: [CaseModel.Fact] = [
            .init(label: "Owner", value: c.ownerID.map { names.members[$0] ?? "a former member" } ?? "nobody"),
            .init(label: "Team", value: c.teamID.flatMap { names.teams[$0] } ?? "none"),
            .init(label: "Customer", value: c.customerID.map { names.customers[$0] ?? "unknown" } ?? "none"),
            .init(label: "Opened", value: Self.time(c.openedAt)),
            .init(label: "Due", value: Self.time(c.dueAt) + " (\(c.priority.label.lowercased()) priority: \(ServiceLevels.format(levels.hours(for: c.priority))) h)"),
            .init(label: "Time to first action", value: after(c.firstActionAt)),
            .init(label: "Customer contacted", value: c.contactedAt.map { "after \(after($0))" } ?? "not yet"),
            .init(label: "Time to resolution", value: after(c.resolvedAt)),
        ]
        if let closed = c.closedAt { facts.append(.init(label: "Closed", value: Self.time(closed))) }

        let selectedStatus = forms.status ?? c.status.rawValue
        let selectedOutcome = forms.outcome ?? c.outcome?.rawValue ?? ""
        let selectedOwner = forms.ownerID ?? c.ownerID?.uuidString ?? ""
        let selectedTeam = forms.teamID ?? c.teamID?.uuidString ?? ""
        let me = w.principal.userID
        let canEdit = w.role.allows(.record)
        let model = CaseModel(
            layout: try await WorkspacePages.layout(services, context, w, title: "Case \(c.number)", section: "cases"),
            caseID: c.id.uuidString, number: c.number, title: c.title,
            statusLabel: c.status.label, statusClass: Self.statusClass(c.status),
            priorityLabel: c.priority.label, priorityClass: "priority-\(c.priority.rawValue)",
            dueText: due.text, dueAt: Self.time(c.dueAt), isOverdue: due.overdue,
            escalation: c.escalatedAt.map { "Escalated \(Self.time($0)) to \(c.escalatedTo.flatMap { names.members[$0] } ?? "nobody (no team lead or owner)")." },
            outcomeLabel: c.outcome?.label, facts: facts, sourceLabel: sourceLabel, sourceHref: sourceHref,
            scoreText: Self.scores(c), commentText: c.comment, notice: forms.failed ? nil : notice, formError: forms.error,
            canEdit: canEdit, isOpen: c.status.isOpen,
            statusOptions: CaseStatus.allCases.filter { $0 == c.status || c.status.mayMove(to: $0) }.map {
                Option(value: $0.rawValue, label: $0 == c.status ? "\($0.label) (now)" : $0.label, selected: $0.rawValue == selectedStatus)
            },
            outcomeOptions: CaseOutcome.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0.rawValue == selectedOutcome) },
            statusError: forms.statusError, outcomeError: forms.outcomeError,
            ownerOptions: [Option(value: "", label: "Nobody", selected: selectedOwner.isEmpty)]
                + members.sorted { $0.name < $1.name }.map {
                    Option(value: $0.userID.uuidString, label: $0.userID == me ? "\($0.name) (me)" : $0.name, selected: $0.userID.uuidString == selectedOwner)
                },
            teamOptions: [Option(value: "", label: "No team", selected: selectedTeam.isEmpty)]
                + teams.map { Option(value: $0.id.uuidString, label: $0.name, selected: $0.id.uuidString == selectedTeam) },
            ownerError: forms.ownerError, teamError: forms.teamError,
            priorityOptions: Self.priorityOptions(levels, selected: forms.priority ?? c.priority.rawValue), priorityError: forms.priorityError,
            noteText: forms.note, noteContacted: forms.contacted, noteError: forms.noteError,
            kindOptions: GoodwillKind.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0.rawValue == (forms.kind ?? GoodwillKind.credit.rawValue)) },
            goodwillAmount: forms.amount, goodwillReason: forms.reason,
            amountError: forms.amountError, reasonError: forms.reasonError, goodwillError: forms.goodwillError,
            yourLimit: Money.format(limits.limit(person: me, role: w.role), currency: w.currency), currency: w.currency,
            canRecordGoodwill: canEdit && c.status != .closed,
            goodwill: goodwill.map { g in
                CaseModel.GoodwillItem(
                    kindLabel: g.kind.label, amount: Money.format(g.cents, currency: w.currency), reason: g.reason,
                    goodwillStatus: Self.label(g.status), goodwillClass: "goodwill-\(g.status.rawValue)",
                    requested: "\(g.requestedByName), \(Self.time(g.requestedAt))",
                    decided: g.decidedByName.map { "\($0), \(g.decidedAt.map(Self.time) ?? "")" }, decisionNote: g.decisionNote)
            },
            pending: goodwill.filter { $0.status == .pending }.map { pendingRow($0, case: c, w, limits: limits, error: forms.decisionErrors[$0.id]) },
            events: events.reversed().map { e in
                CaseModel.Event(at: Self.time(e.at), actor: e.actorName, kindLabel: Self.eventLabel(e.kind), kindClass: "event-\(e.kind)", text: e.text)
            },
            history: history.map { h in
                CaseModel.History(
                    customerHref: "\(base)/customers/\(h.customerID.uuidString)",
                    customerLabel: h.name.map { "\($0) (\(h.externalID))" } ?? h.externalID,
                    facts: [CaseModel.Fact(label: "Status", value: h.status),
                            CaseModel.Fact(label: "Segment", value: h.segment ?? ""),
                            CaseModel.Fact(label: "Value per year", value: h.valuePerYear.map { Money.format(Int(($0 * 100).rounded()), currency: w.currency) } ?? "")]
                        .filter { !$0.value.isEmpty },
                    responses: h.responses.map { r in
                        let parts = [r.nps.map { "NPS \($0)" }, r.csat.map { "CSAT \($0)" }, r.ces.map { "CES \($0)" }].compactMap { $0 }
                        return .init(when: Self.time(r.at), survey: surveys[r.surveyID] ?? "a survey", scores: parts.isEmpty ? nil : parts.joined(separator: " · "),
                                     comment: Self.excerpt(r.comment, 200), commentHref: r.comment == nil ? nil : "\(base)/comments/\(r.id.uuidString)",
                                     isThisCase: r.id == c.sourceID)
                    },
                    contacts: h.contacts.map { k in
                        .init(when: Self.time(k.at), channel: k.channel, reason: k.reason, isRepeat: k.isRepeat, note: Self.excerpt(k.note, 200),
                              noteHref: k.note == nil ? nil : "\(base)/comments/\(k.id.uuidString)")
                    },
                    cases: h.cases.map { other in
                        .init(href: "\(base)/cases/\(other.id.uuidString)", number: other.number, title: other.title, opened: Self.time(other.openedAt),
                              status: other.status.label, statusClass: Self.statusClass(other.status), outcome: other.outcome?.label)
                    })
            })
        return services.pages.render("case", model, status: forms.failed ? .unprocessableContent : .ok)
    }

    static func label(_ s: GoodwillStatus) -> String {
        switch s {
        case .final: "Given (within the limit)"
        case .pending: "Waiting for approval"
        case .approved: "Approved"
        case .rejected: "Rejected"
        }
    }

    static func eventLabel(_ kind: String) -> String {
        switch kind {
        case "opened": "Opened"
        case "note": "Note"
        case "contacted": "Talked to the customer"
        case "status": "Status"
        case "assigned": "Assignment"
        case "priority": "Priority"
        case "goodwill": "Goodwill"
        case "approval": "Decision"
        case "escalated": "Escalated"
        default: kind
        }
    }

    // MARK: changing a case

    /// Reads a case form, runs the change and redirects to the case; a `FieldError` re-renders the
    /// page with what was typed (`keep`) and the message placed by `place`.
    private func change(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext, done: String,
                        keep: (inout CaseForms, [String: [String]]) -> Void, place: (inout CaseForms, FieldError) -> Void,
                        run: (CaseRecord, [String: [String]]) async throws -> Bool) async throws -> Response {
        let id = try context.id(of: "case")
        var request = request
        let fields = try await FormBody.fields(&request, context: context)
        guard let c = try await services.cases.get(w.id, id: id) else { throw APIError.notFound("case") }
        do {
            // `run` answers false when the form changes nothing: back to the page without a word.
            let changed = try await run(c, fields)
            return .seeOther("/w/\(w.slug)/cases/\(id.uuidString)" + (changed ? "?done=\(done)" : ""))
        } catch let e as FieldError {
            var forms = CaseForms()
            keep(&forms, fields)
            place(&forms, e)
            return try await renderCase(context, w, id: id, forms: forms)
        }
    }

    @Sendable func changeStatus(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        try await change(request, context, w, done: "status", keep: { forms, fields in
            forms.status = Self.value(fields, "status")
            forms.outcome = Self.value(fields, "outcome")
        }, place: { forms, e in
            switch e.field {
            case "status": forms.statusError = AuthPages.sentence(e)
            case "outcome": forms.outcomeError = AuthPages.sentence(e)
            default: forms.error = AuthPages.sentence(e)
            }
        }, run: { c, fields in
            guard let status = CaseStatus(rawValue: Self.value(fields, "status")) else {
                throw FieldError("status", "must be one of: \(CaseStatus.allCases.map(\.label).joined(separator: ", "))")
            }
            let text = Self.value(fields, "outcome")
            var outcome: CaseOutcome?
            if !text.isEmpty {
                guard let o = CaseOutcome(rawValue: text) else { throw FieldError("outcome", "must be resolved, retained or lost") }
                outcome = o
            }
            // The outcome only counts when the case is (being) resolved; elsewhere the radio is ignored.
            if status != .resolved { outcome = nil }
            let change = CaseChange(status: status == c.status ? nil : status, outcome: outcome == c.outcome ? nil : outcome)
            guard !change.isEmpty else { return false }
            _ = try await services.cases.update(w.id, id: c.id, change, by: Caller(w))
            return true
        })
    }

    @Sendable func assign(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        try await change(request, context, w, done: "assign", keep: { forms, fields in
            forms.ownerID = Self.value(fields, "owner_id")
            forms.teamID = Self.value(fields, "team_id")
        }, place: { forms, e in
            switch e.field {
            case "owner_id": forms.ownerError = AuthPages.sentence(FieldError("owner", e.message))
            case "team_id": forms.teamError = AuthPages.sentence(FieldError("team", e.message))
            default: forms.error = AuthPages.sentence(e)
            }
        }, run: { c, fields in
            func id(_ name: String, _ what: String) throws(FieldError) -> UUID? {
                let text = Self.value(fields, name)
                if text.isEmpty { return nil }
                guard let id = UUID(uuidString: text) else { throw FieldError(name, "is not \(what) of this workspace") }
                return id
            }
            let owner = try id("owner_id", "a member")
            let team = try id("team_id", "a team")
            let change = CaseChange(ownerID: owner == c.ownerID ? nil : .some(owner), teamID: team == c.teamID ? nil : .some(team))
            guard !change.isEmpty else { return false }
            _ = try await services.cases.update(w.id, id: c.id, change, by: Caller(w))
            return true
        })
    }

    @Sendable func changePriority(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        try await change(request, context, w, done: "priority", keep: { forms, fields in
            forms.priority = Self.value(fields, "priority")
        }, place: { forms, e in
            if e.field == "priority" { forms.priorityError = AuthPages.sentence(e) } else { forms.error = AuthPages.sentence(e) }
        }, run: { c, fields in
            guard let priority = CasePriority(rawValue: Self.value(fields, "priority")) else {
                throw FieldError("priority", "must be low, normal, high or urgent")
            }
            guard priority != c.priority else { return false }
            _ = try await services.cases.update(w.id, id: c.id, CaseChange(priority: priority), by: Caller(w))
            return true
        })
    }

    @Sendable func addNote(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        try await change(request, context, w, done: "note", keep: { forms, fields in
            forms.note = fields["text"]?.first ?? ""
            forms.contacted = fields["contacted"] != nil
        }, place: { forms, e in
            if e.field == "text" { forms.noteError = AuthPages.sentence(FieldError("note", e.message)) } else { forms.error = AuthPages.sentence(e) }
        }, run: { c, fields in
            _ = try await services.cases.addNote(w.id, id: c.id, text: fields["text"]?.first ?? "", contacted: fields["contacted"] != nil, by: Caller(w))
            return true
        })
    }

    @Sendable func recordGoodwill(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        try await change(request, context, w, done: "goodwill", keep: { forms, fields in
            forms.kind = Self.value(fields, "kind")
            forms.amount = Self.value(fields, "amount")
            forms.reason = fields["reason"]?.first ?? ""
        }, place: { forms, e in
            switch e.field {
            case "amount": forms.amountError = AuthPages.sentence(e)
            case "reason": forms.reasonError = AuthPages.sentence(e)
            default: forms.goodwillError = AuthPages.sentence(e)
            }
        }, run: { c, fields in
            guard let kind = GoodwillKind(rawValue: Self.value(fields, "kind")) else { throw FieldError("kind", "must be refund or credit") }
            // The amount is checked before the reason, in the order of the form.
            let cents = try Self.cents(Self.value(fields, "amount"), field: "amount")
            _ = try await services.cases.recordGoodwill(w.id, caseID: c.id, kind: kind, cents: cents, reason: fields["reason"]?.first ?? "",
                                                        currency: w.currency, by: Caller(w))
            return true
        })
    }

    // MARK: deciding goodwill

    @Sendable func approve(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        try await decide(request, context, w, approve: true)
    }

    @Sendable func reject(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        try await decide(request, context, w, approve: false)
    }

    /// Approves or rejects from the case page or the board (`return=board`), and goes back there.
    private func decide(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext, approve: Bool) async throws -> Response {
        let id = try context.id(of: "goodwill")
        var request = request
        let fields = try await FormBody.fields(&request, context: context)
        let toBoard = Self.value(fields, "return") == "board"
        let note = Self.value(fields, "note")
        do {
            let decided = try await services.cases.decideGoodwill(w.id, id: id, approve: approve, note: note.isEmpty ? nil : note,
                                                                  currency: w.currency, by: Caller(w))
            return .seeOther(toBoard ? "/w/\(w.slug)/cases/board" : "/w/\(w.slug)/cases/\(decided.caseID.uuidString)?done=\(approve ? "approved" : "rejected")")
        } catch let e as FieldError {
            let message = AuthPages.sentence(e)
            if !toBoard, let caseID = UUID(uuidString: Self.value(fields, "case_id")),
               try await services.cases.get(w.id, id: caseID) != nil {
                var forms = CaseForms()
                forms.decisionErrors[id] = message
                // A goodwill decided meanwhile is no longer listed as pending: say so above the forms.
                let onCase = try await services.cases.goodwill(caseID: caseID)
                if !onCase.contains(where: { $0.id == id && $0.status == .pending }) { forms.error = message }
                return try await renderCase(context, w, id: caseID, forms: forms)
            }
            let stillPending = try await services.cases.pendingGoodwill(w.id).contains { $0.id == id }
            return try await renderBoard(context, w, error: stillPending ? nil : message, decisionErrors: stillPending ? [id: message] : [:])
        }
    }
}
