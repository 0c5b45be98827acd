#!/usr/bin/env python3
"""Benchmark `genesys-export run` against a fake Genesys Cloud in a separate process.

    python3 scripts/bench/bench.py --binary .build/release/genesys-export [--shape 900x250|10000x20|1x20000|memory|all]
                                   [--compare-python] [--json] [--timeout SECONDS] [--keep]

For each shape: start scripts/bench/fake_genesys.py (its own process, pre-rendered bodies), write a job file for
the shape's one-day window into a temporary folder, run `genesys-export run JOB --log-format json` as a child with
GENESYSCLOUD_API_URL/LOGIN_URL pointing at the fake, and measure that child alone with os.wait4 (user+system
CPU seconds, peak RSS) and wall time. The fake reports its own CPU and the requests it served. The export is then
checked: the SQLite `messages` table must hold exactly the shape's message count, or the script exits non-zero.

With --compare-python the same shape is also exported by scripts/bench/python_exporter.py (a plain Python exporter:
4 threads, http.client, json, sqlite3, gzip level 6), against a fresh fake, and both are printed side by side.

Python 3.11 standard library only. Exit status: 0 when every run exited 0 and exported every message, else 1.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from measure import Fake, count_rows, folder_bytes, measure, stderr_lines  # noqa: E402
from shapes import ALL, INTERVAL, SHAPES, Shape, parse_shape  # noqa: E402

PYTHON_EXPORTER = os.path.join(HERE, "python_exporter.py")
DEFAULT_TIMEOUT = {"memory": 3600.0}

JOB_TEMPLATE = """\
# Written by scripts/bench/bench.py for shape {shape}.
name: bench-{slug}
source:
  interval: "{interval}"
