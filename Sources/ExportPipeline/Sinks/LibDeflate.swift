#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// libdeflate, a whole-buffer DEFLATE library, loaded at run time from the system (`libdeflate.so.0`, Debian's
/// `libdeflate0`).
///
/// Each NDJSON commit compresses one complete buffer into one gzip member, which is exactly what libdeflate does:
/// at level 6 it compresses this project's records about twice as fast as zlib and a little smaller. It is loaded
/// with `dlopen` rather than linked, so the package builds without its headers and a machine without it falls back
/// to zlib (``NDJSONGzipWriter/Engine``). Only the four functions below are used; their C signatures are those of
/// `libdeflate.h` (1.0 and later).
struct LibDeflate: @unchecked Sendable {  // immutable C function pointers into a library that is never unloaded
    typealias Allocate = @convention(c) (Int32) -> OpaquePointer?
    typealias Compress = @convention(c) (OpaquePointer?, UnsafeRawPointer?, Int, UnsafeMutableRawPointer?, Int) -> Int
    typealias Bound = @convention(c) (OpaquePointer?, Int) -> Int
    typealias Free = @convention(c) (OpaquePointer?) -> Void

    /// `libdeflate_alloc_compressor(level)`.
    let allocate: Allocate
    /// `libdeflate_gzip_compress(compressor, in, in_size, out, out_size)`: the output size, 0 when it did not fit.
    let gzipCompress: Compress
    /// `libdeflate_gzip_compress_bound(compressor, in_size)`.
    let gzipBound: Bound
    /// `libdeflate_free_compressor(compressor)`.
    let free: Free

    /// The system's libdeflate, nil when it cannot be loaded.
    static let system: LibDeflate? = load("libdeflate.so.0")

    /// Loads the library at `path` (a file name is looked up as `dlopen` does); nil when it or a function is missing.
    static func load(_ path: String) -> LibDeflate? {
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else { return nil }
        guard let allocate = symbol("libdeflate_alloc_compressor", in: handle, as: Allocate.self),
            let gzipCompress = symbol("libdeflate_gzip_compress", in: handle, as: Compress.self),
            let gzipBound = symbol("libdeflate_gzip_compress_bound", in: handle, as: Bound.self),
            let free = symbol("libdeflate_free_compressor", in: handle, as: Free.self)
        else {
            dlclose(handle)
            return nil
        }
        return LibDeflate(allocate: allocate, gzipCompress: gzipCompress, gzipBound: gzipBound, free: free)
    }

    private static func symbol<F>(_ name: String, in handle: UnsafeMutableRawPointer, as type: F.Type) -> F? {
        dlsym(handle, name).map { unsafeBitCast($0, to: type) }
    }
}

/// One libdeflate compressor at a fixed level; owned by one thread at a time.
final class LibDeflateCompressor {
    private let library: LibDeflate
    private let handle: OpaquePointer

    /// A compressor at `level` (libdeflate takes 0...12; the job's 1...9 mean what they mean for zlib, roughly).
    init?(library: LibDeflate, level: Int) {
        guard let handle = library.allocate(Int32(level)) else { return nil }
        self.library = library
        self.handle = handle
    }

    deinit { library.free(handle) }

    /// The most bytes a gzip member of `count` input bytes can take.
    func bound(_ count: Int) -> Int { library.gzipBound(handle, count) }

    /// Compresses `input` into one complete gzip member at the start of `output`; the member's size, or nil when
    /// `output` is too small (it never is at ``bound(_:)`` bytes).
    func gzip(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) -> Int? {
        let size = library.gzipCompress(handle, input.baseAddress, input.count, output.baseAddress, output.count)
        return size > 0 ? size : nil
    }
}
