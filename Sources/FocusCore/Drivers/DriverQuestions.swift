extension SurveyDefinition {
    /// The questions a driver analysis reads, in the survey's order: its outcomes (NPS, CSAT, CES)
    /// and its attribute ratings. Nil when the survey has no rating or no outcome to explain.
    public var driverQuestions: [Question]? {
        let scales = questions.filter { $0.kind.isScale }
        guard scales.contains(where: { $0.kind == .rating }), scales.contains(where: { $0.kind != .rating }) else { return nil }
        return scales
    }

    /// One response's answers to ``driverQuestions`` (nil where not answered), or nil when the
    /// survey has nothing to analyse.
    public func driverValues(_ answers: [String: Answer]) -> (keys: [String], values: [Int?])? {
        guard let questions = driverQuestions else { return nil }
        return (questions.map(\.key), questions.map { answers[$0.key]?.number })
    }
}
