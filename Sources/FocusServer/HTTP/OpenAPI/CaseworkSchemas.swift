extension OpenAPISchemas {
    nonisolated(unsafe) static let time: [String: Any] = ["type": "string", "format": "date-time"]
    nonisolated(unsafe) static let nullableTime: [String: Any] = ["type": ["string", "null"], "format": "date-time"]
    nonisolated(unsafe) static let nullableUUID: [String: Any] = ["type": ["string", "null"], "format": "uuid"]
    nonisolated(unsafe) static let nullableInteger: [String: Any] = ["type": ["integer", "null"]]
    nonisolated(unsafe) static let priority: [String: Any] = ["type": "string", "enum": ["low", "normal", "high", "urgent"]]
    nonisolated(unsafe) static let caseStatus: [String: Any] = ["type": "string", "enum": ["new", "in_progress", "waiting_for_customer", "resolved", "closed"]]
    nonisolated(unsafe) static let caseOutcome: [String: Any] = ["type": "string", "enum": ["resolved", "retained", "lost"]]
    nonisolated(unsafe) static let assignment: [String: Any] = object([
        "to": ["type": "string", "enum": ["none", "touchpoint_team", "team", "person"],
               "description": "touchpoint_team: the team that looks after the item's touchpoint (nobody when none does)."],
        "team_id": ["type": "string", "format": "uuid", "description": "With to: team."],
        "user_id": ["type": "string", "format": "uuid", "description": "With to: person."],
    ], required: ["to"])

    /// The schemas of alert rules, cases, teams, authority limits and the audit log.
    nonisolated(unsafe) static let caseworkSchemas: [String: Any] = [
        "Case": object([
            "id": uuid, "number": ["type": "integer", "description": "Counts up per workspace."], "title": string,
            "source": ["type": "string", "enum": ["response", "contact", "manual"]], "source_id": nullableUUID,
            "customer_id": nullableUUID, "touchpoint_id": nullableUUID, "survey_id": nullableUUID,
            "nps": nullableInteger, "csat": nullableInteger, "ces": nullableInteger, "comment": nullableString,
            "priority": priority, "status": caseStatus, "team_id": nullableUUID, "owner_id": nullableUUID,
            "opened_at": time, "due_at": ["type": "string", "format": "date-time", "description": "Opened plus the priority's service level."],
            "overdue": ["type": "boolean", "description": "Open past its due time."],
            "first_action_at": nullableTime, "contacted_at": nullableTime, "resolved_at": nullableTime, "closed_at": nullableTime,
            "outcome": ["type": ["string", "null"], "description": "resolved, retained or lost; set when resolved."],
            "escalated_at": nullableTime, "escalated_to": nullableUUID,
        ], required: ["id", "number", "title", "source", "source_id", "customer_id", "touchpoint_id", "survey_id", "nps", "csat", "ces",
                      "comment", "priority", "status", "team_id", "owner_id", "opened_at", "due_at", "overdue", "first_action_at",
                      "contacted_at", "resolved_at", "closed_at", "outcome", "escalated_at", "escalated_to"]),
        "CaseOpen": object([
            "title": string, "priority": priority, "customer_id": uuid,
            "source_id": ["type": "string", "format": "uuid", "description": "A response or contact the case is about; it fills in the customer, touchpoint and scores."],
            "assign": assignment,
        ], required: ["title"]),
        "CaseChange": object([
            "status": caseStatus, "outcome": caseOutcome, "priority": priority,
            "owner_id": nullableUUID, "team_id": nullableUUID,
        ], required: [], description: "What is left out stays as it is."),
        "CaseNote": object(["text": string, "contacted": ["type": "boolean", "description": "The note records talking to the customer."]],
                           required: ["text"]),
        "CaseEvent": object(["at": time, "actor_id": nullableUUID, "actor": string,
                             "kind": ["type": "string", "enum": ["opened", "note", "contacted", "status", "assigned", "priority", "goodwill", "approval", "escalated"]],
                             "text": nullableString],
                            required: ["at", "actor_id", "actor", "kind", "text"]),
        "Goodwill": object([
            "id": uuid, "case_id": uuid, "kind": ["type": "string", "enum": ["refund", "credit"]],
            "amount": ["type": "number", "description": "In the workspace's currency."], "currency": string, "reason": string,
            "status": ["type": "string", "enum": ["final", "pending", "approved", "rejected"],
                       "description": "final: within the giver's limit; pending: waiting for someone whose limit covers it."],
            "requested_by": nullableUUID, "requested_by_name": string, "requested_at": time,
            "decided_by": nullableUUID, "decided_by_name": nullableString, "decided_at": nullableTime, "decision_note": nullableString,
        ], required: ["id", "case_id", "kind", "amount", "currency", "reason", "status", "requested_by", "requested_by_name", "requested_at",
                      "decided_by", "decided_by_name", "decided_at", "decision_note"]),
        "GoodwillInput": object([
            "kind": ["type": "string", "enum": ["refund", "credit"]],
            "amount": ["type": "number", "description": "More than 0, at most two decimals, in the workspace's currency."],
            "reason": string,
        ], required: ["kind", "amount", "reason"]),
        "GoodwillDecision": object(["note": string], required: [], description: "The body may be left out."),
        "CaseDetail": object([
            "case": ref("Case"),
            "events": ["type": "array", "items": ref("CaseEvent")],
            "goodwill": ["type": "array", "items": ref("Goodwill")],
            "history": ["oneOf": [ref("CustomerHistory"), ["type": "null"]]],
        ], required: ["case", "events", "goodwill", "history"]),
        "CustomerHistory": object([
            "customer_id": uuid, "name": nullableString, "external_id": string, "segment": nullableString,
            "value_per_year": nullableNumber, "status": string,
            "responses": ["type": "array", "items": object([
                "id": uuid, "survey_id": uuid, "received_at": time, "nps": nullableInteger, "csat": nullableInteger, "ces": nullableInteger,
                "comment": nullableString,
            ], required: ["id", "survey_id", "received_at", "nps", "csat", "ces", "comment"])],
            "contacts": ["type": "array", "items": object([
                "id": uuid, "occurred_at": time, "channel": string, "reason": nullableString, "is_repeat": ["type": "boolean"], "note": nullableString,
            ], required: ["id", "occurred_at", "channel", "reason", "is_repeat", "note"])],
            "cases": ["type": "array", "items": object([
                "id": uuid, "number": ["type": "integer"], "title": string, "status": caseStatus, "opened_at": time,
                "outcome": ["type": ["string", "null"]],
            ], required: ["id", "number", "title", "status", "opened_at", "outcome"])],
        ], required: ["customer_id", "name", "external_id", "segment", "value_per_year", "status", "responses", "contacts", "cases"],
           description: "The customer's earlier responses, contacts and other cases, newest first (at most 50 of each)."),
        "AlertConditions": object([
            "nps_at_most": ["type": "integer", "description": "0–9."],
            "csat_at_most": ["type": "integer", "description": "1–4."],
            "ces_at_least": ["type": "integer", "description": "2–7 (7 is very hard)."],
            "sentiment_below": ["type": "number", "description": "The comment's sentiment, −1 to +1, is below this (−0.05: negative)."],
            "keywords": ["type": "array", "items": string, "description": "Words, stems (cancel*) or phrases; the comment mentions one."],
            "customer_value_at_least": ["type": "number", "description": "The customer's value per year."],
            "repeat_contact": ["type": "boolean", "description": "The contact repeats an earlier one (contacts only)."],
        ], required: [], description: "At least one. A condition on something the item lacks is not met."),
        "AlertActions": object([
            "open_case": ["type": "boolean", "description": "Default true."],
            "priority": priority,
            "assign": assignment,
            "webhook_ids": ["type": "array", "items": uuid, "description": "Sent an alert.triggered event."],
        ], required: []),
        "AlertRuleInput": object([
            "name": string, "active": ["type": "boolean"],
            "source": ["type": "string", "enum": ["responses", "contacts", "both"]],
            "survey_id": uuid, "touchpoint_id": uuid,
            "match": ["type": "string", "enum": ["all", "any"], "description": "All conditions (default) or any one."],
            "conditions": ref("AlertConditions"), "actions": ref("AlertActions"),
        ], required: ["name", "conditions"]),
        "AlertRule": object([
            "id": uuid, "name": string, "active": ["type": "boolean"],
            "source": ["type": "string", "enum": ["responses", "contacts", "both"]],
            "survey_id": nullableUUID, "touchpoint_id": nullableUUID,
            "match": ["type": "string", "enum": ["all", "any"]],
            "conditions": ref("AlertConditions"), "actions": ref("AlertActions"),
            "matches": ["type": "integer"], "matches_last_30_days": ["type": "integer"],
            "created_at": time, "updated_at": time,
        ], required: ["id", "name", "active", "source", "survey_id", "touchpoint_id", "match", "conditions", "actions", "matches",
                      "matches_last_30_days", "created_at", "updated_at"]),
        "Team": object([
            "id": uuid, "name": string, "lead_id": nullableUUID,
            "member_ids": ["type": "array", "items": uuid], "touchpoint_ids": ["type": "array", "items": uuid],
        ], required: ["id", "name", "lead_id", "member_ids", "touchpoint_ids"]),
        "TeamInput": object([
            "name": string, "lead_id": nullableUUID,
            "member_ids": ["type": "array", "items": uuid], "touchpoint_ids": ["type": "array", "items": uuid],
        ], required: [], description: "name is required to create a team."),
        "CasePolicy": object([
            "currency": string,
            "service_level_hours": ["type": "object", "additionalProperties": number, "description": "Hours to resolve, by priority."],
            "authority_limits": ["type": "object", "additionalProperties": number, "description": "Goodwill without approval, by role."],
            "personal_limits": ["type": "array", "items": object(["user_id": uuid, "amount": number], required: ["user_id", "amount"]),
                                "description": "People whose own limit replaces their role's."],
        ], required: ["currency", "service_level_hours", "authority_limits", "personal_limits"]),
        "CasePolicyInput": object([
            "service_level_hours": ["type": "object", "additionalProperties": number],
            "authority_limits": ["type": "object", "additionalProperties": number],
            "personal_limits": ["type": "array", "items": object(["user_id": uuid, "amount": nullableNumber], required: ["user_id"]),
                                "description": "Replaces every personal limit; amount null removes one."],
        ], required: []),
        "AuditEntry": object([
            "id": uuid, "at": time, "actor_id": nullableUUID, "actor": string, "action": string,
            "subject_kind": string, "subject_id": nullableUUID,
            "details": ["type": "object", "additionalProperties": string],
        ], required: ["id", "at", "actor_id", "actor", "action", "subject_kind", "subject_id", "details"]),
    ]
}
