import FocusCore
import Testing

@Suite("Survey rules")
struct SurveyRulesTests {
    static let survey = SurveyTemplate.relationshipNPS.definition()

    @Test("every template is a valid survey in English and German", arguments: SurveyTemplate.allCases)
    func templates(template: SurveyTemplate) throws {
        let d = try template.definition().validated()
        #expect(d.languages == ["en", "de"])
        #expect(!d.questions.isEmpty)
        for q in d.questions { #expect(q.text.values["en"] != nil && q.text.values["de"] != nil, "\(q.key)") }
        #expect(d.asksBrand == (template == .competitorBenchmark))
        if template == .customerFocusSelfAssessment {
            #expect(d.questions.compactMap(\.attribute) == ["listening", "empathy", "every_interaction", "adapting", "empowerment",
                                                            "internal_customers", "improvement"])
        }
    }

    @Test("answers are checked against their questions", arguments: [
        (["nps": AnswerInput.number(11)], "answers.nps"),
        (["nps": .number(-1)], "answers.nps"),
        (["nps": .number(7.5)], "answers.nps"),
        (["nps": .text("nine")], "answers.nps"),
        ([:], "answers.nps"),
        (["nps": .text("  ")], "answers.nps"),
        (["nps": .number(9), "speed": .number(6)], "answers.speed"),
        (["nps": .number(9), "mood": .number(3)], "answers.mood"),
        (["nps": .number(9), "comment": .text(String(repeating: "x", count: 2001))], "answers.comment"),
        (["nps": .number(9), "comment": .number(3)], "answers.comment"),
    ] as [([String: AnswerInput], String)])
    func rejected(input: [String: AnswerInput], field: String) {
        #expect { try Self.survey.checkAnswers(input) } throws: { ($0 as? FieldError)?.field == field }
    }

    @Test("valid answers are stored in their own types; empty optional answers are left out")
    func accepted() throws {
        let answers = try Self.survey.checkAnswers(["nps": .text("10"), "speed": .number(1), "comment": .text("  Quick!  "), "price": .null])
        #expect(answers == ["nps": .number(10), "speed": .number(1), "comment": .text("Quick!")])
        let ces = SurveyTemplate.customerEffort.definition()
        let multi = try ces.checkAnswers(["ces": .number(7), "obstacles": .list(["forms", "waiting", "forms"])])
        #expect(multi["obstacles"] == .choices(["waiting", "forms"]))
        #expect { try ces.checkAnswers(["ces": .number(2), "obstacles": .list(["teleport"])]) } throws: {
            ($0 as? FieldError)?.field == "answers.obstacles"
        }
        let csat = SurveyTemplate.transactionalCSAT.definition()
        #expect(try csat.checkAnswers(["csat": .number(1), "resolved": .text("no")])["resolved"] == .choice("no"))
        #expect(throws: FieldError.self) { try csat.checkAnswers(["csat": .number(1), "resolved": .text("maybe")]) }
    }

    @Test("a question with answers keeps its meaning; others may change")
    func compatibility() throws {
        let old = Self.survey
        var reworded = old
        reworded.questions[0].text = LocalizedText(en: "Would you recommend us?")
        reworded.questions.append(Question(key: "new", kind: .csat, text: LocalizedText(en: "New question")))
        try reworded.checkCompatible(with: old, answered: ["nps", "speed"])

        var removed = old
        removed.questions.removeAll { $0.key == "speed" }
        #expect(throws: FieldError("questions[1]", "speed has answers and cannot be removed")) {
            try removed.checkCompatible(with: old, answered: ["speed"])
        }
        try removed.checkCompatible(with: old, answered: ["nps"])

        var rekinded = old
        rekinded.questions[0].kind = .csat
        #expect(throws: FieldError("questions[0].kind", "cannot change: nps has answers")) {
            try rekinded.checkCompatible(with: old, answered: ["nps"])
        }
        var rescaled = old
        rescaled.questions[1].scaleMax = 10
        #expect(throws: FieldError("questions[1].scale_max", "cannot change: speed has answers")) {
            try rescaled.checkCompatible(with: old, answered: ["speed"])
        }
        let csat = SurveyTemplate.transactionalCSAT.definition()
        var fewer = csat
        fewer.questions[1].options.removeLast()
        #expect(throws: FieldError.self) { try fewer.checkCompatible(with: csat, answered: ["resolved"]) }
    }

    @Test("survey validation names the field at fault")
    func validation() {
        var s = Self.survey
        s.questions[1].attribute = nil
        #expect(throws: FieldError("questions[1].attribute", "is required for a rating: the attribute it rates, such as speed")) { try s.validated() }
        var dup = Self.survey
        dup.questions[1].key = "nps"
        #expect(throws: FieldError("questions", "keys must be different")) { try dup.validated() }
        var csat = SurveyTemplate.transactionalCSAT.definition()
        csat.questions[1].options[0].key = "yes;no"
        #expect(throws: FieldError.self) { try csat.validated() }
        var langs = Self.survey
        langs.languages = []
        #expect(throws: FieldError.self) { try langs.validated() }
    }

    @Test("the language falls back to the default, then to any text")
    func localized() {
        let text = LocalizedText(["en": "Hello", "de": "Hallo"])
        #expect(text.text("de", fallback: "en") == "Hallo")
        #expect(text.text("fr", fallback: "en") == "Hello")
        #expect(LocalizedText(["de": "Hallo"]).text("fr", fallback: "en") == "Hallo")
    }
}
