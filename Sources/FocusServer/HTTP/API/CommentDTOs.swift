import FocusCore
import Foundation

struct CommentDTO: Encodable {
    let id: UUID
    let source: String
    let surveyID: UUID?
    let touchpointID: UUID?
    let customerID: UUID?
    let occurredAt: String
    let language: String?
    let text: String
    let sentiment: Double
    let sentimentClass: String
    let nps: Int?
    let csat: Int?
    let themes: [UUID]
    let fragments: [SearchFragment]

    enum CodingKeys: String, CodingKey {
        case id, source, language, text, sentiment, nps, csat, themes, fragments
        case surveyID = "survey_id", touchpointID = "touchpoint_id", customerID = "customer_id", occurredAt = "occurred_at"
        case sentimentClass = "sentiment_class"
    }

    init(_ c: CommentRecord) {
        id = c.id
        source = c.source.rawValue
        surveyID = c.surveyID
        touchpointID = c.touchpointID
        customerID = c.customerID
        occurredAt = Timestamp.format(c.occurredAt)
        language = c.language
        text = c.text
        sentiment = c.sentiment
        sentimentClass = SentimentClass.of(c.sentiment).rawValue
        nps = c.nps
        csat = c.csat
        themes = c.themeIDs
        fragments = c.fragments
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(source, forKey: .source)
        try c.encode(surveyID, forKey: .surveyID)
        try c.encode(touchpointID, forKey: .touchpointID)
        try c.encode(customerID, forKey: .customerID)
        try c.encode(occurredAt, forKey: .occurredAt)
        try c.encode(language, forKey: .language)
        try c.encode(text, forKey: .text)
        try c.encode(sentiment, forKey: .sentiment)
        try c.encode(sentimentClass, forKey: .sentimentClass)
        try c.encode(nps, forKey: .nps)
        try c.encode(csat, forKey: .csat)
        try c.encode(themes, forKey: .themes)
        try c.encode(fragments, forKey: .fragments)
    }
}

struct ThemeDTO: Encodable {
    let id: UUID
    let key: String
    let name: String
    let terms: [String: [String]]
    let builtIn: Bool

    enum CodingKeys: String, CodingKey {
        case id, key, name, terms
        case builtIn = "built_in"
    }

    init(_ t: StoredThemeRecord) {
        id = t.id
        key = t.definition.key
        name = t.definition.name
        terms = t.definition.terms
        builtIn = t.builtIn
    }
}

struct ThemeInput: Decodable {
    let name: String?
    let terms: [String: [String]]?
}

struct ThemeChangeDTO: Encodable {
    let theme: ThemeDTO
    let reanalysed: Int

    init(_ change: ThemeService.Change) {
        theme = ThemeDTO(change.theme!)
        reanalysed = change.reanalysed
    }
}

struct ThemeImpactDTO: Encodable {
    struct Row: Encodable {
        let theme: ThemeDTO
        let volume: Int
        let meanSentiment: Double?
        let negativeShare: Double?
        let mentions: Int
        let withTheme: EstimateDTO
        let withoutTheme: EstimateDTO
        let difference: ChangeDTO?
        let points: Double?
        let pointsInterval: IntervalDTO?

        enum CodingKeys: String, CodingKey {
            case theme, volume, mentions, difference, points
            case meanSentiment = "mean_sentiment", negativeShare = "negative_share", withTheme = "with_theme", withoutTheme = "without_theme"
            case pointsInterval = "points_interval"
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(theme, forKey: .theme)
            try c.encode(volume, forKey: .volume)
            try c.encode(meanSentiment, forKey: .meanSentiment)
            try c.encode(negativeShare, forKey: .negativeShare)
            try c.encode(mentions, forKey: .mentions)
            try c.encode(withTheme, forKey: .withTheme)
            try c.encode(withoutTheme, forKey: .withoutTheme)
            try c.encode(difference, forKey: .difference)
            try c.encode(points, forKey: .points)
            try c.encode(pointsInterval, forKey: .pointsInterval)
        }
    }

    let score: String
    let period: PeriodDTO
    let comments: Int
    let responses: Int
    let overall: EstimateDTO
    let themes: [Row]

    init(_ r: ThemeImpactReport, period: Period) {
        score = r.score.rawValue
        self.period = PeriodDTO(period)
        comments = r.comments
        responses = r.responses
        overall = EstimateDTO(r.overall)
        themes = r.rows.map { row in
            Row(theme: ThemeDTO(row.theme), volume: row.volume, meanSentiment: row.meanSentiment, negativeShare: row.negativeShare,
                mentions: row.effect.mentions, withTheme: EstimateDTO(row.effect.withTheme), withoutTheme: EstimateDTO(row.effect.withoutTheme),
                difference: ChangeDTO(row.effect.difference), points: row.effect.points,
                pointsInterval: row.effect.pointsInterval.map { IntervalDTO(low: $0.low, high: $0.high) })
        }
    }
}

struct EmergingDTO: Encodable {
    struct Term: Encodable {
        let term: String
        let recent: Int
        let earlier: Int
        let recentShare: Double
        let earlierShare: Double
        let ratio: Double
        let gSquared: Double
        let pValue: Double

        enum CodingKeys: String, CodingKey {
            case term, recent, earlier, ratio
            case recentShare = "recent_share", earlierShare = "earlier_share", gSquared = "g_squared", pValue = "p_value"
        }
    }

    let recentPeriod: PeriodDTO
    let earlierPeriod: PeriodDTO
    let recentComments: Int
    let earlierComments: Int
    let tested: Int
    let threshold: Double
    let terms: [Term]

    enum CodingKeys: String, CodingKey {
        case tested, threshold, terms
        case recentPeriod = "recent_period", earlierPeriod = "earlier_period", recentComments = "recent_comments", earlierComments = "earlier_comments"
    }

    init(_ r: EmergingTerms.Result, recent: Period, earlier: Period, recentComments: Int, earlierComments: Int) {
        recentPeriod = PeriodDTO(recent)
        earlierPeriod = PeriodDTO(earlier)
        self.recentComments = recentComments
        self.earlierComments = earlierComments
        tested = r.tested
        threshold = r.threshold
        terms = r.terms.map {
            Term(term: $0.term, recent: $0.recent, earlier: $0.earlier, recentShare: $0.recentShare, earlierShare: $0.earlierShare,
                 ratio: $0.ratio, gSquared: $0.gSquared, pValue: $0.pValue)
        }
    }
}

struct CommentContextDTO: Encodable {
    let comment: CommentDTO
    let surveyName: String?
    let response: ResponseDTO?
    let feedback: FeedbackDTO?
    let contact: ContactDTO?
    let customer: CustomerDTO?

    enum CodingKeys: String, CodingKey {
        case comment, response, feedback, contact, customer
        case surveyName = "survey_name"
    }

    init(_ c: CommentContext) {
        comment = CommentDTO(c.comment)
        surveyName = c.survey?.definition.name
        response = c.response.map(ResponseDTO.init)
        feedback = c.feedback.map(FeedbackDTO.init)
        contact = c.contact.map(ContactDTO.init)
        customer = c.customer.map(CustomerDTO.init)
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(comment, forKey: .comment)
        try c.encode(surveyName, forKey: .surveyName)
        try c.encode(response, forKey: .response)
        try c.encode(feedback, forKey: .feedback)
        try c.encode(contact, forKey: .contact)
        try c.encode(customer, forKey: .customer)
    }
}
