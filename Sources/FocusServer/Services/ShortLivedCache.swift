import Foundation
import NIOConcurrencyHelpers

/// A small in-memory cache whose entries live a few seconds: what the hot paths read on
/// every request (a token's principal, a workspace by slug, a survey) without asking the
/// database each time. Writers in this process call ``remove(_:)``/``removeAll()`` so their
/// change is seen at once; a change made by another process is seen within the lifetime.
final class ShortLivedCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct Entry {
        let value: Value
        let expires: Double
    }

    private let entries = NIOLockedValueBox<[Key: Entry]>([:])
    let lifetime: Double
    let capacity: Int

    init(lifetime: Double, capacity: Int = 10_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// The cached value, or `load()`'s (cached when not nil).
    func value(_ key: Key, load: () async throws -> Value?) async rethrows -> Value? {
        let now = Date().timeIntervalSince1970
        if let entry = entries.withLockedValue({ $0[key] }), entry.expires > now { return entry.value }
        guard let value = try await load() else { return nil }
        entries.withLockedValue { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = Entry(value: value, expires: now + lifetime)
        }
        return value
    }

    func remove(_ key: Key) {
        _ = entries.withLockedValue { $0.removeValue(forKey: key) }
    }

    func removeAll() {
        entries.withLockedValue { $0.removeAll() }
    }
}
