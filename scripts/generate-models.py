#!/usr/bin/env python3
"""Generate the wire models in Sources/GenesysModels/Generated from shared/genesys/models.json.

Usage: python3 scripts/generate-models.py [path/to/models.json]

Every model becomes a `package struct` with all fields optional (the SDK records no
required flags), explicit CodingKeys keeping the wire spelling, and a memberwise init with
defaults. String enums become nested `GenesysEnum` types with an `unknown(String)` case, so
new values from the server never fail decoding. Models that would contain themselves by value
are broken with `Indirect<T>`. Rerun after updating models.json; never edit the output by hand.
"""
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SRC = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "genesys", "models.json")
OUT = os.path.join(ROOT, "Sources", "GenesysModels", "Generated")

SWIFT_KEYWORDS = {
    "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init",
    "inout", "internal", "let", "open", "operator", "private", "protocol", "public", "rethrows", "static",
    "struct", "subscript", "typealias", "var", "break", "case", "continue", "default", "defer", "do",
    "else", "fallthrough", "for", "guard", "if", "in", "repeat", "return", "switch", "where", "while",
    "as", "catch", "false", "is", "nil", "super", "self", "Self", "throw", "throws", "true", "try",
    "package", "Type", "Protocol", "any", "some",
}

data = json.load(open(SRC))
models = data["models"]

# Fields the SDK 269 reference dropped but older orgs and recorded exports still carry
# (SDK <= 264): the legacy message shape must keep decoding.
LEGACY_FIELDS = {
    "MessageData": {
        "textBody": {"type": "string", "desc": "Legacy (SDK <= 264): the message text; now normalizedMessage.text."},
        "media": {"type": "list[MessageMedia]", "desc": "Legacy (SDK <= 264): attachments; now normalizedMessage.content."},
    },
    "SendAgentlessOutboundMessageResponse": {
        "textBody": {"type": "string", "desc": "Legacy (SDK <= 264): the text sent."},
        "messagingTemplate": {"type": "object", "desc": "Legacy (SDK <= 264): the template sent."},
    },
}
for _model, _fields in LEGACY_FIELDS.items():
    for _name, _spec in _fields.items():
        models[_model].setdefault(_name, _spec)
unexpanded = set(data.get("unexpandedRefs", []))


def camel(name):
    if "_" in name:
        head, *rest = name.split("_")
        name = head + "".join(p[:1].upper() + p[1:] for p in rest)
    return name


def swift_field(name):
    n = camel(name)
    n = re.sub(r"Id(?=s?(?:[A-Z0-9]|$))", "ID", n)
    n = re.sub(r"Uri(?=s?(?:[A-Z0-9]|$))", "URI", n)
    n = re.sub(r"Url(?=s?(?:[A-Z0-9]|$))", "URL", n)
    return n


def escape(name):
    return f"`{name}`" if name in SWIFT_KEYWORDS else name


def case_name(value):
    parts = re.split(r"[^A-Za-z0-9]+", value)
    parts = [p for p in parts if p]
    if not parts:
        return None
    first = parts[0]
    # lower-case the leading run of capitals (e.g. "SMS" -> "sms", "WebMessaging" -> "webMessaging")
    m = re.match(r"^([A-Z]+)(?=[A-Z][a-z]|$)", first)
    if m and len(m.group(1)) > 1:
        first = first[: len(m.group(1))].lower() + first[len(m.group(1)):]
    else:
        first = first[:1].lower() + first[1:]
    name = first + "".join(p[:1].upper() + p[1:] for p in parts[1:])
    if name[0].isdigit():
        name = "v" + name
    return name


def base_type(t):
    return {
        "string": "String",
        "int": "Int",
        "bool": "Bool",
        "double": "Double",
        "datetime": "Date",
        "date": "String",
        "object": "JSONValue",
    }.get(t)


def model_type(t):
    if t in models:
        return t
    return "JSONValue"  # unexpanded reference: kept as raw JSON


def by_value_refs(name):
    """Model names a model contains directly (not in a list or dict)."""
    refs = set()
    for f, v in models[name].items():
        if f.startswith("_"):
            continue
        t = v["type"]
        if t in models:
            refs.add(t)
    return refs


def reaches(start, target, seen=None):
    seen = seen or set()
    for r in by_value_refs(start):
        if r == target:
            return True
        if r not in seen:
            seen.add(r)
            if reaches(r, target, seen):
                return True
    return False


