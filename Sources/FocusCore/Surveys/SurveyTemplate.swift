/// The surveys a new user starts from.
public enum SurveyTemplate: String, Sendable, CaseIterable, Codable {
    case relationshipNPS = "relationship_nps"
    case transactionalCSAT = "transactional_csat"
    case customerEffort = "customer_effort"
    case competitorBenchmark = "competitor_benchmark"
    case internalService = "internal_service"
    case customerFocusSelfAssessment = "customer_focus_self_assessment"

    public var title: String {
        switch self {
        case .relationshipNPS: "Relationship NPS"
        case .transactionalCSAT: "Transactional CSAT"
        case .customerEffort: "Customer effort (CES)"
        case .competitorBenchmark: "Competitor benchmark"
        case .internalService: "Internal service survey"
        case .customerFocusSelfAssessment: "Customer-focus self-assessment"
        }
    }

    public var summary: String {
        switch self {
        case .relationshipNPS: "How likely customers are to recommend you, what drives it, and why, in their words."
        case .transactionalCSAT: "Satisfaction right after one contact or transaction at a touchpoint."
        case .customerEffort: "How easy it was to get something done, and what made it hard."
        case .competitorBenchmark: "The same questions to your customers and your competitors' customers."
        case .internalService: "Employees rate a department that serves them."
        case .customerFocusSelfAssessment: "Staff rate their own organisation on seven habits of customer focus."
        }
    }

    static func rating(_ key: String, _ attribute: String, _ en: String, _ de: String, scaleMax: Int = 5) -> Question {
        Question(key: key, kind: .rating, text: LocalizedText(["en": en, "de": de]), attribute: attribute, scaleMax: scaleMax)
    }

    static func comment(_ en: String, _ de: String) -> Question {
        Question(key: "comment", kind: .text, text: LocalizedText(["en": en, "de": de]), maxLength: 2000)
    }

