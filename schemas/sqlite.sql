-- genesys-export: reference DDL of the export database (SQLite 3, WAL).
--
-- The pipeline creates and evolves this schema through named, append-only GRDB migrations
-- (Sources/ExportPipeline/Store/ExportDatabase+Migrations.swift); this file is the reference
-- an analyst reads, and a test checks that a fresh export database has every table and column
-- listed here. Datetimes are ISO-8601 UTC text (`2026-11-01T09:30:00.000Z`), so they sort and
-- compare as text and work with SQLite's date functions. `raw_json` columns hold the API
-- object exactly as received, unknown fields included.

-- One row per exported conversation (endpoint 12, GET /api/v2/conversations/messages/{id}).
CREATE TABLE conversations (
    id                TEXT PRIMARY KEY,          -- conversation id
    start_time        TEXT,                      -- earliest participant startTime
    end_time          TEXT,                      -- latest participant endTime; NULL while active
    messenger_type    TEXT,                      -- customer participant's type: sms, whatsapp, webmessaging, open, …
    participant_count INTEGER NOT NULL,
    message_count     INTEGER NOT NULL,          -- distinct message ids across participants
    division_ids      TEXT,                      -- JSON array of division ids
    raw_json          TEXT NOT NULL,
    run_id            INTEGER NOT NULL,          -- runs.id of the run that last wrote the row
    exported_at       TEXT NOT NULL,
    analytics_conversation_end TEXT              -- conversationEnd as enumerated by analytics; an incremental
                                                 -- run skips a conversation whose value is unchanged
);

-- One row per participant of an exported conversation.
CREATE TABLE participants (
    conversation_id   TEXT NOT NULL,
    id                TEXT NOT NULL,             -- participant id
    purpose           TEXT,                      -- customer, agent, workflow, acd, …
    name              TEXT,
    address           TEXT,
    user_id           TEXT,
    user_name         TEXT,
    queue_id          TEXT,
    queue_name        TEXT,
    state             TEXT,
    direction         TEXT,
    messenger_type    TEXT,                      -- participant type
    from_address      TEXT,                      -- fromAddress.addressNormalized (or addressRaw)
    to_address        TEXT,
    start_time        TEXT,
    connected_time    TEXT,
    end_time          TEXT,
    disconnect_type   TEXT,
    communication_id  TEXT,                      -- from GET /api/v2/conversations/{id}, when fetched
    wrapup_required   INTEGER,
    raw_json          TEXT NOT NULL,
    PRIMARY KEY (conversation_id, id)
);

-- One row per message (MessageData from bulk, endpoint 18, or details, endpoint 20).
CREATE TABLE messages (
    id                  TEXT PRIMARY KEY,        -- message id
    conversation_id     TEXT NOT NULL,
    participant_id      TEXT,                    -- participant whose messages[] listed the id
    timestamp           TEXT,
    direction           TEXT,                    -- inbound | outbound
    messenger_type      TEXT,                    -- sms, whatsapp, …
    from_address        TEXT,
    to_address          TEXT,
    text                TEXT,                    -- normalizedMessage.text, else content[].text.body, else legacy textBody
    status              TEXT,                    -- queued, sent, delivery-success, read, …
    message_type        TEXT,                    -- normalizedMessage.type: Text, Structured, Receipt, Event
    provider_message_id TEXT,
    created_by_user_id  TEXT,
    attachment_count    INTEGER NOT NULL,
    source              TEXT NOT NULL,           -- bulk | details
    raw_json            TEXT NOT NULL,
    run_id              INTEGER NOT NULL
);

-- One row per attachment in normalizedMessage.content[] (or legacy media[]).
CREATE TABLE message_attachments (
    message_id          TEXT NOT NULL,
    position            INTEGER NOT NULL,        -- index among the message's attachments, from 0
    conversation_id     TEXT NOT NULL,
    attachment_id       TEXT,
    media_type          TEXT,                    -- Image, Video, Audio, File, Link
    mime                TEXT,
    url                 TEXT,
    filename            TEXT,
    content_size_bytes  INTEGER,
    sha256              TEXT,
    caption             TEXT,
    archive_path        TEXT,                    -- media: download — file relative to the NDJSON root (media/sha256/ab/ab…)
    PRIMARY KEY (message_id, position)
);

-- One row per participant and communication with a wrap-up (endpoints 30 and 32).
CREATE TABLE wrapups (
    conversation_id     TEXT NOT NULL,
    participant_id      TEXT NOT NULL,
    communication_id    TEXT NOT NULL,           -- '' when fetched at participant level (32)
    code                TEXT,                    -- wrap-up code id
    name                TEXT,                    -- code name (from endpoint 33 or participant.wrapup)
    notes               TEXT,
    tags                TEXT,                    -- JSON array
    duration_seconds    INTEGER,
    end_time            TEXT,
    raw_json            TEXT NOT NULL,
    PRIMARY KEY (conversation_id, participant_id, communication_id)
);

-- Wrap-up codes seen (endpoint 33).
CREATE TABLE wrapup_codes (
    id                  TEXT PRIMARY KEY,
    name                TEXT,
    description         TEXT,
    division_id         TEXT,
    raw_json            TEXT NOT NULL
);

-- Cached media items (endpoints 4/5), once per run.
CREATE TABLE cached_media (
    id                  TEXT PRIMARY KEY,
    url                 TEXT,
    download_url        TEXT,
    media_type          TEXT,
    content_length_bytes INTEGER,
    date_created        TEXT,
    date_expires        TEXT,
    raw_json            TEXT NOT NULL,
    archive_path        TEXT                     -- media: download — file relative to the NDJSON root
);

