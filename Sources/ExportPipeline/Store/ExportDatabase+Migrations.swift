import GRDB

extension ExportDatabase {
    /// The export schema as named migrations.
    ///
    /// Migrations are append-only: a released migration is never edited or removed, so every export database ever
    /// written can be brought up to date. Add a new `registerMigration` at the end for any change; the analyst
    /// migrations (views, full-text index) were registered after v2, so later migrations follow them.
    package static func makeMigrator() -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-export-tables") { db in
            try db.execute(sql: v1Tables)
        }
        migrator.registerMigration("v1-indexes") { db in
            try db.execute(sql: v1Indexes)
        }
        migrator.registerMigration("v2-resume-work-list") { db in
            try db.execute(sql: v2WorkList)
        }
        AnalystSchema.registerAnalystMigrations(&migrator)
        migrator.registerMigration("v3-media-files") { db in
            try db.execute(sql: v3MediaFiles)
        }
        migrator.registerMigration("v4-change-tracking") { db in
            try db.execute(sql: v4ChangeTracking)
        }
        return migrator
    }

    /// Change tracking: the analytics record each conversation was last exported with, whether it was still open,
    /// and the analytics record of every work item (so a resumed run plans and fetches as the first attempt did).
    private static let v4ChangeTracking = """
        ALTER TABLE run_work ADD COLUMN analytics_json TEXT;
        CREATE TABLE conversation_state (
            conversation_id TEXT PRIMARY KEY,
            analytics_json TEXT,
            open INTEGER NOT NULL,
            fetched TEXT NOT NULL,
            rewrite INTEGER NOT NULL DEFAULT 0,
            run_id INTEGER NOT NULL,
            exported_at TEXT NOT NULL
        );
        CREATE INDEX conversation_state_open ON conversation_state (open) WHERE open = 1;
        """

    /// `media: download`: where each attachment's and cached media item's bytes are, and which run stored them.
    private static let v3MediaFiles = """
        ALTER TABLE message_attachments ADD COLUMN archive_path TEXT;
        ALTER TABLE cached_media ADD COLUMN archive_path TEXT;
        CREATE TABLE media_files (
            sha256 TEXT PRIMARY KEY,
            path TEXT NOT NULL,
            bytes INTEGER NOT NULL,
            source_id TEXT,
            run_id INTEGER NOT NULL,
            stored_at TEXT NOT NULL
        );
        CREATE INDEX media_files_run ON media_files (run_id);
        """

    private static let v1Tables = """
        CREATE TABLE conversations (
            id TEXT PRIMARY KEY,
            start_time TEXT,
            end_time TEXT,
            messenger_type TEXT,
            participant_count INTEGER NOT NULL,
            message_count INTEGER NOT NULL,
            division_ids TEXT,
            raw_json TEXT NOT NULL,
            run_id INTEGER NOT NULL,
            exported_at TEXT NOT NULL,
            analytics_conversation_end TEXT
        );
        CREATE TABLE participants (
            conversation_id TEXT NOT NULL,
            id TEXT NOT NULL,
            purpose TEXT,
            name TEXT,
            address TEXT,
            user_id TEXT,
            user_name TEXT,
            queue_id TEXT,
            queue_name TEXT,
            state TEXT,
            direction TEXT,
            messenger_type TEXT,
            from_address TEXT,
            to_address TEXT,
            start_time TEXT,
            connected_time TEXT,
            end_time TEXT,
            disconnect_type TEXT,
            communication_id TEXT,
            wrapup_required INTEGER,
            raw_json TEXT NOT NULL,
            PRIMARY KEY (conversation_id, id)
        );
        CREATE TABLE messages (
            id TEXT PRIMARY KEY,
            conversation_id TEXT NOT NULL,
            participant_id TEXT,
            timestamp TEXT,
            direction TEXT,
            messenger_type TEXT,
            from_address TEXT,
            to_address TEXT,
            text TEXT,
            status TEXT,
            message_type TEXT,
            provider_message_id TEXT,
            created_by_user_id TEXT,
            attachment_count INTEGER NOT NULL,
            source TEXT NOT NULL,
            raw_json TEXT NOT NULL,
            run_id INTEGER NOT NULL
        );
        CREATE TABLE message_attachments (
            message_id TEXT NOT NULL,
            position INTEGER NOT NULL,
            conversation_id TEXT NOT NULL,
            attachment_id TEXT,
            media_type TEXT,
            mime TEXT,
            url TEXT,
            filename TEXT,
            content_size_bytes INTEGER,
            sha256 TEXT,
            caption TEXT,
            PRIMARY KEY (message_id, position)
        );
        CREATE TABLE wrapups (
            conversation_id TEXT NOT NULL,
            participant_id TEXT NOT NULL,
            communication_id TEXT NOT NULL,
            code TEXT,
            name TEXT,
            notes TEXT,
            tags TEXT,
            duration_seconds INTEGER,
            end_time TEXT,
            raw_json TEXT NOT NULL,
            PRIMARY KEY (conversation_id, participant_id, communication_id)
        );
        CREATE TABLE wrapup_codes (
            id TEXT PRIMARY KEY,
            name TEXT,
            description TEXT,
            division_id TEXT,
            raw_json TEXT NOT NULL
        );
        CREATE TABLE cached_media (
            id TEXT PRIMARY KEY,
            url TEXT,
            download_url TEXT,
            media_type TEXT,
            content_length_bytes INTEGER,
            date_created TEXT,
            date_expires TEXT,
            raw_json TEXT NOT NULL
        );
        CREATE TABLE communication_media (
            id TEXT PRIMARY KEY,
            conversation_id TEXT NOT NULL,
            communication_id TEXT NOT NULL,
            name TEXT,
            url TEXT,
            media_type TEXT,
            content_length_bytes INTEGER,
            status TEXT,
            raw_json TEXT NOT NULL
        );
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            job_name TEXT NOT NULL,
            job_sha256 TEXT NOT NULL,
            tool_version TEXT NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            status TEXT NOT NULL,
            source TEXT NOT NULL,
            window_start TEXT,
            window_end TEXT,
            conversations INTEGER NOT NULL DEFAULT 0,
            messages INTEGER NOT NULL DEFAULT 0,
            wrapups INTEGER NOT NULL DEFAULT 0,
            rejects INTEGER NOT NULL DEFAULT 0,
            requests INTEGER NOT NULL DEFAULT 0,
            error TEXT
        );
        CREATE TABLE checkpoints (
            job_name TEXT NOT NULL,
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (job_name, key)
        );
        CREATE TABLE rejects (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            run_id INTEGER NOT NULL,
            conversation_id TEXT,
            entity TEXT NOT NULL,
            entity_id TEXT,
            endpoint TEXT NOT NULL,
            reason TEXT NOT NULL,
            raw_payload TEXT,
            created_at TEXT NOT NULL
        );
        """

    private static let v1Indexes = """
        CREATE INDEX messages_conversation ON messages (conversation_id, timestamp);
        CREATE INDEX messages_timestamp ON messages (timestamp);
        CREATE INDEX conversations_start ON conversations (start_time);
        CREATE INDEX participants_user ON participants (user_id);
        CREATE INDEX attachments_conversation ON message_attachments (conversation_id);
        CREATE INDEX wrapups_code ON wrapups (code);
        CREATE INDEX rejects_run ON rejects (run_id);
        CREATE INDEX communication_media_conversation ON communication_media (conversation_id);
        """

    private static let v2WorkList = """
        CREATE TABLE run_work (
            run_id INTEGER NOT NULL,
            position INTEGER NOT NULL,
            conversation_id TEXT NOT NULL,
            conversation_end TEXT,
            done INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (run_id, position)
        );
        CREATE UNIQUE INDEX run_work_conversation ON run_work (run_id, conversation_id);
        """
}
