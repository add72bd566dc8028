import FocusCharts
import FocusCore
import Foundation
import Hummingbird
import Mustache
import NIOCore

/// Renders pages from the Mustache templates in the package's resources.
///
/// Every page model carries a ``LayoutModel`` under `layout`; templates extend `layout`.
/// Mustache escapes every `{{value}}`, so text from users cannot inject markup.
public struct PageRenderer: Sendable {
    let library: MustacheLibrary
    let csrf: CSRFProtection
    let stylesheet: String
    /// The website widget's script, served at /widget.js.
    let widgetScript: String

    init(csrf: CSRFProtection) async throws {
        let resources = try Self.resourceFolder()
        self.library = try await MustacheLibrary(directory: resources.appendingPathComponent("templates").path)
        guard library.getTemplate(named: "layout") != nil else {
            throw APIError(.internalServerError, "the page templates are missing from \(resources.path)")
        }
        // The charts' rules come with the chart module, so they cannot drift from its class names.
        self.stylesheet = try String(contentsOf: resources.appendingPathComponent("static/focus.css"), encoding: .utf8) + "\n" + ChartStyle.css
        self.widgetScript = try String(contentsOf: resources.appendingPathComponent("static/widget.js"), encoding: .utf8)
        self.csrf = csrf
    }

    /// The folder holding `templates/` and `static/`, copied into the build's resource bundle.
    /// Foundation places it differently on Linux and macOS, so look in both places.
    static func resourceFolder() throws -> URL {
        let candidates = [Bundle.module.bundleURL, Bundle.module.resourceURL].compactMap { $0 }
            .flatMap { [$0.appendingPathComponent("Resources"), $0] }
        for folder in candidates where FileManager.default.fileExists(atPath: folder.appendingPathComponent("templates/layout.mustache").path) {
            return folder
        }
        throw APIError(.internalServerError, "the page templates are missing from the build (looked in \(candidates.map(\.path)))")
    }

    /// The CSRF token forms on this request's page must carry.
    func csrfToken(_ context: FocusRequestContext) -> String {
        csrf.token(forSeed: context.csrf.forForm())
    }

    func render(_ template: String, _ model: Any, status: HTTPResponse.Status = .ok) -> Response {
        guard let html = library.render(model, withTemplate: template) else {
            return Response(status: .internalServerError, headers: [.contentType: "text/plain"],
                            body: .init(byteBuffer: ByteBuffer(string: "template \(template) is missing")))
        }
        return Response(
            status: status,
            headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    func errorPage(_ error: APIError, context: FocusRequestContext) -> Response {
        let model = ErrorPageModel(
            layout: LayoutModel(title: "\(error.status.code) \(error.status.reasonPhrase)", context: context, renderer: self),
            status: Int(error.status.code), reason: error.status.reasonPhrase, message: error.message)
        return render("error", model, status: error.status)
    }
}

/// What every page's frame shows: the title, the signed-in person, their workspaces and the menu.
struct LayoutModel {
    struct NavItem {
        let label: String
        let href: String
        let current: Bool
    }

    struct WorkspaceLink {
        let name: String
        let href: String
        let current: Bool
    }

    let title: String
    let csrf: String
    let userName: String?
    let workspaceName: String?
    let workspaceSlug: String?
    let roleLabel: String?
    let nav: [NavItem]
    let workspaces: [WorkspaceLink]
    let hasManyWorkspaces: Bool

    init(title: String, context: FocusRequestContext, renderer: PageRenderer,
         workspace: WorkspaceContext? = nil, section: String? = nil, workspaces: [WorkspaceRecord] = []) {
        self.title = title
        self.csrf = renderer.csrfToken(context)
        self.userName = context.identity?.displayName
        self.workspaceName = workspace?.name
        self.workspaceSlug = workspace?.slug
        self.roleLabel = workspace?.role.label
        if let workspace {
            let base = "/w/\(workspace.slug)"
            var items: [(String, String, String)] = [
                ("Overview", base, "home"),
                ("Scores", "\(base)/scores", "scores"),
                ("Surveys", "\(base)/surveys", "surveys"),
                ("Responses", "\(base)/responses", "responses"),
                ("Contacts", "\(base)/contacts", "contacts"),
                ("Feedback", "\(base)/feedback", "feedback"),
                ("Comments", "\(base)/comments", "comments"),
                ("Themes", "\(base)/themes", "themes"),
                ("Closed loop", "\(base)/closed-loop", "closed-loop"),
                ("Touchpoints", "\(base)/touchpoints", "touchpoints"),
                ("Brands", "\(base)/brands", "brands"),
                ("Customers", "\(base)/customers", "customers"),
                ("Cases", "\(base)/cases", "cases"),
                ("Alert rules", "\(base)/alert-rules", "alert-rules"),
            ]
            if workspace.role.allows(.administer) {
                items.append(("Members", "\(base)/members", "members"))
                items.append(("API tokens", "\(base)/tokens", "tokens"))
                items.append(("Webhooks", "\(base)/webhooks", "webhooks"))
                items.append(("Case settings", "\(base)/case-settings", "case-settings"))
                items.append(("Audit log", "\(base)/audit", "audit"))
            }
            self.nav = items.map { NavItem(label: $0.0, href: $0.1, current: $0.2 == section) }
        } else {
            self.nav = []
        }
        self.workspaces = workspaces.map { WorkspaceLink(name: $0.name, href: "/w/\($0.slug)", current: $0.slug == workspace?.slug) }
        self.hasManyWorkspaces = workspaces.count > 1
    }
}

struct ErrorPageModel {
    let layout: LayoutModel
    let status: Int
    let reason: String
    let message: String
}
