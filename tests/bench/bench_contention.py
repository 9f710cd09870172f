"""Benchmark: how long the sender's writes wait while a big ingest runs.

    python tests/bench/bench_contention.py [--corpus ../shared/corpus/real-feeds] [--feeds 80]

The first `--feeds` feeds of the real-feeds corpus are parsed, then stored through
`Pipeline.ingest` (match, dedupe, record: a first run's work) in one thread into a fresh SQLite
file, while a second thread takes a synced outbox step (`Store.queue_notice`, as the sender's
claim and sent mark are) every 50 ms and times each. Prints the ingest time and the waits'
median, 95th percentile and maximum. No assertions.

Why it exists: grouping a feed's stories into one transaction (committed every 0.25 s) made
the ingest a sixth cheaper, but here the sender's writes then waited a median 335 ms and up to
3.3 s instead of ~4 ms: SQLite's busy handler polls with growing sleeps and kept missing the
short gaps between the batch's commits. Any change to how stories are written should keep
these waits in milliseconds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from monitor import parse
from monitor.app import load_matcher
from monitor.models import Feed
from monitor.pipeline import AlertPolicy, Pipeline
from monitor.store import Store

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus" / "real-feeds"
NOW = datetime(2025, 10, 20, 12, tzinfo=UTC)
EVERY = 0.05  # seconds between the sender's writes


def parsed_corpus(corpus: Path, count: int) -> list[tuple[Feed, tuple]]:
    rows = [line.split("\t") for line in
            (corpus / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:]]
    out = []
    for row in rows:
        if len(out) >= count:
            break
        if len(row) < 2 or not (corpus / row[0]).is_file():
            continue
        feed = Feed(url=f"http://127.0.0.1/{row[0]}", name=row[0])
        out.append((feed, parse.parse((corpus / row[0]).read_bytes(), feed,
                                      fetched_at=NOW).stories))
    return out


def run(feeds: list[tuple[Feed, tuple]]) -> tuple[float, list[float], int]:
    """(ingest seconds, the sender's waits in ms, stories ingested)."""
    with tempfile.TemporaryDirectory() as folder, \
            Store.open(Path(folder) / "bench.sqlite", clock=lambda: NOW) as store:
        store.sync_feeds([feed for feed, _ in feeds])
        matcher = load_matcher(ROOT / "rules")
        pipeline = Pipeline(store=store, fetcher=None, matcher=lambda: matcher, clock=lambda: NOW,
                            policy=AlertPolicy(default_chat="-100", window=timedelta(days=3),
                                               tz=UTC))
        done, waits = threading.Event(), []

        def sender() -> None:
            while not done.is_set():
                started = time.perf_counter()
                store.queue_notice("-200", "bench", now=NOW)
                waits.append((time.perf_counter() - started) * 1000)
                time.sleep(EVERY)

        thread = threading.Thread(target=sender)
        thread.start()
        started, stories = time.perf_counter(), 0
        try:
            for feed, entries in feeds:
                stories += len(pipeline.ingest(feed, entries, True))
        finally:
            done.set()
            thread.join()
            pipeline.close()
        return time.perf_counter() - started, waits, stories


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--feeds", type=int, default=80)
    args = parser.parse_args()
    if not (args.corpus / "MANIFEST.tsv").is_file():
        sys.exit(f"no corpus at {args.corpus} (MANIFEST.tsv missing)")
    feeds = parsed_corpus(args.corpus, args.feeds)
    seconds, waits, stories = run(feeds)
    waits.sort()
    print(f"ingest of {stories:,} stories from {len(feeds)} feeds: {seconds:.1f} s; "
          f"{len(waits)} sender writes waited median {statistics.median(waits):.1f} ms, "
          f"p95 {waits[int(len(waits) * 0.95) - 1]:.1f} ms, max {waits[-1]:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
