/// A set of byte strings (UTF-8 words) that gives each an index, looked up without building a
/// `String`: the sentiment tokenizer looks every word of a comment up here, so a lookup is one hash
/// over the bytes and, usually, one comparison. Open addressing with linear probing, kept at most
/// half full.
struct SentimentWordTable: Sendable {
    /// Every key's bytes, one after the other.
    private var pool: [UInt8] = []
    private var starts: [Int32] = []
    private var lengths: [Int32] = []
    private var hashes: [UInt64] = []
    /// Index of the key in each slot, or -1.
    private var slots: [Int32] = Array(repeating: -1, count: 1024)

    var count: Int { starts.count }

    /// FNV-1a over the bytes.
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        return h
    }

    /// The index of `bytes`, or nil.
    func find(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
        let h = Self.hash(bytes)
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: h) & mask
        return slots.withUnsafeBufferPointer { slots in
            pool.withUnsafeBufferPointer { pool in
                while true {
                    let k = slots[i]
                    if k < 0 { return nil }
                    if hashes[Int(k)] == h && Int(lengths[Int(k)]) == bytes.count {
                        let start = Int(starts[Int(k)])
                        var same = true
                        for j in 0..<bytes.count where pool[start + j] != bytes[j] { same = false; break }
                        if same { return k }
                    }
                    i = (i + 1) & mask
                }
            }
        }
    }

    func find(_ word: String) -> Int32? {
        var word = word
        return word.withUTF8 { find($0) }
    }

    /// The index of `word`, added if it was not there yet.
    mutating func insert(_ word: String) -> (index: Int32, added: Bool) {
        if let k = find(word) { return (k, false) }
        let bytes = Array(word.utf8)
        let k = Int32(starts.count)
        starts.append(Int32(pool.count))
        lengths.append(Int32(bytes.count))
        pool.append(contentsOf: bytes)
        let h = bytes.withUnsafeBufferPointer { Self.hash($0) }
        hashes.append(h)
        if starts.count * 2 > slots.count {
            rehash(slots.count * 2)
        } else {
            place(k, hash: h)
        }
        return (k, true)
    }

    /// The word at an index.
    func word(_ k: Int32) -> String {
        let start = Int(starts[Int(k)])
        return String(decoding: pool[start..<start + Int(lengths[Int(k)])], as: UTF8.self)
    }

    private mutating func place(_ k: Int32, hash h: UInt64) {
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: h) & mask
        while slots[i] >= 0 { i = (i + 1) & mask }
        slots[i] = k
    }

    private mutating func rehash(_ size: Int) {
        slots = Array(repeating: -1, count: size)
        for k in 0..<starts.count { place(Int32(k), hash: hashes[k]) }
    }
}
