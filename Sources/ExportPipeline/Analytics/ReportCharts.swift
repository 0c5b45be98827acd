import Foundation

/// Inline SVG charts for the HTML report.
extension Report {
    /// Colours for channels, in order of volume.
    static let palette = [
        "#3b82c4", "#f29e4c", "#57ae5b", "#d64545", "#8e6bbf", "#2bb0a6", "#e7c446", "#8d6e63", "#7b8794",
    ]

    /// A stacked bar chart of messages per day, one colour per channel, with a legend.
    static func dailyChart(_ daily: [DailyVolume], channels: [String]) -> String {
        let width = 1040.0, height = 300.0, left = 56.0, right = 16.0, top = 16.0, bottom = 44.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let days = continuousDays(Array(Set(daily.map(\.day))).sorted())
        var byDay: [String: [String: Int]] = [:]
        for entry in daily { byDay[entry.day, default: [:]][entry.channel, default: 0] += entry.messages }
        let scale = niceScale(days.map { byDay[$0]?.values.reduce(0, +) ?? 0 }.max() ?? 0)

        var canvas = SVGCanvas(width: width, height: height + 28, title: "Messages per day by channel")
        canvas.valueAxis(left: left, top: top, width: plotWidth, height: plotHeight, scale: scale)
        if days.isEmpty {
            canvas.text("No messages", x: left + plotWidth / 2, y: top + plotHeight / 2, anchor: .middle, muted: true)
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
                canvas.rect(
                    x: x,
                    y: y,
                    width: barWidth,
                    height: barHeight,
                    fill: color(channelIndex),
                    tooltip: "\(day) · \(channel): \(number(value))"
                )
            }
            if index % labelEvery == 0 {
                canvas.text(String(day.dropFirst(5)), x: x + barWidth / 2, y: top + plotHeight + 16, anchor: .middle)
            }
        }
        var legendX = left
        for (index, channel) in channels.enumerated() {
            canvas.rect(x: legendX, y: height + 8, width: 12, height: 12, fill: color(index), radius: 2)
            canvas.text(channel, x: legendX + 16, y: height + 18)
            legendX += 28 + Double(channel.count) * 7
        }
        return canvas.closed()
    }

    /// A vertical bar chart of the first-response-time buckets.
    static func histogram(_ buckets: [NamedCount]) -> String {
        let width = 520.0, height = 260.0, left = 48.0, right = 12.0, top = 16.0, bottom = 40.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let scale = niceScale(buckets.map(\.count).max() ?? 0)
        var canvas = SVGCanvas(width: width, height: height, title: "First response time distribution")
        canvas.valueAxis(left: left, top: top, width: plotWidth, height: plotHeight, scale: scale)
        let slot = plotWidth / Double(max(buckets.count, 1))
        for (index, bucket) in buckets.enumerated() {
            let barHeight = Double(bucket.count) / scale.maximum * plotHeight
            let x = left + slot * Double(index) + slot * 0.12
            let y = top + plotHeight - barHeight
            let center = x + slot * 0.38
            canvas.rect(
                x: x,
                y: y,
                width: slot * 0.76,
                height: barHeight,
                fill: palette[0],
                tooltip: "\(bucket.name): \(number(bucket.count)) conversations"
            )
            if bucket.count > 0 { canvas.text(number(bucket.count), x: center, y: y - 4, anchor: .middle) }
            canvas.text(bucket.name, x: center, y: top + plotHeight + 16, anchor: .middle)
        }
        return canvas.closed()
    }

    /// Horizontal bars, one per label, in the given order.
    static func barList(_ items: [NamedCount]) -> String {
        let width = 520.0, rowHeight = 26.0, labelWidth = 170.0, top = 8.0
        let height = max(60, top * 2 + rowHeight * Double(items.count))
        let maximum = Double(max(items.map(\.count).max() ?? 0, 1))
        var canvas = SVGCanvas(width: width, height: height, title: "Top wrap-up codes")
        if items.isEmpty { canvas.text("No wrap-ups", x: width / 2, y: 34, anchor: .middle, muted: true) }
        for (index, item) in items.enumerated() {
            let y = top + rowHeight * Double(index)
            let barWidth = max(1, Double(item.count) / maximum * (width - labelWidth - 60))
            canvas.text(clip(item.name, 26), x: labelWidth - 8, y: y + 16, anchor: .end)
            canvas.rect(
                x: labelWidth,
                y: y + 4,
                width: barWidth,
                height: rowHeight - 8,
                fill: color(index),
                radius: 2,
                tooltip: "\(item.name): \(number(item.count))"
            )
            canvas.text(number(item.count), x: labelWidth + barWidth + 6, y: y + 16)
        }
        return canvas.closed()
    }

    /// A weekday × hour heatmap of message counts, with a colour scale.
    static func heatmap(_ hourly: [[Int]]) -> String {
        let days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        let cell = 36.0, rowHeight = 25.0, gap = 3.0, left = 44.0, top = 22.0
        let width = left + 24 * (cell + gap) + 8, height = top + 7 * (rowHeight + gap) + 34
        let maximum = max(hourly.flatMap { $0 }.max() ?? 0, 1)
        var canvas = SVGCanvas(width: width, height: height, title: "Messages by weekday and hour (UTC)")
        for hour in 0..<24 {
            let label = String(format: "%02d", hour)
            canvas.text(
                label,
                x: left + Double(hour) * (cell + gap) + cell / 2,
                y: top - 8,
                anchor: .middle,
                muted: true
            )
        }
        for (dayIndex, row) in hourly.prefix(7).enumerated() {
            let y = top + Double(dayIndex) * (rowHeight + gap)
            canvas.text(days[dayIndex], x: left - 8, y: y + 16, anchor: .end)
            for (hour, value) in row.prefix(24).enumerated() {
                canvas.rect(
                    x: left + Double(hour) * (cell + gap),
                    y: y,
                    width: cell,
                    height: rowHeight,
                    fill: heat(Double(value) / Double(maximum)),
                    radius: 3,
                    tooltip: "\(days[dayIndex]) \(String(format: "%02d", hour)):00 · \(number(value)) messages"
                )
            }
        }
        let legendY = top + 7 * (rowHeight + gap) + 12
        canvas.text("fewer", x: left, y: legendY + 10, muted: true)
        for step in 0..<6 {
            canvas.rect(
                x: left + 40 + Double(step) * 18,
                y: legendY,
                width: 16,
                height: 12,
                fill: heat(Double(step) / 5),
                radius: 2
            )
        }
        canvas.text("more (max \(number(maximum)))", x: left + 40 + 6 * 18 + 4, y: legendY + 10, muted: true)
        return canvas.closed()
    }

    // MARK: - Scales and colours

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
                let parts = calendar.dateComponents([.year, .month, .day], from: date)
                return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
            }
        }
    }

    /// A value axis: zero to a round maximum, and its tick values.
    struct NiceScale {
        /// The top of the axis.
        var maximum: Double
        /// Tick values from zero to the maximum.
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

    /// Pale blue-grey for zero, then light blue → deep blue.
    private static func heat(_ intensity: Double) -> String {
        guard intensity > 0 else { return "#eef2f6" }
        let t = min(max(intensity, 0), 1)
        let from = (222.0, 235.0, 247.0), to = (8.0, 69.0, 148.0)
        let red = Int(from.0 + (to.0 - from.0) * t)
        let green = Int(from.1 + (to.1 - from.1) * t)
        let blue = Int(from.2 + (to.2 - from.2) * t)
        return String(format: "#%02x%02x%02x", red, green, blue)
    }
}
