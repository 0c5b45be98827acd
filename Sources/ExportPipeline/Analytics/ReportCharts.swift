import Foundation

/// Inline SVG charts for the HTML report; every label is escaped with ``Report/escape(_:)``.
extension Report {
    /// Colours for channels, in order of volume.
    static let palette = [
        "#3b82c4", "#f29e4c", "#57ae5b", "#d64545", "#8e6bbf", "#2bb0a6", "#e7c446", "#8d6e63",
        "#7b8794",
    ]

    /// A stacked bar chart of messages per day, one colour per channel, with a legend.
    static func dailyChart(_ daily: [DailyVolume], channels: [String]) -> String {
        let width = 1040.0, height = 300.0, left = 56.0, right = 16.0, top = 16.0, bottom = 44.0
        let days = continuousDays(Array(Set(daily.map(\.day))).sorted())
        var byDay: [String: [String: Int]] = [:]
        for entry in daily { byDay[entry.day, default: [:]][entry.channel, default: 0] += entry.messages }
        let maximum = days.map { byDay[$0]?.values.reduce(0, +) ?? 0 }.max() ?? 0
        let scale = niceScale(maximum)
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        var svg = svgOpen(width: width, height: height + 28, title: "Messages per day by channel")
        svg += axes(left: left, top: top, plotWidth: plotWidth, plotHeight: plotHeight, scale: scale)
        if days.isEmpty {
            svg +=
                "<text x=\"\(fmt(left + plotWidth / 2))\" y=\"\(fmt(top + plotHeight / 2))\" text-anchor=\"middle\" class=\"muted\">No messages</text>"
        }
        let slot = plotWidth / Double(max(days.count, 1))
        let barWidth = max(1, min(48, slot * 0.72))
        let labelEvery = max(1, Int((Double(days.count) * 70 / plotWidth).rounded(.up)))
        for (index, day) in days.enumerated() {
            let x = left + slot * Double(index) + (slot - barWidth) / 2
            var y = top + plotHeight
            for (channelIndex, channel) in channels.enumerated() {
                let value = byDay[day]?[channel] ?? 0
                guard value > 0 else { continue }
                let barHeight = Double(value) / scale.maximum * plotHeight
                y -= barHeight
                svg +=
                    "<rect x=\"\(fmt(x))\" y=\"\(fmt(y))\" width=\"\(fmt(barWidth))\" height=\"\(fmt(barHeight))\" "
                    + "fill=\"\(color(channelIndex))\"><title>\(escape("\(day) · \(channel): \(number(value))"))</title></rect>"
            }
            if index % labelEvery == 0 {
                svg +=
                    "<text x=\"\(fmt(x + barWidth / 2))\" y=\"\(fmt(top + plotHeight + 16))\" text-anchor=\"middle\">"
                    + "\(escape(String(day.dropFirst(5))))</text>"
            }
        }
        // Legend
        var legendX = left
        let legendY = height + 8
        for (index, channel) in channels.enumerated() {
            svg +=
                "<rect x=\"\(fmt(legendX))\" y=\"\(fmt(legendY))\" width=\"12\" height=\"12\" rx=\"2\" fill=\"\(color(index))\" />"
            svg += "<text x=\"\(fmt(legendX + 16))\" y=\"\(fmt(legendY + 10))\">\(escape(channel))</text>"
            legendX += 28 + Double(channel.count) * 7
        }
        return svg + "</svg>"
    }

