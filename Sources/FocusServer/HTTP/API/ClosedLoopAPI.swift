import FocusCore
import Foundation
import Hummingbird

/// The closed-loop figures for programs: how many detractors were contacted, within the service
/// level, how fast, what the cases ended in, and what became of the customers afterwards.
struct ClosedLoopAPI {
    let services: FocusServices

    func addRoutes(to routes: RouteTable) {
        routes.workspace(.get, "\(ResponsesAPI.base)/closed-loop", .read, surface: .api, operation: .init(
            id: "getClosedLoop",
            summary: "Closed-loop figures for the detractor responses (NPS 0–6) received in the period: the share with a case and the share contacted, the share of their cases resolved within the service level, hours to first action and to resolution (median and 90th percentile), the outcomes, and — for known customers, each once — whether those contacted answered better next time or churned less than those not contacted. That last comparison is not of randomly assigned groups: it shows association, not proof of effect.",
            tag: "Closed loop", response: .object("ClosedLoop"), query: ClosedLoopQuery.parameters), report)
    }

    @Sendable func report(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let query = try await ClosedLoopQuery.parse(request, workspaceID: w.id, services: services)
        let report = try await services.closedLoop.report(w.id, period: query.period, touchpointID: query.touchpointID)
        return try JSONBody.response(ClosedLoopDTO(report, period: query.period, touchpointID: query.touchpointID))
    }
}

/// The period and touchpoint as the URL carries them, shared by the page and the API so the same
/// URL answers the same question. `from` and `to` are ISO dates, both included; by default the 90
/// days up to today (UTC).
struct ClosedLoopQuery: Sendable {
    var period: Period
    var touchpointID: UUID?

    static let parameters: [APIOperation.Parameter] = [
        .init("from", "First day on which detractor responses were received (ISO date, e.g. 2026-03-01). Default: 89 days before `to`."),
        .init("to", "Last day counted (ISO date). Default: today (UTC)."),
        .init("touchpoint_id", "Only responses (and cases) about this touchpoint."),
    ]

    /// Errors name the parameter: a malformed date, a period the dashboards cannot show, an id that
    /// is not one of this workspace's touchpoints.
    static func parse(_ request: Request, workspaceID: UUID, services: FocusServices, today: CalendarDate = .today) async throws -> ClosedLoopQuery {
        let period = try QueryPeriod.period(request, today: today)
        let touchpointID = try ResponsesAPI.uuidParameter(request, "touchpoint_id")
        if let touchpointID, !(try await services.catalogue.touchpoints(workspaceID).contains { $0.id == touchpointID }) {
            throw APIError(.badRequest, "is not a touchpoint of this workspace", field: "touchpoint_id")
        }
        return ClosedLoopQuery(period: period, touchpointID: touchpointID)
    }
}

// MARK: - the wire format

struct ClosedLoopDTO: Encodable {
    let period: PeriodDTO
    let touchpointID: UUID?
    let asOf: String
    let detractors: ReachDTO
    let serviceLevel: ServiceLevelDTO
    let timeToFirstAction: HoursDTO
    let timeToResolution: HoursDTO
    let outcomes: OutcomesDTO
    let afterwards: AfterwardsDTO
    let cases: CasesDTO

    enum CodingKeys: String, CodingKey {
        case period, detractors, outcomes, afterwards, cases
        case touchpointID = "touchpoint_id", asOf = "as_of", serviceLevel = "service_level"
        case timeToFirstAction = "time_to_first_action", timeToResolution = "time_to_resolution"
    }

    init(_ r: ClosedLoopReport, period: Period, touchpointID: UUID?) {
        self.period = PeriodDTO(period)
        self.touchpointID = touchpointID
        asOf = Timestamp.format(r.asOf)
        detractors = ReachDTO(r.reach)
        serviceLevel = ServiceLevelDTO(r.serviceLevel)
        timeToFirstAction = HoursDTO(r.timeToFirstAction)
        timeToResolution = HoursDTO(r.timeToResolution)
        outcomes = OutcomesDTO(r.outcomes)
        afterwards = AfterwardsDTO(r.afterwards)
        cases = CasesDTO(r.cases)
    }

