import NIOCore

/// Runs Swift concurrency jobs on one of the database's event loops: as the serial executor of
/// an actor that writes (``IngestWriter``), and as the task executor preferred by its work, so
/// that the database driver's own async code runs there too.
///
/// Why: a commit is a chain of statements, each a round trip to the driver's thread. Resumed on
/// the shared cooperative pool, every step of that chain queues behind the request handlers of
/// every open connection; under load each step then waits longer than the statement takes.
/// On a loop that only the database uses, a step waits for nothing but the statement.
final class DatabaseExecutor: TaskExecutor, SerialExecutor, @unchecked Sendable {
    let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute {
            job.runSynchronously(isolatedTo: self.asUnownedSerialExecutor(), taskExecutor: self.asUnownedTaskExecutor())
        }
    }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    func checkIsolated() {
        eventLoop.preconditionInEventLoop()
    }
}
