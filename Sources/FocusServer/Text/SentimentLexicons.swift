import FocusCore
import Foundation

/// The sentiment data shipped with the server: every `Resources/lexicons/*.sentiment` file, one
/// language each (named by the file: `en.sentiment`), parsed by the core into one analyzer. English
/// comes first and is the fallback for comments in a language without data. Read and parsed once
/// (about 0.1 s), then shared.
public enum SentimentLexicons {
    public struct LoadError: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// The analyzer over all shipped languages; throws if the files are missing or one is invalid
    /// (the error names the file's language and line).
    public static func analyzer() throws -> SentimentAnalyzer {
        try loaded.get()
    }

    private static let loaded: Result<SentimentAnalyzer, LoadError> = {
        do {
            return .success(try load(from: folder()))
        } catch let error as LoadError {
            return .failure(error)
        } catch {
            return .failure(LoadError(description: "\(error)"))
        }
    }()

    /// Parses every `*.sentiment` file of a folder; English first, the rest by code.
    public static func load(from folder: URL) throws -> SentimentAnalyzer {
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "sentiment" }
        var languages: [SentimentLanguage] = []
        for file in files {
            let code = file.deletingPathExtension().lastPathComponent
            languages.append(try SentimentLanguage(parsing: String(contentsOf: file, encoding: .utf8), code: code))
        }
        guard !languages.isEmpty else { throw LoadError(description: "no *.sentiment file in \(folder.path)") }
        languages.sort { ($0.code == "en" ? 0 : 1, $0.code) < ($1.code == "en" ? 0 : 1, $1.code) }
        return SentimentAnalyzer(languages: languages)
    }

    /// The `lexicons` folder copied into the build's resource bundle. Foundation places resources
    /// differently on Linux and macOS, so look in both places (as PageRenderer does for templates).
    static func folder() throws -> URL {
        let candidates = [Bundle.module.bundleURL, Bundle.module.resourceURL].compactMap { $0 }
            .flatMap { [$0.appendingPathComponent("Resources/lexicons"), $0.appendingPathComponent("lexicons")] }
        for folder in candidates where FileManager.default.fileExists(atPath: folder.appendingPathComponent("en.sentiment").path) {
            return folder
        }
        throw LoadError(description: "the sentiment lexicons are missing from the build (looked in \(candidates.map(\.path)))")
    }
}
