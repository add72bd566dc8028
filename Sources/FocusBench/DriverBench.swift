import FocusCore
import Foundation
import NIOHTTP1

/// The driver figure of `focus bench`: a survey with an NPS question and 20 attribute ratings gets
/// `responses` answers spread over the year before today (posted in batches of 1,000 through the
/// API, each NPS following planted weights on the ratings, one rating in twenty left out), then
/// its drivers are asked for through the API (Shapley values over all 2^20 subsets, relative
/// weights, 200 bootstrap samples) and timed. Also checks that the planted order is recovered.
struct DriverBench {
    let host: String
    let port: Int
    let token: String
    let responses: Int
    static let drivers = 20

    struct Result {
        let seconds: [Double]
        let plantedOrderFound: Bool
        let loadSeconds: Double
    }

    func run(_ load: LoadGenerator, log: @Sendable (String) -> Void) async throws -> Result {
        let auth = [("Authorization", "Bearer \(token)"), ("Content-Type", "application/json")]
        let base = "/api/v1/workspaces/harbour-mutual"
        let ratings = (1...Self.drivers).map { i in
            #"{"key":"a\#(i)","kind":"rating","attribute":"attribute \#(i)","text":"Attribute \#(i)?"}"#
        }
        let definition = #"{"name":"Bench drivers","questions":[{"key":"nps","kind":"nps","text":"Recommend?","required":true},\#(ratings.joined(separator: ","))]}"#
        let created = try await load.fetch(host: host, port: port, LoadRequest(method: .POST, uri: "\(base)/surveys", headers: auth, body: definition))
        guard created.status == 201, let id = (try JSONSerialization.jsonObject(with: Data(created.body.utf8)) as? [String: Any])?["id"] as? String
        else { throw BenchError("creating the drivers survey failed: \(created.status) \(created.body.prefix(200))") }
        _ = try await load.fetch(host: host, port: port, LoadRequest(method: .POST, uri: "\(base)/surveys/\(id)/status", headers: auth,
                                                                     body: #"{"status":"live"}"#))
        // Planted weights fall from driver 1 to driver 20.
        let weights = (1...Self.drivers).map { 0.5 * pow(0.8, Double($0 - 1)) }
        var random = SeededRandom(seed: 11)
        let formatter = ISO8601DateFormatter()
        let now = Date().timeIntervalSince1970 - 3600
        let started = Date()
        var posted = 0
        while posted < responses {
            let count = min(1_000, responses - posted)
            var items: [String] = []
            items.reserveCapacity(count)
            for k in 0..<count {
                let general = random.normal(sd: 0.5)
                var latent = 0.0
                var answers: [String] = []
                for (i, w) in weights.enumerated() {
                    let rating = min(5, max(1, Int((3.5 + general + random.normal(sd: 0.8)).rounded())))
                    latent += w * (Double(rating) - 3.5)
                    if random.unit() >= 0.05 { answers.append("\"a\(i + 1)\":\(rating)") }
                }
                answers.append("\"nps\":\(min(10, max(0, Int((7 + latent + random.normal(sd: 1.2)).rounded()))))")
                let at = formatter.string(from: Date(timeIntervalSince1970: now - Double(posted + k) / Double(responses) * 364 * 86400))
                items.append(#"{"survey_id":"\#(id)","received_at":"\#(at)","answers":{\#(answers.joined(separator: ","))}}"#)
            }
            let answer = try await load.fetch(host: host, port: port, LoadRequest(method: .POST, uri: "\(base)/responses/batch", headers: auth,
                                                                                  body: #"{"responses":[\#(items.joined(separator: ","))]}"#))
            guard answer.status == 201 else { throw BenchError("posting responses failed: \(answer.status) \(answer.body.prefix(200))") }
            posted += count
            if posted % 100_000 == 0 { log("  drivers: \(posted) responses posted") }
        }
        let loadSeconds = Date().timeIntervalSince(started)
        let today = Int(Date().timeIntervalSince1970 / 86400)
        let uri = "\(base)/surveys/\(id)/drivers?from=\(CalendarDate(daysSinceEpoch: today - 365).iso)&to=\(CalendarDate(daysSinceEpoch: today).iso)"
        var seconds: [Double] = []
        var body = ""
        for _ in 0..<5 {
            let t0 = Date()
            let answer = try await load.fetch(host: host, port: port, LoadRequest(uri: uri, headers: auth))
            seconds.append(Date().timeIntervalSince(t0))
            guard answer.status == 200 else { throw BenchError("the drivers answer failed: \(answer.status) \(answer.body.prefix(200))") }
            body = answer.body
        }
        let drivers = ((try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])?["analysis"] as? [String: Any])?["drivers"]
            as? [[String: Any]] ?? []
        let order = drivers.sorted { ($0["importance"] as? Double ?? 0) > ($1["importance"] as? Double ?? 0) }.compactMap { $0["key"] as? String }
        // The strongest five, whose planted weights differ most, must come out in order.
        return Result(seconds: seconds, plantedOrderFound: Array(order.prefix(5)) == (1...5).map { "a\($0)" }, loadSeconds: loadSeconds)
    }
}
