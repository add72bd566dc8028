import FocusCore
import Testing

@Suite("The demo's responses")
struct DemoResponsesTests {
    static let insurer = DemoInsurer(options: .init(seed: 11, responses: 30_000, asOf: CalendarDate(iso: "2026-10-31")!))

    static func correlation(_ xs: [Double], _ ys: [Double]) -> Double {
        let n = Double(xs.count)
        let mx = xs.reduce(0, +) / n, my = ys.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for (x, y) in zip(xs, ys) { sxy += (x - mx) * (y - my); sxx += (x - mx) * (x - mx); syy += (y - my) * (y - my) }
        return sxy / (sxx * syy).squareRoot()
    }

    @Test("same seed, same responses; every answer passes its survey's checks")
    func deterministicAndValid() throws {
        let a = Array(Self.insurer.responses.prefix(2_000))
        let b = Array(Self.insurer.responses.prefix(2_000))
        #expect(a == b)
        for r in a {
            let survey = r.survey.template.definition()
            var input: [String: AnswerInput] = [:]
            for (key, answer) in r.answers {
                switch answer {
                case .number(let n): input[key] = .number(Double(n))
                case .choice(let s), .text(let s): input[key] = .text(s)
                case .choices(let l): input[key] = .list(l)
                }
            }
            #expect(try survey.checkAnswers(input) == r.answers)
        }
        #expect(a.map(\.receivedAt) == a.map(\.receivedAt).sorted(), "oldest first")
    }

    @Test("claim speed drives NPS most, price least, as planted")
    func plantedDrivers() {
        let relationship = Self.insurer.responses.filter { $0.survey == .relationship }
        let nps = relationship.map { Double($0.answers["nps"]!.number!) }
        let r = DemoInsurer.plantedWeights.map { attribute, _ in
            Self.correlation(relationship.map { Double($0.answers[attribute]!.number!) }, nps)
        }
        #expect(r == r.sorted(by: >), "correlations in planted order: \(r)")
        #expect(r[0] > 0.5)
    }

    @Test("invoices get worse in the spring")
    func springDecline() {
        var spring: [Double] = [], rest: [Double] = []
        for r in Self.insurer.responses where r.survey == .service && r.touchpoint == DemoInsurer.springDeclineTouchpoint {
            let month = CalendarDate(daysSinceEpoch: Int(r.receivedAt / 86400)).month
            let satisfied = r.answers["csat"]!.number! >= 4 ? 1.0 : 0.0
            if (3...5).contains(month) { spring.append(satisfied) } else { rest.append(satisfied) }
        }
        let springShare = spring.reduce(0, +) / Double(spring.count)
        let restShare = rest.reduce(0, +) / Double(rest.count)
        #expect(restShare - springShare > 0.25, "satisfied share: spring \(springShare), rest \(restShare)")
    }
}
