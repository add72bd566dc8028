/// The words around the questions that a respondent reads: in English and German, and
/// English for any other language until someone adds its words here.
public struct RespondentText: Sendable {
    public let send: String
    public let required: String
    public let brandQuestion: String
    public let closeHint: String
    public let alreadyAnswered: String
    public let expired: String
    public let closed: String
    public let notFound: String
    private let questionOf: @Sendable (Int, Int) -> String
    private let needAttention: @Sendable (Int) -> String
    private let ends: [QuestionKind: (String, String)]

    public func question(_ number: Int, of total: Int) -> String { questionOf(number, total) }
    public func errorSummary(_ count: Int) -> String { needAttention(count) }
    public func scaleEnds(_ kind: QuestionKind) -> (low: String, high: String)? { ends[kind].map { (low: $0.0, high: $0.1) } }

    public static func language(_ code: String) -> RespondentText {
        code == "de" ? german : english
    }

    static let english = RespondentText(
        send: "Send", required: "(required)", brandQuestion: "Which of these are you a customer of?",
        closeHint: "You can close this page now.", alreadyAnswered: "You have already answered. Thank you, your answers are in.",
        expired: "This link has expired. Thank you for your interest.", closed: "This survey is closed. Thank you for your interest.",
        notFound: "This survey does not exist. Please check the link you followed.",
        questionOf: { "Question \($0) of \($1)" },
        needAttention: { $0 == 1 ? "One answer needs attention." : "\($0) answers need attention." },
        ends: [.nps: ("Not at all likely", "Extremely likely"), .csat: ("Very dissatisfied", "Very satisfied"),
               .ces: ("Very easy", "Very difficult"), .rating: ("Very poor", "Excellent")])

    static let german = RespondentText(
        send: "Senden", required: "(Pflichtfrage)", brandQuestion: "Bei welchem dieser Anbieter sind Sie Kunde?",
        closeHint: "Sie können diese Seite jetzt schließen.", alreadyAnswered: "Sie haben schon geantwortet. Danke, Ihre Antworten sind angekommen.",
        expired: "Dieser Link ist abgelaufen. Danke für Ihr Interesse.", closed: "Diese Umfrage ist beendet. Danke für Ihr Interesse.",
        notFound: "Diese Umfrage gibt es nicht. Bitte prüfen Sie den Link.",
        questionOf: { "Frage \($0) von \($1)" },
        needAttention: { $0 == 1 ? "Eine Antwort braucht Ihre Aufmerksamkeit." : "\($0) Antworten brauchen Ihre Aufmerksamkeit." },
        ends: [.nps: ("Überhaupt nicht wahrscheinlich", "Äußerst wahrscheinlich"), .csat: ("Sehr unzufrieden", "Sehr zufrieden"),
               .ces: ("Sehr einfach", "Sehr schwierig"), .rating: ("Sehr schlecht", "Ausgezeichnet")])
}