def swift_type(model, field, spec, enum_names):
    t = spec["type"]
    m = re.match(r"^list\[(.+)\]$", t)
    if m:
        inner = m.group(1)
        if field in enum_names:
            return f"[{enum_names[field]}]"
        return f"[{base_type(inner) or model_type(inner)}]"
    m = re.match(r"^dict\(str,(.+)\)$", t)
    if m:
        inner = m.group(1)
        return f"[String: {base_type(inner) or model_type(inner)}]"
    if field in enum_names:
        return enum_names[field]
    b = base_type(t)
    if b:
        return b
    mt = model_type(t)
    if mt in models and reaches(mt, model):
        return f"Indirect<{mt}>"
    return mt


def doc(text):
    text = " ".join((text or "").split())
    return text


def generate(name):
    spec = models[name]
    fields = [(f, v) for f, v in spec.items() if not f.startswith("_")]
    used = {swift_field(f) for f, _ in fields}
    enum_names = {}
    enums = []
    for f, v in fields:
        if "enum" in v:
            ename = swift_field(f)
            ename = ename[:1].upper() + ename[1:]
            if ename == "Type":
                ename = "Kind"
            if ename in models or ename == name or ename in SWIFT_KEYWORDS or ename in ("Indirect", "JSONValue"):
                ename += "Value"
            enum_names[f] = ename
            enums.append((ename, v["enum"], f))
    lines = [
        "// Generated by scripts/generate-models.py from shared/genesys/models.json. Do not edit.",
        "import Foundation",
        "",
    ]
    source = spec.get("_sdkFile") or spec.get("_source") or ""
    lines.append(f"/// The Genesys Cloud `{name}` object ({source}).")
    lines.append(f"package struct {name}: Codable, Sendable, Equatable {{")
    for f, v in fields:
        d = doc(v.get("desc"))
        if d:
            lines.append(f"    /// {d}")
        lines.append(f"    package var {escape(swift_field(f))}: {swift_type(name, f, v, enum_names)}?")
    if fields:
        lines.append("")
        lines.append("    private enum CodingKeys: String, CodingKey {")
        for f, _ in fields:
            lines.append(f"        case {escape(swift_field(f))} = \"{f}\"")
        lines.append("    }")
    lines.append("")
    lines.append(f"    /// Creates a `{name}`; every field defaults to absent.")
    if fields:
        params = ",\n".join(
            f"        {escape(swift_field(f))}: {swift_type(name, f, v, enum_names)}? = nil" for f, v in fields
        )
        lines.append(f"    package init(\n{params}\n    ) {{")
        for f, _ in fields:
            sf = swift_field(f)
            lines.append(f"        self.{sf} = {escape(sf)}")
        lines.append("    }")
    else:
        lines.append("    package init() {}")
    for ename, values, f in enums:
        lines.append("")
        lines.append(f"    /// Values of `{name}.{f}`; unknown values are kept in `unknown(_:)`.")
        lines.append(f"    package enum {ename}: GenesysEnum {{")
        cases = []
        seen = set()
        for value in values:
            if value.lower() in ("unknown", "outdated_sdk_version"):
                continue
            c = case_name(value)
            if c is None or c in seen or c == "unknown":
                continue
            seen.add(c)
            cases.append((c, value))
        for c, value in cases:
            lines.append(f"        case {escape(c)}")
        lines.append("        /// A value this client does not know (yet); the raw text as received.")
        lines.append("        case unknown(String)")
        lines.append("")
        lines.append("        /// The known values and their wire spelling.")
        lines.append(f"        package static let knownValues: [(Self, String)] = [")
        for c, value in cases:
            lines.append(f"            (.{escape(c)}, \"{value}\"),")
        lines.append("        ]")
        lines.append("")
        lines.append("        /// The wire spelling.")
        lines.append("        package var rawValue: String {")
        lines.append("            switch self {")
        for c, value in cases:
            lines.append(f"            case .{escape(c)}: \"{value}\"")
        lines.append("            case .unknown(let raw): raw")
        lines.append("            }")
        lines.append("        }")
        lines.append("")
        lines.append("        /// Matches `rawValue` case-insensitively; anything else becomes `unknown(rawValue)`.")
        lines.append("        package init(rawValue: String) {")
        lines.append("            self = Self.lookup(rawValue)")
        lines.append("        }")
        lines.append("    }")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        if f.endswith(".swift"):
            os.remove(os.path.join(OUT, f))
    for name in sorted(models):
        with open(os.path.join(OUT, f"{name}.swift"), "w") as fh:
            fh.write(generate(name))
    print(f"generated {len(models)} models into {os.path.relpath(OUT, ROOT)}")


main()
