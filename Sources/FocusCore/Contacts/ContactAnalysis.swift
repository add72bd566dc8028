/// The analysis of one period's contacts by reason: a Pareto of reasons, the avoidable share and
/// what it costs a year, and the fixes ranked by the money they would save.
public struct ContactAnalysis: Sendable {
    /// One reason's line in the Pareto: its figures, its share of all contacts and the running total.
    public struct ParetoRow: Sendable {
        /// The reason's key, or "" for contacts without a (known) reason.
        public let key: String
        /// The reason, or nil for contacts without a (known) reason.
        public let reason: ContactReason?
        public let figures: ContactFigures
        /// This reason's contacts as a percentage of all contacts.
        public let share: Double
        /// This and all larger rows' contacts as a percentage of all contacts; the last row is 100.
        public let cumulativeShare: Double
    }

    /// What removing one avoidable reason would save: every one of its contacts avoided.
    public struct Fix: Sendable {
        public let key: String
        public let reason: ContactReason
        public let contacts: Int
        /// The reason's contact cost over the analysed period.
        public let periodCost: Double
        /// The period cost scaled to a year: periodCost × 365 / periodDays.
        public let yearlyCost: Double
    }

    /// All contacts together.
    public let total: ContactFigures
    /// One row per reason with contacts (contacts without a known reason in one row, key ""),
    /// largest first; ties by reason name, then key, the no-reason row last among equals.
    public let pareto: [ParetoRow]
    /// The sum over avoidable reasons.
    public let avoidable: ContactFigures
    /// The yearly cost of avoidable contacts: avoidable.cost × 365 / periodDays.
    public let avoidableYearlyCost: Double
    /// One per avoidable reason with contacts, ranked by yearly cost, largest first
    /// (ties by more contacts, then reason name, then key).
    public let fixes: [Fix]

    /// - Parameters:
    ///   - reasons: the taxonomy by key (the reason's id as text); contacts whose key is not in it
    ///     (or is "") count as "no reason".
    ///   - byReason: figures by reason key ("" = no reason given).
    ///   - periodDays: the length in days of the period the figures cover, to annualise:
    ///     yearly = period × 365 / periodDays. Values below 1 are taken as 1.
    public init(reasons: [String: ContactReason], byReason: [String: ContactFigures], periodDays: Int) {
        let yearFactor = 365 / Double(max(1, periodDays))

        var total = ContactFigures()
        var unknown = ContactFigures()
        var known: [(key: String, reason: ContactReason, figures: ContactFigures)] = []
        for (key, figures) in byReason {
            total += figures
            if !key.isEmpty, let reason = reasons[key] {
                known.append((key, reason, figures))
            } else {
                unknown += figures
            }
        }

        var avoidable = ContactFigures()
        var fixes: [Fix] = []
        for entry in known where entry.reason.avoidable {
            avoidable += entry.figures
            if entry.figures.contacts > 0 {
                fixes.append(Fix(key: entry.key, reason: entry.reason, contacts: entry.figures.contacts,
                                 periodCost: entry.figures.cost, yearlyCost: entry.figures.cost * yearFactor))
            }
        }
        fixes.sort { a, b in
            if a.yearlyCost != b.yearlyCost { return a.yearlyCost > b.yearlyCost }
            if a.contacts != b.contacts { return a.contacts > b.contacts }
            if a.reason.name != b.reason.name { return a.reason.name < b.reason.name }
            return a.key < b.key
        }

        var rows: [(key: String, reason: ContactReason?, figures: ContactFigures)] =
            known.filter { $0.figures.contacts > 0 }.map { ($0.key, $0.reason, $0.figures) }
        if unknown.contacts > 0 { rows.append(("", nil, unknown)) }
        rows.sort { a, b in
            if a.figures.contacts != b.figures.contacts { return a.figures.contacts > b.figures.contacts }
            switch (a.reason, b.reason) {
            case (nil, _): return false
            case (_, nil): return true
            case let (ra?, rb?):
                if ra.name != rb.name { return ra.name < rb.name }
                return a.key < b.key
            }
        }
        var pareto: [ParetoRow] = []
        if total.contacts > 0 {
            let all = Double(total.contacts)
            var running = 0
            for row in rows {
                running += row.figures.contacts
                pareto.append(ParetoRow(key: row.key, reason: row.reason, figures: row.figures,
                                        share: 100 * Double(row.figures.contacts) / all,
                                        cumulativeShare: 100 * Double(running) / all))
            }
        }

        self.total = total
        self.pareto = pareto
        self.avoidable = avoidable
        self.avoidableYearlyCost = avoidable.cost * yearFactor
        self.fixes = fixes
    }

    /// Avoidable contacts as a share of all contacts: percent, Wilson interval.
    public var avoidableShare: ScoreEstimate {
        ContactFigures.share(avoidable.contacts, of: total.contacts)
    }
}
