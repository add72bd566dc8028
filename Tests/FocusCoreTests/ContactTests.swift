import FocusCore
import Testing

/// Expected values are worked out by hand (arithmetic in the comments), never taken from the code.
/// Wilson: centre (p + z²/2n)/(1 + z²/n), half-width z/(1 + z²/n)·√(p(1−p)/n + z²/4n²), z = 1.959963984540054,
/// z² = 3.841458820694124.
@Suite("Contacts")
struct ContactTests {
    private func close(_ a: Double?, _ b: Double, tolerance: Double = 1e-9) -> Bool {
        guard let a else { return false }
        return abs(a - b) <= tolerance
    }

    // MARK: channels and reasons

    @Test("channels have labels and a default cost")
    func channels() {
        #expect(ContactChannel.allCases.count == 6)
        #expect(ContactChannel.email.label == "E-mail")
        #expect(ContactChannel.phone.defaultCost == 6.00)
        #expect(ContactChannel.allCases.allSatisfy { $0.defaultCost > 0 })
        #expect(ContactChannel(rawValue: "social") == .social)
        #expect(FixKind(rawValue: "self_service") == .selfService)
        #expect(FixKind.clearerCommunication.label == "Clearer invoice or letter")
    }

    @Test("a reason is trimmed and its errors name the field")
    func reasonValidation() throws {
        let trimmed = try ContactReason(category: " Billing ", name: " Invoice unclear\n", avoidable: true,
                                        fix: .clearerCommunication, fixNote: "  ").validated()
        #expect(trimmed == ContactReason(category: "Billing", name: "Invoice unclear", avoidable: true, fix: .clearerCommunication, fixNote: nil))
        // A reason that is not avoidable needs no fix.
        #expect(throws: Never.self) { try ContactReason(category: "Claims", name: "Report a claim", avoidable: false).validated() }

        #expect(throws: FieldError("category", "must not be empty")) {
            try ContactReason(category: "  ", name: "X", avoidable: false).validated()
        }
        #expect(throws: FieldError("name", "must be at most 80 characters")) {
            try ContactReason(category: "C", name: String(repeating: "n", count: 81), avoidable: false).validated()
        }
        #expect(throws: Never.self) {
            try ContactReason(category: String(repeating: "c", count: 80), name: "N", avoidable: false).validated()
        }
        #expect(throws: FieldError("fix_note", "must be at most 200 characters")) {
            try ContactReason(category: "C", name: "N", avoidable: true, fix: .selfService, fixNote: String(repeating: "x", count: 201)).validated()
        }
        do {
            _ = try ContactReason(category: "C", name: "N", avoidable: true).validated()
            Issue.record("an avoidable reason without a fix was accepted")
        } catch {
            #expect(error.field == "fix")
        }
    }

    @Test("starter taxonomies validate and have the required reasons", arguments: StarterTaxonomy.allCases)
    func starters(taxonomy: StarterTaxonomy) throws {
        let reasons = taxonomy.reasons
        #expect((12...20).contains(reasons.count))
        #expect((4...6).contains(Set(reasons.map(\.category)).count))
        #expect(Set(reasons.map(\.name)).count == reasons.count, "names are unique")
        for reason in reasons {
            #expect(try reason.validated() == reason, "\(reason.name) is stored already trimmed and valid")
        }
        #expect(reasons.contains { $0.avoidable } && reasons.contains { !$0.avoidable })
        #expect(!taxonomy.label.isEmpty)
    }

    @Test("the insurance starter has the address change and the unclear invoice")
    func insuranceStarter() {
        let reasons = StarterTaxonomy.insurance.reasons
        #expect(reasons.contains(ContactReason(category: "Personal details", name: "Address change", avoidable: true,
                                               fix: .selfService, fixNote: "Change of address online")))
        let invoice = reasons.first { $0.name == "Invoice unclear" }
        #expect(invoice?.category == "Billing")
        #expect(invoice?.avoidable == true)
        #expect(invoice?.fix == .clearerCommunication)
    }

    // MARK: figures

    @Test("figures count first-contact resolution, repeats and times")
    func figures() {
        var figures = ContactFigures()
        // 10 contacts: resolution known for 8 (6 yes, 2 no), unknown for 2; 2 repeats;
        // wait known for 3 (60, 120, 180 s); handling known for 1 (300 s); costs 10 × 6.0.
        let resolved: [Bool?] = [true, true, true, true, true, true, false, false, nil, nil]
        for (index, first) in resolved.enumerated() {
            figures.add(cost: 6.0, resolvedFirst: first, isRepeat: index == 6 || index == 9,
                        waitSeconds: index < 3 ? Double(60 * (index + 1)) : nil,
                        handlingSeconds: index == 0 ? 300 : nil)
        }
        #expect(figures == ContactFigures(contacts: 10, cost: 60, resolutionKnown: 8, resolvedFirst: 6, repeats: 2,
                                          waitSecondsSum: 360, waitKnown: 3, handlingSecondsSum: 300, handlingKnown: 1))
        #expect(figures.meanWaitSeconds == 120)       // 360 / 3
        #expect(figures.meanHandlingSeconds == 300)   // 300 / 1

        // FCR 6 of 8: p = 0.75, z²/n = 0.4801823525867655, 1 + z²/n = 1.4801823525867655,
        // centre = (0.75 + 0.24009117629338276) / 1.48018… = 0.66889810877903,
        // half = 1.959963984540054 / 1.48018… · √(0.1875/8 + 3.841458820694124/256) = 0.25962267846886,
        // interval 40.9275430310 … 92.8520787248 %.
        let fcr = figures.firstContactResolution
        #expect(fcr.n == 8)
        #expect(close(fcr.value, 75))
        #expect(close(fcr.interval?.low, 40.92754303101688))
        #expect(close(fcr.interval?.high, 92.8520787247891))
        #expect(fcr == ScoreStatistics.share(6, of: 8))

        // Repeats 2 of 10: p = 0.2, 1 + z²/n = 1.3841458820694124,
        // centre = (0.2 + 0.1920729410347062) / 1.38414… = 0.28325983995887,
        // half = 1.95996… / 1.38414… · √(0.016 + 0.009603647051735) = 0.22657768850449,
        // interval 5.6682151454 … 50.9837528463 % (the textbook 0.057 … 0.510).
        let repeats = figures.repeatRate
        #expect(repeats.n == 10)
        #expect(close(repeats.value, 20))
        #expect(close(repeats.interval?.low, 5.668215145437519))
        #expect(close(repeats.interval?.high, 50.983752846335825))
    }

    @Test("figures merge with += and are empty at first")
    func merge() {
        let empty = ContactFigures()
        #expect(empty.firstContactResolution.value == nil)
        #expect(empty.repeatRate.value == nil)
        #expect(empty.meanWaitSeconds == nil)
        #expect(empty.meanHandlingSeconds == nil)

        var a = ContactFigures(contacts: 3, cost: 12, resolutionKnown: 2, resolvedFirst: 1, repeats: 1,
                               waitSecondsSum: 30, waitKnown: 1, handlingSecondsSum: 100, handlingKnown: 2)
        a += ContactFigures(contacts: 2, cost: 7, resolutionKnown: 2, resolvedFirst: 2, repeats: 0,
                            waitSecondsSum: 90, waitKnown: 2, handlingSecondsSum: 0, handlingKnown: 0)
        #expect(a == ContactFigures(contacts: 5, cost: 19, resolutionKnown: 4, resolvedFirst: 3, repeats: 1,
                                    waitSecondsSum: 120, waitKnown: 3, handlingSecondsSum: 100, handlingKnown: 2))
        #expect(a.meanWaitSeconds == 40) // 120 / 3
    }

    @Test("inconsistent stored counts do not stop the program")
    func inconsistentCounts() {
        let odd = ContactFigures(contacts: 2, cost: 0, resolutionKnown: 1, resolvedFirst: 3, repeats: 5,
                                 waitSecondsSum: 0, waitKnown: 0, handlingSecondsSum: 0, handlingKnown: 0)
        #expect(odd.firstContactResolution.value == 100)
        #expect(odd.repeatRate.value == 100)
    }

    // MARK: analysis

    private let address = ContactReason(category: "Personal details", name: "Address change", avoidable: true, fix: .selfService)
    private let invoice = ContactReason(category: "Billing", name: "Invoice unclear", avoidable: true, fix: .clearerCommunication)
    private let claim = ContactReason(category: "Claims", name: "Report a claim", avoidable: false)

    private func figures(_ contacts: Int, each cost: Double) -> ContactFigures {
        ContactFigures(contacts: contacts, cost: Double(contacts) * cost, resolutionKnown: 0, resolvedFirst: 0, repeats: 0,
                       waitSecondsSum: 0, waitKnown: 0, handlingSecondsSum: 0, handlingKnown: 0)
    }

    @Test("the analysis of three reasons over 30 days")
    func analysis() {
        // Address change: 50 e-mails at 4.00 = 200; Invoice unclear: 30 letters at 9.00 = 270;
        // Report a claim: 20 calls at 6.00 = 120. A reason in the taxonomy without contacts adds nothing.
        let analysis = ContactAnalysis(
            reasons: ["1": address, "2": invoice, "3": claim, "4": ContactReason(category: "X", name: "Unused", avoidable: true, fix: .processChange)],
            byReason: ["1": figures(50, each: 4), "2": figures(30, each: 9), "3": figures(20, each: 6), "4": ContactFigures()],
            periodDays: 30)

        #expect(analysis.total.contacts == 100)
        #expect(analysis.total.cost == 590) // 200 + 270 + 120

        // Pareto 50, 30, 20 of 100: shares 50, 30, 20 %, cumulative 50, 80, 100 %.
        #expect(analysis.pareto.map(\.key) == ["1", "2", "3"])
        #expect(analysis.pareto.map(\.share) == [50, 30, 20])
        #expect(analysis.pareto.map(\.cumulativeShare) == [50, 80, 100])
        #expect(analysis.pareto[0].reason == address)

        // Avoidable: 50 + 30 = 80 contacts costing 200 + 270 = 470; a year: 470 × 365 / 30 = 5718.33…
        #expect(analysis.avoidable.contacts == 80)
        #expect(analysis.avoidable.cost == 470)
        #expect(close(analysis.avoidableYearlyCost, 171_550.0 / 30)) // 470 × 365 = 171 550

        // 80 of 100: 1 + z²/n = 1.0384145882069412, centre = (0.8 + 0.01920729410347062) / 1.03841… = 0.78890195053790,
        // half = 1.95996… / 1.03841… · √(0.0016 + 0.0000960364705) = 0.07773111613106 → 71.1170834407 … 86.6633066669 %.
        let share = analysis.avoidableShare
        #expect(share.n == 100)
        #expect(close(share.value, 80))
        #expect(close(share.interval?.low, 71.11708344068411))
        #expect(close(share.interval?.high, 86.66330666689676))

        // Fixes by yearly cost: invoice 270 × 365 / 30 = 3285 before address 200 × 365 / 30 = 2433.33…,
        // though the address change has more contacts. The claim is not avoidable, "Unused" has no contacts.
        #expect(analysis.fixes.map(\.key) == ["2", "1"])
        #expect(analysis.fixes[0].contacts == 30)
        #expect(analysis.fixes[0].periodCost == 270)
        #expect(close(analysis.fixes[0].yearlyCost, 3285))
        #expect(close(analysis.fixes[1].yearlyCost, 73_000.0 / 30)) // 200 × 365 = 73 000
        #expect(analysis.fixes[1].reason.fix == .selfService)
    }

    @Test("contacts without a known reason form one row; ties go by name")
    func noReason() {
        // "" (no reason) 3 + "ghost" (not in the taxonomy) 2 = 5; Invoice unclear 5; Address change 5; Report a claim 5. Total 20.
        let analysis = ContactAnalysis(
            reasons: ["1": address, "2": invoice, "3": claim],
            byReason: ["": figures(3, each: 6), "ghost": figures(2, each: 6), "2": figures(5, each: 9),
                       "1": figures(5, each: 4), "3": figures(5, each: 6)],
            periodDays: 365)
        // Equal counts: Address change < Invoice unclear < Report a claim, the no-reason row last.
        #expect(analysis.pareto.map(\.key) == ["1", "2", "3", ""])
        #expect(analysis.pareto.last?.reason == nil)
        #expect(analysis.pareto.last?.figures.contacts == 5)
        #expect(analysis.pareto.last?.figures.cost == 30) // 5 × 6
        #expect(analysis.pareto.map(\.cumulativeShare) == [25, 50, 75, 100]) // 5, 10, 15, 20 of 20
        #expect(analysis.total.contacts == 20)
        // Over 365 days the yearly cost is the period's: 5 × 4 + 5 × 9 = 65.
        #expect(analysis.avoidableYearlyCost == 65)
        #expect(analysis.fixes.map(\.yearlyCost) == [45, 20])
    }

    @Test("no contacts: empty lists and no shares")
    func empty() {
        for byReason in [[:], ["1": ContactFigures(), "": ContactFigures()]] as [[String: ContactFigures]] {
            let analysis = ContactAnalysis(reasons: ["1": address], byReason: byReason, periodDays: 0)
            #expect(analysis.total == ContactFigures())
            #expect(analysis.pareto.isEmpty)
            #expect(analysis.fixes.isEmpty)
            #expect(analysis.avoidableYearlyCost == 0)
            #expect(analysis.avoidableShare.value == nil)
            #expect(analysis.avoidableShare.interval == nil)
            #expect(analysis.avoidableShare.n == 0)
        }
    }

    // MARK: repeats

    private let day = 86_400.0
    private let t0 = 1_700_000_000.0

    @Test("a repeat is within the window, both ends included")
    func repeatWindow() {
        let detector = RepeatDetector(windowDays: 7)
        #expect(detector.isRepeat(at: t0 + 7 * day, earlier: [t0]))          // exactly 604 800 s later
        #expect(!detector.isRepeat(at: t0 + 7 * day + 1, earlier: [t0]))     // 604 801 s later
        #expect(detector.isRepeat(at: t0, earlier: [t0]))                    // another contact at the same instant
        #expect(!detector.isRepeat(at: t0, earlier: [t0 + 1]))               // a later contact does not count
        #expect(!detector.isRepeat(at: t0, earlier: []))
        #expect(detector.isRepeat(at: t0 + 10 * day, earlier: [t0, t0 + 5 * day])) // 5 days after the second
        #expect(RepeatDetector(windowDays: 30).isRepeat(at: t0 + 30 * day, earlier: [t0]))
        #expect(!RepeatDetector(windowDays: 0).isRepeat(at: t0 + 1, earlier: [t0]))
    }

    @Test("a batch flags repeats by customer and reason")
    func batch() {
        let detector = RepeatDetector(windowDays: 7)
        let contacts: [(customer: String?, reason: String?, time: Double)] = [
            ("c1", "r1", t0 + day),          // 0: one day after contact 1 → repeat
            ("c1", "r1", t0),                // 1: first of c1/r1 → not
            ("c1", "r2", t0 + day),          // 2: other reason → not
            ("c2", "r1", t0 + day),          // 3: other customer → not
            (nil, "r1", t0 + day),           // 4: no customer → never
            (nil, "r1", t0 + day),           // 5: no customer → never
            ("c3", "r1", t0 + 2 * day),      // 6: history at t0 + day → repeat
            ("c4", "r1", t0 + 8 * day + 1),  // 7: history at t0 + day is 7 days + 1 s earlier → not
            ("c5", "r1", t0),                // 8: same instant as 9, listed first → not
            ("c5", "r1", t0),                // 9: same instant, listed second → repeat (counted once)
            ("c6", nil, t0),                 // 10: no reason → never
            ("c6", nil, t0 + 1),             // 11: no reason → never
            ("c7", "r1", t0),                // 12: history only later (t0 + day) → not
        ]
        let history = [
            RepeatDetector.Key(customer: "c3", reason: "r1"): [t0 - 30 * day, t0 + day],
            RepeatDetector.Key(customer: "c4", reason: "r1"): [t0 + day],
            RepeatDetector.Key(customer: "c7", reason: "r1"): [t0 + day],
        ]
        #expect(detector.flags(contacts, history: history)
                == [true, false, false, false, false, false, true, false, false, true, false, false, false])
        #expect(detector.flags([], history: history).isEmpty)
    }

    @Test("wait bands: edges go up, labels read in minutes, and the shortest waits are tested against the longest")
    func waitBands() throws {
        #expect([0, 59.9, 60, 179, 180, 299, 300, 599, 600, 86_400].map(WaitSatisfaction.band(ofWait:)) == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4])
        var w = WaitSatisfaction()
        #expect(w.bands.map(\.label) == ["under 1 min", "1–3 min", "3–5 min", "5–10 min", "10 min or more"])
        #expect(w.mainScore == nil && w.shortestAgainstLongest(.csat) == nil)
        // Under a minute: 8 of 10 satisfied (4 or 5); ten minutes or more: 2 of 10. Nothing in between.
        w.add(band: 0, nps: nil, csat: 5, ces: nil, count: 6)
        w.add(band: 0, nps: nil, csat: 4, ces: nil, count: 2)
        w.add(band: 0, nps: nil, csat: 2, ces: nil, count: 2)
        w.add(band: 4, nps: nil, csat: 4, ces: nil, count: 2)
        w.add(band: 4, nps: nil, csat: 1, ces: nil, count: 8)
        w.add(band: 9, nps: nil, csat: 5, ces: nil)            // no such band: ignored
        #expect(w.responses == 20 && w.mainScore == .csat)
        #expect(w.shortestAgainstLongest(.csat) == nil, "ten answers a band are fewer than the 30 a comparison needs")
        let result = try #require(w.shortestAgainstLongest(.csat, minimumAnswers: 10))
        #expect(result.short.index == 0 && result.long.index == 4)
        // 80% → 20%: a drop of 60 points; by hand, z = 0.6 / sqrt(0.5 · 0.5 · (1/10 + 1/10)) = 2.68 (pooled),
        // or 0.6 / sqrt(0.16/10 + 0.16/10) = 3.35 (unpooled): p < 0.01 either way.
        #expect(abs(result.comparison.difference + 60) < 1e-9)
        #expect(result.comparison.significant && result.comparison.pValue < 0.01)
    }
}
