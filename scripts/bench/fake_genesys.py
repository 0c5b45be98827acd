#!/usr/bin/env python3
"""A fake Genesys Cloud that serves one benchmark shape from pre-rendered bodies, cheaply.

    python3 scripts/bench/fake_genesys.py --shape 900x250 [--port 0] [--prerender-limit 1000000]

Prints one JSON line on standard output once it listens ({"port", "pid", "prerenderSeconds", ...}), serves until
SIGTERM/SIGINT or `POST /bench/shutdown`, then prints its final statistics as one more JSON line.

Routes (shapes per /work/shared/genesys/api-reference.md):
  POST /oauth/token                                          client credentials → bearer token
  POST /api/v2/analytics/conversations/details/query        (34) page-number paging in the body
  GET  /api/v2/analytics/conversations/details?id=a,b        (40) multi-get, ≤100 ids
  GET  /api/v2/conversations/messages/cachedmedia            (4)  an empty listing
  GET  /api/v2/conversations/messages/{id}                   (12) MessageConversation
  POST /api/v2/conversations/messages/{id}/messages/bulk     (18) ≤1000 ids → entities in request order
  GET  /bench/stats                                          request counts and this process's rusage
  anything else                                              404 with a Genesys ErrorBody

Every record is rendered at startup (up to --prerender-limit messages; larger shapes render on demand from the
same templates), so serving a request is a few dict lookups, a join and one write.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import signal
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from render import analytics_record, message_conversation, message_data  # noqa: E402
from shapes import (  # noqa: E402
    Shape,
    conversation_id,
    conversation_start_ms,
    message_id,
    parse_conversation_id,
    parse_message_id,
    parse_shape,
)

TOKEN = "bench-token-0123456789abcdef"
TOKEN_BODY = json.dumps({"access_token": TOKEN, "token_type": "bearer", "expires_in": 86400}).encode()
CACHED_MEDIA_BODY = b'{"entities":[],"pageSize":25,"pageNumber":1,"total":0,"pageCount":0}'
CONVERSATIONS_PREFIX = "/api/v2/conversations/messages/"
BULK_SUFFIX = "/messages/bulk"
MAX_BULK_IDS = 1000
MAX_MULTIGET_IDS = 100
SYNC_RESULT_CAP = 100_000


def error_body(status: int, code: str, message: str) -> bytes:
    return json.dumps(
        {"message": message, "code": code, "status": status, "contextId": f"bench-{time.monotonic_ns():x}",
         "details": [], "errors": []}
    ).encode()


class Org:
    """The shape's records: pre-rendered, or rendered on demand for shapes over the limit."""

    def __init__(self, shape: Shape, prerender_limit: int):
        self.shape = shape
        started = time.perf_counter()
        n = shape.conversations
        self.ids = [conversation_id(c) for c in range(n)]
        self.start_ms = [conversation_start_ms(shape, c) for c in range(n)]
        self.analytics = [analytics_record(shape, c) for c in range(n)]
        self.analytics_by_id = dict(zip(self.ids, self.analytics))
        self.prerendered = shape.messages <= prerender_limit
        self.conversations: dict[str, bytes] = {}
        self.messages: dict[str, bytes] = {}
        if self.prerendered:
            for c in range(n):
                self.conversations[self.ids[c]] = message_conversation(shape, c)
                for m in range(shape.messages_per_conversation):
                    self.messages[message_id(c, m)] = message_data(shape, c, m)
        self.pages: dict[tuple[str, int, int], bytes] = {}
        self.pages_lock = threading.Lock()
        self.prerender_seconds = time.perf_counter() - started

    def conversation(self, cid: str) -> bytes | None:
        if self.prerendered:
            return self.conversations.get(cid)
        c = parse_conversation_id(cid)
        if c is None or c >= self.shape.conversations:
            return None
        return message_conversation(self.shape, c)

    def message(self, cid: str, mid: str) -> bytes | None:
        if self.prerendered:
            body = self.messages.get(mid)
            if body is None:
                return None
            # An id of another conversation is not found in this one.
            parsed = parse_message_id(mid)
            return body if parsed is not None and self.ids[parsed[0]] == cid else None
        parsed = parse_message_id(mid)
        c = parse_conversation_id(cid)
        if parsed is None or c is None or parsed[0] != c or c >= self.shape.conversations:
            return None
        if parsed[1] >= self.shape.messages_per_conversation:
            return None
        return message_data(self.shape, c, parsed[1])

    def query_page(self, interval: str, page_size: int, page_number: int) -> bytes:
        key = (interval, page_size, page_number)
        body = self.pages.get(key)
        if body is not None:
            return body
        start_text, _, end_text = interval.partition("/")
        start = int(dt.datetime.fromisoformat(start_text.replace("Z", "+00:00")).timestamp() * 1000)
        end = int(dt.datetime.fromisoformat(end_text.replace("Z", "+00:00")).timestamp() * 1000)
        matching = [c for c, ms in enumerate(self.start_ms) if start <= ms < end]  # already in start order
        lo = min(len(matching), (page_number - 1) * page_size)
        hi = min(len(matching), lo + page_size)
        if lo < hi:
            records = b",".join(self.analytics[c] for c in matching[lo:hi])
            body = b'{"conversations":[' + records + b'],"totalHits":' + str(len(matching)).encode() + b"}"
        else:
            body = b'{"totalHits":' + str(len(matching)).encode() + b"}"
        with self.pages_lock:
            self.pages[key] = body
        return body


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.by_route: dict[str, int] = {}
        self.bytes_out = 0
        self.messages_served = 0
        self.not_found: dict[str, int] = {}

    def count(self, route: str, nbytes: int, messages: int = 0):
        with self.lock:
            self.by_route[route] = self.by_route.get(route, 0) + 1
            self.bytes_out += nbytes
            self.messages_served += messages

    def snapshot(self) -> dict:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        with self.lock:
            by_route = dict(self.by_route)
            api = sum(v for k, v in by_route.items() if not k.startswith("bench."))
            return {
                "requests": api,
                "byRoute": by_route,
                "notFound": dict(self.not_found),
                "bytesOut": self.bytes_out,
                "messagesServed": self.messages_served,
                "cpuUser": usage.ru_utime,
                "cpuSystem": usage.ru_stime,
                "cpuSeconds": usage.ru_utime + usage.ru_stime,
                "maxRSSKiB": usage.ru_maxrss,
            }


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server_version = "fake-genesys/1"
    sys_version = ""

    org: Org
    stats: Stats

    def log_message(self, format, *args):  # noqa: A002 - quiet
        pass

    # MARK: plumbing

    def _body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _send(self, status: int, body: bytes, route: str, messages: int = 0):
        reason = self.responses.get(status, ("",))[0]
        head = (
            f"HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n"
            f"inin-ratelimit-count: 1\r\ninin-ratelimit-allowed: 100000\r\ninin-ratelimit-reset: 60\r\n\r\n"
        ).encode()
        self.wfile.write(head + body)
        self.stats.count(route, len(body), messages)

    def _error(self, status: int, code: str, message: str, route: str):
        if status == 404:
            with self.stats.lock:
                key = f"{self.command} {self.path.split('?')[0]}"
                if len(self.stats.not_found) < 50 or key in self.stats.not_found:
                    self.stats.not_found[key] = self.stats.not_found.get(key, 0) + 1
        self._send(status, error_body(status, code, message), route)

    def _authorized(self) -> bool:
        if self.headers.get("Authorization", "") == f"Bearer {TOKEN}":
            return True
        self._error(401, "bad.credentials", "Invalid login credentials.", "unauthorized")
        return False

    # MARK: routes

    def do_GET(self):  # noqa: N802
        path, _, query = self.path.partition("?")
        if path == "/bench/stats":
            self._send(200, json.dumps(self.stats.snapshot()).encode(), "bench.stats")
            return
        if not path.startswith("/api/v2/"):
            self._error(404, "not.found", f"No route for GET {path}", "not_found")
            return
        if not self._authorized():
            return
        if path == "/api/v2/analytics/conversations/details":
            ids = []
            for key, value in urllib.parse.parse_qsl(query):
                if key == "id":
                    ids += [i for i in value.split(",") if i]
            if not ids or len(ids) > MAX_MULTIGET_IDS:
                self._error(400, "bad.request", f"1 to {MAX_MULTIGET_IDS} ids are required", "bad_request")
                return
            records = [r for r in (self.org.analytics_by_id.get(i) for i in ids) if r is not None]
            self._send(200, b'{"conversations":[' + b",".join(records) + b"]}", "analytics.multiget")
            return
        if path == "/api/v2/conversations/messages/cachedmedia":
            self._send(200, CACHED_MEDIA_BODY, "cachedmedia")
            return
        if path.startswith(CONVERSATIONS_PREFIX):
            cid = path[len(CONVERSATIONS_PREFIX):]
            if "/" not in cid:
                body = self.org.conversation(cid)
                if body is not None:
                    self._send(200, body, "conversation")
                    return
                self._error(404, "not.found", f"Conversation {cid} not found", "not_found")
                return
        self._error(404, "not.found", f"No route for GET {path}", "not_found")

    def do_POST(self):  # noqa: N802
        path = self.path.partition("?")[0]
        body = self._body()
        if path == "/oauth/token":
            form = urllib.parse.parse_qs(body.decode("latin-1"))
            if form.get("grant_type") != ["client_credentials"]:
                self._send(400, b'{"error":"unsupported_grant_type","description":"grant_type must be '
                                b'client_credentials","error_description":"grant_type must be client_credentials"}',
                           "token.bad")
                return
            self._send(200, TOKEN_BODY, "token")
            return
        if path == "/bench/shutdown":
            self._send(200, b"{}", "bench.shutdown")
            threading.Thread(target=self.server.shutdown, daemon=True).start()
            return
        if not path.startswith("/api/v2/"):
            self._error(404, "not.found", f"No route for POST {path}", "not_found")
            return
        if not self._authorized():
            return
        if path == "/api/v2/analytics/conversations/details/query":
            try:
                query = json.loads(body)
                paging = query.get("paging") or {}
                page_size = int(paging.get("pageSize", 25))
                page_number = int(paging.get("pageNumber", 1))
                interval = query["interval"]
            except (ValueError, KeyError, TypeError, AttributeError) as error:
                self._error(400, "bad.request", f"Invalid query: {error}", "bad_request")
                return
            if not 1 <= page_size <= 100 or page_number < 1:
                self._error(400, "bad.request", "paging.pageSize must be 1...100, pageNumber ≥ 1", "bad_request")
                return
            if page_number * page_size > SYNC_RESULT_CAP:
                self._error(400, "bad.request", "Pagination may not exceed 100000 results.", "bad_request")
                return
            try:
                page = self.org.query_page(interval, page_size, page_number)
            except ValueError as error:
                self._error(400, "bad.request", f"Invalid interval: {error}", "bad_request")
                return
            self._send(200, page, "analytics.query")
            return
        if path.startswith(CONVERSATIONS_PREFIX) and path.endswith(BULK_SUFFIX):
            cid = path[len(CONVERSATIONS_PREFIX):-len(BULK_SUFFIX)]
            try:
                ids = json.loads(body) if body else []
                if not isinstance(ids, list):
                    raise ValueError("the body must be a JSON array of message ids")
            except ValueError as error:
                self._error(400, "bad.request", f"Invalid body: {error}", "bad_request")
                return
            if len(ids) > MAX_BULK_IDS:
                self._error(400, "bad.request", f"At most {MAX_BULK_IDS} ids may be requested", "bad_request")
                return
            message = self.org.message
            found = [b for b in (message(cid, i) for i in ids if isinstance(i, str)) if b is not None]
            self._send(200, b'{"entities":[' + b",".join(found) + b"]}", "bulk", messages=len(found))
            return
        self._error(404, "not.found", f"No route for POST {path}", "not_found")


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shape", required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--prerender-limit", type=int, default=1_000_000,
                        help="pre-render every body when the shape has at most this many messages (default 1e6)")
    args = parser.parse_args()
    shape = parse_shape(args.shape)

    Handler.org = Org(shape, args.prerender_limit)
    Handler.stats = Stats()
    server = Server((args.host, args.port), Handler)

    def stop(signum, frame):
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    ready = {
        "port": server.server_address[1],
        "pid": os.getpid(),
        "shape": shape.name,
        "conversations": shape.conversations,
        "messages": shape.messages,
        "prerendered": Handler.org.prerendered,
        "prerenderSeconds": round(Handler.org.prerender_seconds, 3),
    }
    print(json.dumps(ready), flush=True)
    try:
        server.serve_forever(poll_interval=0.5)
    finally:
        server.server_close()
    print(json.dumps({"final": Handler.stats.snapshot()}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