    /// A vertical bar chart of the first-response-time buckets.
    static func histogram(_ buckets: [NamedCount]) -> String {
        let width = 520.0, height = 260.0, left = 48.0, right = 12.0, top = 16.0, bottom = 40.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let scale = niceScale(buckets.map(\.count).max() ?? 0)
        var svg = svgOpen(width: width, height: height, title: "First response time distribution")
        svg += axes(left: left, top: top, plotWidth: plotWidth, plotHeight: plotHeight, scale: scale)
        let slot = plotWidth / Double(max(buckets.count, 1))
        for (index, bucket) in buckets.enumerated() {
            let barHeight = Double(bucket.count) / scale.maximum * plotHeight
            let x = left + slot * Double(index) + slot * 0.12
            let y = top + plotHeight - barHeight
            svg +=
                "<rect x=\"\(fmt(x))\" y=\"\(fmt(y))\" width=\"\(fmt(slot * 0.76))\" height=\"\(fmt(barHeight))\" fill=\"#3b82c4\">"
                + "<title>\(escape("\(bucket.name): \(number(bucket.count)) conversations"))</title></rect>"
            if bucket.count > 0 {
                svg +=
                    "<text x=\"\(fmt(x + slot * 0.38))\" y=\"\(fmt(y - 4))\" text-anchor=\"middle\">\(escape(number(bucket.count)))</text>"
            }
            svg +=
                "<text x=\"\(fmt(x + slot * 0.38))\" y=\"\(fmt(top + plotHeight + 16))\" text-anchor=\"middle\">"
                + "\(escape(bucket.name))</text>"
        }
        return svg + "</svg>"
    }

    /// Horizontal bars, one per label, longest first.
    static func barList(_ items: [NamedCount]) -> String {
        let width = 520.0, rowHeight = 26.0, labelWidth = 170.0, top = 8.0
        let height = max(60, top * 2 + rowHeight * Double(items.count))
        let maximum = Double(max(items.map(\.count).max() ?? 0, 1))
        var svg = svgOpen(width: width, height: height, title: "Top wrap-up codes")
        if items.isEmpty {
            svg += "<text x=\"\(fmt(width / 2))\" y=\"34\" text-anchor=\"middle\" class=\"muted\">No wrap-ups</text>"
        }
        for (index, item) in items.enumerated() {
            let y = top + rowHeight * Double(index)
            let barWidth = Double(item.count) / maximum * (width - labelWidth - 60)
            svg +=
                "<text x=\"\(fmt(labelWidth - 8))\" y=\"\(fmt(y + 16))\" text-anchor=\"end\">\(escape(clip(item.name, 26)))</text>"
            svg +=
                "<rect x=\"\(fmt(labelWidth))\" y=\"\(fmt(y + 4))\" width=\"\(fmt(max(barWidth, 1)))\" height=\"\(fmt(rowHeight - 8))\" "
                + "rx=\"2\" fill=\"\(color(index % palette.count))\"><title>\(escape("\(item.name): \(number(item.count))"))</title></rect>"
            svg +=
                "<text x=\"\(fmt(labelWidth + max(barWidth, 1) + 6))\" y=\"\(fmt(y + 16))\">\(escape(number(item.count)))</text>"
        }
        return svg + "</svg>"
    }

    /// A weekday × hour heatmap of message counts.
    static func heatmap(_ hourly: [[Int]]) -> String {
        let days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        let cell = 36.0, gap = 3.0, left = 44.0, top = 22.0
        let width = left + 24 * (cell + gap) + 8, height = top + 7 * (cell * 0.7 + gap) + 34
        let maximum = Double(max(hourly.flatMap { $0 }.max() ?? 0, 1))
        var svg = svgOpen(width: width, height: height, title: "Messages by weekday and hour (UTC)")
        for hour in stride(from: 0, to: 24, by: 1) {
            svg +=
                "<text x=\"\(fmt(left + Double(hour) * (cell + gap) + cell / 2))\" y=\"\(fmt(top - 8))\" "
                + "text-anchor=\"middle\" class=\"muted\">\(String(format: "%02d", hour))</text>"
        }
        for (dayIndex, row) in hourly.prefix(7).enumerated() {
            let y = top + Double(dayIndex) * (cell * 0.7 + gap)
            svg +=
                "<text x=\"\(fmt(left - 8))\" y=\"\(fmt(y + cell * 0.45))\" text-anchor=\"end\">\(days[dayIndex])</text>"
            for (hour, value) in row.prefix(24).enumerated() {
                let intensity = Double(value) / maximum
                svg +=
                    "<rect x=\"\(fmt(left + Double(hour) * (cell + gap)))\" y=\"\(fmt(y))\" width=\"\(fmt(cell))\" "
                    + "height=\"\(fmt(cell * 0.7))\" rx=\"3\" fill=\"\(heat(intensity))\">"
                    + "<title>\(escape("\(days[dayIndex]) \(String(format: "%02d", hour)):00 · \(number(value)) messages"))</title></rect>"
            }
        }
        // Scale legend
        let legendY = top + 7 * (cell * 0.7 + gap) + 12
        svg += "<text x=\"\(fmt(left))\" y=\"\(fmt(legendY + 10))\" class=\"muted\">fewer</text>"
        for step in 0..<6 {
            svg +=
                "<rect x=\"\(fmt(left + 40 + Double(step) * 18))\" y=\"\(fmt(legendY))\" width=\"16\" height=\"12\" "
                + "rx=\"2\" fill=\"\(heat(Double(step) / 5))\" />"
        }
        svg +=
            "<text x=\"\(fmt(left + 40 + 6 * 18 + 4))\" y=\"\(fmt(legendY + 10))\" class=\"muted\">more (max \(escape(number(Int(maximum)))))</text>"
        return svg + "</svg>"
    }

