/// Rounding to integers without libm.
///
/// On Linux `Double.rounded(_:)` calls libm (`floor`, `ceil`, `round`), which a target that
/// imports neither Foundation nor Glibc does not link: an executable using such a target alone
/// fails with "undefined reference to 'floor'". Converting to `Int` truncates in a single machine
/// instruction, which is all these helpers need. They return `nil` for non-finite values and
/// values beyond ±2^53, where a `Double` no longer holds every integer anyway.
enum Rounding {
    static func floor(_ value: Double) -> Int? {
        guard let truncated = truncate(value) else { return nil }
        return Double(truncated) > value ? truncated - 1 : truncated
    }

    static func ceil(_ value: Double) -> Int? {
        guard let truncated = truncate(value) else { return nil }
        return Double(truncated) < value ? truncated + 1 : truncated
    }

    /// The nearest integer, halves away from zero.
    static func nearest(_ value: Double) -> Int? {
        guard value >= 0 else { return nearest(-value).map { -$0 } }
        guard let below = floor(value) else { return nil }
        // Exact for |value| < 2^53: the difference of a double and its floor is representable.
        return value - Double(below) >= 0.5 ? below + 1 : below
    }

    private static func truncate(_ value: Double) -> Int? {
        guard value.isFinite, value.magnitude < 9_007_199_254_740_992 else { return nil }
        return Int(value)
    }
}
