import RealModule

/// The demo insurer's survey responses: a year of them, generated so that a few things are
/// true and can be discovered in the data:
///
/// - claim-handling speed drives the relationship NPS most (then friendliness, competence,
///   clarity, price, in that order of planted weight);
/// - the invoices touchpoint gets worse in the spring (a new invoice layout from March to May);
/// - comments say why, in words that match the scores.
extension DemoInsurer {
    /// The surveys the demo runs.
    public enum DemoSurvey: Int, Sendable, CaseIterable {
        /// Relationship NPS with five attribute ratings and a comment.
        case relationship
        /// Transactional CSAT after a contact at one touchpoint.
        case service

        public var template: SurveyTemplate {
            switch self {
            case .relationship: .relationshipNPS
            case .service: .transactionalCSAT
            }
        }

        public var name: String {
            switch self {
            case .relationship: "How are we doing? (relationship NPS)"
            case .service: "After your contact (transactional CSAT)"
            }
        }
    }

    public struct DemoResponse: Sendable, Equatable {
        public let survey: DemoSurvey
        /// Index into ``DemoInsurer/touchpoints`` (external touchpoints only).
        public let touchpoint: Int
        /// The customer's number (1-based, as in ``DemoInsurer/customers``), or nil if anonymous.
        public let customer: Int?
        /// Seconds since 1970.
        public let receivedAt: Double
        public let channel: String
        public let language: String
        public let answers: [String: Answer]
    }

    /// The planted weights of the relationship NPS drivers (on 1-5 ratings).
    public static let plantedWeights: [(attribute: String, weight: Double)] = [
        ("speed", 1.10), ("friendliness", 0.55), ("competence", 0.40), ("clarity", 0.25), ("price", 0.15),
    ]

    /// The index of the touchpoint that gets worse in the spring.
    public static let springDeclineTouchpoint = 2 // Invoices

    /// The responses, lazily, oldest first over the year before `asOf`.
    public var responses: some Sequence<DemoResponse> {
        ResponseSequence(insurer: self)
    }

    struct ResponseSequence: Sequence {
        let insurer: DemoInsurer
        func makeIterator() -> Iterator {
            Iterator(insurer: insurer, random: SeededRandom(seed: insurer.options.seed).fork(2))
        }

        struct Iterator: IteratorProtocol {
            let insurer: DemoInsurer
            var random: SeededRandom
            var index = 0

            mutating func next() -> DemoResponse? {
                let total = insurer.options.responses
                guard index < total else { return nil }
                index += 1
                return insurer.makeResponse(index: index, of: total, random: &random)
            }
        }
    }

    static let externalTouchpoints = [0, 1, 2, 3, 4, 5]
    static let touchpointWeights: [(Int, Double)] = [(0, 0.25), (1, 0.08), (2, 0.17), (3, 0.10), (4, 0.25), (5, 0.15)]

    func makeResponse(index: Int, of total: Int, random: inout SeededRandom) -> DemoResponse {
        // The year ends where the day `asOf` begins, so a demo loaded today holds nothing from the future.
        let end = Double(options.asOf.daysSinceEpoch) * 86400
        // Spread evenly over the year, jittered within the day, so responses come oldest first.
        let at = end - 365 * 86400 + (Double(index) - random.unit()) / Double(total) * 365 * 86400
        let day = CalendarDate(daysSinceEpoch: Int((at / 86400).rounded(.down)))
        let survey: DemoSurvey = random.unit() < 0.6 ? .relationship : .service
        let touchpoint = random.pick(Self.touchpointWeights)
        let customer: Int? = random.unit() < 0.9 ? random.int(in: 1...options.customerCount) : nil
        let language = random.unit() < 0.8 ? "en" : "de"
        var answers: [String: Answer] = [:]
        let channel: String
        switch survey {
        case .relationship:
            channel = random.pick([("invitation", 0.6), ("email", 0.25), ("link", 0.15)])
            var ratings: [String: Int] = [:]
            // A shared "general impression" makes the ratings correlate, as real ones do.
            let general = random.normal(sd: 0.6)
            var latent = 0.0
            for (attribute, weight) in Self.plantedWeights {
                let mean: Double = attribute == "speed" ? 3.3 : attribute == "price" ? 3.0 : 3.7
                let rating = Int((mean + general + random.normal(sd: 0.8)).rounded()).clamped(to: 1...5)
                ratings[attribute] = rating
                latent += weight * (Double(rating) - 3)
                answers[attribute] = .number(rating)
            }
            let nps = Int((7.6 + latent + random.normal(sd: 1.1)).rounded()).clamped(to: 0...10)
            answers["nps"] = .number(nps)
            if random.unit() < 0.4 {
                answers["comment"] = .text(Self.relationshipComment(nps: nps, ratings: ratings, language: language, random: &random))
            }
        case .service:
            channel = random.pick([("email", 0.5), ("sms", 0.3), ("widget", 0.2)])
            var satisfaction = 3.9 + random.normal(sd: 0.9)
            let spring = (3...5).contains(day.month)
            if touchpoint == Self.springDeclineTouchpoint && spring { satisfaction -= 1.2 }
            if touchpoint == 3 { satisfaction -= 0.5 } // the printed address-change form
            let csat = Int(satisfaction.rounded()).clamped(to: 1...5)
            answers["csat"] = .number(csat)
            answers["resolved"] = .choice(csat >= 4 ? "yes" : csat == 3 ? random.pick(["yes", "partly"]) : random.pick(["partly", "no"]))
            if random.unit() < 0.35 {
                answers["comment"] = .text(Self.serviceComment(csat: csat, touchpoint: touchpoint,
                                                               springInvoice: touchpoint == Self.springDeclineTouchpoint && spring,
                                                               language: language, random: &random))
            }
        }
        return DemoResponse(survey: survey, touchpoint: touchpoint, customer: customer, receivedAt: at, channel: channel,
                            language: language, answers: answers)
    }

