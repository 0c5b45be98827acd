#!/usr/bin/env python3
"""A plain Python exporter of the same data, the yardstick `bench.py --compare-python` measures us against.

    GENESYSCLOUD_API_URL=http://127.0.0.1:PORT GENESYSCLOUD_OAUTHCLIENT_ID=… GENESYSCLOUD_OAUTHCLIENT_SECRET=… \\
    python3 scripts/bench/python_exporter.py --interval START/END --sqlite out.sqlite --ndjson out-ndjson \\
        [--threads 4] [--gzip-level 6]

What a competent engineer writes in an afternoon, standard library only: client-credentials token, the analytics
detail query (34) paged by page number, then per conversation on a pool of threads (one keep-alive
http.client connection each) the conversation (12) and ⌈messages/1000⌉ bulk calls (18); json.loads on every body;
one writer thread (the main one) upserting conversations, participants, messages and wrap-ups into SQLite (WAL,
synchronous=NORMAL, one transaction per 20,000 messages) and writing each object as one json.dumps line into
gzip level-6 NDJSON files. No resume, no rate limiting, no retries: it measures the work, not the robustness.

Prints one JSON summary line on standard output; exits 1 on any error.
"""

from __future__ import annotations

import argparse
import base64
import gzip
import http.client
import json
import os
import queue
import sqlite3
import sys
import threading
import time
import urllib.parse

SCHEMA = """
CREATE TABLE IF NOT EXISTS conversations (
  id TEXT PRIMARY KEY, start_time TEXT, end_time TEXT, messenger_type TEXT, participant_count INTEGER,
  message_count INTEGER, raw_json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS participants (
  conversation_id TEXT NOT NULL, id TEXT NOT NULL, purpose TEXT, name TEXT, user_id TEXT, queue_id TEXT,
  messenger_type TEXT, from_address TEXT, to_address TEXT, communication_id TEXT, raw_json TEXT NOT NULL,
  PRIMARY KEY (conversation_id, id));
CREATE TABLE IF NOT EXISTS messages (
  id TEXT PRIMARY KEY, conversation_id TEXT NOT NULL, participant_id TEXT, timestamp TEXT, direction TEXT,
  messenger_type TEXT, from_address TEXT, to_address TEXT, text TEXT, status TEXT, message_type TEXT,
  source TEXT, raw_json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS wrapups (
  conversation_id TEXT NOT NULL, participant_id TEXT NOT NULL, communication_id TEXT NOT NULL, code TEXT,
  name TEXT, notes TEXT, tags TEXT, duration_seconds INTEGER, end_time TEXT, raw_json TEXT NOT NULL,
  PRIMARY KEY (conversation_id, participant_id, communication_id));
"""

UPSERT_CONVERSATION = """INSERT INTO conversations VALUES (?,?,?,?,?,?,?)
ON CONFLICT(id) DO UPDATE SET start_time=excluded.start_time, end_time=excluded.end_time,
  messenger_type=excluded.messenger_type, participant_count=excluded.participant_count,
  message_count=excluded.message_count, raw_json=excluded.raw_json"""
UPSERT_PARTICIPANT = """INSERT INTO participants VALUES (?,?,?,?,?,?,?,?,?,?,?)
ON CONFLICT(conversation_id, id) DO UPDATE SET purpose=excluded.purpose, name=excluded.name,
  user_id=excluded.user_id, queue_id=excluded.queue_id, messenger_type=excluded.messenger_type,
  from_address=excluded.from_address, to_address=excluded.to_address, communication_id=excluded.communication_id,
  raw_json=excluded.raw_json"""
UPSERT_MESSAGE = """INSERT INTO messages VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)
ON CONFLICT(id) DO UPDATE SET conversation_id=excluded.conversation_id, participant_id=excluded.participant_id,
  timestamp=excluded.timestamp, direction=excluded.direction, messenger_type=excluded.messenger_type,
  from_address=excluded.from_address, to_address=excluded.to_address, text=excluded.text, status=excluded.status,
  message_type=excluded.message_type, source=excluded.source, raw_json=excluded.raw_json"""
UPSERT_WRAPUP = """INSERT INTO wrapups VALUES (?,?,?,?,?,?,?,?,?,?)
ON CONFLICT(conversation_id, participant_id, communication_id) DO UPDATE SET code=excluded.code,
  name=excluded.name, notes=excluded.notes, tags=excluded.tags, duration_seconds=excluded.duration_seconds,
  end_time=excluded.end_time, raw_json=excluded.raw_json"""


