import FocusCore
import Testing

@Suite("The demo insurer's generator")
struct DemoInsurerTests {
    static let asOf = CalendarDate(iso: "2026-06-30")!

    @Test("the same seed gives the same customers; another seed other ones")
    func deterministic() {
        let a = Array(DemoInsurer(options: .init(seed: 1, responses: 5_000, asOf: Self.asOf)).customers)
        let b = Array(DemoInsurer(options: .init(seed: 1, responses: 5_000, asOf: Self.asOf)).customers)
        let c = Array(DemoInsurer(options: .init(seed: 2, responses: 5_000, asOf: Self.asOf)).customers)
        #expect(a.count == 1_000)
        #expect(a == b)
        #expect(a != c)
    }

    @Test("every generated customer passes validation and is plausible")
    func plausible() throws {
        let customers = Array(DemoInsurer(options: .init(seed: 3, responses: 20_000, asOf: Self.asOf)).customers)
        #expect(Set(customers.map(\.externalID)).count == customers.count)
        for customer in customers {
            #expect(try customer.validated() == customer)
            let since = try #require(customer.since)
            #expect(since <= Self.asOf)
            if let churned = customer.churnedOn, let since = customer.since {
                #expect(churned <= Self.asOf)
                #expect(churned >= since)
            }
        }
        let churnShare = Double(customers.filter { $0.status == .churned }.count) / Double(customers.count)
        #expect(churnShare > 0.07 && churnShare < 0.15)
        func meanValue(plan: String) -> Double {
            let values = customers.filter { $0.attributes["plan"] == plan }.compactMap(\.valuePerYear)
            return values.reduce(0, +) / Double(values.count)
        }
        let premium = meanValue(plan: "Premium")
        let basic = meanValue(plan: "Basic")
        #expect(premium > 2 * basic)
    }

    @Test("the size follows the responses asked for, with a floor")
    func size() {
        #expect(DemoInsurer.Options(responses: 0, asOf: Self.asOf).customerCount == 200)
        #expect(DemoInsurer.Options(responses: 10_000_000, asOf: Self.asOf).customerCount == 2_000_000)
    }

    @Test("the seeded generator's uniform numbers are uniform enough")
    func uniform() {
        var random = SeededRandom(seed: 99)
        var buckets = [Int](repeating: 0, count: 10)
        for _ in 0..<100_000 { buckets[Int(random.unit() * 10)] += 1 }
        // Each bucket expects 10,000; 4 standard deviations is about 380.
        #expect(buckets.allSatisfy { abs($0 - 10_000) < 400 })
    }
}
