#if canImport(Glibc)
import Glibc
#endif

/// The allocator settings the process starts with.
///
/// glibc gives each thread that allocates under contention an arena of its own, up to eight per core, and memory
/// freed into one arena is not reused by the others. An export allocates on the cooperative pool, frees on the
/// writer's thread and starts a gzip thread per commit, so over a long run the arenas' free lists grew RSS by
/// about 40 MB at 2,000,000 messages (measured with `MALLOC_ARENA_MAX=2`: 197 → 162 MB peak, CPU unchanged
/// within noise). Two arenas serve two cores. An explicit `MALLOC_ARENA_MAX` in the environment still wins, as
/// glibc reads it when malloc starts, before this runs.
enum MallocTuning {
    /// `M_ARENA_MAX` of glibc's `<malloc.h>`, which the Glibc module does not export.
    private static let arenaMax: Int32 = -8

    /// Applies the settings; call first thing in `main`.
    static func apply() {
        #if canImport(Glibc)
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        // `mallopt` is looked up rather than declared: `<malloc.h>` is not in the Glibc module either.
        guard getenv("MALLOC_ARENA_MAX") == nil, let symbol = dlsym(nil, "mallopt") else { return }
        _ = unsafeBitCast(symbol, to: Mallopt.self)(arenaMax, 2)
        #endif
    }
}