def dumps(value) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


class API:
    """One keep-alive connection per thread; a shared bearer token."""

    def __init__(self, base_url: str, login_url: str, client_id: str, client_secret: str):
        self.base = urllib.parse.urlsplit(base_url)
        self.login = urllib.parse.urlsplit(login_url)
        self.local = threading.local()
        self.requests = 0
        self.lock = threading.Lock()
        credentials = base64.b64encode(f"{client_id}:{client_secret}".encode()).decode()
        status, body = self._request(self.login, "POST", "/oauth/token", b"grant_type=client_credentials",
                                     {"Authorization": f"Basic {credentials}",
                                      "Content-Type": "application/x-www-form-urlencoded"})
        if status != 200:
            raise RuntimeError(f"token: HTTP {status}: {body[:300]!r}")
        self.token = json.loads(body)["access_token"]

    def _connection(self, target) -> http.client.HTTPConnection:
        key = f"conn_{target.netloc}"
        connection = getattr(self.local, key, None)
        if connection is None:
            cls = http.client.HTTPSConnection if target.scheme == "https" else http.client.HTTPConnection
            connection = cls(target.hostname, target.port, timeout=120)
            setattr(self.local, key, connection)
        return connection

    def _request(self, target, method: str, path: str, body: bytes | None, headers: dict) -> tuple[int, bytes]:
        with self.lock:
            self.requests += 1
        for attempt in (1, 2):
            connection = self._connection(target)
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                return response.status, response.read()
            except (http.client.HTTPException, ConnectionError):
                connection.close()  # a dropped keep-alive connection: reconnect once
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def call(self, method: str, path: str, payload=None):
        body = None if payload is None else dumps(payload).encode()
        headers = {"Authorization": f"Bearer {self.token}", "Accept": "application/json"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        status, data = self._request(self.base, method, path, body, headers)
        if status != 200:
            raise RuntimeError(f"{method} {path}: HTTP {status}: {data[:300]!r}")
        return json.loads(data)


def enumerate_conversations(api: API, interval: str, page_size: int = 100) -> list[dict]:
    records, number = [], 1
    while True:
        page = api.call("POST", "/api/v2/analytics/conversations/details/query", {
            "interval": interval, "order": "asc", "orderBy": "conversationStart",
            "paging": {"pageSize": page_size, "pageNumber": number},
            "segmentFilters": [{"type": "and", "predicates": [
                {"type": "dimension", "dimension": "mediaType", "operator": "matches", "value": "message"}]}],
        })
        found = page.get("conversations") or []
        records += found
        if len(found) < page_size or number * page_size >= page.get("totalHits", 0):
            return records
        number += 1


def fetch(api: API, record: dict) -> tuple[dict, dict, list[dict], dict[str, str]]:
    """The conversation (12) and its messages (18): (analytics record, conversation, messages, owner by id)."""
    cid = record["conversationId"]
    conversation = api.call("GET", f"/api/v2/conversations/messages/{cid}")
    owners: dict[str, str] = {}
    for participant in conversation.get("participants") or []:
        for details in participant.get("messages") or []:
            owners.setdefault(details["messageId"], participant.get("id"))
    ids = list(owners)
    messages: list[dict] = []
    for i in range(0, len(ids), 1000):
        listing = api.call("POST", f"/api/v2/conversations/messages/{cid}/messages/bulk", ids[i:i + 1000])
        messages += listing.get("entities") or []
    return record, conversation, messages, owners


class Writer:
    def __init__(self, sqlite_path: str, ndjson_dir: str, gzip_level: int):
        self.db = sqlite3.connect(sqlite_path, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)
        self.db.execute("BEGIN")
        self.pending = 0
        self.files = {}
        for entity in ("conversations", "participants", "messages", "wrapups"):
            folder = os.path.join(ndjson_dir, entity, "dt=2026-11-01")
            os.makedirs(folder, exist_ok=True)
            self.files[entity] = gzip.open(os.path.join(folder, "part-000001-0001.ndjson.gz"), "wt",
                                           compresslevel=gzip_level, encoding="utf-8")
        self.messages = 0
        self.conversations = 0

    def write(self, record: dict, conversation: dict, messages: list[dict], owners: dict[str, str]):
        cid = conversation["id"]
        participants = conversation.get("participants") or []
        sessions = {p.get("participantId"): (p.get("sessions") or [{}])[0] for p in record.get("participants") or []}
        messenger = participants[0].get("type") if participants else None
        self.db.execute(UPSERT_CONVERSATION, (cid, record.get("conversationStart"), record.get("conversationEnd"),
                                              messenger, len(participants), len(messages), dumps(conversation)))
        self.files["conversations"].write(dumps(conversation) + "\n")
        for p in participants:
            pid = p.get("id")
            communication = sessions.get(pid, {}).get("sessionId")
            self.db.execute(UPSERT_PARTICIPANT, (
                cid, pid, p.get("purpose"), p.get("name"), (p.get("user") or {}).get("id"),
                (p.get("queue") or {}).get("id"), p.get("type"), (p.get("fromAddress") or {}).get("addressNormalized"),
                (p.get("toAddress") or {}).get("addressNormalized"), communication, dumps(p)))
            self.files["participants"].write(dumps({"conversationId": cid, "participant": p}) + "\n")
            wrapup = p.get("wrapup")
            if wrapup and wrapup.get("code"):
                self.db.execute(UPSERT_WRAPUP, (
                    cid, pid, communication or "", wrapup.get("code"), wrapup.get("name"), wrapup.get("notes"),
                    dumps(wrapup.get("tags") or []), wrapup.get("durationSeconds"), wrapup.get("endTime"),
                    dumps(wrapup)))
                self.files["wrapups"].write(dumps({"conversationId": cid, "participantId": pid,
                                                   "communicationId": communication or "", "wrapup": wrapup}) + "\n")
        rows, lines = [], []
        for m in messages:
            normalized = m.get("normalizedMessage") or {}
            raw = dumps(m)
            owner = owners.get(m.get("id"))
            rows.append((m.get("id"), cid, owner, m.get("timestamp"), m.get("direction"), m.get("messengerType"),
                         m.get("fromAddress"), m.get("toAddress"), normalized.get("text"), m.get("status"),
                         normalized.get("type"), "bulk", raw))
            lines.append(f'{{"conversationId":"{cid}","participantId":{dumps(owner)},"message":{raw}}}\n')
        self.db.executemany(UPSERT_MESSAGE, rows)
        self.files["messages"].write("".join(lines))
        self.messages += len(messages)
        self.conversations += 1
        self.pending += len(messages) + len(participants) + 1
        if self.pending >= 20_000:
            self.db.execute("COMMIT")
            self.db.execute("BEGIN")
            self.pending = 0

    def close(self):
        self.db.execute("COMMIT")
        self.db.close()
        for f in self.files.values():
            f.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--interval", required=True)
    parser.add_argument("--sqlite", required=True)
    parser.add_argument("--ndjson", required=True)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--gzip-level", type=int, default=6)
    args = parser.parse_args()

    started = time.perf_counter()
    api_url = os.environ["GENESYSCLOUD_API_URL"]
    api = API(api_url, os.environ.get("GENESYSCLOUD_LOGIN_URL", api_url),
              os.environ["GENESYSCLOUD_OAUTHCLIENT_ID"], os.environ["GENESYSCLOUD_OAUTHCLIENT_SECRET"])
    records = enumerate_conversations(api, args.interval)
    work: queue.Queue = queue.Queue()
    for record in records:
        work.put(record)
    results: queue.Queue = queue.Queue(maxsize=64)
    errors: list[str] = []

    def worker():
        while not errors:
            try:
                record = work.get_nowait()
            except queue.Empty:
                break
            try:
                results.put(fetch(api, record))
            except Exception as error:  # noqa: BLE001 - reported by the writer
                errors.append(f"{record.get('conversationId')}: {error}")
                break
        results.put(None)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(args.threads)]
    for thread in threads:
        thread.start()
    writer = Writer(args.sqlite, args.ndjson, args.gzip_level)
    finished = 0
    while finished < len(threads):
        item = results.get()
        if item is None:
            finished += 1
            continue
        writer.write(*item)
    writer.close()
    summary = {"conversations": writer.conversations, "messages": writer.messages, "requests": api.requests,
               "seconds": round(time.perf_counter() - started, 3), "errors": errors[:5]}
    print(dumps(summary), flush=True)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
