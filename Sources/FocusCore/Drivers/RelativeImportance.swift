/// Relative importance of correlated drivers, computed from correlations alone: an outcome's
/// correlations with each driver (`r`) and the drivers' correlations with each other (`rxx`, row-major).
public enum RelativeImportance {
    /// The most drivers the exact Shapley decomposition takes (2^22 subsets, 32 MB of R² values).
    public static let maxExactDrivers = 22

    /// R² of every subset of the drivers, indexed by the subset's bit mask (bit j: driver j).
    ///
    /// Subsets are visited depth first, each one the subset before it plus one driver, and the
    /// Cholesky factor of the subset's correlation matrix grows by one row each step, so a subset
    /// costs one triangular solve instead of a fresh factorisation. A driver that is (numerically) a
    /// combination of those already in the subset adds nothing, and is left out of the factor.
    public static func subsetR2(r: [Double], rxx: [Double]) -> [Double] {
        let m = r.count
        precondition(m <= maxExactDrivers, "at most \(maxExactDrivers) drivers for the exact decomposition")
        var r2 = [Double](repeating: 0, count: 1 << m)
        // The factor L (row-major, m × m, only the first `depth` rows used), z = L⁻¹ r over the
        // drivers in the factor, and which driver each row of the factor is. Raw buffers: this runs
        // 2^m times, and bounds checks and copy-on-write checks would cost more than the arithmetic.
        let work = Workspace(m: m, r: r, rxx: rxx)
        r2.withUnsafeMutableBufferPointer { out in work.extend(out.baseAddress!, mask: 0, from: 0, depth: 0, r2Here: 0) }
        work.free()
        return r2
    }

    private struct Workspace {
        let m: Int
        let r: UnsafeMutablePointer<Double>
        let rxx: UnsafeMutablePointer<Double>
        let lower: UnsafeMutablePointer<Double>
        let z: UnsafeMutablePointer<Double>
        let members: UnsafeMutablePointer<Int>
        /// One scratch row per depth, so a deeper step does not overwrite the row its caller still needs.
        let rows: UnsafeMutablePointer<Double>

        init(m: Int, r: [Double], rxx: [Double]) {
            self.m = m
            self.r = .allocate(capacity: max(m, 1))
            self.rxx = .allocate(capacity: max(m * m, 1))
            lower = .allocate(capacity: max(m * m, 1))
            z = .allocate(capacity: max(m, 1))
            members = .allocate(capacity: max(m, 1))
            rows = .allocate(capacity: max(m * m, 1))
            for i in 0..<m { self.r[i] = r[i] }
            for i in 0..<(m * m) { self.rxx[i] = rxx[i] }
        }

        func free() {
            r.deallocate(); rxx.deallocate(); lower.deallocate(); z.deallocate(); members.deallocate(); rows.deallocate()
        }

        func extend(_ r2: UnsafeMutablePointer<Double>, mask: Int, from next: Int, depth: Int, r2Here: Double) {
            guard next < m else { return }
            let row = rows + depth * m
            for j in next..<m {
                // Solve L·l = R[members, j] for the new row l.
                var dot = 0.0, zDot = 0.0
                for a in 0..<depth {
                    var v = rxx[members[a] * m + j]
                    let la = lower + a * m
                    for b in 0..<a { v -= la[b] * row[b] }
                    v /= la[a]
                    row[a] = v
                    dot += v * v
                    zDot += v * z[a]
                }
                let d2 = 1 - dot
                let child = mask | (1 << j)
                if d2 > 1e-10 {
                    let d = d2.squareRoot()
                    let zj = (r[j] - zDot) / d
                    let value = r2Here + zj * zj
                    r2[child] = value
                    let target = lower + depth * m
                    for b in 0..<depth { target[b] = row[b] }
                    target[depth] = d
                    z[depth] = zj
                    members[depth] = j
                    extend(r2, mask: child, from: j + 1, depth: depth + 1, r2Here: value)
                } else {
                    r2[child] = r2Here
                    extend(r2, mask: child, from: j + 1, depth: depth, r2Here: r2Here)
                }
            }
        }
    }

