import RealModule

/// A small, fast, deterministic random number generator (SplitMix64).
///
/// The demo data must be the same for the same seed on every machine and every run;
/// the system generator promises neither, so the demo draws from this one.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        self.state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform number in [0, 1).
    public mutating func unit() -> Double {
        Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// A whole number in the range, without modulo bias.
    public mutating func int(in range: ClosedRange<Int>) -> Int {
        Int.random(in: range, using: &self)
    }

    /// One element, chosen with the given weights (which need not sum to one).
    public mutating func pick<T>(_ items: [(T, Double)]) -> T {
        let total = items.reduce(0) { $0 + $1.1 }
        var r = unit() * total
        for (item, weight) in items {
            r -= weight
            if r < 0 { return item }
        }
        return items[items.count - 1].0
    }

    public mutating func pick<T>(_ items: [T]) -> T {
        items[int(in: 0...(items.count - 1))]
    }

    /// A normally distributed number (Box-Muller).
    public mutating func normal(mean: Double = 0, sd: Double = 1) -> Double {
        var u1 = unit()
        if u1 < 1e-300 { u1 = 1e-300 }
        let u2 = unit()
        return mean + sd * (-2 * Double.log(u1)).squareRoot() * Double.cos(2 * Double.pi * u2)
    }

    /// A new generator for a sub-stream, so that adding draws to one part of the demo does
    /// not shift the numbers of another.
    public func fork(_ label: UInt64) -> SeededRandom {
        var copy = SeededRandom(seed: state ^ (label &* 0xD1B5_4A32_D192_ED03))
        _ = copy.next()
        return copy
    }
}

