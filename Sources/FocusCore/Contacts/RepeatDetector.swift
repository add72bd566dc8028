/// Repeat contacts: the same customer and reason again within `windowDays` days after an earlier contact.
///
/// A contact at `time` is a repeat when another contact of the same customer and reason happened at
/// some `t` with `time − windowDays·86400 ≤ t ≤ time`: both ends count, so exactly seven days later
/// is a repeat and seven days and one second is not. Two contacts at the same instant are one
/// contact and its repeat — counted once: the one listed first is not a repeat, the other is.
/// Contacts without a customer, or without a reason (nil), are never repeats: nobody can tell whether
/// they are the same demand again. Customers and reasons are identified by any hashable id (the
/// server's UUIDs, the tests' names).
public struct RepeatDetector: Sendable {
    /// The window in days; a negative value is taken as 0 (only the same instant).
    public let windowDays: Int

    public init(windowDays: Int) {
        self.windowDays = max(0, windowDays)
    }

    private var windowSeconds: Double { Double(windowDays) * 86_400 }

    /// The key of `history` in ``flags(_:history:)``: a customer and a reason.
    public struct Key<ID: Hashable & Sendable>: Hashable, Sendable {
        public let customer: ID
        public let reason: ID
        public init(customer: ID, reason: ID) {
            self.customer = customer
            self.reason = reason
        }
    }

    /// Whether a contact at `time` (seconds since 1970) is a repeat, given the times of the *other*
    /// contacts of the same customer and reason. Times after `time` are ignored.
    public func isRepeat(at time: Double, earlier: [Double]) -> Bool {
        let start = time - windowSeconds
        return earlier.contains { $0 >= start && $0 <= time }
    }

    /// Flags each contact of a batch, in the order given, sorted by time or not: whether it is a repeat
    /// of an earlier contact in the batch or in `history` (times by customer and reason from before
    /// the batch). Within the batch, contacts at the same instant count in the order listed.
    public func flags<ID>(_ contacts: [(customer: ID?, reason: ID?, time: Double)], history: [Key<ID>: [Double]]) -> [Bool] {
        var result = Array(repeating: false, count: contacts.count)
        var groups: [Key<ID>: [Int]] = [:]
        for (index, contact) in contacts.enumerated() {
            guard let customer = contact.customer, let reason = contact.reason else { continue }
            groups[Key(customer: customer, reason: reason), default: []].append(index)
        }
        for (key, indices) in groups {
            let past = (history[key] ?? []).sorted()
            // Stable by time: equal times keep the order listed.
            let ordered = indices.sorted { contacts[$0].time < contacts[$1].time || (contacts[$0].time == contacts[$1].time && $0 < $1) }
            var previous: Double? = nil
            for index in ordered {
                let time = contacts[index].time
                let start = time - windowSeconds
                var latest = Self.latest(in: past, notAfter: time)
                if let previous { latest = max(latest ?? previous, previous) }
                if let latest, latest >= start { result[index] = true }
                previous = time
            }
        }
        return result
    }

    /// The largest value ≤ `time` in an ascending array, by binary search.
    private static func latest(in sorted: [Double], notAfter time: Double) -> Double? {
        var low = 0, high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid] <= time { low = mid + 1 } else { high = mid }
        }
        return low > 0 ? sorted[low - 1] : nil
    }
}
