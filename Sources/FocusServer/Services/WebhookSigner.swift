import Crypto
import Foundation

/// Signs what a webhook sends and checks such a signature, as a receiver does.
///
/// The signature is HMAC-SHA256 over the exact bytes of the body, keyed with the webhook's secret
/// (the whole `whsec_…` text, as UTF-8), sent as `X-Focus-Signature: sha256=<lower-case hex>`. Signing
/// the body and nothing else keeps a receiver's check to a few lines in any language: it reads the raw
/// body before parsing it, computes the same HMAC and compares. The body carries its own `created_at`
/// and id, so a receiver that wants to refuse replays can.
public enum WebhookSigner {
    public static let signatureHeader = "X-Focus-Signature"
    public static let eventHeader = "X-Focus-Event"
    public static let deliveryHeader = "X-Focus-Delivery"
    public static let userAgent = "Focus-Webhooks"

    /// `sha256=<hex>` for the body under the secret.
    public static func signature(body: some Sequence<UInt8>, secret: String) -> String {
        let key = SymmetricKey(data: Data(secret.utf8))
        let mac = HMAC<SHA256>.authenticationCode(for: Data(body), using: key)
        return "sha256=" + SecretToken.hex(mac)
    }

    /// Every header of one delivery, in the order they are sent.
    public static func headers(body: some Sequence<UInt8>, secret: String, event: String, deliveryID: UUID) -> [(String, String)] {
        [
            ("Content-Type", "application/json"),
            ("User-Agent", userAgent),
            (eventHeader, event),
            (deliveryHeader, deliveryID.uuidString.lowercased()),
            (signatureHeader, signature(body: body, secret: secret)),
        ]
    }

    /// Whether `header` (the value of `X-Focus-Signature`) is the signature of the body under the secret.
    /// The comparison takes the same time wherever the values differ, so a receiver using it does not
    /// tell an attacker how much of a forged signature was right.
    public static func verify(body: some Sequence<UInt8>, secret: String, header: String) -> Bool {
        let expected = signature(body: body, secret: secret)
        return SecretToken.constantTimeEquals(expected, header.trimmingCharacters(in: .whitespaces).lowercased())
    }
}
