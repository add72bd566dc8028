import RealModule

/// The two distributions behind every interval and p-value of the score statistics: the standard normal
/// and Student's t.
///
/// They are written here, not taken from a library, because the core may depend on nothing but RealModule.
/// Accuracy target: about 1e-12 relative over the ranges the statistics use (degrees of freedom 1 to 1e7,
/// probabilities 5e-7 to 1 − 5e-7); `ScoreStatisticsTests` checks them against SciPy to 1e-10.
///
/// Lower tails are computed directly, never as `1 − upper`, so a p-value of 1e-50 keeps its digits:
/// a two-sided p-value is `2 * cdf(-abs(statistic))`.
public enum Distributions {
    // MARK: Standard normal

    /// P(Z ≤ x) for a standard normal Z, via the complementary error function
    /// (Φ(x) = erfc(−x/√2) / 2), which keeps relative accuracy deep in the lower tail.
    public static func normalCDF(_ x: Double) -> Double {
        0.5 * Double.erfc(-x / 2.0.squareRoot())
    }

    /// The x with Φ(x) = p. NaN outside [0, 1]; ∓infinity at 0 and 1.
    ///
    /// Acklam's rational approximation (relative error 1.15e-9) refined by one Halley step on
    /// Φ computed with erfc, which brings it to the accuracy of erfc itself. The work is done on
    /// the smaller tail, q = min(p, 1 − p), where 1 − p is exact for p ≥ 0.5.
    public static func normalQuantile(_ p: Double) -> Double {
        guard p >= 0, p <= 1 else { return .nan }
        if p == 0.5 { return 0 }
        let lowerTail = p < 0.5
        let q = lowerTail ? p : 1 - p
        if q == 0 { return lowerTail ? -.infinity : .infinity }
        let x = lowerNormalQuantile(q)
        return lowerTail ? x : -x
    }

    /// Φ⁻¹(q) for 0 < q ≤ 0.5 (so the result is ≤ 0).
    private static func lowerNormalQuantile(_ q: Double) -> Double {
        var x: Double
        if q < 0.02425 {
            let r = (-2 * Double.log(q)).squareRoot()
            x = (((((-7.784894002430293e-03 * r - 3.223964580411365e-01) * r - 2.400758277161838e+00) * r
                - 2.549732539343734e+00) * r + 4.374664141464968e+00) * r + 2.938163982698783e+00)
                / ((((7.784695709041462e-03 * r + 3.224671290700398e-01) * r + 2.445134137142996e+00) * r
                    + 3.754408661907416e+00) * r + 1)
        } else {
            let r = q - 0.5
            let s = r * r
            x = (((((-3.969683028665376e+01 * s + 2.209460984245205e+02) * s - 2.759285104469687e+02) * s
                + 1.383577518672690e+02) * s - 3.066479806614716e+01) * s + 2.506628277459239e+00) * r
                / (((((-5.447609879822406e+01 * s + 1.615858368580409e+02) * s - 1.556989798598866e+02) * s
                    + 6.680131188771972e+01) * s - 1.328068155288572e+01) * s + 1)
        }
        // Halley's method converges cubically: one step takes 1e-9 to the limit of double precision.
        // Near the median Φ(x) − q is formed as Φ(x) − 1/2 + (1/2 − q), both parts exact or accurate,
        // so quantiles close to 0.5 keep their relative accuracy.
        let error = q < 0.25 ? normalCDF(x) - q : 0.5 * Double.erf(x / 2.0.squareRoot()) + (0.5 - q)
        let u = error * (2 * Double.pi).squareRoot() * Double.exp(x * x / 2)
        x -= u / (1 + x * u / 2)
        return x
    }

    // MARK: Student's t

    /// P(T ≤ t) for Student's t with `degreesOfFreedom` (> 0, need not be whole) degrees of freedom.
    ///
    /// Uses P(T > |t|) = I_x(ν/2, 1/2) / 2 with x = ν / (ν + t²) (Abramowitz & Stegun 26.7.1 with
    /// 26.5.27), so a lower tail is computed directly, not as 1 − upper.
    public static func studentTCDF(_ t: Double, degreesOfFreedom nu: Double) -> Double {
        guard nu > 0, !t.isNaN, !nu.isNaN else { return .nan }
        if t.isInfinite { return t < 0 ? 0 : 1 }
        if t == 0 { return 0.5 }
        let tail = studentTTails(abs(t), nu: nu).upper
        return t < 0 ? tail : 1 - tail
    }

