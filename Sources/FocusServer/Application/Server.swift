import FocusCore
import Foundation
import Hummingbird
import Logging

/// What `focus serve` does: migrate, optionally load the demo, print the setup link on an
/// empty server, and serve until stopped.
public enum FocusServer {
    public static func serve(configuration: FocusConfiguration, demo: DemoInsurer.Options?, logger: Logger) async throws {
        logger.info("starting Focus", metadata: ["storage": "\(configuration.storage.label)"])
        let app = try await FocusApplication.make(configuration: configuration, logger: logger)
        do {
            if let demo {
                try await DemoLoader(services: app.services).load(demo, logger: logger)
            }
            let setupToken = try await app.services.accounts.issueSetupLink()
            let base = configuration.baseURL
            try await app.hummingbird(logger: logger) {
                if let setupToken {
                    // Printed, not logged: a person reads this once on the console.
                    Self.say("""

                    ┌─────────────────────────────────────────────────────────────────────
                    │ Focus has no account yet. Create the owner with this one-time link
                    │ (valid for 24 hours; a restart prints a new one):
                    │
                    │   \(base)/setup?token=\(setupToken)
                    └─────────────────────────────────────────────────────────────────────

                    """)
                } else {
                    Self.say("Focus is running at \(base)\n")
                }
            }.runService()
        } catch {
            await app.services.database.shutdown()
            throw error
        }
        await app.services.database.shutdown()
    }

    /// Writes to standard output at once (print is buffered when the output is a file).
    static func say(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
