@testable import FocusCharts
import Testing

@Suite("Scales and nice ticks")
struct ScaleTests {
    /// Expected ticks worked out by hand: span / 5 rounded to 1, 2 or 5 × 10^k, then the data
    /// range widened outwards to whole steps.
    @Test(
        "fitted ticks for known data ranges",
        arguments: [
            (0.0, 87.0, [0.0, 20, 40, 60, 80, 100]),
            (27.0, 35.4, [26.0, 28, 30, 32, 34, 36]),
            (-100.0, 100.0, [-100.0, -50, 0, 50, 100]),
            (-12.0, 3.0, [-15.0, -10, -5, 0, 5]),
            (0.12, 0.91, [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]),
            (1.0, 5.0, [1.0, 2, 3, 4, 5]),
            (0.0, 1000.0, [0.0, 200, 400, 600, 800, 1000]),
            (3.0, 4.6, [3.0, 3.5, 4.0, 4.5, 5.0]),
        ] as [(Double, Double, [Double])])
    func fitted(lower: Double, upper: Double, expected: [Double]) {
        let ticks = NiceTicks.fitting(lower, upper)
        #expect(ticks.values == expected)
        #expect(ticks.domain == expected.first!...expected.last!)
    }

    @Test("tick labels have just enough decimals")
    func labels() {
        let ticks = NiceTicks.fitting(0.12, 0.91)
        #expect(ticks.values.map { ChartNumber.tick($0, decimals: ticks.fractionDigits) } == ["0", "0.2", "0.4", "0.6", "0.8", "1"])
        let small = NiceTicks.fitting(0.001, 0.004)
        #expect(small.fractionDigits == 4)
        #expect(small.values.map { ChartNumber.tick($0, decimals: small.fractionDigits) }.contains("0.0035"))
        #expect(NiceTicks.fitting(0, 87).fractionDigits == 0)
    }

    @Test("a fixed domain is kept, ticks fall inside it")
    func within() {
        let nps = NiceTicks.within(-100...100)
        #expect(nps.domain == -100...100)
        #expect(nps.values == [-100, -50, 0, 50, 100])
        let odd = NiceTicks.within(-7...93)
        #expect(odd.domain == -7...93)
        #expect(odd.values == [0, 20, 40, 60, 80])
    }

    @Test("zero-width and non-finite ranges are widened, never empty")
    func degenerate() {
        let equal = NiceTicks.fitting(30, 30)
        #expect(equal.domain.lowerBound < 30 && equal.domain.upperBound > 30)
        #expect(equal.values.count >= 2)
        #expect(NiceTicks.fitting(0, 0).domain == 0...1)
        #expect(NiceTicks.fitting(.nan, 5).domain == 0...1)
        #expect(NiceTicks.fitting(5, .infinity).domain == 0...1)
        #expect(NiceTicks.fitting(87, 0).values == [0, 20, 40, 60, 80, 100])
        // Too wide for a nice step: falls back to the two ends instead of trapping.
        let huge = NiceTicks.fitting(-1.7e308, 1.7e308)
        #expect(huge.values.count == 2)
        let tiny = NiceTicks.fitting(1e20, 1e20 + 1e5)
        #expect(!tiny.values.isEmpty)
        #expect(NiceTicks.within(5...5).domain.upperBound > 5)
    }

    @Test("linear scale maps, reverses and clamps")
    func linear() {
        let y = LinearScale(domain: 0...100, range: (200, 0))
        #expect(y(0) == 200)
        #expect(y(100) == 0)
        #expect(y(25) == 150)
        #expect(y.clamped(150) == 0)
        #expect(y.clamped(-5) == 200)
        let flat = LinearScale(domain: 3...3, range: (0, 10))
        #expect(flat(3) == 5)
    }
}

@Suite("Rounding without libm")
struct RoundingTests {
    @Test("floor, ceil and nearest agree with the standard library")
    func agree() {
        for value in [-2.5, -2.4, -1.0, -0.5, -0.49999999999999994, 0, 0.49999999999999994, 0.5, 1.5, 2.5, 3.7, 1e15 + 0.5] {
            #expect(Rounding.floor(value) == Int(value.rounded(.down)), "\(value)")
            #expect(Rounding.ceil(value) == Int(value.rounded(.up)), "\(value)")
            #expect(Rounding.nearest(value) == Int(value.rounded()), "\(value)")
        }
        #expect(Rounding.floor(.nan) == nil)
        #expect(Rounding.ceil(.infinity) == nil)
        #expect(Rounding.nearest(1e300) == nil)
    }
}