fetch: {{ concurrency: {concurrency}, requestsPerMinute: 100000, cachedMedia: false, wrapups: true }}
output: {{ sqlite: out/export.sqlite, ndjson: out/ndjson, gzipLevel: {gzip_level} }}
"""


def run_shape(kind: str, shape: Shape, args, workdir: str) -> dict:
    """Exports `shape` with `kind` ('genesys-export' or 'python') against a fresh fake; the measured result."""
    os.makedirs(os.path.join(workdir, "out"), exist_ok=True)
    fake = Fake(shape, workdir, args.prerender_limit)
    result: dict = {
        "shape": shape.name,
        "exporter": kind,
        "conversations": shape.conversations,
        "messagesExpected": shape.messages,
        "loadAverageBefore": os.getloadavg()[0],
        "fakePrerenderSeconds": fake.ready["prerenderSeconds"],
    }
    try:
        before = fake.stats()
        env = {k: v for k, v in os.environ.items() if not k.startswith("GENESYSCLOUD_")}
        env.update(
            GENESYSCLOUD_API_URL=fake.url,
            GENESYSCLOUD_LOGIN_URL=fake.url,
            GENESYSCLOUD_OAUTHCLIENT_ID="bench-client",
            GENESYSCLOUD_OAUTHCLIENT_SECRET="bench-secret",
        )
        sqlite_path = os.path.join(workdir, "out", "export.sqlite")
        ndjson_path = os.path.join(workdir, "out", "ndjson")
        if kind == "genesys-export":
            job = os.path.join(workdir, "job.yaml")
            with open(job, "w") as f:
                f.write(JOB_TEMPLATE.format(shape=shape.name, slug=shape.name.replace("x", "-by-"),
                                            interval=INTERVAL, concurrency=args.concurrency,
                                            gzip_level=args.gzip_level))
            command = [os.path.abspath(args.binary), "run", job, "--log-format", "json"]
        else:
            command = [sys.executable, PYTHON_EXPORTER, "--interval", INTERVAL, "--sqlite", sqlite_path,
                       "--ndjson", ndjson_path, "--threads", str(args.concurrency),
                       "--gzip-level", str(args.gzip_level)]
        timeout = args.timeout or DEFAULT_TIMEOUT.get(shape.name, 900.0)
        stdout_path, stderr_path = os.path.join(workdir, "run.stdout"), os.path.join(workdir, "run.stderr")
        result.update(measure(command, env, workdir, stdout_path, stderr_path, timeout))
        after = fake.stats()
        result["loadAverageAfter"] = os.getloadavg()[0]
        result["requests"] = after["requests"] - before["requests"]
        result["requestsByRoute"] = {
            k: v - before["byRoute"].get(k, 0) for k, v in after["byRoute"].items()
            if not k.startswith("bench.") and v - before["byRoute"].get(k, 0)
        }
        result["notFound"] = after["notFound"]
        result["serverCPUSeconds"] = after["cpuSeconds"] - before["cpuSeconds"]
        result["serverBytesOut"] = after["bytesOut"] - before["bytesOut"]
        result["messagesServed"] = after["messagesServed"] - before["messagesServed"]
        rows = count_rows(sqlite_path)
        result["messagesExported"] = rows["messages"]
        result["conversationsExported"] = rows["conversations"]
        result["rejects"] = rows["rejects"]
        result["rejectSamples"] = rows["rejectSamples"]
        result["sqliteBytes"] = folder_bytes(os.path.join(workdir, "out")) - folder_bytes(ndjson_path)
        result["ndjsonBytes"] = folder_bytes(ndjson_path)
        problems, last = stderr_lines(stderr_path)
        result["logProblems"] = problems
        result["lastLogLine"] = last
        if kind == "genesys-export" and last:
            try:
                summary = json.loads(last)
                result["exporterSummary"] = {k: v for k, v in summary.items() if k.startswith("run.")}
            except ValueError:
                pass
        if kind == "python":
            try:
                with open(stdout_path) as f:
                    result["pythonSummary"] = json.loads(f.read().strip().splitlines()[-1])
            except (OSError, ValueError, IndexError):
                pass
    finally:
        final = fake.stop()
        if final is not None:
            result["serverMaxRSSMB"] = final["maxRSSKiB"] / 1024.0
    wall, cpu = result.get("wallSeconds"), result.get("cpuSeconds")
    if wall and cpu is not None:
        result["cpuSecondsPer100kMessages"] = cpu / shape.messages * 100_000
        result["messagesPerSecond"] = shape.messages / wall
    result["complete"] = (
        result.get("exitCode") == 0 and not result.get("timedOut") and result.get("messagesExported") == shape.messages
    )
    return result


# MARK: - Output


def machine() -> dict:
    def sh(command: list[str]) -> str:
        try:
            return subprocess.run(command, capture_output=True, text=True, timeout=10).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""

    return {
        "nproc": os.cpu_count(),
        "cpu": next((line.split(":", 1)[1].strip() for line in sh(["lscpu"]).splitlines()
                     if line.startswith("Model name")), ""),
        "memTotalGB": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "kernel": os.uname().release,
        "python": sys.version.split()[0],
        "loadAverage": os.getloadavg(),
    }


def fmt(value, digits: int = 2, thousands: bool = False) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if thousands:
        return f"{value:,.0f}"
    return f"{value:.{digits}f}"


ROWS = [
    ("exit code", lambda r: str(r.get("exitCode")) + (" (timed out)" if r.get("timedOut") else "")),
    ("wall s", lambda r: fmt(r.get("wallSeconds"))),
    ("exporter CPU-s", lambda r: f"{fmt(r.get('cpuSeconds'))} (user {fmt(r.get('cpuUser'))}, sys {fmt(r.get('cpuSystem'))})"),
    ("CPU-s per 100k msg", lambda r: fmt(r.get("cpuSecondsPer100kMessages"))),
    ("msg/s", lambda r: fmt(r.get("messagesPerSecond"), thousands=True)),
    ("requests", lambda r: fmt(r.get("requests"), thousands=True)),
    ("peak RSS MB", lambda r: fmt(r.get("peakRSSMB"), 1)),
    ("server CPU-s", lambda r: fmt(r.get("serverCPUSeconds"))),
    ("messages in SQLite", lambda r: f"{fmt(r.get('messagesExported'), thousands=True)} / "
                                     f"{fmt(r.get('messagesExpected'), thousands=True)}"
                                     + ("" if r.get("messagesExported") == r.get("messagesExpected") else "  MISMATCH")),
    ("rejects", lambda r: fmt(r.get("rejects"), thousands=True)),
    ("SQLite / NDJSON MB", lambda r: f"{r.get('sqliteBytes', 0) / 2**20:.1f} / {r.get('ndjsonBytes', 0) / 2**20:.1f}"),
    ("load avg before/after", lambda r: f"{fmt(r.get('loadAverageBefore'))} / {fmt(r.get('loadAverageAfter'))}"),
]


def print_block(shape: Shape, results: list[dict], out=sys.stdout):
    print(f"\n== {shape.name}: {shape.conversations:,} conversations × {shape.messages_per_conversation:,} messages "
          f"= {shape.messages:,} messages", file=out)
    names = [r["exporter"] for r in results]
    width = max(24, *(len(label) for label, _ in ROWS))
    columns = [[getter(r) for r in results] for _, getter in ROWS]
    col_width = max(16, *(len(name) for name in names), *(len(v) for row in columns for v in row))
    print(f"  {'':<{width}}" + "".join(f"  {name:<{col_width}}" for name in names), file=out)
    for (label, _), values in zip(ROWS, columns):
        print(f"  {label:<{width}}" + "".join(f"  {v:<{col_width}}" for v in values), file=out)
    for r in results:
        routes = ", ".join(f"{k} {v:,}" for k, v in sorted(r.get("requestsByRoute", {}).items()))
        print(f"  [{r['exporter']}] requests by route: {routes}", file=out)
        if r.get("notFound"):
            print(f"  [{r['exporter']}] 404s: {r['notFound']}", file=out)
        for sample in r.get("rejectSamples") or []:
            print(f"  [{r['exporter']}] reject: {sample}", file=out)
        if not r.get("complete"):
            print(f"  [{r['exporter']}] INCOMPLETE EXPORT (exit {r.get('exitCode')}, "
                  f"{r.get('messagesExported')} of {r.get('messagesExpected')} messages)", file=out)
            for line in r.get("logProblems") or []:
                print(f"  [{r['exporter']}] log: {line}", file=out)
            if r.get("lastLogLine"):
                print(f"  [{r['exporter']}] last log line: {r['lastLogLine']}", file=out)
        if r.get("error"):
            print(f"  [{r['exporter']}] error: {r['error']}", file=out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("--binary", help="the genesys-export executable (e.g. .build/release/genesys-export)")
    parser.add_argument("--shape", action="append",
                        help=f"{', '.join(SHAPES)}, CxM, or all (= {', '.join(ALL)}); repeatable; default 900x250")
    parser.add_argument("--compare-python", action="store_true",
                        help="also run scripts/bench/python_exporter.py and print it side by side")
    parser.add_argument("--python-only", action="store_true", help="run only the plain Python exporter")
    parser.add_argument("--json", action="store_true", help="print the results as JSON on standard output")
    parser.add_argument("--timeout", type=float, help="seconds per run before it is stopped (default 900, memory 3600)")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--gzip-level", type=int, default=6)
    parser.add_argument("--prerender-limit", type=int, help="passed to the fake (default: its own, 1,000,000)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folders (their paths are printed)")
    args = parser.parse_args()

    kinds = (["genesys-export"] if not args.python_only else []) + (
        ["python"] if args.compare_python or args.python_only else [])
    if "genesys-export" in kinds and not (args.binary and os.access(args.binary, os.X_OK)):
        parser.error("--binary must name the genesys-export executable")
    names: list[str] = []
    for name in args.shape or ["900x250"]:
        names += list(ALL) if name == "all" else [name]
    try:
        shapes = [parse_shape(name) for name in names]
    except ValueError as error:
        parser.error(str(error))

    human = sys.stderr if args.json else sys.stdout
    info = machine()
    print(f"machine: {info['nproc']} CPUs ({info['cpu']}), {info['memTotalGB']} GB, Linux {info['kernel']}, "
          f"Python {info['python']}, load average {' '.join(f'{x:.2f}' for x in info['loadAverage'])}", file=human)
    if args.binary:
        print(f"binary: {os.path.abspath(args.binary)}", file=human)

    all_results = []
    ok = True
    for shape in shapes:
        results = []
        for kind in kinds:
            workdir = tempfile.mkdtemp(prefix=f"genesys-bench-{shape.name}-{kind}-")
            print(f"-- {shape.name} / {kind}: running in {workdir}", file=human, flush=True)
            try:
                result = run_shape(kind, shape, args, workdir)
            except Exception as error:  # noqa: BLE001 - report and go on with the next run
                result = {"shape": shape.name, "exporter": kind, "complete": False, "error": str(error),
                          "messagesExpected": shape.messages}
            result["workdir"] = workdir if args.keep else None
            if not args.keep:
                shutil.rmtree(workdir, ignore_errors=True)
            results.append(result)
            ok = ok and result.get("complete", False)
        print_block(shape, results, out=human)
        all_results += results
    if args.json:
        json.dump({"machine": info, "binary": args.binary and os.path.abspath(args.binary), "results": all_results},
                  sys.stdout, indent=2)
        print()
    if not ok:
        print("\nFAILED: at least one run did not export every message (see above)", file=human)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