    /// The template's survey, in English and German.
    public func definition(name: String? = nil) -> SurveyDefinition {
        let languages = ["en", "de"]
        let thanks = LocalizedText(["en": "Thank you! Your answers help us improve.", "de": "Danke! Ihre Antworten helfen uns, besser zu werden."])
        switch self {
        case .relationshipNPS:
            return SurveyDefinition(name: name ?? title, languages: languages, thanks: thanks, questions: [
                Question(key: "nps", kind: .nps, text: LocalizedText([
                    "en": "How likely are you to recommend us to a friend or colleague?",
                    "de": "Wie wahrscheinlich ist es, dass Sie uns einem Freund oder Kollegen empfehlen?"]), required: true),
                Self.rating("speed", "speed", "How quickly do we handle your requests?", "Wie schnell bearbeiten wir Ihre Anliegen?"),
                Self.rating("friendliness", "friendliness", "How friendly are our staff?", "Wie freundlich sind unsere Mitarbeitenden?"),
                Self.rating("competence", "competence", "How competent are our staff?", "Wie kompetent sind unsere Mitarbeitenden?"),
                Self.rating("clarity", "clarity", "How clear are our letters and invoices?", "Wie verständlich sind unsere Briefe und Rechnungen?"),
                Self.rating("price", "price", "How fair is our price for what you get?", "Wie fair ist unser Preis für die Leistung?"),
                Self.comment("What is the main reason for your score?", "Was ist der wichtigste Grund für Ihre Bewertung?"),
            ])
        case .transactionalCSAT:
            return SurveyDefinition(name: name ?? title, languages: languages, thanks: thanks, questions: [
                Question(key: "csat", kind: .csat, text: LocalizedText([
                    "en": "How satisfied are you with how we handled your request today?",
                    "de": "Wie zufrieden sind Sie damit, wie wir Ihr Anliegen heute bearbeitet haben?"]), required: true),
                Question(key: "resolved", kind: .singleChoice, text: LocalizedText(["en": "Was your request resolved?", "de": "Wurde Ihr Anliegen gelöst?"]),
                         options: [ChoiceOption(key: "yes", label: LocalizedText(["en": "Yes", "de": "Ja"])),
                                   ChoiceOption(key: "partly", label: LocalizedText(["en": "Partly", "de": "Teilweise"])),
                                   ChoiceOption(key: "no", label: LocalizedText(["en": "No", "de": "Nein"]))]),
                Self.comment("What could we have done better?", "Was hätten wir besser machen können?"),
            ])
        case .customerEffort:
            return SurveyDefinition(name: name ?? title, languages: languages, thanks: thanks, questions: [
                Question(key: "ces", kind: .ces, text: LocalizedText([
                    "en": "How easy was it to get what you needed done today?",
                    "de": "Wie einfach war es heute, Ihr Anliegen zu erledigen?"]), required: true),
                Question(key: "obstacles", kind: .multipleChoice, text: LocalizedText(["en": "What made it harder? (choose all that apply)", "de": "Was hat es erschwert? (Mehrfachauswahl)"]),
                         options: [ChoiceOption(key: "waiting", label: LocalizedText(["en": "Waiting", "de": "Wartezeit"])),
                                   ChoiceOption(key: "forms", label: LocalizedText(["en": "Forms or paperwork", "de": "Formulare"])),
                                   ChoiceOption(key: "repeat", label: LocalizedText(["en": "Having to explain again", "de": "Mehrfach erklären"])),
                                   ChoiceOption(key: "unclear", label: LocalizedText(["en": "Unclear information", "de": "Unklare Informationen"])),
                                   ChoiceOption(key: "none", label: LocalizedText(["en": "Nothing", "de": "Nichts"]))]),
                Self.comment("What would have made it easier?", "Was hätte es einfacher gemacht?"),
            ])
        case .competitorBenchmark:
            return SurveyDefinition(name: name ?? title, languages: languages, thanks: thanks, asksBrand: true, questions: [
                Question(key: "nps", kind: .nps, text: LocalizedText([
                    "en": "How likely are you to recommend your insurer to a friend or colleague?",
                    "de": "Wie wahrscheinlich ist es, dass Sie Ihren Versicherer weiterempfehlen?"]), required: true),
                Self.rating("speed", "speed", "How quickly does your insurer handle requests?", "Wie schnell bearbeitet Ihr Versicherer Anliegen?"),
                Self.rating("friendliness", "friendliness", "How friendly are its staff?", "Wie freundlich sind die Mitarbeitenden?"),
                Self.rating("price", "price", "How fair is its price?", "Wie fair ist der Preis?"),
                Self.rating("claims", "claims", "How well does it handle claims?", "Wie gut bearbeitet er Schadenfälle?"),
                Self.comment("Why?", "Warum?"),
            ])
        case .internalService:
            return SurveyDefinition(name: name ?? title, languages: languages, thanks: thanks, questions: [
                Question(key: "csat", kind: .csat, text: LocalizedText([
                    "en": "How satisfied are you with the service this department gives you?",
                    "de": "Wie zufrieden sind Sie mit dem Service dieser Abteilung?"]), required: true),
                Self.rating("responsiveness", "responsiveness", "How quickly do they respond?", "Wie schnell reagieren sie?"),
                Self.rating("reliability", "reliability", "How reliably do they deliver what they promise?", "Wie zuverlässig halten sie Zusagen ein?"),
                Self.rating("understanding", "understanding", "How well do they understand what you need?", "Wie gut verstehen sie, was Sie brauchen?"),
                Self.comment("What should they change first?", "Was sollten sie zuerst ändern?"),
            ])
        case .customerFocusSelfAssessment:
            let habits: [(String, String, String)] = [
                ("listening", "We listen to our customers and find out what they need.", "Wir hören unseren Kunden zu und finden heraus, was sie brauchen."),
                ("empathy", "We see our service through our customers' eyes.", "Wir sehen unseren Service mit den Augen unserer Kunden."),
                ("every_interaction", "We treat every interaction as one that counts.", "Wir behandeln jeden Kontakt als wichtig."),
                ("adapting", "We change how we work when feedback shows we should.", "Wir ändern unsere Arbeitsweise, wenn Rückmeldungen es nahelegen."),
                ("empowerment", "Employees may solve a customer's problem without asking for permission.", "Mitarbeitende dürfen Kundenprobleme ohne Rückfrage lösen."),
                ("internal_customers", "We serve our colleagues as well as our customers.", "Wir bedienen unsere Kollegen so gut wie unsere Kunden."),
                ("improvement", "We keep improving, and check that improvements worked.", "Wir verbessern uns laufend und prüfen, ob es gewirkt hat."),
            ]
            return SurveyDefinition(name: name ?? title, languages: languages, thanks: thanks,
                                    questions: habits.map { Self.rating($0.0, $0.0, $0.1, $0.2, scaleMax: 10) }
                                        + [Self.comment("What would make us more customer-focused?", "Was würde uns kundenorientierter machen?")])
        }
    }
}
