/// Maps a numeric domain linearly onto a pixel range (which may run backwards, as a y axis does).
struct LinearScale: Sendable {
    var domain: ClosedRange<Double>
    var range: (start: Double, end: Double)

    init(domain: ClosedRange<Double>, range: (start: Double, end: Double)) {
        self.domain = domain
        self.range = range
    }

    /// The position of `value`; a zero-width domain maps everything to the middle of the range.
    func callAsFunction(_ value: Double) -> Double {
        let span = domain.upperBound - domain.lowerBound
        guard span > 0, span.isFinite else { return (range.start + range.end) / 2 }
        return range.start + (value - domain.lowerBound) / span * (range.end - range.start)
    }

    /// The position of `value` after clamping it into the domain, so marks never leave the plot.
    func clamped(_ value: Double) -> Double {
        self(min(max(value, domain.lowerBound), domain.upperBound))
    }
}

/// Axis ticks at "nice" values (1, 2 or 5 times a power of ten).
struct NiceTicks: Sendable, Equatable {
    /// The axis domain: for `fitting` the data range widened to whole steps, otherwise the given one.
    var domain: ClosedRange<Double>
    var step: Double
    var values: [Double]
    /// Decimals needed to tell the tick labels apart (e.g. 1 for a step of 0.5).
    var fractionDigits: Int

    /// Ticks for data between `lower` and `upper`, with the domain widened outwards to whole
    /// steps. E.g. 0…87 gives 0, 20, 40, 60, 80, 100. A zero-width range is widened around its
    /// value first; non-finite input falls back to 0…1.
    static func fitting(_ lower: Double, _ upper: Double, target: Int = 5) -> NiceTicks {
        var (lo, hi) = (min(lower, upper), max(lower, upper))
        guard lo.isFinite, hi.isFinite else { return fitting(0, 1, target: target) }
        if lo == hi {
            let pad = lo == 0 ? 1 : lo.magnitude / 10
            (lo, hi) = lo == 0 ? (0, 1) : (lo - pad, hi + pad)
        }
        guard let step = NiceStep(span: hi - lo, target: target),
            let first = step.index(atOrBelow: lo), let last = step.index(atOrAbove: hi), last - first <= 200
        else { return plain(lo...hi) }
        let values = (first...last).map(step.value(at:))
        return NiceTicks(
            domain: values[0]...values[values.count - 1], step: step.size, values: values,
            fractionDigits: step.fractionDigits)
    }

    /// Ticks inside a fixed `domain` (which is kept as it is), e.g. −100…100 gives
    /// −100, −50, 0, 50, 100.
    static func within(_ domain: ClosedRange<Double>, target: Int = 5) -> NiceTicks {
        guard domain.lowerBound.isFinite, domain.upperBound.isFinite, domain.upperBound > domain.lowerBound
        else { return fitting(domain.lowerBound, domain.upperBound, target: target) }
        guard let step = NiceStep(span: domain.upperBound - domain.lowerBound, target: target),
            let first = step.index(atOrAbove: domain.lowerBound),
            let last = step.index(atOrBelow: domain.upperBound), last >= first, last - first <= 200
        else { return plain(domain) }
        return NiceTicks(
            domain: domain, step: step.size, values: (first...last).map(step.value(at:)),
            fractionDigits: step.fractionDigits)
    }

    /// Fallback for ranges too extreme for nice steps: ticks at the two ends only.
    private static func plain(_ domain: ClosedRange<Double>) -> NiceTicks {
        let values = domain.lowerBound == domain.upperBound ? [domain.lowerBound] : [domain.lowerBound, domain.upperBound]
        return NiceTicks(domain: domain, step: domain.upperBound - domain.lowerBound, values: values, fractionDigits: 2)
    }
}

/// A step of `digit` × 10^`exponent`, with `digit` in 1, 2, 5.
private struct NiceStep {
    var digit: Double
    var exponent: Int

    init?(span: Double, target: Int) {
        let raw = span / Double(max(target, 1))
        guard raw.isFinite, raw > 0 else { return nil }
        var exponent = 0
        var magnitude = 1.0
        while magnitude * 10 <= raw, exponent < 400 {
            magnitude *= 10
            exponent += 1
        }
        while magnitude > raw, exponent > -400 {
            magnitude /= 10
            exponent -= 1
        }
        let power = NiceStep.power(exponent)
        guard power > 0, power.isFinite else { return nil }
        let residual = raw / power
        switch residual {
        case ..<1.5: digit = 1
        case ..<3: digit = 2
        case ..<7: digit = 5
        default:
            digit = 1
            exponent += 1
        }
        self.exponent = exponent
    }

    var size: Double { value(at: 1) }
    var fractionDigits: Int { min(max(-exponent, 0), 20) }

    /// i × step, computed with a single rounding so ticks such as 0.3 come out as 0.3.
    func value(at index: Int) -> Double {
        let multiple = Double(index) * digit
        return exponent >= 0 ? multiple * NiceStep.power(exponent) : multiple / NiceStep.power(-exponent)
    }

    func index(atOrBelow value: Double) -> Int? {
        Self.integer(Rounding.floor(value / size + 1e-9))
    }

    func index(atOrAbove value: Double) -> Int? {
        Self.integer(Rounding.ceil(value / size - 1e-9))
    }

    /// 10^|exponent| (exact up to 10^22), or its reciprocal for negative exponents.
    static func power(_ exponent: Int) -> Double {
        var result = 1.0
        for _ in 0..<min(exponent.magnitude, 400) { result *= 10 }
        return exponent >= 0 ? result : 1 / result
    }

    /// Tick indices stay well inside the range where steps can be added without losing precision.
    private static func integer(_ value: Int?) -> Int? {
        guard let value, value.magnitude < 1_000_000_000_000_000 / 1_000 else { return nil }
        return value
    }
}
