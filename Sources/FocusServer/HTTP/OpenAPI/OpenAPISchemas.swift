import FocusCore
import Foundation

/// The component schemas of the OpenAPI document: the wire format of `DTOs.swift`, written
/// out by hand. The API tests check real responses against these.
enum OpenAPISchemas {
    static func object(_ properties: [String: [String: Any]], required: [String], description: String? = nil) -> [String: Any] {
        var schema: [String: Any] = ["type": "object", "properties": properties, "required": required]
        if let description { schema["description"] = description }
        return schema
    }

    static func ref(_ name: String) -> [String: Any] { ["$ref": "#/components/schemas/\(name)"] }

    nonisolated(unsafe) static let string: [String: Any] = ["type": "string"]
    nonisolated(unsafe) static let nullableString: [String: Any] = ["type": ["string", "null"]]
    nonisolated(unsafe) static let uuid: [String: Any] = ["type": "string", "format": "uuid"]
    nonisolated(unsafe) static let date: [String: Any] = ["type": ["string", "null"], "format": "date"]
    nonisolated(unsafe) static let number: [String: Any] = ["type": "number"]
    nonisolated(unsafe) static let nullableNumber: [String: Any] = ["type": ["number", "null"]]
    nonisolated(unsafe) static let integers: [String: Any] = ["type": "array", "items": ["type": "integer"]]
    nonisolated(unsafe) static let nullableChange: [String: Any] = ["oneOf": [["$ref": "#/components/schemas/Change"], ["type": "null"]]]
    nonisolated(unsafe) static let role: [String: Any] = ["type": "string", "enum": ["viewer", "agent", "analyst", "owner"]]

    /// Every schema: the ones below and those of the later areas, each in its own file.
    nonisolated(unsafe) static let all: [String: Any] = foundation
        .merging(webhookSchemas) { a, _ in a }
        .merging(caseworkSchemas) { a, _ in a }
        .merging(closedLoopSchemas) { a, _ in a }