    /// Without a touchpoint filter `touchpoint_id` is null, not left out.
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(period, forKey: .period)
        try c.encode(touchpointID, forKey: .touchpointID)
        try c.encode(asOf, forKey: .asOf)
        try c.encode(detractors, forKey: .detractors)
        try c.encode(serviceLevel, forKey: .serviceLevel)
        try c.encode(timeToFirstAction, forKey: .timeToFirstAction)
        try c.encode(timeToResolution, forKey: .timeToResolution)
        try c.encode(outcomes, forKey: .outcomes)
        try c.encode(afterwards, forKey: .afterwards)
        try c.encode(cases, forKey: .cases)
    }

    struct ReachDTO: Encodable {
        let count: Int
        let withCase: Int
        let contacted: Int
        let caseShare: EstimateDTO
        let contactedShare: EstimateDTO

        enum CodingKeys: String, CodingKey {
            case count, contacted
            case withCase = "with_case", caseShare = "case_share", contactedShare = "contacted_share"
        }

        init(_ r: ClosedLoopReport.Reach) {
            count = r.detractors
            withCase = r.withCase
            contacted = r.contacted
            caseShare = EstimateDTO(r.caseShare)
            contactedShare = EstimateDTO(r.contactedShare)
        }
    }

    struct ServiceLevelDTO: Encodable {
        let cases: Int
        let measured: Int
        let within: Int
        let missed: Int
        let finishedLate: Int
        let openOverdue: Int
        let openNotYetDue: Int
        let withinShare: EstimateDTO

        enum CodingKeys: String, CodingKey {
            case cases, measured, within, missed
            case finishedLate = "finished_late", openOverdue = "open_overdue", openNotYetDue = "open_not_yet_due", withinShare = "within_share"
        }

        init(_ s: ClosedLoopReport.ServiceLevel) {
            cases = s.cases
            measured = s.measured
            within = s.within
            missed = s.missed
            finishedLate = s.finishedLate
            openOverdue = s.openOverdue
            openNotYetDue = s.openNotYetDue
            withinShare = EstimateDTO(s.withinShare)
        }
    }

    struct HoursDTO: Encodable {
        let n: Int
        let median: Double?
        let p90: Double?

        enum CodingKeys: String, CodingKey { case n, median = "median_hours", p90 = "p90_hours" }

        init(_ h: ClosedLoopReport.Hours) {
            n = h.n
            median = h.median
            p90 = h.percentile90
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(n, forKey: .n)
            try c.encode(median, forKey: .median)
            try c.encode(p90, forKey: .p90)
        }
    }

    struct OutcomesDTO: Encodable {
        let resolved: Int
        let retained: Int
        let lost: Int
        let total: Int
        let closedWithoutOutcome: Int

        enum CodingKeys: String, CodingKey { case resolved, retained, lost, total, closedWithoutOutcome = "closed_without_outcome" }

        init(_ o: ClosedLoopReport.Outcomes) {
            resolved = o.resolved
            retained = o.retained
            lost = o.lost
            total = o.total
            closedWithoutOutcome = o.closedWithoutOutcome
        }
    }

    struct GroupDTO: Encodable {
        let customers: Int
        let withLaterResponse: Int
        let promotersLater: Int
        let churned: Int
        let npsChange: EstimateDTO
        let promoterShare: EstimateDTO
        let churnShare: EstimateDTO

        enum CodingKeys: String, CodingKey {
            case customers, churned
            case withLaterResponse = "with_later_response", promotersLater = "promoters_later", npsChange = "nps_change"
            case promoterShare = "promoter_share", churnShare = "churn_share"
        }

        init(_ g: ClosedLoopReport.Group) {
            customers = g.customers
            withLaterResponse = g.withLaterResponse
            promotersLater = g.promotersLater
            churned = g.churned
            npsChange = EstimateDTO(g.npsChange)
            promoterShare = EstimateDTO(g.promoterShare)
            churnShare = EstimateDTO(g.churnShare)
        }
    }

    struct AfterwardsDTO: Encodable {
        let customers: Int
        let repeatResponses: Int
        let contacted: GroupDTO
        let notContacted: GroupDTO
        let npsChange: ChangeDTO?
        let promoters: ChangeDTO?
        let churn: ChangeDTO?
        let caveat: String

        enum CodingKeys: String, CodingKey {
            case customers, contacted, caveat
            case repeatResponses = "repeat_responses", notContacted = "not_contacted", differences
        }

        enum DifferenceKeys: String, CodingKey { case npsChange = "nps_change", promoters, churn }

        init(_ a: ClosedLoopReport.Afterwards) {
            customers = a.customers
            repeatResponses = a.repeatResponses
            contacted = GroupDTO(a.contacted)
            notContacted = GroupDTO(a.notContacted)
            npsChange = ChangeDTO(a.npsChangeDifference)
            promoters = ChangeDTO(a.promotersDifference)
            churn = ChangeDTO(a.churnDifference)
            caveat = ClosedLoopReport.caveat
        }

        /// The differences (contacted minus not contacted) as one object; each null when a group is too small.
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(customers, forKey: .customers)
            try c.encode(repeatResponses, forKey: .repeatResponses)
            try c.encode(contacted, forKey: .contacted)
            try c.encode(notContacted, forKey: .notContacted)
            var d = c.nestedContainer(keyedBy: DifferenceKeys.self, forKey: .differences)
            try d.encode(npsChange, forKey: .npsChange)
            try d.encode(promoters, forKey: .promoters)
            try d.encode(churn, forKey: .churn)
            try c.encode(caveat, forKey: .caveat)
        }
    }

    struct CasesDTO: Encodable {
        let opened: Int
        let resolved: Int
        let open: Int
        let overdue: Int

        init(_ v: ClosedLoop.CaseVolume) {
            opened = v.opened
            resolved = v.resolved
            open = v.open
            overdue = v.overdue
        }
    }
}
