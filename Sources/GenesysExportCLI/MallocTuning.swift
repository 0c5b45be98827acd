#if canImport(Glibc)
import Glibc
#endif

/// The allocator settings the process starts with.
///
/// - Arenas: glibc gives each thread that allocates under contention an arena of its own, up to eight per core,
///   and memory freed into one arena is not reused by the others. An export allocates on the cooperative pool,
///   frees on the writer's thread and starts a gzip thread per commit, so over a long run the arenas' free lists
///   grew RSS by about 40 MB at 2,000,000 messages (measured with `MALLOC_ARENA_MAX=2`: 197 → 162 MB peak, CPU
///   unchanged within noise). Two arenas serve two cores.
/// - Large blocks: glibc maps blocks of 128 KiB and more on their own, but raises that threshold to the size of
///   each mapped block freed (up to 32 MiB), after which response bodies, NDJSON buffers and row arrays come from
///   the arenas and leave them fragmented. A fixed 1 MiB threshold keeps those blocks mapped, so freeing one gives
///   its pages back (measured at 200 × 1,000 messages: 146–149 → 137–138 MB peak, CPU within noise).
///
/// An explicit `MALLOC_ARENA_MAX` or `MALLOC_MMAP_THRESHOLD_` in the environment still wins, as glibc reads them
/// when malloc starts, before this runs.
enum MallocTuning {
    /// `M_ARENA_MAX` and `M_MMAP_THRESHOLD` of glibc's `<malloc.h>`, which the Glibc module does not export.
    private static let arenaMax: Int32 = -8
    private static let mmapThreshold: Int32 = -3

    /// Applies the settings; call first thing in `main`.
    static func apply() {
        #if canImport(Glibc)
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        // `mallopt` is looked up rather than declared: `<malloc.h>` is not in the Glibc module either.
        guard let symbol = dlsym(nil, "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        if getenv("MALLOC_ARENA_MAX") == nil { _ = mallopt(arenaMax, 2) }
        if getenv("MALLOC_MMAP_THRESHOLD_") == nil { _ = mallopt(mmapThreshold, 1 << 20) }
        #endif
    }
}