    nonisolated(unsafe) static let foundation: [String: Any] = [
        "Error": object([
            "error": object([
                "status": ["type": "integer"],
                "message": string,
                "field": nullableString,
            ], required: ["status", "message"]),
        ], required: ["error"], description: "What went wrong; `field` names the input at fault."),
        "Health": object([
            "status": ["type": "string", "enum": ["ok"]],
            "database": ["type": "string", "enum": ["sqlite", "postgres"]],
            "version": string,
        ], required: ["status", "database", "version"]),
        "Workspace": object([
            "slug": string, "name": string, "currency": string, "role": role,
        ], required: ["slug", "name", "currency", "role"]),
        "Me": object([
            "kind": ["type": "string", "enum": ["user", "token"]],
            "name": string,
            "email": nullableString,
            "workspaces": ["type": "array", "items": ["$ref": "#/components/schemas/Workspace"]],
        ], required: ["kind", "name", "workspaces"]),
        "Stage": object(["id": uuid, "name": string, "position": ["type": "integer"]], required: ["id", "name", "position"]),
        "StageInput": object(["name": string, "position": ["type": "integer"]], required: ["name"]),
        "Touchpoint": object([
            "id": uuid, "name": string,
            "kind": ["type": "string", "enum": ["external", "internal"]],
            "stage": nullableString, "description": nullableString,
        ], required: ["id", "name", "kind"]),
        "TouchpointInput": object([
            "name": ["type": "string", "maxLength": 120],
            "kind": ["type": "string", "enum": ["external", "internal"], "default": "external"],
            "stage": ["type": "string", "description": "A journey stage's name; a new name adds the stage."],
            "description": string,
        ], required: ["name"]),
        "Brand": object(["id": uuid, "name": string, "is_own": ["type": "boolean"]], required: ["id", "name", "is_own"]),
        "BrandInput": object(["name": string, "is_own": ["type": "boolean", "default": false]], required: ["name"]),
        "Customer": object([
            "id": uuid, "external_id": string, "name": nullableString, "email": nullableString, "segment": nullableString,
            "attributes": ["type": "object", "additionalProperties": ["type": "string"]],
            "value_per_year": ["type": ["number", "null"]],
            "since": date,
            "status": ["type": "string", "enum": ["active", "churned"]],
            "churned_on": date,
        ], required: ["id", "external_id", "attributes", "status"]),
        "CustomerInput": object([
            "external_id": string, "name": string, "email": ["type": "string", "format": "email"], "segment": string,
            "attributes": ["type": "object", "additionalProperties": ["type": "string"]],
            "value_per_year": ["type": "number", "minimum": 0],
            "since": ["type": "string", "format": "date"],
            "status": ["type": "string", "enum": ["active", "churned"], "default": "active"],
            "churned_on": ["type": "string", "format": "date", "description": "Required when status is churned."],
        ], required: ["external_id"]),
        "LocalizedText": [
            "oneOf": [
                ["type": "string", "description": "Text in English."],
                ["type": "object", "additionalProperties": ["type": "string"], "description": "Text by language code."],
            ],
        ] as [String: Any],
        "Option": object(["key": string, "label": ref("LocalizedText")], required: ["key", "label"]),
        "Question": object([
            "key": ["type": "string", "description": "Stable: answers refer to it."],
            "kind": ["type": "string", "enum": ["nps", "csat", "ces", "rating", "single_choice", "multiple_choice", "text"]],
            "text": ref("LocalizedText"),
            "required": ["type": "boolean"],
            "attribute": ["type": ["string", "null"], "description": "For a rating: the attribute it rates."],
            "scale_max": ["type": ["integer", "null"], "enum": [5, 10, NSNull()], "description": "For a rating: 5 (1-5) or 10 (0-10)."],
            "options": ["type": "array", "items": ref("Option")],
            "max_length": ["type": ["integer", "null"]],
        ], required: ["key", "kind", "text"]),
        "SurveyTemplate": object(["key": string, "title": string, "summary": string], required: ["key", "title", "summary"]),
        "Survey": object([
            "id": uuid, "name": string,
            "status": ["type": "string", "enum": ["draft", "live", "closed"]],
            "template": nullableString, "touchpoint_id": ["type": ["string", "null"], "format": "uuid"],
            "public_key": string, "public_url": string,
            "languages": ["type": "array", "items": string],
            "intro": ref("LocalizedText"), "thanks": ref("LocalizedText"),
            "asks_brand": ["type": "boolean"],
            "questions": ["type": "array", "items": ref("Question")],
        ], required: ["id", "name", "status", "public_key", "public_url", "languages", "intro", "thanks", "asks_brand", "questions"]),
        "SurveyInput": object([
            "name": string, "touchpoint_id": ["type": "string", "format": "uuid"],
            "languages": ["type": "array", "items": string, "description": "The first is the default."],
            "intro": ref("LocalizedText"), "thanks": ref("LocalizedText"),
            "asks_brand": ["type": "boolean", "description": "For a competitor benchmark: responses name the brand."],
            "questions": ["type": "array", "items": ref("Question")],
        ], required: ["name"]),
        "TemplateInput": object([
            "template": ["type": "string", "enum": SurveyTemplate.allCases.map(\.rawValue)],
            "name": string, "touchpoint_id": ["type": "string", "format": "uuid"],
        ], required: ["template"]),
        "StatusInput": object(["status": ["type": "string", "enum": ["draft", "live", "closed"]]], required: ["status"]),
        "AnswerValue": [
            "description": "A whole number for nps, csat, ces and rating; an option key for single_choice; a list of option keys for multiple_choice; text for text.",
            "oneOf": [["type": "integer"], ["type": "string"], ["type": "array", "items": ["type": "string"]]],
        ] as [String: Any],
        "ResponseInput": object([
            "survey_id": uuid,
            "answers": ["type": "object", "additionalProperties": ref("AnswerValue"), "description": "By question key."],
            "touchpoint_id": ["type": "string", "format": "uuid", "description": "Defaults to the survey's touchpoint."],
            "brand": ["type": "string", "description": "A brand's name or id; required by benchmark surveys."],
            "customer_id": ["type": "string", "description": "The customer's external id."],
            "channel": ["type": "string", "enum": ResponseService.channels.sorted(), "default": "api"],
            "language": string,
            "hidden": ["type": "object", "additionalProperties": ["type": "string"]],
            "received_at": ["type": "string", "format": "date-time", "description": "Defaults to now."],
            "contact_id": ["type": "string", "format": "uuid", "description": "The contact (a call, a chat, …) the response is about, as returned when it was recorded."],
        ], required: ["survey_id", "answers"]),
        "ResponseBatchInput": object(["responses": ["type": "array", "items": ref("ResponseInput"), "maxItems": 1000]], required: ["responses"]),
        "Response": object([
            "id": uuid, "survey_id": uuid,
            "touchpoint_id": ["type": ["string", "null"], "format": "uuid"],
            "brand_id": ["type": ["string", "null"], "format": "uuid"],
            "customer_id": ["type": ["string", "null"], "format": "uuid"],
            "contact_id": ["type": ["string", "null"], "format": "uuid", "description": "The contact the response is about, if it names one."],
            "channel": string, "language": string,
            "received_at": ["type": "string", "format": "date-time"],
            "answers": ["type": "object", "additionalProperties": ref("AnswerValue")],
            "hidden": ["type": "object", "additionalProperties": ["type": "string"]],
        ], required: ["id", "survey_id", "channel", "language", "received_at", "answers", "hidden"]),
        "ResponseBatch": object(["responses": ["type": "array", "items": ref("Response")]], required: ["responses"]),
        "InvitationInput": object([
            "survey_id": uuid,
            "customer_id": ["type": "string", "description": "The customer's external id."],
            "touchpoint_id": ["type": "string", "format": "uuid"],
            "hidden": ["type": "object", "additionalProperties": ["type": "string"]],
            "language": string,
            "channel": ["type": "string", "enum": ResponseService.channels.sorted(), "default": "email"],
            "expires_in_days": ["type": "integer", "minimum": 1, "maximum": 365, "default": 14],
        ], required: ["survey_id"]),
        "InvitationBatchInput": object(["invitations": ["type": "array", "items": ref("InvitationInput"), "maxItems": 1000]], required: ["invitations"]),
        "InvitationResult": object([
            "status": ["type": "string", "enum": ["created", "skipped"]],
            "id": uuid, "url": ["type": "string", "description": "The personal link; shown only now."],
            "expires_at": ["type": "string", "format": "date-time"],
            "reason": ["type": "string", "description": "Why it was skipped (survey fatigue)."],
            "last_invited_at": ["type": "string", "format": "date-time"],
        ], required: ["status"]),
        "InvitationBatch": object(["invitations": ["type": "array", "items": ref("InvitationResult")]], required: ["invitations"]),
        "Settings": object([
            "fatigue_days": ["type": "integer", "minimum": 0, "maximum": 365,
                             "description": "A customer is not invited again within this many days (0: no limit)."],
        ], required: ["fatigue_days"]),
        "SurveyPrompt": object([
            "key": string, "name": string, "language": string,
            "question": object(["key": string, "text": string, "min": ["type": "integer"], "max": ["type": "integer"],
                                "low": string, "high": string], required: ["key", "text", "min", "max", "low", "high"]),
            "follow_up": ["type": ["object", "null"], "properties": ["key": string, "text": string], "required": ["key", "text"]],
            "thanks": string, "send_label": string,
        ], required: ["key", "name", "language", "question", "thanks", "send_label"]),
        "WidgetInput": object([
            "answers": ["type": "object", "additionalProperties": ref("AnswerValue")],
            "language": string,
            "hidden": ["type": "object", "additionalProperties": ["type": "string"]],
        ], required: ["answers"]),
        "Accepted": object(["id": uuid], required: ["id"]),
        "Interval": object(["low": number, "high": number], required: ["low", "high"]),
        "Estimate": object([
            "value": nullableNumber, "n": ["type": "integer"], "standard_error": nullableNumber,
            "interval": ["oneOf": [ref("Interval"), ["type": "null"]]],
        ], required: ["value", "n"], description: "A score with its sample size and 95% interval; value is null without answers."),
        "Change": object([
            "difference": number, "interval": ref("Interval"), "p_value": number, "significant": ["type": "boolean"],
        ], required: ["difference", "interval", "p_value", "significant"],
           description: "Later minus earlier, with the 95% interval of the difference and a two-sided test at the 5% level."),
        "Period": object(["from": ["type": "string", "format": "date"], "to": ["type": "string", "format": "date"]], required: ["from", "to"],
                         description: "Both days included."),
        "Scores": object([
            "responses": ["type": "integer"], "nps": ref("Estimate"), "csat": ref("Estimate"), "ces": ref("Estimate"),
            "low_effort": ref("Estimate"),
            "distribution": object(["nps": integers, "csat": integers, "ces": integers], required: ["nps", "csat", "ces"],
                                   description: "Answers at each scale point: nps[0] counts 0s, csat[0] and ces[0] count 1s."),
        ], required: ["responses", "nps", "csat", "ces", "low_effort", "distribution"],
           description: "NPS in points (−100…100), CSAT as % answering 4–5, CES as mean effort (1 easy – 7 hard), low_effort as % answering 1–3."),
        "Changes": object(["nps": nullableChange, "csat": nullableChange, "ces": nullableChange], required: ["nps", "csat", "ces"]),
        "ScoreSummary": object([
            "period": ref("Period"), "previous_period": ref("Period"), "current": ref("Scores"), "previous": ref("Scores"),
            "changes": ref("Changes"),
            "response_rate": ["oneOf": [object(["sent": ["type": "integer"], "answered": ["type": "integer"], "rate": ref("Estimate")],
                                               required: ["sent", "answered", "rate"],
                                               description: "Invitations created in the period and how many were answered."),
                                        ["type": "null", "description": "With a brand, channel, segment or attribute filter: invitations carry none of them."]]],
        ], required: ["period", "previous_period", "current", "previous", "changes", "response_rate"]),
        "ScoreTrend": object([
            "score": ["type": "string", "enum": ["nps", "csat", "ces"]],
            "granularity": ["type": "string", "enum": ["day", "week", "month", "quarter"]],
            "points": ["type": "array", "items": object([
                "period": ref("Period"), "label": string, "responses": ["type": "integer"], "estimate": ref("Estimate"),
                "change": nullableChange,
            ], required: ["period", "label", "responses", "estimate", "change"])],
        ], required: ["score", "granularity", "points"]),
        "ContactReason": object([
            "id": uuid, "category": string, "name": string, "avoidable": ["type": "boolean"],
            "fix": ["type": ["string", "null"], "enum": FixKind.allCases.map(\.rawValue) as [Any] + [NSNull()]], "fix_note": nullableString,
        ], required: ["category", "name", "avoidable", "fix", "fix_note"], description: "A reason of the two-level taxonomy: a category and the reason."),
        "ContactReasonInput": object([
            "category": ["type": "string", "maxLength": 80], "name": ["type": "string", "maxLength": 80],
            "avoidable": ["type": "boolean", "default": false],
            "fix": ["type": "string", "enum": FixKind.allCases.map(\.rawValue), "description": "Required when avoidable: what would prevent the contact."],
            "fix_note": ["type": "string", "maxLength": 200],
        ], required: ["category", "name"]),
        "StarterTaxonomy": object(["key": string, "label": string, "reasons": ["type": "array", "items": ref("ContactReason")]],
                                  required: ["key", "label", "reasons"]),
        "AdoptInput": object(["taxonomy": ["type": "string", "enum": StarterTaxonomy.allCases.map(\.rawValue)]], required: ["taxonomy"]),
        "Adopted": object(["added": ["type": "integer"], "reasons": ["type": "array", "items": ref("ContactReason")]], required: ["added", "reasons"]),
        "ContactInput": object([
            "channel": ["type": "string", "enum": ContactChannel.allCases.map(\.rawValue)],
            "reason_id": uuid, "touchpoint_id": uuid,
            "customer_id": ["type": "string", "description": "The customer's external id."],
            "occurred_at": ["type": "string", "format": "date-time", "description": "Defaults to now."],
            "wait_seconds": ["type": "number", "minimum": 0, "maximum": 604800],
            "handling_seconds": ["type": "number", "minimum": 0, "maximum": 604800],
            "resolved_first_contact": ["type": "boolean"],
            "agent": ["type": "string", "maxLength": 80], "team": ["type": "string", "maxLength": 80],
            "cost": ["type": "number", "minimum": 0, "description": "Defaults to the channel's cost."],
            "note": ["type": "string", "maxLength": 2000],
        ], required: ["channel"]),
        "ContactBatchInput": object(["contacts": ["type": "array", "items": ref("ContactInput"), "maxItems": 1000]], required: ["contacts"]),
        "Contact": object([
            "id": uuid, "channel": ["type": "string", "enum": ContactChannel.allCases.map(\.rawValue)],
            "reason_id": ["type": ["string", "null"], "format": "uuid"], "touchpoint_id": ["type": ["string", "null"], "format": "uuid"],
            "customer_id": ["type": ["string", "null"], "format": "uuid"],
            "occurred_at": ["type": "string", "format": "date-time"],
            "wait_seconds": nullableNumber, "handling_seconds": nullableNumber,
            "resolved_first_contact": ["type": ["boolean", "null"]],
            "agent": nullableString, "team": nullableString, "cost": number, "is_repeat": ["type": "boolean"], "note": nullableString,
        ], required: ["id", "channel", "occurred_at", "cost", "is_repeat"]),
        "ContactBatch": object(["contacts": ["type": "array", "items": ref("Contact")]], required: ["contacts"]),
        "FeedbackInput": object([
            "source": ["type": "string", "enum": Feedback.Source.allCases.map(\.rawValue), "default": "other"],
            "text": ["type": "string", "maxLength": Feedback.maxTextLength],
            "rating": ["type": "number", "minimum": 1, "maximum": 5, "description": "Stars, halves allowed."],
            "author": string, "url": ["type": "string", "format": "uri"],
            "touchpoint_id": ["type": "string", "format": "uuid"],
            "customer_id": ["type": "string", "description": "The customer's external id."],
            "occurred_at": ["type": "string", "format": "date-time", "description": "When it was written; defaults to now."],
        ], required: ["text"]),
        "Feedback": object([
            "id": uuid, "source": ["type": "string", "enum": Feedback.Source.allCases.map(\.rawValue)], "text": string,
            "rating": nullableNumber, "author": nullableString, "url": nullableString,
            "touchpoint_id": ["type": ["string", "null"], "format": "uuid"], "customer_id": ["type": ["string", "null"], "format": "uuid"],
            "occurred_at": ["type": "string", "format": "date-time"],
        ], required: ["id", "source", "text", "rating", "author", "url", "touchpoint_id", "customer_id", "occurred_at"]),
        "ContactSettings": object([
            "repeat_days": ["type": "integer", "minimum": 1, "maximum": 90,
                            "description": "A contact of the same customer for the same reason within this many days is a repeat."],
            "costs": ["type": "object", "additionalProperties": number, "description": "Cost of one contact per channel, in the workspace's currency."],
        ], required: []),
        "ContactFigures": object([
            "contacts": ["type": "integer"], "cost": number,
            "first_contact_resolution": ref("Estimate"), "repeat_rate": ref("Estimate"),
            "mean_wait_seconds": nullableNumber, "mean_handling_seconds": nullableNumber,
        ], required: ["contacts", "cost", "first_contact_resolution", "repeat_rate", "mean_wait_seconds", "mean_handling_seconds"],
           description: "Shares in percent with 95% Wilson intervals."),
        "ContactAnalysis": object([
            "period": ref("Period"), "total": ref("ContactFigures"), "avoidable_share": ref("Estimate"),
            "avoidable_contacts": ["type": "integer"], "avoidable_yearly_cost": number,
            "reasons": ["type": "array", "items": object([
                "reason_id": ["type": ["string", "null"], "format": "uuid"], "category": nullableString, "name": string,
                "avoidable": ["type": "boolean"], "share": number, "cumulative_share": number, "figures": ref("ContactFigures"),
            ], required: ["reason_id", "category", "name", "avoidable", "share", "cumulative_share", "figures"])],
            "fixes": ["type": "array", "items": object([
                "reason_id": uuid, "reason": string, "fix": nullableString, "fix_note": nullableString, "contacts": ["type": "integer"],
                "period_cost": number, "yearly_saving": number,
            ], required: ["reason_id", "reason", "fix", "fix_note", "contacts", "period_cost", "yearly_saving"])],
            "teams": ["type": "array", "items": object(["key": string, "figures": ref("ContactFigures")], required: ["key", "figures"])],
            "channels": ["type": "array", "items": object(["key": string, "figures": ref("ContactFigures")], required: ["key", "figures"])],
            "wait_satisfaction": object([
                "responses": ["type": "integer", "description": "Responses that name one of the period's contacts with a known wait."],
                "score": ["type": ["string", "null"], "enum": ["nps", "csat", "ces", NSNull()], "description": "The score most of them answer, compared below."],
                "bands": ["type": "array", "items": object([
                    "label": string, "from_seconds": number, "to_seconds": nullableNumber, "responses": ["type": "integer"], "scores": ref("Scores"),
                ], required: ["label", "from_seconds", "to_seconds", "responses", "scores"])],
                "shortest_against_longest": ["oneOf": [ref("Change"), ["type": "null"]],
                                             "description": "From the shortest-wait band with at least 30 answers to the longest such band: the change in the score, its interval and significance; null with fewer than two such bands."],
            ], required: ["responses", "score", "bands", "shortest_against_longest"]),
        ], required: ["period", "total", "avoidable_share", "avoidable_contacts", "avoidable_yearly_cost", "reasons", "fixes", "teams", "channels",
                      "wait_satisfaction"],
           description: "Reasons largest first (a Pareto); the yearly cost is the period's cost scaled to 365 days."),
        "Comment": object([
            "id": uuid, "source": ["type": "string", "enum": CommentSource.allCases.map(\.rawValue)],
            "survey_id": ["type": ["string", "null"], "format": "uuid"], "touchpoint_id": ["type": ["string", "null"], "format": "uuid"],
            "customer_id": ["type": ["string", "null"], "format": "uuid"], "occurred_at": ["type": "string", "format": "date-time"],
            "language": nullableString, "text": string,
            "sentiment": ["type": "number", "description": "From −1 (most negative) to +1 (most positive)."],
            "sentiment_class": ["type": "string", "enum": SentimentClass.allCases.map(\.rawValue), "description": "Negative below −0.05, positive above +0.05."],
            "nps": ["type": ["integer", "null"]], "csat": ["type": ["integer", "null"]],
            "themes": ["type": "array", "items": uuid, "description": "The ids of the themes it mentions."],
            "fragments": ["type": "array", "items": object(["text": string, "match": ["type": "boolean"]], required: ["text", "match"]),
                          "description": "The text in pieces; pieces that match the search are marked."],
        ], required: ["id", "source", "survey_id", "touchpoint_id", "customer_id", "occurred_at", "language", "text", "sentiment", "sentiment_class",
                      "nps", "csat", "themes", "fragments"]),
        "CommentContext": object([
            "comment": ref("Comment"), "survey_name": nullableString,
            "response": ["oneOf": [ref("Response"), ["type": "null"]]], "feedback": ["oneOf": [ref("Feedback"), ["type": "null"]]],
            "contact": ["oneOf": [ref("Contact"), ["type": "null"]]], "customer": ["oneOf": [ref("Customer"), ["type": "null"]]],
        ], required: ["comment", "survey_name", "response", "feedback", "contact", "customer"]),
        "Theme": object([
            "id": uuid, "key": string, "name": string, "built_in": ["type": "boolean"],
            "terms": ["type": "object", "additionalProperties": ["type": "array", "items": string],
                      "description": "Terms by language code (* for all): words, stems ending in * (invoic*), and phrases (amount due)."],
        ], required: ["id", "key", "name", "terms", "built_in"]),
        "ThemeInput": object([
            "name": string,
            "terms": ["type": "object", "additionalProperties": ["type": "array", "items": string],
                      "description": "Terms by language code (* for all): words, stems ending in * (invoic*), and phrases (amount due)."],
        ], required: [], description: "Both are required to create a theme; to change one, give what changes."),
        "ThemeChange": object(["theme": ref("Theme"), "reanalysed": ["type": "integer", "description": "Comments tagged again."]],
                              required: ["theme", "reanalysed"]),
        "ThemeImpact": object([
            "score": ["type": "string", "enum": ["nps", "csat"]], "period": ref("Period"),
            "comments": ["type": "integer", "description": "Comments in the filters, of every source."],
            "responses": ["type": "integer", "description": "Responses with a comment and the score: what the effects are computed over."],
            "overall": ref("Estimate"),
            "themes": ["type": "array", "items": object([
                "theme": ref("Theme"), "volume": ["type": "integer"], "mean_sentiment": nullableNumber,
                "negative_share": ["type": ["number", "null"], "description": "% of its comments that are negative."],
                "mentions": ["type": "integer", "description": "Responses with the score whose comment mentions it."],
                "with_theme": ref("Estimate"), "without_theme": ref("Estimate"), "difference": nullableChange,
                "points": ["type": ["number", "null"], "description": "Points of the overall score it costs (negative) or earns: share × (with − without)."],
                "points_interval": ["oneOf": [ref("Interval"), ["type": "null"]]],
            ], required: ["theme", "volume", "mean_sentiment", "negative_share", "mentions", "with_theme", "without_theme", "difference", "points",
                          "points_interval"])],
        ], required: ["score", "period", "comments", "responses", "overall", "themes"]),
        "EmergingTerms": object([
            "recent_period": ref("Period"), "earlier_period": ref("Period"), "recent_comments": ["type": "integer"],
            "earlier_comments": ["type": "integer"], "tested": ["type": "integer"],
            "threshold": ["type": "number", "description": "The p-value a term had to beat: 0.05 / tested."],
            "terms": ["type": "array", "items": object([
                "term": string, "recent": ["type": "integer"], "earlier": ["type": "integer"], "recent_share": number, "earlier_share": number,
                "ratio": number, "g_squared": number, "p_value": number,
            ], required: ["term", "recent", "earlier", "recent_share", "earlier_share", "ratio", "g_squared", "p_value"])],
        ], required: ["recent_period", "earlier_period", "recent_comments", "earlier_comments", "tested", "threshold", "terms"]),
        "DriverReport": object([
            "survey_id": uuid,
            "outcome": object(["key": string, "kind": ["type": "string", "enum": ["nps", "csat", "ces"]]], required: ["key", "kind"]),
            "period": ref("Period"),
            "responses": ["type": "integer", "description": "Responses that answered the outcome in the period and filters."],
            "missing": ["type": ["string", "null"], "enum": ["pairwise", "listwise", NSNull()]],
            "missing_description": nullableString,
            "analysis": ["oneOf": [object([
                "r2": number, "n": ["type": "integer", "description": "Responses behind the thinnest correlation (pairwise) or complete responses (listwise)."],
                "replicates": ["type": "integer", "description": "Bootstrap samples (resampling days) behind the intervals."],
                "intervals_for": ["type": ["string", "null"], "enum": ["shapley", "relative_weight", NSNull()],
                                  "description": "Which measure has bootstrap intervals: the Shapley values up to 14 ratings, beyond only the relative weights (each sample would need 2^m regressions)."],
                "excluded": ["type": "array", "items": string, "description": "Ratings left out: their answers do not vary."],
                "drivers": ["type": "array", "items": object([
                    "key": string, "attribute": nullableString, "correlation": number, "beta": nullableNumber, "shapley": nullableNumber,
                    "relative_weight": number, "importance": number, "share": number,
                    "importance_interval": ["oneOf": [ref("Interval"), ["type": "null"]]],
                    "relative_weight_interval": ["oneOf": [ref("Interval"), ["type": "null"]]], "mean": nullableNumber,
                ], required: ["key", "attribute", "correlation", "beta", "shapley", "relative_weight", "importance", "share", "importance_interval",
                              "relative_weight_interval", "mean"])],
            ], required: ["r2", "n", "replicates", "intervals_for", "excluded", "drivers"]), ["type": "null"]]],
            "problem": ["type": ["string", "null"], "description": "Why there is no analysis, when there is none."],
            "performance_of": string,
            "priorities": ["type": "array", "items": object([
                "key": string,
                "quadrant": ["type": "string", "enum": Quadrant.allCases.map(\.rawValue)],
                "importance": number, "performance": ["type": "number", "description": "Mean rating as % of the scale."],
                "gain_per_point": nullableNumber, "gain_to_best_competitor": nullableNumber,
                "competitor_leads": ["type": "boolean", "description": "A competitor rates it significantly higher: ranked first."],
            ], required: ["key", "quadrant", "importance", "performance", "gain_per_point", "gain_to_best_competitor", "competitor_leads"])],
            "benchmark": ["oneOf": [object([
                "own_brand_id": uuid, "brands": ["type": "array", "items": ref("Brand")],
                "questions": ["type": "array", "items": object([
                    "key": string, "kind": string,
                    "by_brand": ["type": "array", "items": object(["brand_id": uuid, "n": ["type": "integer"], "mean": nullableNumber],
                                                                  required: ["brand_id", "n", "mean"])],
                    "gaps": ["type": "array", "items": object(["brand_id": uuid, "change": ref("Change"), "competitor_leads": ["type": "boolean"]],
                                                              required: ["brand_id", "change", "competitor_leads"])],
                    "ranking": ["type": "array", "items": uuid],
                ], required: ["key", "kind", "by_brand", "gaps", "ranking"])],
            ], required: ["own_brand_id", "brands", "questions"]), ["type": "null"]]],
        ], required: ["survey_id", "outcome", "period", "responses", "missing", "missing_description", "analysis", "problem", "performance_of",
                      "priorities", "benchmark"],
           description: "Importances are parts of R² (they add up to it); shares are their parts of the total. A gap's change is own brand minus competitor."),
        "ScoreBreakdown": object([
            "by": string, "period": ref("Period"), "previous_period": ref("Period"),
            "groups": ["type": "array", "items": object([
                "key": ["type": "string", "description": "The group's id, or its name; empty for responses without one."],
                "label": string, "current": ref("Scores"), "previous": ref("Scores"), "changes": ref("Changes"),
            ], required: ["key", "label", "current", "previous", "changes"])],
        ], required: ["by", "period", "previous_period", "groups"]),
    ]
}
