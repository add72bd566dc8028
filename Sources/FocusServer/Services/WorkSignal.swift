/// A nudge from the code that queues work (a webhook delivery, say) to the one background worker
/// that does it, so the worker starts at once instead of at its next poll. Signals sent while the
/// worker is busy collapse into one.
final class WorkSignal: Sendable {
    private let stream: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    init() {
        (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// There is work.
    func signal() { continuation.yield() }

    /// The signals, for the single worker that waits on them.
    var signals: AsyncStream<Void> { stream }
}
