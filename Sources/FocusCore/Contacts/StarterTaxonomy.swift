/// Ready-made contact-reason taxonomies for common industries, which a new workspace can adopt
/// and then edit. Each has 16 to 18 reasons in five categories, the avoidable ones with their fix.
public enum StarterTaxonomy: String, Sendable, CaseIterable {
    case insurance, telecom, retail

    /// The industry's name as shown to users.
    public var label: String {
        switch self {
        case .insurance: "Insurance"
        case .telecom: "Telecom"
        case .retail: "Retail and web shop"
        }
    }

    /// The reasons, grouped by category in display order.
    public var reasons: [ContactReason] {
        switch self {
        case .insurance: Self.insuranceReasons
        case .telecom: Self.telecomReasons
        case .retail: Self.retailReasons
        }
    }

    private static func avoidable(_ category: String, _ name: String, _ fix: FixKind, _ note: String) -> ContactReason {
        ContactReason(category: category, name: name, avoidable: true, fix: fix, fixNote: note)
    }

    private static func needed(_ category: String, _ name: String) -> ContactReason {
        ContactReason(category: category, name: name, avoidable: false)
    }

    private static let insuranceReasons: [ContactReason] = [
        avoidable("Personal details", "Address change", .selfService, "Change of address online"),
        avoidable("Personal details", "Bank details change", .selfService, "Update the bank account in the customer portal"),
        needed("Personal details", "Name change"),
        avoidable("Billing", "Invoice unclear", .clearerCommunication, "Rewrite the premium invoice in plain language"),
        avoidable("Billing", "Premium increase question", .proactiveMessage, "Explain the increase before the invoice arrives"),
        avoidable("Billing", "Payment reminder received", .processChange, "Offer direct debit by default"),
        needed("Billing", "Refund request"),
        needed("Claims", "Report a claim"),
        avoidable("Claims", "Claim status", .proactiveMessage, "Send a status message at each step of the claim"),
        avoidable("Claims", "Claim decision unclear", .clearerCommunication, "Explain the decision in the letter"),
        needed("Claims", "Complaint about claim handling"),
        needed("Policy", "New policy or quote"),
        avoidable("Policy", "Cover question", .selfService, "Cover overview in the customer portal"),
        needed("Policy", "Change cover"),
        needed("Policy", "Cancel policy"),
        avoidable("Documents", "Copy of policy document", .selfService, "Documents to download in the customer portal"),
        avoidable("Documents", "Proof of insurance", .selfService, "Proof of insurance to download at any time"),
        avoidable("Documents", "Annual tax statement", .proactiveMessage, "Send the annual statement unasked"),
    ]

    private static let telecomReasons: [ContactReason] = [
        avoidable("Billing", "Bill higher than expected", .proactiveMessage, "Usage alert before the bill runs up"),
        avoidable("Billing", "Bill unclear", .clearerCommunication, "Plain-language bill"),
        avoidable("Billing", "Roaming charges", .proactiveMessage, "Roaming prices by text on arrival abroad"),
        needed("Billing", "Payment arrangement"),
        avoidable("Technical", "No service or outage", .proactiveMessage, "Outage notice by text and on a status page"),
        avoidable("Technical", "Device or modem setup", .selfService, "Setup guides and videos"),
        needed("Technical", "Slow internet"),
        needed("Technical", "Faulty equipment"),
        avoidable("Contract", "Contract end date", .selfService, "Contract end date in the app"),
        avoidable("Contract", "Moving house", .selfService, "Move the service online"),
        needed("Contract", "Change plan"),
        needed("Contract", "Cancel contract"),
        avoidable("Orders and installation", "Order status", .proactiveMessage, "Order tracking messages"),
        avoidable("Orders and installation", "Missed installation appointment", .processChange, "Confirm and keep appointment windows"),
        avoidable("Account", "Password or PIN reset", .selfService, "Reset in the app"),
        avoidable("Account", "Address change", .selfService, "Change of address online"),
        needed("Account", "SIM card replacement"),
    ]

    private static let retailReasons: [ContactReason] = [
        avoidable("Orders", "Where is my order", .proactiveMessage, "Dispatch and tracking e-mails"),
        avoidable("Orders", "Change or cancel order", .selfService, "Change the order online until it ships"),
        avoidable("Orders", "No order confirmation", .processChange, "Send the confirmation reliably and show it in the account"),
        avoidable("Delivery", "Late delivery", .proactiveMessage, "Tell the customer about a delay before the promised date"),
        needed("Delivery", "Damaged item"),
        needed("Delivery", "Missing item"),
        avoidable("Returns and refunds", "How to return", .selfService, "Return label online"),
        avoidable("Returns and refunds", "Refund status", .proactiveMessage, "Message when the refund is paid"),
        needed("Returns and refunds", "Exchange request"),
        needed("Products", "Product advice"),
        avoidable("Products", "Size or fit question", .clearerCommunication, "Size charts on every product page"),
        avoidable("Products", "Stock availability", .selfService, "Stock per store shown online"),
        needed("Products", "Warranty or repair"),
        avoidable("Payment and account", "Payment failed", .processChange, "Clear payment errors and a second payment method at checkout"),
        avoidable("Payment and account", "Copy of invoice or receipt", .selfService, "Receipts in the customer account"),
        avoidable("Payment and account", "Voucher not accepted", .clearerCommunication, "State voucher conditions on the voucher"),
    ]
}
