"""What bench.py measures with: the fake Genesys Cloud it starts, one measured process, and its outputs' counts."""
from __future__ import annotations

import json
import os
import select
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request

from shapes import Shape

HERE = os.path.dirname(os.path.abspath(__file__))
FAKE = os.path.join(HERE, "fake_genesys.py")
STARTUP_TIMEOUT = 900.0


# MARK: - The fake


class Fake:
    """fake_genesys.py in its own process."""

    def __init__(self, shape: Shape, workdir: str, prerender_limit: int | None):
        self.stderr_path = os.path.join(workdir, "fake.stderr")
        command = [sys.executable, FAKE, "--shape", shape.name]
        if prerender_limit is not None:
            command += ["--prerender-limit", str(prerender_limit)]
        self.stderr = open(self.stderr_path, "wb")
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=self.stderr, cwd=HERE)
        self.ready = json.loads(self._line(STARTUP_TIMEOUT, "start"))
        self.url = f"http://127.0.0.1:{self.ready['port']}"

    def _line(self, timeout: float, what: str) -> str:
        deadline = time.monotonic() + timeout
        buffer = b""
        fd = self.process.stdout.fileno()
        while not buffer.endswith(b"\n"):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise RuntimeError(f"the fake did not {what} within {timeout:.0f} s ({self.stderr_path})")
            readable, _, _ = select.select([fd], [], [], remaining)
            if readable:
                chunk = os.read(fd, 65536)
                if not chunk:
                    raise RuntimeError(f"the fake exited before it could {what}: {self._tail()}")
                buffer += chunk
        return buffer.decode()

    def _tail(self) -> str:
        self.stderr.flush()
        with open(self.stderr_path, "rb") as f:
            return f.read()[-2000:].decode(errors="replace")

    def stats(self) -> dict:
        with urllib.request.urlopen(self.url + "/bench/stats", timeout=30) as response:
            return json.loads(response.read())

    def stop(self) -> dict | None:
        """Shuts the fake down; its final statistics, when it printed them."""
        final = None
        try:
            urllib.request.urlopen(urllib.request.Request(self.url + "/bench/shutdown", data=b"", method="POST"),
                                   timeout=10).read()
            final = json.loads(self._line(30, "stop")).get("final")
        except Exception:  # noqa: BLE001 - we stop it below regardless
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.stderr.close()
        return final


# MARK: - One measured run


def measure(command: list[str], env: dict, cwd: str, stdout_path: str, stderr_path: str, timeout: float) -> dict:
    """Runs `command` as a child and measures it alone with os.wait4."""
    with open(stdout_path, "wb") as out, open(stderr_path, "wb") as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, env=env, cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        timed_out, reaped = threading.Event(), threading.Event()

        def kill():
            # Only this child, by its pid, and only while it has not been reaped (so the pid is still its own).
            timed_out.set()
            try:
                os.kill(process.pid, signal.SIGTERM)
                if not reaped.wait(15):
                    os.kill(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, kill)
        timer.daemon = True
        timer.start()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        timer.cancel()
        reaped.set()
        process.returncode = os.waitstatus_to_exitcode(status)  # keep Popen from waiting again
    return {
        "exitCode": os.waitstatus_to_exitcode(status),
        "timedOut": timed_out.is_set(),
        "wallSeconds": wall,
        "cpuUser": usage.ru_utime,
        "cpuSystem": usage.ru_stime,
        "cpuSeconds": usage.ru_utime + usage.ru_stime,
        "peakRSSMB": usage.ru_maxrss / 1024.0,  # ru_maxrss is KiB on Linux
        "majorFaults": usage.ru_majflt,
        "voluntaryContextSwitches": usage.ru_nvcsw,
        "involuntaryContextSwitches": usage.ru_nivcsw,
    }


def count_rows(sqlite_path: str) -> dict:
    result = {"messages": None, "conversations": None, "rejects": None, "rejectSamples": []}
    if not os.path.exists(sqlite_path):
        return result
    db = sqlite3.connect(f"file:{sqlite_path}?mode=ro", uri=True, timeout=30)
    try:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        for table in ("messages", "conversations", "rejects"):
            if table in tables:
                result[table] = db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        if "rejects" in tables and result["rejects"]:
            result["rejectSamples"] = [
                f"{entity} {entity_id}: {reason} ({endpoint})"
                for entity, entity_id, reason, endpoint in db.execute(
                    "SELECT entity, entity_id, reason, endpoint FROM rejects LIMIT 5")
            ]
    finally:
        db.close()
    return result


def folder_bytes(path: str) -> int:
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            try:
                total += os.path.getsize(os.path.join(root, name))
            except OSError:
                pass
    return total


def stderr_lines(path: str, pattern: tuple[str, ...] = ('"error"', '"critical"', '"warning"'), limit: int = 5):
    """The first log lines of level warning or worse, and the last line (the run summary)."""
    found, last = [], None
    try:
        with open(path, "r", errors="replace") as f:
            for line in f:
                line = line.rstrip("\n")
                if not line:
                    continue
                last = line
                if len(found) < limit and any(p in line.lower() for p in pattern):
                    found.append(line[:600])
    except OSError:
        pass
    return found, (last[:1000] if last else None)
