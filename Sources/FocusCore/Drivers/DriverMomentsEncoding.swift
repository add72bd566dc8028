/// DriverMoments as bytes, for storing in a tally row: a version byte, the number of variables,
/// then every sum as an unsigned LEB128 varint (all sums are of answers from 0 up, so none is
/// negative). A day's sums are small numbers, so most take one to three bytes.
extension DriverMoments {
    static let encodingVersion: UInt8 = 1

    public struct DecodingError: Error, Equatable {}

    public func encoded() -> [UInt8] {
        var out: [UInt8] = [Self.encodingVersion]
        out.reserveCapacity(2 + 5 * count * count * 2)
        func put(_ value: Int) {
            var v = UInt64(max(0, value))
            repeat {
                let byte = UInt8(v & 0x7F)
                v >>= 7
                out.append(v == 0 ? byte : byte | 0x80)
            } while v != 0
        }
        put(count)
        for array in [pairCount, pairSum, pairSquares, pairProducts] { array.forEach(put) }
        put(complete)
        completeSum.forEach(put)
        completeProducts.forEach(put)
        return out
    }

    public init(decoding bytes: some Collection<UInt8>) throws(DecodingError) {
        var index = bytes.startIndex
        func take() throws(DecodingError) -> Int {
            var value: UInt64 = 0, shift: UInt64 = 0
            while true {
                guard index != bytes.endIndex, shift < 64 else { throw DecodingError() }
                let byte = bytes[index]
                bytes.formIndex(after: &index)
                value |= UInt64(byte & 0x7F) << shift
                if byte & 0x80 == 0 { break }
                shift += 7
            }
            guard value <= UInt64(Int.max) else { throw DecodingError() }
            return Int(value)
        }
        guard index != bytes.endIndex, bytes[index] == Self.encodingVersion else { throw DecodingError() }
        bytes.formIndex(after: &index)
        let count = try take()
        guard count <= 1_000 else { throw DecodingError() }
        self.init(count: count)
        let square = count * count
        for k in 0..<square { pairCount[k] = try take() }
        for k in 0..<square { pairSum[k] = try take() }
        for k in 0..<square { pairSquares[k] = try take() }
        for k in 0..<square { pairProducts[k] = try take() }
        complete = try take()
        for k in 0..<count { completeSum[k] = try take() }
        for k in 0..<square { completeProducts[k] = try take() }
        guard index == bytes.endIndex else { throw DecodingError() }
    }
}
