// The spec checks itself: every pinned number is recomputed where it can be,
// and every problem is reported with the name of the item it belongs to.

/// One thing wrong with the spec.
public struct SpecProblem: CustomStringConvertible, Equatable, Sendable {
    public let item: String
    public let message: String

    public var description: String { "\(item): \(message)" }
}

/// Size and alignment of a type on x86_64.
public struct Layout: Equatable, Sendable {
    public let size: Int
    public let alignment: Int
}

extension ProtocolSpec {
    /// Every problem found; empty means the spec is consistent.
    public func validate() -> [SpecProblem] {
        var problems: [SpecProblem] = []
        problems += checkUniqueNames()
        problems += checkStructs()
        problems += checkCodes(ioctls.map { ($0.name, $0.code, $0.value, $0.since) }, table: "ioctl")
        problems += checkCodes(commands.map { ($0.name, $0.code, $0.value, $0.since) }, table: "BC")
        problems += checkCodes(returns.map { ($0.name, $0.code, $0.value, $0.since) }, table: "BR")
        problems += checkNumbering(commands, type: "c", numbersUnique: true)
        problems += checkNumbering(returns, type: "r", numbersUnique: false)
        problems += checkObjectTypes()
        problems += checkConstants()
        problems += features.compactMap { checkSince($0.name, $0.since) }
        problems += checkHeaders()
        problems += checkNetlink()
        return problems
    }

    /// The layout of a type, computed with the C rules for LP64.
    public func layout(of type: CType, packed: Bool = false) -> Layout? {
        switch type {
        case .scalar(let s):
            return Layout(size: s.size, alignment: packed ? 1 : s.size)
        case .structRef(let name):
            guard let s = structNamed(name) else { return nil }
            return layout(of: .record(s.body), packed: s.packed)
        case .array(let element, let count, _):
            guard let e = layout(of: element, packed: packed) else { return nil }
            return Layout(size: e.size * count, alignment: e.alignment)
        case .record(let record):
            return computeRecord(record, packed: packed)?.layout
        }
    }

    /// Offsets the C compiler would give each field of a record.
    public func computedOffsets(of record: Record, packed: Bool) -> [Int]? {
        computeRecord(record, packed: packed)?.offsets
    }

    private func computeRecord(_ record: Record, packed: Bool) -> (layout: Layout, offsets: [Int])? {
        var offset = 0
        var alignment = 1
        var size = 0
        var offsets: [Int] = []
        for field in record.fields {
            guard let l = layout(of: field.type, packed: packed) else { return nil }
            alignment = max(alignment, l.alignment)
            switch record.kind {
            case .struct:
                offset = roundUp(offset, l.alignment)
                offsets.append(offset)
                offset += l.size
                size = offset
            case .union:
                offsets.append(0)
                size = max(size, l.size)
            }
        }
        return (Layout(size: roundUp(size, alignment), alignment: alignment), offsets)
    }

    private func checkUniqueNames() -> [SpecProblem] {
        let names = structs.map(\.name) + ioctls.map(\.name) + commands.map(\.name)
            + returns.map(\.name) + objectTypes.map(\.name)
            + constantGroups.flatMap { $0.constants.map(\.name) } + features.map(\.name)
            + netlink.cNames
        var seen = Set<String>()
        var problems: [SpecProblem] = []
        for name in names where !seen.insert(name).inserted {
            problems.append(SpecProblem(item: name, message: "declared more than once"))
        }
        return problems
    }

    private func checkStructs() -> [SpecProblem] {
        var problems: [SpecProblem] = []
        var declared = Set<String>()
        for s in structs {
            problems += checkSince(s.name, s.since).map { [$0] } ?? []
            problems += checkReferences(in: .record(s.body), of: s.name, declared: declared)
            declared.insert(s.name)
            guard problems.isEmpty else { continue }
            problems += checkRecord(s.body, packed: s.packed, path: s.name)
            if let l = layout(of: .structRef(s.name)), l.size != s.size {
                problems.append(SpecProblem(
                    item: s.name, message: "pinned size \(s.size) but fields give \(l.size)"))
            }
        }
        return problems
    }

    /// Struct references must name a struct declared earlier (C needs it complete).
    private func checkReferences(in type: CType, of owner: String, declared: Set<String>) -> [SpecProblem] {
        switch type {
        case .scalar:
            return []
        case .structRef(let name):
            return declared.contains(name)
                ? [] : [SpecProblem(item: owner, message: "uses struct \(name) before it is declared")]
        case .array(let element, _, _):
            return checkReferences(in: element, of: owner, declared: declared)
        case .record(let record):
            return record.fields.flatMap { checkReferences(in: $0.type, of: owner, declared: declared) }
        }
    }

    private func checkRecord(_ record: Record, packed: Bool, path: String) -> [SpecProblem] {
        guard let offsets = computedOffsets(of: record, packed: packed) else { return [] }
        var problems: [SpecProblem] = []
        for (field, computed) in zip(record.fields, offsets) {
            let fieldPath = "\(path).\(field.name ?? "<anonymous>")"
            if field.offset != computed {
                problems.append(SpecProblem(
                    item: fieldPath, message: "pinned offset \(field.offset) but layout gives \(computed)"))
            }
            if case .record(let inner) = field.type {
                problems += checkRecord(inner, packed: packed, path: fieldPath)
            }
        }
        return problems
    }

