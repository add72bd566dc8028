/// Amounts of money in minor units (cents), so that sums and comparisons are exact.
public enum Money {
    /// The largest amount a goodwill or a limit may hold: 10 million in the workspace's currency.
    public static let maximumCents = 1_000_000_000

    /// An amount given in major units (`25.5` for 25.50) in cents; at most two decimals,
    /// not negative, at most ``maximumCents``.
    public static func cents(_ amount: Double, field: String) throws(FieldError) -> Int {
        guard amount.isFinite, amount >= 0 else { throw FieldError(field, "must be an amount of 0 or more") }
        let cents = (amount * 100).rounded()
        guard abs(cents - amount * 100) < 1e-6 * max(1, amount) else { throw FieldError(field, "may have at most two decimals") }
        guard cents <= Double(maximumCents) else { throw FieldError(field, "must be at most \(maximumCents / 100)") }
        return Int(cents)
    }

    /// Cents as major units for the wire: 2550 → 25.5.
    public static func amount(_ cents: Int) -> Double { Double(cents) / 100 }

    /// For people: "EUR 1,250.00".
    public static func format(_ cents: Int, currency: String) -> String {
        let sign = cents < 0 ? "−" : ""
        let whole = abs(cents) / 100, part = abs(cents) % 100
        var digits = String(whole)
        var grouped = ""
        while digits.count > 3 {
            grouped = "," + digits.suffix(3) + grouped
            digits.removeLast(3)
        }
        return "\(currency) \(sign)\(digits)\(grouped).\(part < 10 ? "0" : "")\(part)"
    }
}
