import Foundation

/// Imports running in the background for the browser, which asks for their progress.
/// Kept in memory: a job is lost if the server restarts (the rows it stored stay, and importing
/// the file again adds only what is missing).
public actor ImportJobs {
    public struct Job: Sendable {
        public let id: UUID
        public let workspaceID: UUID
        public var state: String = "running"
        public var report: ImportReport
        public var error: String?
        public let started = Date()
    }

    private var jobs: [UUID: Job] = [:]

    public init() {}

    func start(workspaceID: UUID, dryRun: Bool) -> UUID {
        // Finished jobs older than an hour are forgotten.
        let cutoff = Date().addingTimeInterval(-3600)
        jobs = jobs.filter { $0.value.state == "running" || $0.value.started > cutoff }
        let id = UUID()
        jobs[id] = Job(id: id, workspaceID: workspaceID, report: ImportReport(dryRun: dryRun))
        return id
    }

    func update(_ id: UUID, _ report: ImportReport) { jobs[id]?.report = report }

    func finish(_ id: UUID, _ report: ImportReport) {
        jobs[id]?.report = report
        jobs[id]?.state = "done"
    }

    func fail(_ id: UUID, _ message: String) {
        jobs[id]?.state = "failed"
        jobs[id]?.error = message
    }

    func job(_ id: UUID, workspaceID: UUID) -> Job? {
        guard let job = jobs[id], job.workspaceID == workspaceID else { return nil }
        return job
    }
}
