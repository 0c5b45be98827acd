/// A box that lets a model hold a value of a type that (transitively) contains the model itself.
///
/// `User.manager` is a `User`, which a struct cannot hold by value; it is an `Indirect<User>`
/// instead, coded exactly as the wrapped value.
package indirect enum Indirect<Wrapped: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
    case value(Wrapped)

    /// Wraps a value.
    package init(_ value: Wrapped) { self = .value(value) }

    /// The wrapped value.
    package var wrapped: Wrapped {
        switch self {
        case .value(let value): value
        }
    }

    /// Decodes the wrapped value in place.
    package init(from decoder: any Decoder) throws {
        self = .value(try Wrapped(from: decoder))
    }

    /// Encodes the wrapped value in place.
    package func encode(to encoder: any Encoder) throws {
        try wrapped.encode(to: encoder)
    }
}
