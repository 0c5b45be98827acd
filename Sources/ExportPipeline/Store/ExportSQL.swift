/// The statements the writer runs, one per table; every data statement is an upsert, so a rerun updates rows and
/// never duplicates them, and nothing a run did not fetch is ever deleted.
enum ExportSQL {

    static let upsertConversation = """
        INSERT INTO conversations (id, start_time, end_time, messenger_type, participant_count, message_count,
            division_ids, raw_json, run_id, exported_at, analytics_conversation_end)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(id) DO UPDATE SET start_time = excluded.start_time, end_time = excluded.end_time,
            messenger_type = excluded.messenger_type, participant_count = excluded.participant_count,
            message_count = excluded.message_count, division_ids = excluded.division_ids,
            raw_json = excluded.raw_json, run_id = excluded.run_id, exported_at = excluded.exported_at,
            analytics_conversation_end = excluded.analytics_conversation_end
        """

    static let upsertParticipant = """
        INSERT INTO participants (conversation_id, id, purpose, name, address, user_id, user_name, queue_id,
            queue_name, state, direction, messenger_type, from_address, to_address, start_time, connected_time,
            end_time, disconnect_type, communication_id, wrapup_required, raw_json)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(conversation_id, id) DO UPDATE SET purpose = excluded.purpose, name = excluded.name,
            address = excluded.address, user_id = excluded.user_id, user_name = excluded.user_name,
            queue_id = excluded.queue_id, queue_name = excluded.queue_name, state = excluded.state,
            direction = excluded.direction, messenger_type = excluded.messenger_type,
            from_address = excluded.from_address, to_address = excluded.to_address, start_time = excluded.start_time,
            connected_time = excluded.connected_time, end_time = excluded.end_time,
            disconnect_type = excluded.disconnect_type, communication_id = excluded.communication_id,
            wrapup_required = excluded.wrapup_required, raw_json = excluded.raw_json
        """

    static let upsertMessage = """
        INSERT INTO messages (id, conversation_id, participant_id, timestamp, direction, messenger_type,
            from_address, to_address, text, status, message_type, provider_message_id, created_by_user_id,
            attachment_count, source, raw_json, run_id)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(id) DO UPDATE SET conversation_id = excluded.conversation_id,
            participant_id = excluded.participant_id, timestamp = excluded.timestamp,
            direction = excluded.direction, messenger_type = excluded.messenger_type,
            from_address = excluded.from_address, to_address = excluded.to_address, text = excluded.text,
            status = excluded.status, message_type = excluded.message_type,
            provider_message_id = excluded.provider_message_id, created_by_user_id = excluded.created_by_user_id,
            attachment_count = excluded.attachment_count, source = excluded.source, raw_json = excluded.raw_json,
            run_id = excluded.run_id
        """

    static let upsertAttachment = """
        INSERT INTO message_attachments (message_id, position, conversation_id, attachment_id, media_type, mime,
            url, filename, content_size_bytes, sha256, caption, archive_path)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(message_id, position) DO UPDATE SET conversation_id = excluded.conversation_id,
            attachment_id = excluded.attachment_id, media_type = excluded.media_type, mime = excluded.mime,
            url = excluded.url, filename = excluded.filename, content_size_bytes = excluded.content_size_bytes,
            sha256 = excluded.sha256, caption = excluded.caption,
            archive_path = COALESCE(excluded.archive_path, message_attachments.archive_path)
        """

    static let upsertWrapup = """
        INSERT INTO wrapups (conversation_id, participant_id, communication_id, code, name, notes, tags,
            duration_seconds, end_time, raw_json)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(conversation_id, participant_id, communication_id) DO UPDATE SET code = excluded.code,
            name = excluded.name, notes = excluded.notes, tags = excluded.tags,
            duration_seconds = excluded.duration_seconds, end_time = excluded.end_time, raw_json = excluded.raw_json
        """

    static let upsertWrapupCode = """
        INSERT INTO wrapup_codes (id, name, description, division_id, raw_json) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT(id) DO UPDATE SET name = excluded.name, description = excluded.description,
            division_id = excluded.division_id, raw_json = excluded.raw_json
        """

    static let upsertCommunicationMedia = """
        INSERT INTO communication_media (id, conversation_id, communication_id, name, url, media_type,
            content_length_bytes, status, raw_json)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(id) DO UPDATE SET conversation_id = excluded.conversation_id,
            communication_id = excluded.communication_id, name = excluded.name, url = excluded.url,
            media_type = excluded.media_type, content_length_bytes = excluded.content_length_bytes,
            status = excluded.status, raw_json = excluded.raw_json
        """

    static let upsertCachedMedia = """
        INSERT INTO cached_media (id, url, download_url, media_type, content_length_bytes, date_created,
            date_expires, raw_json, archive_path)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(id) DO UPDATE SET url = excluded.url, download_url = excluded.download_url,
            media_type = excluded.media_type, content_length_bytes = excluded.content_length_bytes,
            date_created = excluded.date_created, date_expires = excluded.date_expires, raw_json = excluded.raw_json,
            archive_path = COALESCE(excluded.archive_path, cached_media.archive_path)
        """

    /// A file stored by an earlier run that never completed is claimed by this run, so some manifest lists it.
    static let upsertMediaFile = """
        INSERT INTO media_files (sha256, path, bytes, source_id, run_id, stored_at) VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT(sha256) DO UPDATE SET path = excluded.path, bytes = excluded.bytes,
            source_id = excluded.source_id, run_id = excluded.run_id, stored_at = excluded.stored_at
        WHERE media_files.run_id <> excluded.run_id AND media_files.run_id NOT IN
            (SELECT id FROM runs WHERE status IN ('complete', 'complete_with_rejects'))
        """

    static let insertReject = """
        INSERT INTO rejects (run_id, conversation_id, entity, entity_id, endpoint, reason, raw_payload, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """

    static let upsertCheckpoint = """
        INSERT INTO checkpoints (job_name, key, value, updated_at) VALUES (?, ?, ?, ?)
        ON CONFLICT(job_name, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
        """

    static let updateAnalyticsEnd = """
        UPDATE conversations SET analytics_conversation_end = ? WHERE id = ? AND analytics_conversation_end IS NOT ?
        """

    static let finishRun = "UPDATE runs SET status = ?, finished_at = ?, error = ? WHERE id = ?"

    static let deleteOldRejects = "DELETE FROM rejects WHERE conversation_id = ?"

    static let addRunCounts = """
        UPDATE runs SET conversations = conversations + ?, messages = messages + ?, wrapups = wrapups + ?,
            rejects = rejects + ? WHERE id = ?
        """

    static let setRunRequests = "UPDATE runs SET requests = ? WHERE id = ?"
}