    /// The t with P(T ≤ t) = p for `degreesOfFreedom` (> 0) degrees of freedom. NaN outside [0, 1].
    ///
    /// Works on the smaller tail q = min(p, 1 − p) and finds t > 0 by Newton's method on log t,
    /// kept inside a bracket (bisection when a step leaves it). The equation solved is
    /// log S(t) = log q for q < 1/4 — the tails of t are nearly straight lines on that scale
    /// (S(t) ~ C·t^(−ν)), so Newton converges in a few steps even for ν = 1, where the 0.9999995
    /// quantile is about 6.4e5 — and log C(t) = log(1/2 − q) for q ≥ 1/4, with C(t) = P(0 < T < t)
    /// computed directly, so quantiles near the median keep their relative accuracy. The start is the
    /// Cornish–Fisher expansion around the normal quantile (Abramowitz & Stegun 26.7.5).
    public static func studentTQuantile(_ p: Double, degreesOfFreedom nu: Double) -> Double {
        guard p >= 0, p <= 1, nu > 0, !nu.isNaN else { return .nan }
        if p == 0.5 { return 0 }
        let lowerTail = p < 0.5
        let q = lowerTail ? p : 1 - p
        if q == 0 { return lowerTail ? -.infinity : .infinity }
        let t = upperTQuantile(q, nu: nu)
        return lowerTail ? -t : t
    }

    /// For t > 0: S(t) = P(T > t) and C(t) = P(0 < T < t) = 1/2 − S(t), the smaller of the two
    /// incomplete-beta values computed directly.
    private static func studentTTails(_ t: Double, nu: Double) -> (upper: Double, central: Double) {
        let t2 = t * t
        // x and 1 − x are both formed without subtraction so neither loses digits.
        let x = nu / (nu + t2)
        let y = t2 / (nu + t2)
        let beta = incompleteBeta(a: nu / 2, b: 0.5, x: x, y: y)
        return (0.5 * beta.value, 0.5 * beta.complement)
    }

    /// Density of t at t (used only for Newton steps, so its accuracy sets the speed, not the result).
    private static func studentTDensity(_ t: Double, nu: Double) -> Double {
        let logDensity = -logBeta(nu / 2, 0.5) - 0.5 * Double.log(nu)
            - (nu + 1) / 2 * Double.log(onePlus: t * t / nu)
        return Double.exp(logDensity)
    }

    /// The t > 0 with S(t) = q, for 0 < q < 0.5.
    private static func upperTQuantile(_ q: Double, nu: Double) -> Double {
        let z = -lowerNormalQuantile(q)
        let z2 = z * z
        var start = z + (z2 + 1) * z / (4 * nu) + ((5 * z2 + 16) * z2 + 3) * z / (96 * nu * nu)
        if !(start.isFinite && start > 0) { start = z }
        let useUpperTail = q < 0.25
        // 1/2 − q is exact for q in [1/4, 1/2] (Sterbenz).
        let target = useUpperTail ? Double.log(q) : Double.log(0.5 - q)
        var u = Double.log(start)
        var low = -Double.infinity   // log t known to be too small
        var high = Double.infinity   // log t known to be too large
        for _ in 0..<200 {
            let t = Double.exp(u)
            let tails = studentTTails(t, nu: nu)
            let density = studentTDensity(t, nu: nu)
            // g > 0 means t is too small; slope is dg/d(log t) < 0.
            let g: Double, slope: Double
            if useUpperTail {
                g = Double.log(tails.upper) - target
                slope = -density * t / tails.upper
            } else {
                g = target - Double.log(tails.central)
                slope = -density * t / tails.central
            }
            if g == 0 { return t }
            if g > 0 { low = u } else { high = u }
            var next = u - g / slope
            if !(next.isFinite && next > low && next < high) {
                if low.isFinite && high.isFinite {
                    next = (low + high) / 2
                } else {
                    next = g > 0 ? u + 2 : u - 2
                }
            }
            if abs(next - u) <= 1e-15 * max(1, abs(u)) { return Double.exp(next) }
            u = next
        }
        return Double.exp(u)
    }

    // MARK: Regularized incomplete beta

    /// I_x(a, b) and its complement 1 − I_x(a, b), given both x and y = 1 − x (each computed
    /// accurately by the caller). Whichever of the two is the smaller tail is computed directly,
    /// the other as 1 minus it, so both keep relative accuracy where they are small.
    ///
    /// The continued fraction of A&S 26.5.8 in the form of DiDonato & Morris (1992, ACM TOMS 18,
    /// Algorithm 708, routine BFRAC), evaluated on the side where λ = a − (a + b)·x ≥ 0 (otherwise on
    /// I_y(b, a) by symmetry). That form gathers the cancellation-prone part of every term into λ,
    /// which is computed from y when x is near 1: the textbook Lentz evaluation (Numerical Recipes
    /// §6.4) subtracts numbers near 1 at every step there and loses digits in proportion to
    /// 1/y — 3e-10 relative at ν = 1e7, t = 2 — where this form keeps about 1e-13.
    /// The prefactor x^a·y^b / B(a, b) is formed in logarithms with an accurate log-beta, because for
    /// ν = 1e7 the log-gammas themselves are near 1e8 and their plain difference would lose eight digits.
    static func incompleteBeta(a: Double, b: Double, x: Double, y: Double) -> (value: Double, complement: Double) {
        if x <= 0 { return (0, 1) }
        if y <= 0 { return (1, 0) }
        let lambda = a > b ? (a + b) * y - b : a - (a + b) * x
        if lambda >= 0 {
            let value = betaContinuedFraction(a: a, b: b, x: x, y: y, lambda: lambda)
            return (value, 1 - value)
        }
        let complement = betaContinuedFraction(a: b, b: a, x: y, y: x, lambda: -lambda)
        return (1 - complement, complement)
    }

