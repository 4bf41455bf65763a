/// An RFC 6902 JSON Patch document: a list of operations applied all-or-nothing. BOOT proves
/// only top-level `add`; the rest of RFC 6902 is what the standard says a patch does (the
/// `patchTopLevelAddOnly` knob refuses it, zero-api-audit.md §7 R2).
struct JSONPatch {
    /// One operation of the patch.
    struct Operation {
        var op: String
        var path: JSONPointer
        var value: JSON?
        var from: JSONPointer?
    }

    /// The operations in order.
    let operations: [Operation]

    /// Parses a patch body; anything but an array of well-formed operations is a 400.
    init(_ body: JSON) throws(SimError) {
        guard case .array(let items) = body else {
            throw .badRequest("request body must be a JSON Patch array")
        }
        var operations: [Operation] = []
        for (index, item) in items.enumerated() {
            guard case .object(let members) = item else {
                throw .badRequest("patch operation \(index) must be an object")
            }
            guard let op = members["op"]?.stringValue else {
                throw .badRequest("patch operation \(index): op must be a string")
            }
            guard let pathText = members["path"]?.stringValue else {
                throw .badRequest("patch operation \(index): path must be a string")
            }
            let path = try JSONPointer(pathText)
            switch op {
            case "add", "replace", "test":
                guard let value = members["value"] else {
                    throw .badRequest("patch operation \(index) (\(op) \(pathText)): value is required")
                }
                operations.append(Operation(op: op, path: path, value: value, from: nil))
            case "remove":
                operations.append(Operation(op: op, path: path, value: nil, from: nil))
            case "move", "copy":
                guard let fromText = members["from"]?.stringValue else {
                    throw .badRequest("patch operation \(index) (\(op) \(pathText)): from must be a string")
                }
                operations.append(Operation(op: op, path: path, value: nil, from: try JSONPointer(fromText)))
            default:
                throw .badRequest("patch operation \(index): unsupported op \"\(op)\"")
            }
        }
        self.operations = operations
    }

    /// `document` with every operation applied in order; the first failing operation throws
    /// and nothing is changed.
    func apply(to document: JSON) throws(SimError) -> JSON {
        var result = document
        for operation in operations {
            result = try Self.apply(operation, to: result)
        }
        return result
    }

    private static func apply(_ operation: Operation, to document: JSON) throws(SimError) -> JSON {
        switch operation.op {
        case "add":
            return try operation.path.adding(operation.value ?? .null, to: document)
        case "remove":
            return try operation.path.removing(from: document)
        case "replace":
            return try operation.path.replacing(with: operation.value ?? .null, in: document)
        case "test":
            guard operation.path.value(in: document) == operation.value else {
                throw .badRequest("test: value at \(operation.path.text) does not match")
            }
            return document
        case "move":
            let from = operation.from ?? operation.path
            guard let value = from.value(in: document) else {
                throw .badRequest("move: from \(from.text) does not exist")
            }
            if operation.path.tokens.starts(with: from.tokens), operation.path != from {
                throw .badRequest("move: cannot move \(from.text) into its own child")
            }
            return try operation.path.adding(value, to: try from.removing(from: document))
        default:
            let from = operation.from ?? operation.path
            guard let value = from.value(in: document) else {
                throw .badRequest("copy: from \(from.text) does not exist")
            }
            return try operation.path.adding(value, to: document)
        }
    }
}
