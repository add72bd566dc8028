import RealModule

/// The fictional insurer whose data `focus demo` loads: Harbour Mutual, a mid-sized insurer
/// selling home, car and travel cover through a web shop, a phone line and a few branches.
///
/// Everything here is generated from a seed, so the same seed gives the same data set on
/// every machine; the size follows the number of responses asked for, because the
/// benchmarks use the same generator at ten million.
public struct DemoInsurer: Sendable {
    public struct Options: Sendable, Equatable {
        public var seed: UInt64
        /// The number of survey responses the data set is sized for.
        public var responses: Int
        /// The day the generated history ends: responses cover the 365 days before it.
        public var asOf: CalendarDate

        public init(seed: UInt64 = 42, responses: Int = 10_000, asOf: CalendarDate) {
            self.seed = seed
            self.responses = responses
            self.asOf = asOf
        }

        /// Customers grow with responses (a customer answers about five times over the
        /// history), with a floor so a small demo still looks like a company.
        public var customerCount: Int { min(2_000_000, max(200, responses / 5)) }
    }

    public let options: Options

    public init(options: Options) {
        self.options = options
    }

    public let workspaceName = "Harbour Mutual"
    public let workspaceSlug = "harbour-mutual"

    public let stages: [JourneyStage] = [
        JourneyStage(name: "Explore and buy", position: 1),
        JourneyStage(name: "Pay", position: 2),
        JourneyStage(name: "Change my details", position: 3),
        JourneyStage(name: "Get help", position: 4),
        JourneyStage(name: "Claim", position: 5),
        JourneyStage(name: "Internal services", position: 6),
    ]

    public let touchpoints: [Touchpoint] = [
        Touchpoint(name: "Web shop", stage: "Explore and buy",
                   description: "Quotes and policies bought online."),
        Touchpoint(name: "Branch office", stage: "Explore and buy",
                   description: "Advice and sales in the twelve branches."),
        Touchpoint(name: "Invoices", stage: "Pay",
                   description: "The yearly and monthly premium invoices."),
        Touchpoint(name: "Address change", stage: "Change my details",
                   description: "Reporting a move; today by printed form only."),
        Touchpoint(name: "Phone line", stage: "Get help",
                   description: "The customer service line, weekdays 8 to 18."),
        Touchpoint(name: "Claim handling", stage: "Claim",
                   description: "From the first notice of loss to the payment."),
        Touchpoint(name: "IT service desk", kind: .internal, stage: "Internal services",
                   description: "Serves every department's staff."),
        Touchpoint(name: "Claims back office", kind: .internal, stage: "Internal services",
                   description: "Assesses claims for the claim handlers."),
    ]

    public let brands: [Brand] = [
        Brand(name: "Harbour Mutual", isOwn: true),
        Brand(name: "Northstar Insurance", isOwn: false),
        Brand(name: "Bluewave Assurance", isOwn: false),
        Brand(name: "Keystone Direct", isOwn: false),
    ]

    static let firstNames = [
        "Anna", "Ben", "Clara", "David", "Emma", "Farid", "Greta", "Hugo", "Ines", "Jonas",
        "Katrin", "Lukas", "Maria", "Noah", "Olga", "Paul", "Rosa", "Samir", "Tanja", "Viktor",
        "Wiebke", "Yusuf", "Zoe", "Mehmet", "Leonie", "Tobias", "Hannah", "Felix", "Sofia", "Jan",
    ]
    static let lastNames = [
        "Berg", "Schneider", "Novak", "Jansen", "Keller", "Meyer", "Olsen", "Petrov", "Quist",
        "Richter", "Santos", "Tamm", "Vogel", "Weber", "Yilmaz", "Zimmer", "Brandt", "Hoffmann",
        "Lindqvist", "Marchetti", "Dubois", "Kowalski", "Horvat", "Fischer", "Nguyen",
    ]
    static let regions: [(String, Double)] = [
        ("North", 0.22), ("South", 0.25), ("East", 0.18), ("West", 0.20), ("Capital", 0.15),
    ]
    static let plans: [(String, Double)] = [("Basic", 0.45), ("Comfort", 0.38), ("Premium", 0.17)]
    static let segments: [(String, Double)] = [
        ("Private", 0.70), ("Small business", 0.18), ("Senior", 0.12),
    ]

    /// The customers, generated lazily in id order, so ten million never sit in memory at once.
    public var customers: some Sequence<Customer> {
        CustomerSequence(options: options)
    }

    struct CustomerSequence: Sequence {
        let options: Options

        func makeIterator() -> Iterator {
            Iterator(options: options, random: SeededRandom(seed: options.seed).fork(1))
        }

        struct Iterator: IteratorProtocol {
            let options: Options
            var random: SeededRandom
            var index = 0

            mutating func next() -> Customer? {
                guard index < options.customerCount else { return nil }
                index += 1
                return DemoInsurer.makeCustomer(number: index, asOf: options.asOf, random: &random)
            }
        }
    }

    static func makeCustomer(number: Int, asOf: CalendarDate, random: inout SeededRandom) -> Customer {
        let first = random.pick(firstNames)
        let last = random.pick(lastNames)
        let segment = random.pick(segments)
        let plan = random.pick(plans)
        let region = random.pick(regions)
        let base: Double = switch plan {
        case "Premium": 1450
        case "Comfort": 820
        default: 430
        }
        let businessFactor = segment == "Small business" ? 2.6 : 1.0
        // Premiums spread log-normally around the plan's typical amount.
        let value = (base * businessFactor * Double.exp(random.normal(sd: 0.35)) * 100).rounded() / 100
        let tenureDays = random.int(in: 30...(18 * 365))
        let since = asOf.adding(days: -tenureDays)
        let churned = random.unit() < 0.11
        let churnedOn: CalendarDate? = churned ? since.adding(days: random.int(in: 1...max(1, tenureDays - 1))) : nil
        let id = "HM" + String(1_000_000 + number)
        return Customer(
            externalID: id,
            name: "\(first) \(last)",
            email: "\(first.lowercased()).\(last.lowercased()).\(number)@example.org",
            segment: segment,
            attributes: ["region": region, "plan": plan],
            valuePerYear: value,
            since: since,
            status: churned ? .churned : .active,
            churnedOn: churnedOn
        )
    }
}
