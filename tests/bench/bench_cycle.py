"""Benchmark: what one whole poll cycle of `monitor once` costs, against real feeds.

    python tests/bench/bench_cycle.py [--corpus ../shared/corpus/real-feeds] [--copies 5]
                                      [--reader-python /tmp/reader-venv/bin/python]

Serves the captured real feeds (MANIFEST.tsv: file -> original URL) from a local feed server,
each under its own path with a strong ETag and a Last-Modified, and runs `monitor once` as a
subprocess for:

  (a) first run: an empty database, every story new;
  (b) again, the server answering 304 Not Modified to the conditional GET;
  (c) again, the server ignoring validators (the same bodies, always 200);
  (d) `--copies` x the feeds (each served under several paths), on an empty database;
  (e) again, every body changed but not its entries (as a feed whose lastBuildDate moves
      with every request: what most polls of a busy feed look like, bar its few new entries).

Without a Telegram token and without `--dry-run`: alerts are printed (stdout to /dev/null, so
printing is not timed) and everything is stored, so (b) and (c) find the validators and body
hashes (a) stored. (`--dry-run` would work on a throw-away copy and store nothing.)

For each: wall time, CPU time (user + system) and peak RSS of the child, taken from the kernel
(`os.wait4`: the child's own rusage, `ru_maxrss`), and what the server answered.

Then it shows that parsing is off the event loop: one cycle in-process with the largest feed
of the corpus and a small feed served while the large one is being parsed: the small feed's
fetch time, and the event loop's worst stall, with the parse in the worker pool (as shipped)
and, for contrast, with the parse run on the loop.

When a Python with lemon24/reader is given (`--reader-python` or READER_PYTHON; install it
into a throwaway venv, never into the project: `python -m venv /tmp/reader-venv &&
/tmp/reader-venv/bin/pip install reader`), the same server and scenarios are timed with
reader's `update_feeds()` in its own subprocess, and the ratio is printed. Reader only fetches,
parses and stores; monitor also matches, deduplicates and queues alerts.

All feeds live on one host (127.0.0.1), so the per-host limit is raised to the overall
concurrency (real feeds are spread over many hosts). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import email.utils
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from feedserver import Exchange, FeedServer  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "real-feeds"
CONCURRENCY = 16

READER_SCRIPT = r"""
import json, sys, time
from reader import make_reader
db, urls_file, workers = sys.argv[1], sys.argv[2], int(sys.argv[3])
reader = make_reader(db)
for url in json.load(open(urls_file)):
    reader.add_feed(url, exist_ok=True)
started = time.perf_counter()
errors = [f"{type(result).__name__}: {result}"
          for _, result in reader.update_feeds_iter(workers=workers, scheduled=False)
          if isinstance(result, Exception)]
print(json.dumps({"update_seconds": time.perf_counter() - started, "errors": len(errors),
                  "first_errors": errors[:3], "entries": reader.get_entry_counts().total}))
"""


# --- the server ------------------------------------------------------------------------------

class CountingRoute:
    """A real feed with a strong ETag and a Last-Modified (computed once); 304 when the
    request's validators match and `server.honor` is set. Counts what it answered."""

    def __init__(self, body: bytes, stats: ServerStats):
        self.body = body
        self.etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        self.modified = email.utils.formatdate(time.time() - 3600, usegmt=True)
        self.stats = stats

    def __call__(self, exchange: Exchange) -> None:
        if self.stats.restamp:  # other bytes, the same entries, no validators
            body = self.body + b"\n" * self.stats.restamp
            self.stats.count(200, len(body))
            exchange.respond(200, body, {"Content-Type": "application/xml"})
            return
        headers = {"ETag": self.etag, "Last-Modified": self.modified}
        request = exchange.request.headers
        matches = (request.get("if-none-match") == self.etag
                   or request.get("if-modified-since") == self.modified)
        if self.stats.honor and matches:
            self.stats.count(304, 0)
            exchange.respond(304, b"", headers)
            return
        self.stats.count(200, len(self.body))
        exchange.respond(200, self.body, {"Content-Type": "application/xml", **headers})


class ServerStats:
    def __init__(self):
        self.honor = True
        self.restamp = 0  # > 0: every body gets that many trailing newlines (see (e))
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with self._lock:
            self.answers: dict[int, int] = {}
            self.bytes = 0

    def count(self, status: int, size: int) -> None:
        with self._lock:
            self.answers[status] = self.answers.get(status, 0) + 1
            self.bytes += size

    def __str__(self) -> str:
        answers = ", ".join(f"{n} x {status}" for status, n in sorted(self.answers.items()))
        return f"{answers}; {self.bytes / 2**20:.1f} MiB of bodies"


