/// The demo insurer's contacts over the same year as its responses, with its reasons from the
/// insurance starter taxonomy, and one story in them: address changes by phone are a large,
/// avoidable reason until the day the insurer put the address change online, when they drop.
extension DemoInsurer {
    public struct DemoContact: Sendable, Equatable {
        public let category: String
        public let reason: String
        public let channel: ContactChannel
        /// The customer's number (1-based), or nil if unknown.
        public let customer: Int?
        public let occurredAt: Double
        public let waitSeconds: Double?
        public let handlingSeconds: Double
        public let resolvedFirst: Bool?
        public let team: String
    }

    /// Contacts grow with the data set, with a floor and a ceiling so a demo stays quick to load.
    public var contactCount: Int { min(500_000, max(500, options.responses / 2)) }

    /// The day the address change went online (half way through the year).
    public var addressChangeOnlineFrom: CalendarDate { options.asOf.adding(days: -182) }

    public var contacts: some Sequence<DemoContact> { ContactSequence(insurer: self) }

    struct ContactSequence: Sequence {
        let insurer: DemoInsurer
        func makeIterator() -> Iterator { Iterator(insurer: insurer, random: SeededRandom(seed: insurer.options.seed).fork(3)) }

        struct Iterator: IteratorProtocol {
            let insurer: DemoInsurer
            var random: SeededRandom
            var index = 0

            mutating func next() -> DemoContact? {
                let total = insurer.contactCount
                guard index < total else { return nil }
                index += 1
                return insurer.makeContact(index: index, of: total, random: &random)
            }
        }
    }

    /// Reasons (category, name) with their weights; the address change's weight depends on the date.
    static let contactReasons: [((String, String), Double)] = [
        (("Billing", "Invoice unclear"), 0.09), (("Billing", "Premium increase question"), 0.06),
        (("Billing", "Payment reminder received"), 0.05), (("Billing", "Refund request"), 0.03),
        (("Claims", "Report a claim"), 0.12), (("Claims", "Claim status"), 0.11), (("Claims", "Claim decision unclear"), 0.04),
        (("Claims", "Complaint about claim handling"), 0.02), (("Policy", "New policy or quote"), 0.07),
        (("Policy", "Cover question"), 0.06), (("Policy", "Change cover"), 0.04), (("Policy", "Cancel policy"), 0.02),
        (("Personal details", "Bank details change"), 0.03), (("Personal details", "Name change"), 0.01),
        (("Documents", "Copy of policy document"), 0.03), (("Documents", "Proof of insurance"), 0.02),
    ]

    func makeContact(index: Int, of total: Int, random: inout SeededRandom) -> DemoContact {
        let end = Double(options.asOf.daysSinceEpoch) * 86400
        let at = end - 365 * 86400 + (Double(index) - random.unit()) / Double(total) * 365 * 86400
        let online = Double(addressChangeOnlineFrom.daysSinceEpoch) * 86400
        // Before the online form, one contact in five is an address change; after it, one in fifty.
        let addressWeight = at < online ? 0.20 : 0.02
        let (category, reason) = random.pick(Self.contactReasons + [(("Personal details", "Address change"), addressWeight)])
        let isAddress = reason == "Address change"
        let channel: ContactChannel = isAddress
            ? random.pick([(.phone, 0.8), (.letter, 0.1), (.email, 0.1)])
            : random.pick([(.phone, 0.55), (.email, 0.2), (.chat, 0.12), (.letter, 0.05), (.visit, 0.05), (.social, 0.03)])
        let team = category == "Claims" ? "Claims" : category == "Billing" ? "Billing" : "Service desk"
        let wait: Double? = channel == .phone || channel == .chat ? max(5, random.normal(mean: 240, sd: 150)) : nil
        let handling = max(30, random.normal(mean: isAddress ? 420 : 360, sd: 150))
        let resolved: Bool? = random.unit() < 0.1 ? nil : random.unit() < (category == "Claims" ? 0.6 : 0.8)
        let customer: Int? = random.unit() < 0.85 ? random.int(in: 1...options.customerCount) : nil
        return DemoContact(category: category, reason: reason, channel: channel, customer: customer, occurredAt: at, waitSeconds: wait,
                           handlingSeconds: handling, resolvedFirst: resolved, team: team)
    }
}

/// The survey after a call or a chat: one such contact in eight, of a known customer, is followed
/// an hour later by an answer to the transactional CSAT survey that names the contact. The
/// longer the customer waited, the less satisfied they are (about one point of five less for every
/// three minutes), which the contacts page shows as satisfaction against the wait.
extension DemoInsurer {
    public struct DemoContactResponse: Sendable, Equatable {
        /// The contact's number (1-based, in the order of ``DemoInsurer/contacts``).
        public let contact: Int
        public let customer: Int
        public let receivedAt: Double
        public let csat: Int
    }

    public var contactResponses: [DemoContactResponse] {
        var random = SeededRandom(seed: options.seed).fork(5)
        var result: [DemoContactResponse] = []
        for (offset, contact) in contacts.enumerated() {
            guard contact.channel == .phone || contact.channel == .chat, let customer = contact.customer, let wait = contact.waitSeconds
            else { continue }
            guard random.unit() < 0.125 else { continue }
            let satisfaction = 4.9 - wait / 180 + random.normal(mean: 0, sd: 0.7)
            result.append(DemoContactResponse(contact: offset + 1, customer: customer, receivedAt: contact.occurredAt + 3600,
                                              csat: Int(satisfaction.rounded()).clamped(to: 1...5)))
        }
        return result
    }
}
