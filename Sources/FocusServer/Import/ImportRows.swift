import CSV
import FocusCore
import Foundation

/// One row of an import file: its line (the header is line 1), and its values by column name.
public struct ImportRow: Sendable {
    public let line: Int
    public let values: [String: String]

    /// The column's value without surrounding white space; nil when missing or empty.
    public func value(_ column: String) -> String? {
        guard let text = values[column]?.trimmingWhitespace(), !text.isEmpty else { return nil }
        return text
    }
}

/// Field → the file's column; a field without an entry is read from the column of the same name.
public typealias ImportMapping = [String: String]

enum ImportFields {
    /// Checks that a mapping names only known fields and columns the file has.
    static func check(_ mapping: ImportMapping, fields: [String], columns: [String], kind: String) throws(FieldError) {
        for (field, column) in mapping.sorted(by: { $0.key < $1.key }) {
            guard fields.contains(field) else { throw FieldError("mapping.\(field)", "is not a \(kind) field; fields are \(fields.joined(separator: ", "))") }
            guard columns.contains(column) else { throw FieldError("mapping.\(field)", "the file has no column \(column)") }
        }
    }
}

/// The formats an import reads: CSV with a header row (streamed by CSV.swift), JSON Lines (one
/// object per line, streamed), or one JSON array of objects (read whole).
public enum ImportFormat: String, Sendable, CaseIterable {
    case csv
    case jsonl
    case json

    /// The format a file name suggests.
    public static func guess(_ path: String) -> ImportFormat {
        let lower = path.lowercased()
        if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") { return .jsonl }
        if lower.hasSuffix(".json") { return .json }
        return .csv
    }
}

/// What went wrong with the file itself (not one row): unreadable, no header, not JSON.
public struct ImportFileError: Error, CustomStringConvertible {
    public let description: String
}

/// Reads rows one at a time, so an import's memory does not grow with the file.
public final class ImportRowReader {
    private var next: () throws -> ImportRow?
    /// The columns the file has (CSV header, or the first object's keys).
    public private(set) var columns: [String] = []

    public init(stream: InputStream, format: ImportFormat) throws {
        next = { nil }
        switch format {
        case .csv:
            let reader: CSVReader
            do { reader = try CSVReader(stream: stream, hasHeaderRow: true) } catch {
                throw ImportFileError(description: "the file is not readable as CSV: \(error)")
            }
            guard let header = reader.headerRow, !header.isEmpty else { throw ImportFileError(description: "the CSV file has no header row") }
            // A UTF-8 byte-order mark from a spreadsheet is not part of the first column's name.
            let names = header.enumerated().map { i, h in (i == 0 && h.hasPrefix("\u{FEFF}") ? String(h.dropFirst()) : h).trimmingCharacters(in: .whitespaces) }
            columns = names
            var line = 1
            next = {
                guard let fields = reader.next() else {
                    // CSV.swift ends every stream with cannotReadFile (its way to say end of file); only other errors are errors.
                    if let error = reader.error, !"\(error)".hasPrefix("cannotReadFile") {
                        throw ImportFileError(description: "the CSV file could not be read after line \(line): \(error)")
                    }
                    return nil
                }
                line += 1
                var values: [String: String] = [:]
                for (i, name) in names.enumerated() where i < fields.count { values[name] = fields[i] }
                return ImportRow(line: line, values: values)
            }
        case .jsonl:
            let lines = LineReader(stream: stream)
            var line = 0
            var first = true
            next = { [unowned self] in
                while let text = try lines.next() {
                    line += 1
                    if text.allSatisfy(\.isWhitespace) { continue }
                    let values = try Self.object(text, line: line)
                    if first { self.columns = values.keys.sorted(); first = false }
                    return ImportRow(line: line, values: values)
                }
                return nil
            }
        case .json:
            stream.open()
            defer { stream.close() }
            let data = try Self.readAll(stream)
            guard let array = try? JSONDecoder().decode([[String: Cell]].self, from: data) else {
                throw ImportFileError(description: "the JSON file must hold one array of objects of plain values (or use JSON Lines: one object per line)")
            }
            columns = Array(Set(array.flatMap(\.keys))).sorted()
            var index = 0
            next = {
                guard index < array.count else { return nil }
                index += 1
                return ImportRow(line: index, values: array[index - 1].mapValues(\.text))
            }
        }
    }

    public func nextRow() throws -> ImportRow? { try next() }

    /// Up to `size` rows; fewer only at the end of the file.
    func nextChunk(_ size: Int) throws -> [ImportRow] {
        var chunk: [ImportRow] = []
        chunk.reserveCapacity(min(size, 50_000))
        while chunk.count < size, let row = try next() { chunk.append(row) }
        return chunk
    }

    static func object(_ text: String, line: Int) throws -> [String: String] {
        guard let object = try? JSONDecoder().decode([String: Cell].self, from: Data(text.utf8)) else {
            throw ImportFileError(description: "line \(line) is not a JSON object of plain values")
        }
        return object.mapValues(\.text)
    }

    /// One value of a JSON object, as text a CSV cell would hold: null is empty, numbers as written.
    struct Cell: Decodable {
        let text: String

        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() { text = "" }
            else if let s = try? c.decode(String.self) { text = s }
            else if let b = try? c.decode(Bool.self) { text = b ? "true" : "false" }
            else if let i = try? c.decode(Int.self) { text = String(i) }
            else if let d = try? c.decode(Double.self) { text = String(d) }
            else { throw DecodingError.dataCorruptedError(in: c, debugDescription: "nested values cannot be imported") }
        }
    }

    static func readAll(_ stream: InputStream) throws -> Data {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = stream.read(&buffer, maxLength: buffer.count)
            if n < 0 { throw ImportFileError(description: "the file could not be read") }
            if n == 0 { return data }
            data.append(buffer, count: n)
        }
    }
}

/// Lines of a stream, read in blocks.
final class LineReader {
    let stream: InputStream
    var pending: [UInt8] = []
    var finished = false

    init(stream: InputStream) {
        self.stream = stream
        stream.open()
    }

    func next() throws -> String? {
        while true {
            if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                var line = Array(pending[..<newline])
                pending.removeSubrange(...newline)
                if line.last == UInt8(ascii: "\r") { line.removeLast() }
                return String(decoding: line, as: UTF8.self)
            }
            if finished {
                guard !pending.isEmpty else { return nil }
                defer { pending = [] }
                return String(decoding: pending, as: UTF8.self)
            }
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            let n = stream.read(&buffer, maxLength: buffer.count)
            if n < 0 { throw ImportFileError(description: "the file could not be read") }
            if n == 0 { finished = true; stream.close() } else { pending.append(contentsOf: buffer[..<n]) }
        }
    }
}