def manifest(corpus: Path) -> list[tuple[str, str]]:
    lines = (corpus / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:]
    rows = [line.split("\t") for line in lines]
    return [(row[0], row[1]) for row in rows if len(row) >= 2 and (corpus / row[0]).is_file()]


def serve_corpus(server: FeedServer, corpus: Path, copies: int, stats: ServerStats
                 ) -> list[list[tuple[str, str]]]:
    """Routes for every feed under /c<copy>/<file>; returns, per copy, (local URL, name)."""
    feeds = manifest(corpus)
    bodies = {name: (corpus / name).read_bytes() for name, _ in feeds}
    per_copy = []
    for copy in range(copies):
        listed = []
        for name, url in feeds:
            path = f"/c{copy}/{name}"
            server.route(path, CountingRoute(bodies[name], stats))
            host = url.split("//", 1)[-1].split("/", 1)[0]
            listed.append((server.url(path), f"{host} [{copy}]" if copy else host))
        per_copy.append(listed)
    return per_copy


def feed_list(feeds: list[tuple[str, str]]) -> str:
    return "".join(f'[[feed]]\nurl = "{url}"\nname = {json.dumps(name)}\n\n'
                   for url, name in feeds)


# --- measuring a child -----------------------------------------------------------------------

@dataclass
class Measured:
    label: str
    wall: float
    cpu: float
    rss_mb: float
    note: str = ""