    static func relationshipComment(nps: Int, ratings: [String: Int], language: String, random: inout SeededRandom) -> String {
        let de = language == "de"
        if nps <= 6 {
            // A detractor writes about what cost them most: the rating that pulled their score down the
            // furthest (its planted weight times its shortfall), so slow claims dominate the complaints.
            func pull(_ planted: (attribute: String, weight: Double)) -> Double {
                planted.weight * Double((ratings[planted.attribute] ?? 3) - 3)
            }
            let worst = plantedWeights.min { pull($0) < pull($1) }?.attribute ?? "speed"
            let lines: [String: [String]] = [
                "speed": de ? ["Die Schadenbearbeitung hat viel zu lange gedauert.", "Ich warte seit Wochen auf eine Antwort zu meinem Schaden."]
                    : ["My claim took far too long to settle.", "I waited weeks for an answer about my claim.", "Slow, slow, slow. Nobody called me back about the claim."],
                "friendliness": de ? ["Der Mitarbeiter am Telefon war unfreundlich."] : ["The agent on the phone was rude.", "Not very friendly when I called."],
                "competence": de ? ["Niemand konnte meine Frage beantworten."] : ["Nobody could answer my question.", "I had to explain everything three times."],
                "clarity": de ? ["Die Briefe sind unverständlich."] : ["Your letters are impossible to understand.", "The invoice is confusing."],
                "price": de ? ["Viel zu teuer für diese Leistung."] : ["Far too expensive for what you get.", "The premium went up again without explanation."],
            ]
            return random.pick(lines[worst] ?? ["Not happy."])
        }
        if nps >= 9 {
            return random.pick(de ? ["Schnelle und freundliche Hilfe, danke!", "Mein Schaden wurde in wenigen Tagen bezahlt."]
                                  : ["Quick and friendly help, thank you!", "My claim was paid within a few days. Excellent.",
                                     "Very helpful staff, always reachable."])
        }
        return random.pick(de ? ["Alles in Ordnung, aber es könnte schneller gehen."]
                              : ["Fine overall, but it could be faster.", "OK, nothing special.", "Good service but the price is high."])
    }

    static func serviceComment(csat: Int, touchpoint: Int, springInvoice: Bool, language: String, random: inout SeededRandom) -> String {
        let de = language == "de"
        if springInvoice && csat <= 3 {
            return random.pick(de ? ["Die neue Rechnung ist völlig unübersichtlich.", "Ich verstehe die neue Rechnung nicht."]
                                  : ["The new invoice layout is really confusing.", "I can't find the amount due on the new invoice.",
                                     "Why did you change the invoice? I don't understand it anymore."])
        }
        if csat <= 2 {
            let byTouchpoint: [Int: [String]] = [
                0: ["The web shop crashed during checkout.", "The quote form kept losing my data."],
                1: ["I waited 40 minutes in the branch."],
                2: ["I was charged twice on my invoice."],
                3: ["I had to print, sign and post a form just to change my address!", "Why can't I change my address online?"],
                4: ["On hold for 35 minutes, then the line dropped.", "Long wait on the phone line."],
                5: ["The claim handler never called back."],
            ]
            return random.pick(de ? ["Das hat lange gedauert und war umständlich."] : byTouchpoint[touchpoint] ?? ["Not good."])
        }
        if csat >= 4 {
            return random.pick(de ? ["Sehr hilfreich, danke."] : ["Very helpful, thanks.", "Sorted out in one call.", "Friendly and competent."])
        }
        return random.pick(de ? ["Ging so."] : ["It was okay.", "Took a while but got there."])
    }
}

extension Comparable {
    func clamped(to range: ClosedRange<Self>) -> Self { min(max(self, range.lowerBound), range.upperBound) }
}
