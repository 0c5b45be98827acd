import Foundation

extension FakeSource {
    /// `count` conversations starting an hour apart from `start`, each with `messages` messages.
    static func org(
        count: Int,
        messages: Int,
        start: Date = Date(timeIntervalSince1970: 1_793_491_200),  // 2026-11-01T00:00:00Z
        prefix: String = "conv"
    ) -> [FakeConversation] {
        (0..<count).map { index in
            let begin = start.addingTimeInterval(Double(index) * 3600)
            return FakeConversation(
                id: "\(prefix)-\(index)",
                start: begin,
                end: begin.addingTimeInterval(1800),
                messages: (0..<messages).map { m in
                    FakeMessage(
                        id: "\(prefix)-\(index)-m\(m)",
                        text: "hello \(index)/\(m) \"quoted\" ünïcode\nline",
                        time: begin.addingTimeInterval(Double(m)),
                        inbound: m % 2 == 0
                    )
                },
                agentCommunicationID: index % 3 == 0 ? nil : "\(prefix)-\(index)-comm",
                wrapupCode: index % 4 == 3 ? nil : (index % 2 == 0 ? "code-sale" : "code-support"),
                mediaCount: index % 5 == 0 ? 2 : 0
            )
        }
    }
}

/// A download failure whose text carries the full URL, so tests can check rejects never keep the signed query.
struct FakeDownloadError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