    /// x^a · y^b / B(a, b).
    private static func betaPrefactor(a: Double, b: Double, x: Double, y: Double) -> Double {
        let logX = x < 0.5 ? Double.log(x) : Double.log(onePlus: -y)
        let logY = y < 0.5 ? Double.log(y) : Double.log(onePlus: -x)
        return Double.exp(a * logX + b * logY - logBeta(a, b))
    }

    /// I_x(a, b) by BFRAC (DiDonato & Morris 1992), for λ = a − (a + b)·x ≥ 0.
    private static func betaContinuedFraction(a: Double, b: Double, x: Double, y: Double, lambda: Double) -> Double {
        let prefactor = betaPrefactor(a: a, b: b, x: x, y: y)
        if prefactor == 0 { return 0 }
        let c = 1 + lambda
        let c0 = b / a
        let c1 = 1 + 1 / a
        let yPlusOne = y + 1
        var p = 1.0
        var s = a + 1
        var an = 0.0, bn = 1.0
        var anPlus1 = 1.0, bnPlus1 = c / c1
        var ratio = c1 / c
        // A few hundred terms at most over the ranges used (checked up to ν = 1e7); the cap only guards
        // against a non-terminating loop on pathological input.
        for n in 1...100_000 {
            let n = Double(n)
            let t = n / a
            let w = n * (b - n) * x
            var e = a / s
            let alpha = (p * (p + c0) * e * e) * (w * x)
            e = (1 + t) / (c1 + t + t)
            let beta = n + w / s + e * (c + n * yPlusOne)
            p = 1 + t
            s += 2
            var next = alpha * an + beta * anPlus1
            an = anPlus1
            anPlus1 = next
            next = alpha * bn + beta * bnPlus1
            bn = bnPlus1
            bnPlus1 = next
            let previous = ratio
            ratio = anPlus1 / bnPlus1
            if abs(ratio - previous) <= 1e-15 * ratio { break }
            // Rescale so the recurrences neither overflow nor underflow.
            an /= bnPlus1
            bn /= bnPlus1
            anPlus1 = ratio
            bnPlus1 = 1
        }
        return prefactor * ratio
    }

    /// log B(a, b) without cancellation between large log-gammas.
    ///
    /// When an argument is ≥ 10 the log-gammas are expanded by Stirling's formula and their large
    /// terms cancelled algebraically, leaving only the small Stirling corrections to subtract
    /// (the scheme of R's `lbeta`, after Hart et al. and Cody).
    static func logBeta(_ a: Double, _ b: Double) -> Double {
        let p = min(a, b), q = max(a, b)
        let halfLogTwoPi = 0.918_938_533_204_672_741_780_329_736_4
        if p >= 10 {
            let correction = stirlingCorrection(p) + stirlingCorrection(q) - stirlingCorrection(p + q)
            return -0.5 * Double.log(q) + halfLogTwoPi + correction
                + (p - 0.5) * Double.log(p / (p + q)) + q * Double.log(onePlus: -p / (p + q))
        }
        if q >= 10 {
            let correction = stirlingCorrection(q) - stirlingCorrection(p + q)
            return Double.logGamma(p) + correction + p - p * Double.log(p + q)
                + (q - 0.5) * Double.log(onePlus: -p / (p + q))
        }
        return Double.logGamma(p) + Double.logGamma(q) - Double.logGamma(p + q)
    }

    /// log Γ(x) − [(x − ½)·log x − x + ½·log 2π] for x ≥ 10: the Stirling series
    /// Σ B₂ₖ / (2k(2k − 1)·x^(2k−1)), of which eight terms reach double precision at x = 10.
    private static func stirlingCorrection(_ x: Double) -> Double {
        let r = 1 / x
        let r2 = r * r
        let series = 1.0 / 12 + r2 * (-1.0 / 360 + r2 * (1.0 / 1260 + r2 * (-1.0 / 1680 + r2 * (1.0 / 1188
            + r2 * (-691.0 / 360_360 + r2 * (1.0 / 156 + r2 * (-3617.0 / 122_400)))))))
        return series * r
    }
}