    /// The Shapley value (LMG) of each driver: its increase in R² when added to a subset of the
    /// others, averaged over all orders in which drivers can be added. The values add up to the R²
    /// of all drivers together.
    public static func shapley(r: [Double], rxx: [Double]) -> [Double] {
        let m = r.count
        guard m > 0 else { return [] }
        let r2 = subsetR2(r: r, rxx: rxx)
        // weight(s) = s!(m−s−1)!/m!, the share of orders in which a given s others come first.
        var weight = [Double](repeating: 0, count: m)
        for s in 0..<m {
            var w = 1.0 / Double(m)
            // 1/(m·C(m−1, s))
            var binomial = 1.0
            for k in 0..<s { binomial = binomial * Double(m - 1 - k) / Double(k + 1) }
            w /= binomial
            weight[s] = w
        }
        var result = [Double](repeating: 0, count: m)
        let full = (1 << m) - 1
        r2.withUnsafeBufferPointer { values in
            result.withUnsafeMutableBufferPointer { out in
                for mask in 0..<full {
                    let w = weight[mask.nonzeroBitCount]
                    let base = values[mask]
                    var rest = ~mask & full
                    while rest != 0 {
                        let j = rest.trailingZeroBitCount
                        rest &= rest - 1
                        out[j] += w * (values[mask | (1 << j)] - base)
                    }
                }
            }
        }
        return result
    }

    /// Johnson's (2000) relative weights: the drivers are replaced by their closest orthogonal
    /// counterparts (Z = X·(XᵀX)^(−1/2)), the outcome regressed on those, and each counterpart's
    /// share of R² given back to the drivers in proportion to their squared loadings. Fast for many
    /// drivers; close to the Shapley values in practice. The weights add up to the full R².
    public static func relativeWeights(r: [Double], rxx: [Double]) -> [Double] {
        let m = r.count
        guard m > 0 else { return [] }
        let (values, vectors) = SymmetricEigen.decompose(rxx, size: m)
        // Λ = V·diag(√λ)·Vᵀ (the correlations between drivers and their counterparts) and
        // β = Λ⁻¹·r = V·diag(1/√λ)·Vᵀ·r, leaving out directions with no variance.
        var lambda = [Double](repeating: 0, count: m * m)
        var inverse = [Double](repeating: 0, count: m * m)
        let scale = values.max() ?? 0
        for i in 0..<m {
            for j in 0..<m {
                var l = 0.0, inv = 0.0
                for k in 0..<m where values[k] > 1e-12 * max(scale, 1) {
                    let root = values[k].squareRoot()
                    l += vectors[i * m + k] * root * vectors[j * m + k]
                    inv += vectors[i * m + k] / root * vectors[j * m + k]
                }
                lambda[i * m + j] = l
                inverse[i * m + j] = inv
            }
        }
        var beta = [Double](repeating: 0, count: m)
        for i in 0..<m { for j in 0..<m { beta[i] += inverse[i * m + j] * r[j] } }
        return (0..<m).map { j in (0..<m).reduce(0.0) { $0 + lambda[j * m + $1] * lambda[j * m + $1] * beta[$1] * beta[$1] } }
    }

    /// Standardised regression coefficients (β = Rxx⁻¹·r) and the full R², or nil when the drivers'
    /// correlation matrix is singular (a driver a combination of others).
    public static func standardisedCoefficients(r: [Double], rxx: [Double]) -> (beta: [Double], r2: Double)? {
        let m = r.count
        guard let factor = Cholesky(rxx, size: m) else { return nil }
        let beta = factor.solve(r)
        return (beta, zip(beta, r).reduce(0) { $0 + $1.0 * $1.1 })
    }
}

/// The Cholesky factor L of a symmetric positive definite matrix (A = L·Lᵀ).
struct Cholesky {
    let size: Int
    var lower: [Double]

    init?(_ a: [Double], size m: Int) {
        size = m
        lower = [Double](repeating: 0, count: m * m)
        for i in 0..<m {
            for j in 0...i {
                var v = a[i * m + j]
                for k in 0..<j { v -= lower[i * m + k] * lower[j * m + k] }
                if i == j {
                    guard v > 1e-10 else { return nil }
                    lower[i * m + i] = v.squareRoot()
                } else {
                    lower[i * m + j] = v / lower[j * m + j]
                }
            }
        }
    }

    /// x with A·x = b.
    func solve(_ b: [Double]) -> [Double] {
        let m = size
        var y = b
        for i in 0..<m {
            for k in 0..<i { y[i] -= lower[i * m + k] * y[k] }
            y[i] /= lower[i * m + i]
        }
        for i in stride(from: m - 1, through: 0, by: -1) {
            for k in (i + 1)..<m { y[i] -= lower[k * m + i] * y[k] }
            y[i] /= lower[i * m + i]
        }
        return y
    }
}
