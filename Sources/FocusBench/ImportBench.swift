import Foundation

/// The import figure of `focus bench`: writes a contacts CSV of the demo's reasons and customers
/// (one bad row in 10,000), runs `focus import contacts` on it as its own process, as a user would,
/// and reports rows per second and the process's peak memory (VmHWM, sampled until it exits).
struct ImportBench {
    let focusBinary: String
    let rows: Int
    let environment: [String: String]

    static let reasons = [("Personal details", "Address change"), ("Billing", "Invoice unclear"), ("Claims", "Report a claim"),
                          ("Claims", "Claim status"), ("Policy", "Cover question"), ("Policy", "New policy or quote")]
    static let channels = ["phone", "email", "chat", "letter", "visit", "social"]

    /// Rows per second, peak memory in MB and the seconds it took.
    func run(in folder: URL) throws -> (rowsPerSecond: Double, peakMB: Double?, seconds: Double) {
        let file = folder.appendingPathComponent("bench-contacts.csv")
        try writeCSV(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: focusBinary)
        process.arguments = ["import", "contacts", file.path, "--workspace", "harbour-mutual"]
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let started = Date()
        try process.run()
        var peak: Double?
        while process.isRunning {
            if let now = Self.peakMegabytes(pid: process.processIdentifier) { peak = max(peak ?? 0, now) }
            Thread.sleep(forTimeInterval: 0.05)
        }
        let seconds = Date().timeIntervalSince(started)
        guard process.terminationStatus == 0 else { throw BenchError("focus import contacts failed (exit \(process.terminationStatus))") }
        return (Double(rows) / seconds, peak, seconds)
    }

    /// The CSV, written in blocks: rows spread over the year before now, ids unique to this run.
    func writeCSV(to file: URL) throws {
        guard FileManager.default.createFile(atPath: file.path, contents: nil) else { throw BenchError("cannot write \(file.path)") }
        let handle = try FileHandle(forWritingTo: file)
        defer { try? handle.close() }
        var random = SystemRandomNumberGenerator()
        let run = UUID().uuidString.prefix(8)
        let start = Date().timeIntervalSince1970 - 365 * 86400
        let formatter = ISO8601DateFormatter()
        var block = "external_id,channel,category,reason,customer_id,occurred_at,wait_seconds,handling_seconds,resolved_first_contact,team\n"
        for i in 1...max(1, rows) {
            let (category, reason) = Self.reasons.randomElement(using: &random)!
            let channel = i % 10_000 == 0 ? "pigeon" : Self.channels.randomElement(using: &random)!
            let at = formatter.string(from: Date(timeIntervalSince1970: start + Double(i) / Double(rows) * 365 * 86400))
            let customer = 1_000_000 + Int.random(in: 1...2000, using: &random)
            block += "B\(run)-\(i),\(channel),\(category),\(reason),HM\(customer),\(at),\(Int.random(in: 5...900, using: &random)),"
                + "\(Int.random(in: 60...1200, using: &random)),\(["yes", "no", ""].randomElement(using: &random)!),Desk\n"
            if block.utf8.count > 1 << 20 {
                handle.write(Data(block.utf8))
                block = ""
            }
        }
        handle.write(Data(block.utf8))
    }

    /// The process's peak resident memory so far (Linux VmHWM), in MB.
    static func peakMegabytes(pid: Int32) -> Double? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kb = Double(line.split(separator: " ").dropFirst().first ?? "")
        else { return nil }
        return kb / 1024
    }
}
