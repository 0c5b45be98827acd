import Foundation
import GenesysClient
import Testing

/// Response header names match whatever their case; only ASCII letters fold.
struct ResponseHeaderTests {
    private let response = HTTPTransportResponse(
        status: 429,
        headers: [
            (name: "Retry-After", value: "3"),
            (name: "ININ-RateLimit-Count", value: "299"),
            (name: "inin-ratelimit-allowed", value: "300"),
            (name: "x-a_b", value: "underscore"),
            (name: "Retry-After", value: "9"),
        ]
    )

    @Test func namesMatchInAnyCaseAndTheFirstValueWins() {
        #expect(response.header("retry-after") == "3")
        #expect(response.header("RETRY-AFTER") == "3")
        #expect(response.header("inin-ratelimit-count") == "299")
        #expect(response.header("Inin-Ratelimit-Allowed") == "300")
        #expect(RateLimitHeaders(response) == RateLimitHeaders(count: 299, allowed: 300, reset: nil))
    }

    @Test func onlyLettersFoldAndLengthsMustAgree() {
        // '_' (0x5F) and DEL (0x7F) differ from each other by the case bit but are not letters.
        #expect(response.header("x-a\u{7F}b") == nil)
        #expect(response.header("x-a_b") == "underscore")
        #expect(response.header("retry-afte") == nil)
        #expect(response.header("retry-afterx") == nil)
        #expect(response.header("") == nil)
    }
}
