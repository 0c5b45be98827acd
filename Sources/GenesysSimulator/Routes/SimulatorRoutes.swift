import Foundation
import GenesysModels
import Hummingbird

/// Shared plumbing for the simulator's route groups: the `/api/v2` admission wrapper and response helpers.
struct SimulatorRoutes: Sendable {
    let store: SimulatorStore

    var org: SyntheticOrg { store.org }

    /// Registers an `/api/v2` route: bearer check, rate limit, faults, latency and stats around `handler`.
    ///
    /// `template` is the reference's path template (used for stats); `path` is the router pattern,
    /// which differs only where the reference names the same path segment differently.
    func api(
        _ router: Router<SimulatorRequestContext>,
        _ method: HTTPRequest.Method,
        _ template: String,
        path: String? = nil,
        _ handler: @escaping @Sendable (Request, SimulatorRequestContext) async throws -> Response
    ) {
        let route = "\(method.rawValue) \(template)"
        let store = store
        router.on(RouterPath(path ?? template), method: method) {
            (request: Request, context: SimulatorRequestContext) -> Response in
            let latency = store.configuration.faults.latency
            if latency > .zero {
                try await Task.sleep(for: latency)
            }
            var response: Response
            switch await store.admit(bearer: SimulatorRoutes.bearer(request)) {
            case .reset:
                await store.record(method: method.rawValue, path: request.uri.path, route: route, status: 0)
                context.channel.close(mode: .all, promise: nil)
                throw CancellationError()
            case .rejected(let error):
                response = error.response(correlationID: context.correlationID)
            case .admitted(let headers):
                do {
                    response = try await handler(request, context)
                } catch let error as SimulatorError {
                    response = error.response(correlationID: context.correlationID)
                }
                for field in headers where response.headers[field.name] == nil {
                    response.headers.append(field)
                }
            }
            await store.record(
                method: method.rawValue,
                path: request.uri.path,
                route: route,
                status: Int(response.status.code)
            )
            response.headers[.simRecorded] = "1"
            return response
        }
    }

    /// The bearer token of a request, if it has one.
    static func bearer(_ request: Request) -> String? {
        guard let value = request.headers[.authorization] else { return nil }
        let parts = value.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return String(parts[1]).trimmingCharacters(in: .whitespaces)
    }

    // MARK: - Helpers

    /// A JSON response of `value` in the Genesys wire format.
    static func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try JSONEncoder.genesys(sortedKeys: true).encode(value)
        return raw(data, status: status)
    }

    /// A response with `data` as its JSON body.
    static func raw(_ data: Data, status: HTTPResponse.Status = .ok, contentType: String = "application/json")
        -> Response
    {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// An empty response.
    static func empty(_ status: HTTPResponse.Status) -> Response {
        Response(status: status)
    }

    /// The request body (up to 64 MiB).
    static func body(_ request: Request) async throws -> Data {
        var request = request
        var buffer = try await request.collectBody(upTo: 64 << 20)
        return Data(buffer.readBytes(length: buffer.readableBytes) ?? [])
    }

    /// Decodes the JSON body as `T`, answering 400 when it is not valid; `nil` for an empty body.
    static func decodeOptional<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T? {
        let data = try await body(request)
        if data.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return nil }
        do {
            return try requestDecoder().decode(T.self, from: data)
        } catch {
            throw SimulatorError.badRequest("The request body could not be parsed as \(T.self)")
        }
    }

    /// The decoder for request bodies: the Genesys wire format, with datetimes read leniently (`WireDatetime`).
    static func requestDecoder() -> JSONDecoder {
        let decoder = JSONDecoder.genesys()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = WireDatetime.parse(text) else {
                throw DecodingError.dataCorruptedError(
                    in: container,
                    debugDescription: "Expected an ISO-8601 datetime such as 2026-11-20T10:00:00.000Z"
                )
            }
            return date
        }
        return decoder
    }

    /// Decodes the JSON body as `T`, answering 400 when it is missing or not valid.
    static func decode<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T {
        guard let value = try await decodeOptional(type, from: request) else {
            throw SimulatorError.badRequest("A request body of type \(T.self) is required")
        }
        return value
    }

    /// A path parameter (always present when the route matched).
    static func parameter(_ name: String, _ context: SimulatorRequestContext) throws -> String {
        guard let value = context.parameters.get(name) else {
            throw SimulatorError.badRequest("Missing path parameter \(name)")
        }
        return value.removingPercentEncoding ?? value
    }

    /// An integer query parameter, validated against `range`.
    static func intQuery(_ name: String, _ request: Request, default value: Int, range: ClosedRange<Int>) throws -> Int
    {
        guard let text = request.uri.queryParameters[Substring(name)] else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw SimulatorError.badRequest("\(name) must be an integer in \(range.lowerBound)...\(range.upperBound)")
        }
        return number
    }

    /// A string query parameter.
    static func query(_ name: String, _ request: Request) -> String? {
        request.uri.queryParameters[Substring(name)].map { String($0).removingPercentEncoding ?? String($0) }
    }

    /// Page-number paging of `items` with the Genesys listing links.
    static func page<T>(
        _ items: [T],
        pageSize: Int,
        pageNumber: Int,
        path: String,
        extraQuery: String = ""
    ) -> (entities: [T], total: Int, pageCount: Int, links: PageLinks) {
        let total = items.count
        let pageCount = total == 0 ? 0 : (total + pageSize - 1) / pageSize
        let start = min(total, (pageNumber - 1) * pageSize)
        let end = min(total, start + pageSize)
        func uri(_ number: Int) -> String {
            "\(path)?pageSize=\(pageSize)&pageNumber=\(number)\(extraQuery)"
        }
        let links = PageLinks(
            firstURI: uri(1),
            selfURI: uri(pageNumber),
            nextURI: pageNumber < pageCount ? uri(pageNumber + 1) : nil,
            previousURI: pageNumber > 1 ? uri(pageNumber - 1) : nil,
            lastURI: uri(max(1, pageCount))
        )
        return (Array(items[start..<end]), total, pageCount, links)
    }

    /// A page-number listing envelope filled from `page(…)`, with `entities` already mapped to the wire type.
    static func listing<Listing: PageNumberListing, T>(
        _ type: Listing.Type,
        _ page: (entities: [T], total: Int, pageCount: Int, links: PageLinks),
        entities: [Listing.Element],
        pageSize: Int,
        pageNumber: Int
    ) -> Listing {
        Listing(
            entities: entities,
            pageSize: pageSize,
            pageNumber: pageNumber,
            total: page.total,
            lastURI: page.links.lastURI,
            firstURI: page.links.firstURI,
            selfURI: page.links.selfURI,
            nextURI: page.links.nextURI,
            previousURI: page.links.previousURI,
            pageCount: page.pageCount
        )
    }

    /// The `*Uri` links of a listing page.
    struct PageLinks {
        var firstURI: String
        var selfURI: String
        var nextURI: String?
        var previousURI: String?
        var lastURI: String
    }
}

/// The page-number listing envelopes the simulator serves (endpoints 1, 4 and 21); their generated initializers share
/// this shape.
protocol PageNumberListing {
    associatedtype Element
    init(
        entities: [Element]?,
        pageSize: Int?,
        pageNumber: Int?,
        total: Int?,
        lastURI: String?,
        firstURI: String?,
        selfURI: String?,
        nextURI: String?,
        previousURI: String?,
        pageCount: Int?
    )
}

extension MessageConversationEntityListing: PageNumberListing {}
extension CachedMediaItemEntityListing: PageNumberListing {}
extension MessageMediaListing: PageNumberListing {}
