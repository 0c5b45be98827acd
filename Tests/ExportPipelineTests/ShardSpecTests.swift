import ExportPipeline
import Foundation
import Testing

/// The shard hash is part of the on-disk contract (a conversation must land in the same shard on every machine and
/// version), so it is pinned by constants: the published FNV-1a 64 vectors for "", "a" and "foobar", and ids whose
/// hash and shards were computed by hand with Python (`h ^= b; h = (h * 0x100000001b3) % 2**64` over
/// `id.lower().encode()`).
struct ShardSpecTests {
    @Test(arguments: [
        ("", 0xcbf2_9ce4_8422_2325 as UInt64),
        ("a", 0xaf63_dc4c_8601_ec8c),
        ("foobar", 0x8594_4171_f739_67e8),
        ("0f8e9c1a-6b0e-4a53-9c39-5d1b8c7e2a10", 0x4735_871e_34f4_de37),
        ("3C2D4E5F-7A8B-4C9D-8E0F-1A2B3C4D5E6F", 0x9c82_54c4_f2e2_0dfa),
        ("3c2d4e5f-7a8b-4c9d-8e0f-1a2b3c4d5e6f", 0x9c82_54c4_f2e2_0dfa),
        ("Straße-ü", 0xde76_bc9a_22e5_ba68),
    ])
    func hashIsFNV1a64OfTheLowercaseUTF8Id(id: String, expected: UInt64) {
        #expect(ShardSpec.hash(id) == expected)
    }

    @Test(arguments: [
        ("0f8e9c1a-6b0e-4a53-9c39-5d1b8c7e2a10", 4, 3),
        ("0f8e9c1a-6b0e-4a53-9c39-5d1b8c7e2a10", 3, 1),
        ("0f8e9c1a-6b0e-4a53-9c39-5d1b8c7e2a10", 7, 5),
        ("3C2D4E5F-7A8B-4C9D-8E0F-1A2B3C4D5E6F", 4, 2),
        ("3c2d4e5f-7a8b-4c9d-8e0f-1a2b3c4d5e6f", 7, 0),
        ("foobar", 3, 0),
        ("a", 3, 1),
    ])
    func exactlyOneShardOfNHoldsAnId(id: String, count: Int, expected: Int) throws {
        let holders = try (0..<count).filter { try ShardSpec(index: $0, count: count).contains(id) }
        #expect(holders == [expected])
    }

    @Test(arguments: ["2/4", "0/1", "1023/1024"])
    func parsesKSlashN(text: String) throws {
        #expect(try ShardSpec(parsing: text).description == text)
    }

    @Test(arguments: ["4/4", "-1/4", "1/0", "1", "a/b", "1/4/2", "0/1025", " 1/4"])
    func refusesAnythingElse(text: String) {
        #expect {
            try ShardSpec(parsing: text)
        } throws: { error in
            guard case .invalidSpec(let spec)? = error as? ShardError else { return false }
            return spec == text
        }
    }

    @Test func aShardWritesItsOwnDatabaseBesideOutputSqlite() throws {
        let shard = try ShardSpec(parsing: "2/4")
        #expect(shard.tag == "shard-2-of-4")
        #expect(
            shard.databaseURL(base: URL(fileURLWithPath: "/srv/out/nightly.sqlite")).path
                == "/srv/out/nightly.shard-2-of-4.sqlite"
        )
        #expect(ShardLayout.url(base: URL(fileURLWithPath: "/srv/out/nightly.sqlite")).path == "/srv/out/nightly.shards.json")
        #expect(NDJSONStore.runMarker(runID: 7, shardTag: shard.tag) == "/part-shard-2-of-4-000007-")
        #expect(NDJSONStore.runMarker(runID: 7, shardTag: nil) == "/part-000007-")
    }

    @Test func manifestNamesCarryTheShardSoEachShardChainsAlone() throws {
        #expect(ManifestDocument.fileName(runID: 3, shardTag: "shard-1-of-4") == "run-3.shard-1-of-4.json")
        let sharded = try #require(ManifestDocument.chainAndRunID(fromFileName: "run-3.shard-1-of-4.json"))
        #expect(sharded.chain == "shard-1-of-4" && sharded.runID == 3)
        let unsharded = try #require(ManifestDocument.chainAndRunID(fromFileName: "run-12.json"))
        #expect(unsharded.chain == nil && unsharded.runID == 12)
        #expect(ManifestDocument.chainAndRunID(fromFileName: "run-x.shard-1-of-4.json") == nil)
        #expect(ManifestDocument.runID(fromFileName: "run-3.shard-1-of-4.json") == nil)
    }
}