    // MARK: - Helpers

    /// Every day from the first to the last (so quiet days show as gaps); the input when it is not ISO days
    /// or spans more than ten years.
    static func continuousDays(_ days: [String]) -> [String] {
        guard let first = days.first, let last = days.last, first != last else { return days }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .gmt
        let parse = { (text: String) -> Date? in
            let parts = text.split(separator: "-").compactMap { Int($0) }
            guard parts.count == 3 else { return nil }
            return calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2]))
        }
        guard let start = parse(first), let end = parse(last),
            let span = calendar.dateComponents([.day], from: start, to: end).day, span <= 3660
        else { return days }
        return (0...span).compactMap { offset in
            calendar.date(byAdding: .day, value: offset, to: start).map { date in
                let c = calendar.dateComponents([.year, .month, .day], from: date)
                return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
            }
        }
    }

    private static func svgOpen(width: Double, height: Double, title: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(fmt(width)) \(fmt(height))\" width=\"\(fmt(width))\" "
            + "height=\"\(fmt(height))\" role=\"img\" aria-label=\"\(escape(title))\"><title>\(escape(title))</title>"
    }

    private static func axes(left: Double, top: Double, plotWidth: Double, plotHeight: Double, scale: NiceScale)
        -> String
    {
        var svg = ""
        for tick in scale.ticks {
            let y = top + plotHeight - tick / scale.maximum * plotHeight
            svg +=
                "<line x1=\"\(fmt(left))\" x2=\"\(fmt(left + plotWidth))\" y1=\"\(fmt(y))\" y2=\"\(fmt(y))\" class=\"grid-line\" />"
            svg +=
                "<text x=\"\(fmt(left - 6))\" y=\"\(fmt(y + 4))\" text-anchor=\"end\" class=\"muted\">\(escape(number(Int(tick))))</text>"
        }
        svg +=
            "<line x1=\"\(fmt(left))\" x2=\"\(fmt(left + plotWidth))\" y1=\"\(fmt(top + plotHeight))\" "
            + "y2=\"\(fmt(top + plotHeight))\" class=\"axis\" />"
        return svg
    }

    struct NiceScale {
        var maximum: Double
        var ticks: [Double]
    }

    /// A y-axis from 0 to a round maximum ≥ `value` with about five ticks.
    static func niceScale(_ value: Int) -> NiceScale {
        let target = Double(max(value, 1))
        let rough = target / 5
        let magnitude = pow(10, floor(log10(rough)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= rough }.map { max(1, $0) } ?? magnitude * 10
        let maximum = (target / step).rounded(.up) * step
        return NiceScale(maximum: maximum, ticks: stride(from: 0, through: maximum, by: step).map { $0 })
    }

    private static func color(_ index: Int) -> String { palette[index % palette.count] }

    /// White → deep blue.
    private static func heat(_ intensity: Double) -> String {
        guard intensity > 0 else { return "#eef2f6" }
        let t = min(max(intensity, 0), 1)
        let from = (222.0, 235.0, 247.0), to = (8.0, 69.0, 148.0)
        let r = Int(from.0 + (to.0 - from.0) * t), g = Int(from.1 + (to.1 - from.1) * t),
            b = Int(from.2 + (to.2 - from.2) * t)
        return String(format: "#%02x%02x%02x", r, g, b)
    }

    private static func fmt(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }
}