-- Media uploaded on a communication (endpoints 21/24).
CREATE TABLE communication_media (
    id                  TEXT PRIMARY KEY,
    conversation_id     TEXT NOT NULL,
    communication_id    TEXT NOT NULL,
    name                TEXT,
    url                 TEXT,
    media_type          TEXT,
    content_length_bytes INTEGER,
    status              TEXT,                    -- uploading | valid | invalid
    raw_json            TEXT NOT NULL
);

-- One row per `genesys-export run`.
CREATE TABLE runs (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    job_name            TEXT NOT NULL,
    job_sha256          TEXT NOT NULL,           -- SHA-256 of the job file
    tool_version        TEXT NOT NULL,
    started_at          TEXT NOT NULL,
    finished_at         TEXT,
    status              TEXT NOT NULL,           -- running | complete | complete_with_rejects | interrupted | failed
    source              TEXT NOT NULL,           -- since | interval | conversationIds | active
    window_start        TEXT,
    window_end          TEXT,
    conversations       INTEGER NOT NULL DEFAULT 0,
    messages            INTEGER NOT NULL DEFAULT 0,
    wrapups             INTEGER NOT NULL DEFAULT 0,
    rejects             INTEGER NOT NULL DEFAULT 0,
    requests            INTEGER NOT NULL DEFAULT 0,
    error               TEXT
);

-- Resume state, written in the same transaction as the rows it describes (see
-- Sources/ExportPipeline/Store/ExportWriter.swift). Keys:
--   watermark                 end of the last completed `since` window (ISO-8601)
--   ndjson:<relative path>    "<committed bytes> <lines> <first time|-> <last time|->" of one NDJSON file;
--                             a resumed run truncates the file back to the committed bytes
--   run:<id>:cached_media     "done" once the run's cached media list is committed
--   run:<id>:skipped          conversations enumerated but skipped as unchanged
--   run:<id>:redactions       JSON redaction counts of the run so far
CREATE TABLE checkpoints (
    job_name            TEXT NOT NULL,
    key                 TEXT NOT NULL,
    value               TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    PRIMARY KEY (job_name, key)
);

-- Objects the API returned that could not be exported, with the payload and the reason.
CREATE TABLE rejects (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id              INTEGER NOT NULL,
    conversation_id     TEXT,
    entity              TEXT NOT NULL,           -- conversation | message | wrapup | cached_media | …
    entity_id           TEXT,
    endpoint            TEXT NOT NULL,           -- route template, e.g. POST /api/v2/conversations/messages/{conversationId}/messages/bulk
    reason              TEXT NOT NULL,
    raw_payload         TEXT,
    created_at          TEXT NOT NULL
);

CREATE INDEX messages_conversation ON messages (conversation_id, timestamp);
CREATE INDEX messages_timestamp ON messages (timestamp);
CREATE INDEX conversations_start ON conversations (start_time);
CREATE INDEX participants_user ON participants (user_id);
CREATE INDEX attachments_conversation ON message_attachments (conversation_id);
CREATE INDEX wrapups_code ON wrapups (code);
CREATE INDEX rejects_run ON rejects (run_id);
CREATE INDEX communication_media_conversation ON communication_media (conversation_id);

-- The work list of a run, persisted before anything is fetched, so a resumed run processes exactly
-- the same conversations. `done` flips to 1 in the same transaction that writes the conversation's
-- rows and the NDJSON files' committed lengths.
CREATE TABLE run_work (
    run_id              INTEGER NOT NULL,
    position            INTEGER NOT NULL,        -- order of the work list
    conversation_id     TEXT NOT NULL,
    conversation_end    TEXT,                    -- from analytics, when enumerated through it
    done                INTEGER NOT NULL DEFAULT 0,
    analytics_json      TEXT,                    -- the conversation's analytics record (34/37/40) as received
    PRIMARY KEY (run_id, position)
);
CREATE UNIQUE INDEX run_work_conversation ON run_work (run_id, conversation_id);

-- Change tracking: one row per exported conversation. A later run fetches a conversation again only when
-- it is open, was fetched with fewer parts than the job now asks for, or its analytics record changed (as a
-- JSON value: key order and escaping do not count).
CREATE TABLE conversation_state (
    conversation_id     TEXT PRIMARY KEY,
    analytics_json      TEXT,                    -- the analytics record it was last exported with; NULL if unknown
    open                INTEGER NOT NULL,        -- 1: exported without conversationEnd, fetched on every run
    fetched             TEXT NOT NULL,           -- parts fetched so far: comma list of messages, wrapups,
                                                 -- communicationMedia, download
    rewrite             INTEGER NOT NULL DEFAULT 0, -- 1: its last export was in NDJSON files a --restart discarded;
                                                 -- the next export writes every object of it again
    run_id              INTEGER NOT NULL,        -- the run that last exported it
    exported_at         TEXT NOT NULL
);
CREATE INDEX conversation_state_open ON conversation_state (open) WHERE open = 1;

-- media: download — one row per file stored in the archive (<ndjson>/media/sha256/<first2>/<sha256>),
-- written in the same transaction as the conversation (or cached media list) that refers to it. `run_id`
-- is the run whose manifest lists the file: the first run that stored it and completed.
CREATE TABLE media_files (
    sha256              TEXT PRIMARY KEY,        -- lowercase hex SHA-256 of the bytes
    path                TEXT NOT NULL,           -- relative to the NDJSON root
    bytes               INTEGER NOT NULL,
    source_id           TEXT,                    -- attachment id (or message id) or cached media id
    run_id              INTEGER NOT NULL,
    stored_at           TEXT NOT NULL
);
CREATE INDEX media_files_run ON media_files (run_id);

-- A file built by `genesys-export merge` also has the table `merged_runs`: see schemas/sqlite-merged.sql.
