import Foundation

/// Builds the markup of one inline SVG chart; every attribute and text goes through ``Report/escape(_:)``.
struct SVGCanvas {
    /// Horizontal text alignment.
    enum Anchor: String {
        case start, middle, end
    }

    private var markup: String

    /// Opens an SVG of the given size whose accessible title is `title`.
    init(width: Double, height: Double, title: String) {
        markup =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Self.number(width)) \(Self.number(height))\" "
            + "width=\"\(Self.number(width))\" height=\"\(Self.number(height))\" role=\"img\" "
            + "aria-label=\"\(Report.escape(title))\"><title>\(Report.escape(title))</title>"
    }

    /// A filled rectangle; `tooltip` becomes its `<title>` (shown on hover).
    mutating func rect(
        x: Double,
        y: Double,
        width: Double,
        height: Double,
        fill: String,
        radius: Double = 0,
        tooltip: String? = nil
    ) {
        var attributes = [
            ("x", Self.number(x)), ("y", Self.number(y)), ("width", Self.number(width)),
            ("height", Self.number(height)), ("fill", fill),
        ]
        if radius > 0 { attributes.append(("rx", Self.number(radius))) }
        element("rect", attributes, content: tooltip.map { "<title>\(Report.escape($0))</title>" })
    }

    /// A text label.
    mutating func text(_ text: String, x: Double, y: Double, anchor: Anchor = .start, muted: Bool = false) {
        var attributes = [("x", Self.number(x)), ("y", Self.number(y))]
        if anchor != .start { attributes.append(("text-anchor", anchor.rawValue)) }
        if muted { attributes.append(("class", "muted")) }
        element("text", attributes, content: Report.escape(text))
    }

    /// A straight line styled by a CSS class (`axis` or `grid-line`).
    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, cssClass: String) {
        element(
            "line",
            [
                ("x1", Self.number(x1)), ("y1", Self.number(y1)), ("x2", Self.number(x2)), ("y2", Self.number(y2)),
                ("class", cssClass),
            ],
            content: nil
        )
    }

    /// A y axis from zero to `scale.maximum`: grid lines, tick labels and the base line.
    mutating func valueAxis(left: Double, top: Double, width: Double, height: Double, scale: Report.NiceScale) {
        for tick in scale.ticks {
            let y = top + height - tick / scale.maximum * height
            line(x1: left, y1: y, x2: left + width, y2: y, cssClass: "grid-line")
            text(Report.number(Int(tick)), x: left - 6, y: y + 4, anchor: .end, muted: true)
        }
        line(x1: left, y1: top + height, x2: left + width, y2: top + height, cssClass: "axis")
    }

    /// The finished `<svg>` element.
    func closed() -> String { markup + "</svg>" }

    private mutating func element(_ name: String, _ attributes: [(String, String)], content: String?) {
        let rendered = attributes.map { " \($0.0)=\"\(Report.escape($0.1))\"" }.joined()
        if let content {
            markup += "<\(name)\(rendered)>\(content)</\(name)>"
        } else {
            markup += "<\(name)\(rendered) />"
        }
    }

    /// Coordinates with at most one decimal.
    static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }
}
