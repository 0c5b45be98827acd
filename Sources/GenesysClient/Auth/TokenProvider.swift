/// Supplies the bearer token for API calls.
package protocol TokenProvider: Sendable {
    /// A valid access token, fetching one when none is cached or the cached one is about to expire.
    func token() async throws -> String
    /// Drops `token` after the API answered 401 with it, so the next `token()` fetches a new one.
    ///
    /// Calls with a token that was already replaced do nothing, so many requests failing together
    /// cause one refresh.
    func invalidate(_ token: String) async
}