def run_child(label: str, argv: list[str], env: dict, cwd: Path, log: Path, *,
              keep_stdout: bool = True) -> tuple[Measured, str]:
    """Run argv; wall time, and the child's own CPU time and peak RSS from the kernel.
    Returns stderr and (with `keep_stdout`) stdout; otherwise stdout goes to /dev/null."""
    stdout_file = str(log) + ".out" if keep_stdout else os.devnull
    with open(log, "w") as err, open(stdout_file, "w") as out:
        started = time.perf_counter()
        child = subprocess.Popen(argv, env=env, cwd=cwd, stdout=out, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    text = log.read_text(encoding="utf-8", errors="replace")
    if child.returncode != 0:
        print(f"{label}: exit {child.returncode}\n{text[-3000:]}", file=sys.stderr)
    output = (Path(stdout_file).read_text(encoding="utf-8", errors="replace")
              if keep_stdout else "")
    return Measured(label, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024), (
        text + output)


def monitor_env(tmp: Path, feeds_file: Path, db: Path) -> dict:
    """No TELEGRAM_* at all: alerts are printed and the state is stored."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MONITOR_", "TELEGRAM_"))}
    env.update(MONITOR_FEEDS=str(feeds_file), MONITOR_RULES=str(ROOT / "rules"),
               MONITOR_DB=str(db), MONITOR_TIMEZONE="UTC",
               MONITOR_CONCURRENCY=str(CONCURRENCY), MONITOR_PER_HOST=str(CONCURRENCY),
               PYTHONPATH=str(ROOT))
    return env


def summary_line(stderr: str) -> str:
    return next((line for line in stderr.splitlines() if line.startswith("polled ")), "?")


def monitor_once(label: str, tmp: Path, feeds_file: Path, db: Path, stats: ServerStats
                 ) -> Measured:
    stats.reset()
    measured, stderr = run_child(label, [sys.executable, "-m", "monitor", "once"],
                                 monitor_env(tmp, feeds_file, db), ROOT, tmp / f"{label}.log",
                                 keep_stdout=False)
    measured.note = f"{summary_line(stderr)} | server: {stats}"
    return measured


def reader_update(label: str, python: str, tmp: Path, urls: list[str], db: Path,
                  stats: ServerStats, workers: int) -> Measured:
    stats.reset()
    urls_file = tmp / f"{label}.urls.json"
    urls_file.write_text(json.dumps(urls))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    measured, output = run_child(label, [python, "-c", READER_SCRIPT, str(db), str(urls_file),
                                         str(workers)], env, tmp, tmp / f"{label}.log")
    last = output.strip().splitlines()[-1] if output.strip() else "{}"
    try:
        figures = json.loads(last)
        detail = (f"update_feeds {figures['update_seconds']:.1f}s, {figures['entries']} "
                  f"entries, {figures['errors']} errors {figures['first_errors']}")
    except (ValueError, KeyError):
        detail = f"unexpected output: {output[-300:]!r}"
    measured.note = f"{detail} | server: {stats}"
    return measured


# --- parsing off the event loop --------------------------------------------------------------

async def _loop_lag(stop: asyncio.Event, worst: list[float]) -> None:
    """The longest time the loop took to come back to a 5 ms sleep."""
    while not stop.is_set():
        started = time.perf_counter()
        await asyncio.sleep(0.005)
        worst[0] = max(worst[0], time.perf_counter() - started - 0.005)


async def _cycle_with_big_feed(corpus: Path, tmp: Path, *, on_loop: bool) -> dict:
    from monitor.app import load_matcher
    from monitor.fetch import Fetcher
    from monitor.models import Feed
    from monitor.pipeline import AlertPolicy, Pipeline, _parse_body
    from monitor.store import Store

    big_name = max(manifest(corpus), key=lambda row: (corpus / row[0]).stat().st_size)[0]
    big_body = (corpus / big_name).read_bytes()
    small_body = min(((corpus / n).read_bytes() for n, _ in manifest(corpus)), key=len)
    parse_started = threading.Event()
    timings: dict[str, float] = {}

    def small_route(exchange: Exchange) -> None:
        parse_started.wait(10)  # answer only once the big body is being parsed
        exchange.respond(200, small_body, {"Content-Type": "application/xml"})

    with FeedServer() as server:
        server.serve("/big.xml", big_body, content_type="application/xml")
        server.route("/small.xml", small_route)
        feeds = [Feed(server.url("/big.xml"), "big"), Feed(server.url("/small.xml"), "small")]
        db = tmp / f"offloop-{on_loop}.sqlite"
        with Store.open(db) as store:
            store.sync_feeds(feeds)
            matcher = load_matcher(ROOT / "rules")
            policy = AlertPolicy(default_chat="stdout", window=timedelta(hours=48), tz=UTC)
            async with Fetcher(timeout=30, concurrency=CONCURRENCY,
                               per_host=CONCURRENCY) as fetcher:
                pipeline = Pipeline(store=store, fetcher=fetcher, matcher=lambda: matcher,
                                    policy=policy)

                def timed_parse(feed, fetched):
                    if feed.name == "big":
                        parse_started.set()
                    started = time.perf_counter()
                    try:
                        return _parse_body(feed, fetched)
                    finally:
                        timings[f"parse {feed.name}"] = time.perf_counter() - started

                async def parse_here(feed, fetched):  # the contrast: parse on the event loop
                    if fetched.body is None:
                        return None
                    return timed_parse(feed, fetched)

                async def parse_in_pool(feed, fetched):  # as shipped: the worker pool
                    if fetched.body is None:
                        return None
                    return await asyncio.get_running_loop().run_in_executor(
                        pipeline._parse_pool, timed_parse, feed, fetched)

                pipeline._parse = parse_here if on_loop else parse_in_pool
                stop, worst = asyncio.Event(), [0.0]
                ticker = asyncio.create_task(_loop_lag(stop, worst))
                cycle = await pipeline.poll(feeds)
                stop.set()
                await ticker
                pipeline.close()
    by_name = {o.feed.name: o for o in cycle.outcomes}
    return {"big": big_name, "big_bytes": len(big_body), "small_bytes": len(small_body),
            "small_fetch": by_name["small"].fetch.elapsed, "loop_stall": worst[0],
            "parse_big": timings.get("parse big", 0.0),
            "errors": [o.error for o in cycle.outcomes if o.error]}


def show_parse_off_loop(corpus: Path, tmp: Path) -> None:
    print("\nparsing off the event loop: a small feed answered while the largest feed is parsed")
    for on_loop in (False, True):
        figures = asyncio.run(_cycle_with_big_feed(corpus, tmp, on_loop=on_loop))
        where = "on the event loop (contrast) " if on_loop else "in the worker pool (shipped)"
        print(f"  parse {where}: {figures['big']} ({figures['big_bytes'] / 2**20:.1f} MiB) "
              f"parsed in {figures['parse_big']:.2f}s; small feed "
              f"({figures['small_bytes'] / 1024:.1f} KiB) fetched in "
              f"{figures['small_fetch'] * 1000:.0f} ms; worst event-loop stall "
              f"{figures['loop_stall'] * 1000:.0f} ms"
              + (f"; errors {figures['errors']}" if figures["errors"] else ""))


# --- main ------------------------------------------------------------------------------------

def table(rows: list[Measured], baseline: Measured | None = None) -> None:
    print(f"{'run':<34} {'wall s':>8} {'CPU s':>8} {'peak RSS MB':>12}")
    for row in rows:
        ratio = ""
        if baseline is not None and row is not baseline and row.cpu > 0:
            ratio = (f"   (a)/this: wall {baseline.wall / row.wall:.1f}x, "
                     f"CPU {baseline.cpu / row.cpu:.1f}x")
        print(f"{row.label:<34} {row.wall:>8.2f} {row.cpu:>8.2f} {row.rss_mb:>12.0f}{ratio}")
        print(f"    {row.note}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--copies", type=int, default=5)
    parser.add_argument("--reader-python", default=os.environ.get("READER_PYTHON"))
    parser.add_argument("--reader-workers", type=int, default=CONCURRENCY)
    parser.add_argument("--runs", default="abcdepr",
                        help="which parts to run: a, b, c, d, e (monitor), r (reader), "
                             "p (parse off the loop); default all")
    args = parser.parse_args()
    if not (args.corpus / "MANIFEST.tsv").is_file():
        sys.exit(f"no corpus at {args.corpus} (MANIFEST.tsv missing)")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, corpus {args.corpus}, "
          f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC")

    stats = ServerStats()
    with tempfile.TemporaryDirectory(prefix="bench-cycle-") as folder, FeedServer() as server:
        tmp = Path(folder)
        copies = serve_corpus(server, args.corpus, max(args.copies, 1), stats)
        one, many = copies[0], [feed for copy in copies for feed in copy]
        one_file, many_file = tmp / "feeds.toml", tmp / "feeds-many.toml"
        one_file.write_text(feed_list(one), encoding="utf-8")
        many_file.write_text(feed_list(many), encoding="utf-8")

        rows: dict[str, Measured] = {}
        runs = set(args.runs)
        db, many_db = tmp / "monitor.sqlite", tmp / "monitor-many.sqlite"
        if runs & set("abce"):
            stats.honor = True
            rows["a"] = monitor_once(f"(a) first run, {len(one)} feeds", tmp, one_file, db, stats)
        if "b" in runs:
            rows["b"] = monitor_once("(b) again, 304 Not Modified", tmp, one_file, db, stats)
        if "c" in runs:
            stats.honor = False
            rows["c"] = monitor_once("(c) again, validators ignored", tmp, one_file, db, stats)
            stats.honor = True
        if "e" in runs:
            stats.restamp += 1
            rows["e"] = monitor_once("(e) again, bodies changed", tmp, one_file, db, stats)
            stats.restamp = 0
        if "d" in runs:
            rows["d"] = monitor_once(f"(d) first run, {len(many)} feeds", tmp, many_file,
                                     many_db, stats)
            rows["d'"] = monitor_once(f"(d') again, {len(many)} feeds, 304", tmp, many_file,
                                      many_db, stats)
        if rows:
            print("\nmonitor once, no token (a subprocess; printed alerts to /dev/null)")
            table(list(rows.values()), rows.get("a"))

        if "r" in runs and args.reader_python:
            theirs = reader_runs(args, tmp, one, many, stats, runs)
            print(f"\nreader update_feeds(workers={args.reader_workers}, scheduled=False) "
                  "(a subprocess)")
            table(list(theirs.values()), theirs.get("a"))
            print("\nmonitor / reader (below 1: monitor is faster or smaller)")
            for key in ("a", "b", "c", "d", "e"):
                if key in rows and key in theirs:
                    ours, other = rows[key], theirs[key]
                    print(f"  ({key}) wall {ours.wall / other.wall:.2f}, "
                          f"CPU {ours.cpu / other.cpu:.2f}, "
                          f"peak RSS {ours.rss_mb / other.rss_mb:.2f}")
        elif "r" in runs:
            print("\nreader comparison skipped (give --reader-python or READER_PYTHON)")

        if "p" in runs:
            show_parse_off_loop(args.corpus, tmp)


def reader_runs(args, tmp: Path, one, many, stats: ServerStats, runs: set[str]
                ) -> dict[str, Measured]:
    """The same scenarios with reader's update_feeds (a fresh reader database for a and d)."""
    theirs: dict[str, Measured] = {}
    python, workers = args.reader_python, args.reader_workers
    db = tmp / "reader.sqlite"
    urls = [url for url, _ in one]
    stats.honor = True
    theirs["a"] = reader_update("(a) first run", python, tmp, urls, db, stats, workers)
    if "b" in runs:
        theirs["b"] = reader_update("(b) again, 304", python, tmp, urls, db, stats, workers)
    if "c" in runs:
        stats.honor = False
        theirs["c"] = reader_update("(c) again, validators ignored", python, tmp, urls, db,
                                    stats, workers)
        stats.honor = True
    if "e" in runs:
        stats.restamp += 1
        theirs["e"] = reader_update("(e) again, bodies changed", python, tmp, urls, db, stats,
                                    workers)
        stats.restamp = 0
    if "d" in runs:
        theirs["d"] = reader_update(f"(d) first run, {len(many)} feeds", python, tmp,
                                    [u for u, _ in many], tmp / "reader-many.sqlite", stats,
                                    workers)
    return theirs


if __name__ == "__main__":
    main()