    /// The `_IOC` encoding of a code, recomputed from its parts.
    public func encode(_ code: IocCode) -> UInt32? {
        var size = 0
        if let payload = code.payload {
            guard let l = layout(of: payload) else { return nil }
            size = l.size
        }
        guard size < (1 << 14), code.nr < 256, let type = code.type.asciiValue else { return nil }
        return code.direction.bits << 30 | UInt32(size) << 16 | UInt32(type) << 8 | UInt32(code.nr)
    }

    private func checkCodes(
        _ rows: [(String, IocCode, UInt32, KernelVersion)], table: String
    ) -> [SpecProblem] {
        var problems: [SpecProblem] = []
        var values: [UInt32: String] = [:]
        for (name, code, value, since) in rows {
            problems += checkSince(name, since).map { [$0] } ?? []
            if (code.direction == .none) != (code.payload == nil) {
                problems.append(SpecProblem(item: name, message: "direction \(code.direction.rawValue) does not match its payload"))
            }
            if let computed = encode(code), computed != value {
                problems.append(SpecProblem(item: name, message: "pinned value \(hex(value)) but \(code.direction.rawValue)('\(code.type)', \(code.nr), ...) gives \(hex(computed))"))
            } else if encode(code) == nil {
                problems.append(SpecProblem(item: name, message: "payload type cannot be encoded"))
            }
            if let other = values[value] {
                problems.append(SpecProblem(item: name, message: "\(table) value \(hex(value)) already used by \(other)"))
            }
            values[value] = name
        }
        return problems
    }

    /// BC_/BR_ numbers must run 0, 1, 2, ... with no gap, all of one `_IOC` type.
    /// Commands are dispatched by number, so each number names one command;
    /// returns may share one (BR_TRANSACTION and BR_TRANSACTION_SEC_CTX differ by size).
    private func checkNumbering(_ codes: [ProtocolCode], type: Character, numbersUnique: Bool) -> [SpecProblem] {
        var problems: [SpecProblem] = []
        var seen: [Int: String] = [:]
        for code in codes {
            if numbersUnique, let other = seen[code.code.nr] {
                problems.append(SpecProblem(item: code.name, message: "nr \(code.code.nr) already used by \(other)"))
            }
            seen[code.code.nr] = code.name
        }
        for code in codes where code.code.type != type {
            problems.append(SpecProblem(item: code.name, message: "type '\(code.code.type)' but this table uses '\(type)'"))
        }
        let numbers = Set(codes.map(\.code.nr))
        if let highest = numbers.max() {
            for missing in (0...highest).filter({ !numbers.contains($0) }) {
                problems.append(SpecProblem(item: "'\(type)' table", message: "no code with nr \(missing)"))
            }
        }
        return problems
    }

    private func checkObjectTypes() -> [SpecProblem] {
        var problems: [SpecProblem] = []
        for o in objectTypes {
            problems += checkSince(o.name, o.since).map { [$0] } ?? []
            let (c1, c2, c3) = o.chars
            let packed = [c1, c2, c3].reduce(UInt32(0)) { $0 << 8 | UInt32($1.asciiValue ?? 0) } << 8 | typeLarge
            if packed != o.value {
                problems.append(SpecProblem(item: o.name, message: "pinned value \(hex(o.value)) but its chars pack to \(hex(packed))"))
            }
            if structNamed(o.objectStruct) == nil {
                problems.append(SpecProblem(item: o.name, message: "object struct \(o.objectStruct) is not declared"))
            }
        }
        return problems
    }

    private func checkConstants() -> [SpecProblem] {
        var problems: [SpecProblem] = []
        for group in constantGroups {
            if let tagSince = group.tagSince {
                if group.tag == nil {
                    problems.append(SpecProblem(item: group.swiftName, message: "tagSince given but the group is not a named enum"))
                }
                problems += checkSince(group.swiftName, tagSince).map { [$0] } ?? []
            }
            var values: [UInt32: String] = [:]
            for c in group.constants {
                problems += checkSince(c.name, c.since).map { [$0] } ?? []
                if let other = values[c.value] {
                    problems.append(SpecProblem(item: c.name, message: "value \(hex(c.value)) already used by \(other)"))
                }
                values[c.value] = c.name
            }
        }
        return problems
    }

    /// binder_netlink.h is the netlink family's alone: its renderer writes nothing else.
    private func checkHeaders() -> [SpecProblem] {
        let misplaced = structs.filter { $0.header == .binderNetlink }.map(\.name)
            + ioctls.filter { $0.header == .binderNetlink }.map(\.name)
            + constantGroups.filter { $0.header == .binderNetlink }.map(\.swiftName)
        return misplaced.map {
            SpecProblem(item: $0, message: "only the netlink family belongs in \(Header.binderNetlink.rawValue)")
        }
    }

    func checkSince(_ name: String, _ since: KernelVersion) -> SpecProblem? {
        since > KernelVersion.specTarget
            ? SpecProblem(item: name, message: "appeared in \(since), after the spec's target \(KernelVersion.specTarget)")
            : nil
    }
}

func roundUp(_ value: Int, _ alignment: Int) -> Int {
    (value + alignment - 1) / alignment * alignment
}

public func hex(_ value: UInt32) -> String {
    "0x" + String(value, radix: 16)
}
