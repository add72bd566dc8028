/// The way a customer got in touch.
public enum ContactChannel: String, Sendable, CaseIterable, Codable {
    case phone, email, chat, letter, visit, social

    /// The channel's name as shown to users.
    public var label: String {
        switch self {
        case .phone: "Phone"
        case .email: "E-mail"
        case .chat: "Chat"
        case .letter: "Letter"
        case .visit: "Visit"
        case .social: "Social media"
        }
    }

    /// The cost of one contact, in the workspace's currency, until the workspace sets its own table.
    ///
    /// These are rough round figures in the range commonly quoted for European service centres
    /// (fully loaded cost of agent time, systems and overhead), not a measurement: a phone call
    /// 6.00, an e-mail 4.00, a chat 3.50 (agents handle several at once), a letter 9.00 (opening,
    /// scanning, a written answer and postage), a visit 15.00 (a desk and longer conversations),
    /// a social-media message 4.50. They exist so that the first analysis shows money at all;
    /// every workspace should replace them with its own.
    public var defaultCost: Double {
        switch self {
        case .phone: 6.00
        case .email: 4.00
        case .chat: 3.50
        case .letter: 9.00
        case .visit: 15.00
        case .social: 4.50
        }
    }
}
