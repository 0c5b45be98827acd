import CYaml
import Foundation

/// A linear pass over a job file's YAML events, before Yams composes it, that refuses what would make composing or
/// decoding blow up: alias bombs, nesting too deep for recursive code, and duplicate keys (reported where the second
/// one is, with its key path).
///
/// Yams dereferences an alias into the anchored node and hashes mapping keys recursively, so a "billion laughs"
/// document (an alias used as a key, or a value walked later) costs time exponential in its size; its composer also
/// recurses once per nesting level. This pass walks libyaml's events with explicit stacks instead, counting the nodes
/// the document would have once every alias is expanded, so its cost is linear in the file. It stops at the first
/// limit exceeded. YAML syntax errors are left to Yams, which reports them with their position.
struct JobYAMLPreflight {
    /// Most nodes a job file may expand to, aliases expanded (the shipped jobs have fewer than 50).
    static let maxExpandedNodes = 10_000
    /// Deepest nesting of lists and mappings, aliases expanded (the shipped jobs nest 2 deep).
    static let maxDepth = 64

    /// One problem the pass found.
    struct Finding: Equatable {
        var line: Int
        var column: Int
        var keyPath: String
        var message: String
    }

    /// The size and height of a node or of an anchored node (aliases expanded).
    private struct Extent {
        var nodes: Int
        var height: Int
    }

    /// A list or mapping being read.
    private struct Frame {
        var isMapping: Bool
        var anchor: String?
        var nodes = 0
        var height = 0
        /// For mappings: whether the next node is a key.
        var expectsKey = true
        /// For mappings: scalar keys seen, with the line they are on.
        var keys: [String: Int] = [:]
        /// For mappings: the key whose value is being read.
        var currentKey: String?
        var childCount = 0
    }

    private var anchors: [String: Extent] = [:]
    private var stack: [Frame] = []
    private var expanded = 0
    private(set) var findings: [Finding] = []

    /// Checks `yaml`; returns the problems found (empty when composing is safe, or when the YAML does not parse, in
    /// which case Yams reports the syntax error).
    static func check(_ yaml: String) -> [Finding] {
        var pass = JobYAMLPreflight()
        var bytes = Array(yaml.utf8)
        bytes.withUnsafeMutableBufferPointer { buffer in
            pass.run(buffer)
        }
        return pass.findings
    }

    private mutating func run(_ buffer: UnsafeMutableBufferPointer<UInt8>) {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
        var event = yaml_event_t()
        while findings.isEmpty {
            guard yaml_parser_parse(&parser, &event) == 1 else { return }
            let type = event.type
            let mark = event.start_mark
            let anchor: String?
            switch type {
            case YAML_SCALAR_EVENT:
                anchor = Self.text(event.data.scalar.anchor)
                let value = Self.text(event.data.scalar.value, length: event.data.scalar.length)
                scalar(value, anchor: anchor, mark: mark)
            case YAML_ALIAS_EVENT:
                alias(Self.text(event.data.alias.anchor) ?? "", mark: mark)
            case YAML_SEQUENCE_START_EVENT:
                anchor = Self.text(event.data.sequence_start.anchor)
                open(isMapping: false, anchor: anchor, mark: mark)
            case YAML_MAPPING_START_EVENT:
                anchor = Self.text(event.data.mapping_start.anchor)
                open(isMapping: true, anchor: anchor, mark: mark)
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                close(mark: mark)
            default:
                break
            }
            yaml_event_delete(&event)
            if type == YAML_STREAM_END_EVENT { return }
        }
    }

    // MARK: - Events

    private mutating func scalar(_ value: String, anchor: String?, mark: yaml_mark_t) {
        if let top = stack.indices.last, stack[top].isMapping, stack[top].expectsKey {
            if let firstLine = stack[top].keys[value] {
                report(
                    mark,
                    keyPath: keyPath(appending: value),
                    "the key `\(Self.shortened(value))` appears more than once in this mapping (first on line \(firstLine))"
                )
                return
            }
            stack[top].keys[value] = Int(mark.line) + 1
            stack[top].currentKey = value
        }
        if let anchor { anchors[anchor] = Extent(nodes: 1, height: 0) }
        add(Extent(nodes: 1, height: 0), mark: mark)
    }

