/// Eigenvalues and eigenvectors of a small symmetric matrix by the cyclic Jacobi method: plane
/// rotations zero the off-diagonal entries one at a time until they are negligible. Accurate to
/// the last digits for the sizes a driver analysis has (tens of variables).
enum SymmetricEigen {
    /// The eigenvalues, and the eigenvectors as the columns of a row-major `size × size` matrix.
    static func decompose(_ matrix: [Double], size m: Int) -> (values: [Double], vectors: [Double]) {
        var a = matrix
        var v = [Double](repeating: 0, count: m * m)
        for i in 0..<m { v[i * m + i] = 1 }
        for _ in 0..<100 {
            var off = 0.0
            for i in 0..<m { for j in 0..<m where i != j { off += a[i * m + j] * a[i * m + j] } }
            if off < 1e-30 { break }
            for p in 0..<m {
                for q in (p + 1)..<m where a[p * m + q] != 0 {
                    // The rotation angle that zeroes a[p][q] (Golub and Van Loan, the symmetric Schur step).
                    let theta = (a[q * m + q] - a[p * m + p]) / (2 * a[p * m + q])
                    let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot(), s = t * c
                    for k in 0..<m {
                        let akp = a[k * m + p], akq = a[k * m + q]
                        a[k * m + p] = c * akp - s * akq
                        a[k * m + q] = s * akp + c * akq
                    }
                    for k in 0..<m {
                        let apk = a[p * m + k], aqk = a[q * m + k]
                        a[p * m + k] = c * apk - s * aqk
                        a[q * m + k] = s * apk + c * aqk
                    }
                    for k in 0..<m {
                        let vkp = v[k * m + p], vkq = v[k * m + q]
                        v[k * m + p] = c * vkp - s * vkq
                        v[k * m + q] = s * vkp + c * vkq
                    }
                }
            }
        }
        return ((0..<m).map { a[$0 * m + $0] }, v)
    }
}
