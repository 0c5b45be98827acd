import Foundation
import HTTPTypes
import Hummingbird
import Synchronization

/// Gives every response an `ININ-Correlation-Id` and `inin-ratelimit-*` headers, renders every error as a
/// Genesys `ErrorBody`, and records requests outside `/api/v2` (OAuth, `/sim`, unknown paths) in the stats.
struct SimulatorMiddleware: RouterMiddleware {
    typealias Context = SimulatorRequestContext

    let store: SimulatorStore
    let correlationIDs: CorrelationIDs

    init(store: SimulatorStore) {
        self.store = store
        self.correlationIDs = CorrelationIDs(seed: store.configuration.seed)
    }

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        context.correlationID = correlationIDs.next()
        let path = request.uri.path
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as SimulatorError {
            response = error.response(correlationID: context.correlationID)
        } catch let error as any HTTPResponseError {
            let status = error.status
            let code =
                switch status.code {
                case 404: "not.found"
                case 405: "method.not.allowed"
                case 413: "request.entity.too.large"
                case 400..<500: "bad.request"
                default: "internal.server.error"
                }
            let message = status.code == 404 ? "No route for \(request.method.rawValue) \(path)" : status.reasonPhrase
            response = SimulatorError(status, code: code, message: message).response(
                correlationID: context.correlationID
            )
        }
        response.headers[.ininCorrelationID] = context.correlationID
        if response.headers[.ininRateLimitAllowed] == nil {
            for field in store.defaultRateHeaders() {
                response.headers[field.name] = field.value
            }
        }
        if !path.hasPrefix("/api/v2/") || response.headers[.simRecorded] == nil {
            let route =
                context.endpointPath.map { "\(request.method.rawValue) \($0)" } ?? "\(request.method.rawValue) \(path)"
            await store.record(
                method: request.method.rawValue,
                path: path,
                route: route,
                status: Int(response.status.code)
            )
        }
        response.headers[.simRecorded] = nil
        return response
    }
}

extension HTTPField.Name {
    /// Internal marker: the API wrapper already recorded this response.
    static let simRecorded = HTTPField.Name("x-sim-recorded") ?? .via
}

/// A thread-safe, seeded source of correlation ids.
final class CorrelationIDs: Sendable {
    private let generator: Mutex<SplitMix64>

    init(seed: UInt64) {
        generator = Mutex(SplitMix64(seed, 0x636F_7272))
    }

    func next() -> String {
        generator.withLock { $0.uuid() }
    }
}
