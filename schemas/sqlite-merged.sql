-- Only in a file built by `genesys-export merge JOB --shards N` (Sources/ExportPipeline/Merge/): the runs of
-- every shard, numbered anew in shard order in `runs`, each mapped to its shard and its id in the shard's own file
-- (<name>.shard-K-of-N.sqlite). every `run_id` column (conversations, messages, conversation_state, rejects,
-- media_files) holds the merged numbers. A merged file has no `checkpoints` or `run_work` rows: resume state stays in the shard files.
CREATE TABLE merged_runs (
    run_id              INTEGER PRIMARY KEY,     -- runs.id in the merged file
    shard               INTEGER NOT NULL,        -- K
    shard_count         INTEGER NOT NULL,        -- N
    shard_run_id        INTEGER NOT NULL,        -- runs.id in the shard's file
    UNIQUE (shard, shard_run_id)
);
