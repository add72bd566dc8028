extension OpenAPISchemas {
    /// The closed-loop figures' schemas (`GET …/closed-loop`); the definitions are those of
    /// `FocusCore/Act/ClosedLoop.swift`.
    nonisolated(unsafe) static let closedLoopSchemas: [String: Any] = {
        let count: [String: Any] = ["type": "integer"]
        func counted(_ description: String) -> [String: Any] { ["type": "integer", "description": description] }
        let hours: [String: Any] = ["type": ["number", "null"]]
        return [
            "ClosedLoop": object([
                "period": ref("Period"),
                "touchpoint_id": ["type": ["string", "null"], "format": "uuid", "description": "The touchpoint filtered by, if any."],
                "as_of": ["type": "string", "format": "date-time", "description": "The moment open cases were checked against their due times."],
                "detractors": object([
                    "count": counted("Responses with an NPS answer of 0–6 received in the period."),
                    "with_case": counted("Of those, responses with a case."),
                    "contacted": counted("Of those, responses whose case records that someone talked to the customer."),
                    "case_share": ref("Estimate"),
                    "contacted_share": ref("Estimate"),
                ], required: ["count", "with_case", "contacted", "case_share", "contacted_share"],
                   description: "Shares in percent of all detractors, with Wilson 95% intervals."),
                "service_level": object([
                    "cases": counted("The detractors' cases."),
                    "measured": counted("Those finished (resolved, or closed without being resolved) or past their due time."),
                    "within": counted("Finished at or before their due time."),
                    "missed": counted("Finished after their due time, or still open past it."),
                    "finished_late": counted("Finished after their due time."),
                    "open_overdue": counted("Still open past their due time (at as_of)."),
                    "open_not_yet_due": counted("Still open and not yet due: counted neither way."),
                    "within_share": ref("Estimate"),
                ], required: ["cases", "measured", "within", "missed", "finished_late", "open_overdue", "open_not_yet_due", "within_share"],
                   description: "The detractors' cases against their due times; within_share is within of measured, in percent, with its Wilson 95% interval."),
                "time_to_first_action": ref("ClosedLoopHours"),
                "time_to_resolution": ref("ClosedLoopHours"),
                "outcomes": object([
                    "resolved": count, "retained": count, "lost": count,
                    "total": counted("Resolved detractor cases (each has an outcome)."),
                    "closed_without_outcome": counted("Detractor cases closed without being resolved, so without an outcome."),
                ], required: ["resolved", "retained", "lost", "total", "closed_without_outcome"]),
                "afterwards": object([
                    "customers": counted("Known customers among the detractors, each counted once, at their first detractor response of the period."),
                    "repeat_responses": counted("Further detractor responses of those customers in the period, not counted again."),
                    "contacted": ref("ClosedLoopGroup"),
                    "not_contacted": ref("ClosedLoopGroup"),
                    "differences": object([
                        "nps_change": nullableChange, "promoters": nullableChange, "churn": nullableChange,
                    ], required: ["nps_change", "promoters", "churn"],
                       description: "Contacted minus not contacted: NPS change in scale points (Welch's t-test), promoters and churn in percent points (Newcombe's interval); null when a group is too small."),
                    "caveat": ["type": "string", "description": "Why the comparison shows association, not proof of effect."],
                ], required: ["customers", "repeat_responses", "contacted", "not_contacted", "differences", "caveat"],
                   description: "What became of the customers, contacted against not contacted. The groups were not assigned at random: this shows association, not proof that contacting caused the difference."),
                "cases": object([
                    "opened": counted("Cases of any source opened in the period."),
                    "resolved": counted("Of those, resolved or closed."),
                    "open": counted("Of those, still open."),
                    "overdue": counted("Of those, open past their due time."),
                ], required: ["opened", "resolved", "open", "overdue"]),
            ], required: ["period", "touchpoint_id", "as_of", "detractors", "service_level", "time_to_first_action", "time_to_resolution",
                          "outcomes", "afterwards", "cases"],
               description: "Closed-loop figures for the detractor responses received in the period."),
            "ClosedLoopHours": object([
                "n": counted("Detractor cases that reached this point."),
                "median_hours": hours,
                "p90_hours": hours,
            ], required: ["n", "median_hours", "p90_hours"],
               description: "Hours from a case's opening, median and 90th percentile by linear interpolation between order statistics (Hyndman & Fan type 7, as R's and NumPy's defaults); null without cases."),
            "ClosedLoopGroup": object([
                "customers": count,
                "with_later_response": counted("Customers who gave an NPS answer after their detractor response (any survey)."),
                "promoters_later": counted("Of those, who answered 9 or 10 next time."),
                "churned": counted("Customers whose status is churned with churned_on after the day of their detractor response."),
                "nps_change": ref("Estimate"),
                "promoter_share": ref("Estimate"),
                "churn_share": ref("Estimate"),
            ], required: ["customers", "with_later_response", "promoters_later", "churned", "nps_change", "promoter_share", "churn_share"],
               description: "nps_change: mean of next NPS minus the detractor's NPS, in scale points (Student t interval); promoter_share of with_later_response and churn_share of customers, in percent (Wilson intervals)."),
        ]
    }()
}