    private mutating func alias(_ name: String, mark: yaml_mark_t) {
        // An undefined alias is a composer error that Yams reports; count it as one node.
        let extent = anchors[name] ?? Extent(nodes: 1, height: 0)
        if let top = stack.indices.last, stack[top].isMapping, stack[top].expectsKey {
            stack[top].currentKey = "*\(name)"
        }
        add(extent, mark: mark)
    }

    private mutating func open(isMapping: Bool, anchor: String?, mark: yaml_mark_t) {
        if let top = stack.indices.last, stack[top].isMapping, stack[top].expectsKey {
            stack[top].currentKey = "?"
        }
        guard stack.count < Self.maxDepth else {
            report(mark, keyPath: keyPath(appending: nil), "lists and mappings are nested more than \(Self.maxDepth) deep")
            return
        }
        stack.append(Frame(isMapping: isMapping, anchor: anchor))
    }

    private mutating func close(mark: yaml_mark_t) {
        guard let frame = stack.popLast() else { return }
        let extent = Extent(nodes: frame.nodes + 1, height: frame.height + 1)
        if let anchor = frame.anchor { anchors[anchor] = extent }
        add(extent, mark: mark, counted: frame.nodes)
    }

    /// Adds a finished child to the enclosing list or mapping, checking the expanded size and depth.
    ///
    /// `counted` is how many of the child's nodes were already added to `expanded` while it was being read.
    private mutating func add(_ extent: Extent, mark: yaml_mark_t, counted: Int = 0) {
        expanded += extent.nodes - counted
        if expanded > Self.maxExpandedNodes {
            report(
                mark,
                keyPath: keyPath(appending: nil),
                "the document expands to more than \(Self.maxExpandedNodes) values once its aliases are expanded "
                    + "(an alias bomb?); a job file needs only a few dozen"
            )
            return
        }
        if stack.count + extent.height > Self.maxDepth {
            report(
                mark,
                keyPath: keyPath(appending: nil),
                "lists and mappings are nested more than \(Self.maxDepth) deep once aliases are expanded"
            )
            return
        }
        guard let top = stack.indices.last else { return }
        stack[top].nodes += extent.nodes
        stack[top].height = max(stack[top].height, extent.height)
        stack[top].childCount += 1
        if stack[top].isMapping {
            stack[top].expectsKey.toggle()
            if stack[top].expectsKey { stack[top].currentKey = nil }
        }
    }

    // MARK: - Reporting

    private mutating func report(_ mark: yaml_mark_t, keyPath: String, _ message: String) {
        findings.append(
            Finding(line: Int(mark.line) + 1, column: Int(mark.column) + 1, keyPath: keyPath, message: message)
        )
    }

    /// The dotted key path of the node being read (list items as `[n]`), with `key` appended when given.
    private func keyPath(appending key: String?) -> String {
        var path = ""
        for frame in stack {
            if frame.isMapping {
                guard let current = frame.currentKey else { continue }
                path += path.isEmpty ? current : ".\(current)"
            } else {
                path += "[\(frame.childCount)]"
            }
        }
        if let key { path += path.isEmpty ? key : ".\(key)" }
        return path
    }

    private static func text(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }

    /// A scalar's value by its length: it may contain NUL characters (written as `"\\0"`).
    private static func text(_ pointer: UnsafeMutablePointer<yaml_char_t>?, length: Int) -> String {
        guard let pointer else { return "" }
        return String(decoding: UnsafeBufferPointer(start: pointer, count: length), as: UTF8.self)
    }

    private static func shortened(_ text: String) -> String {
        text.count > 60 ? String(text.prefix(57)) + "..." : text
    }
}
