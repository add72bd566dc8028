import Foundation

/// UUIDs whose first 48 bits are the creation time in milliseconds (RFC 9562, version 7), so that
/// ids made one after another sort one after another. A table keyed by them grows at its end: a
/// bulk insert appends to the primary-key index instead of touching pages all over it, which is
/// what makes a million-row import fast on SQLite.
public enum TimeOrderedUUID {
    /// A version-7 UUID for the given time: 48 bits of milliseconds since 1970, the version and
    /// variant bits, and 74 random bits.
    public static func make<R: RandomNumberGenerator>(millisecondsSince1970 ms: UInt64, using random: inout R) -> UUID {
        let r1 = random.next() as UInt64, r2 = random.next() as UInt64
        let time = ms & 0xFFFF_FFFF_FFFF
        return UUID(uuid: (
            UInt8(truncatingIfNeeded: time >> 40), UInt8(truncatingIfNeeded: time >> 32), UInt8(truncatingIfNeeded: time >> 24),
            UInt8(truncatingIfNeeded: time >> 16), UInt8(truncatingIfNeeded: time >> 8), UInt8(truncatingIfNeeded: time),
            0x70 | UInt8(truncatingIfNeeded: r1 & 0x0F), UInt8(truncatingIfNeeded: r1 >> 8),
            0x80 | UInt8(truncatingIfNeeded: (r1 >> 16) & 0x3F), UInt8(truncatingIfNeeded: r1 >> 24),
            UInt8(truncatingIfNeeded: r2), UInt8(truncatingIfNeeded: r2 >> 8), UInt8(truncatingIfNeeded: r2 >> 16),
            UInt8(truncatingIfNeeded: r2 >> 24), UInt8(truncatingIfNeeded: r2 >> 32), UInt8(truncatingIfNeeded: r2 >> 40)))
    }

    /// A version-7 UUID for an instant (seconds since 1970).
    public static func make(at secondsSince1970: Double) -> UUID {
        var random = SystemRandomNumberGenerator()
        return make(millisecondsSince1970: UInt64(max(0, secondsSince1970 * 1000)), using: &random)
    }

    /// The milliseconds since 1970 a version-7 UUID carries, or nil for another version.
    public static func milliseconds(of id: UUID) -> UInt64? {
        let b = id.uuid
        guard b.6 >> 4 == 7 else { return nil }
        return [b.0, b.1, b.2, b.3, b.4, b.5].reduce(0) { $0 << 8 | UInt64($1) }
    }
}
