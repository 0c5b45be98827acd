import Hummingbird
import NIOCore

/// The request context of the simulator's router: Hummingbird's core storage plus the channel
/// (so a fault can close the connection) and the correlation id of the request.
package struct SimulatorRequestContext: RequestContext {
    /// Hummingbird's per-request storage.
    package var coreContext: CoreRequestContextStorage
    /// The connection the request arrived on.
    package let channel: any Channel
    /// The `ININ-Correlation-Id` this request is answered with.
    package var correlationID: String = ""

    /// Creates a context for a request arriving on `source.channel`.
    package init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
    }

    /// Uploads (media PUTs) can be larger than Hummingbird's 2 MiB default.
    package var maxUploadSize: Int { 64 << 20 }
}
