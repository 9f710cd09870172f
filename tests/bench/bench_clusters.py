"""Precision check on real coverage: which stories of the real-feed corpus dedupe merges.

Parses every feed of `../shared/corpus/real-feeds/` (200 captured feeds, about 6,500 stories of
many outlets and kinds: wire news, explainers, opinion, blogs), then runs the stories in order
of publication through exactly what the pipeline does per story (fingerprint ->
Store.dedupe_candidates in a real SQLite file -> decide with the shipped rules' topics ->
record_story) and prints the counts of each decision and every CLUSTER merge (another outlet's
differently worded report) as a pair of headlines, for a person to judge (`--near`: the NEAR
merges instead, copies with edits).

With `--score` and/or `--no-paraphrases` it runs a variant too and prints only the merges that
differ: how a change of the CLUSTER threshold or of the paraphrase table acts on real news
(the labelled pair sets cannot show merges of unrelated stories they do not contain).
`--one-day` stacks every story into one day (each keeps its order, a minute apart from the
next ones): the densest news there could be, where every story meets every other of its topic
inside the time window.

    python tests/bench/bench_clusters.py [--corpus ../shared/corpus/real-feeds]
        [--score 0.14] [--no-paraphrases] [--one-day] [--near]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from monitor import dedupe, parse
from monitor.app import load_matcher
from monitor.models import DedupeKind, Feed, Story, StoryRecord
from monitor.store import Store

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus" / "real-feeds"
FETCHED = datetime(2026, 3, 1, tzinfo=UTC)

Merge = tuple[str, str, str, str]  # outlet, headline, outlet joined, headline joined


def read_corpus(folder: Path) -> tuple[list[Story], dict[str, Feed]]:
    """Every story of every captured feed, in order of publication."""
    stories, feeds = [], {}
    for path in sorted(folder.iterdir()):
        feed = Feed(url=f"https://corpus.example/{path.name}", name=path.name)
        result = parse.parse(path.read_bytes(), feed, fetched_at=FETCHED)
        feeds[feed.url] = Feed(url=feed.url, name=result.feed_title or path.name)
        stories += result.stories
    stories.sort(key=lambda story: story.published)
    return stories, feeds


def run(stories: list[Story], feeds: dict[str, Feed], topics: list[frozenset[str]],
        shown: DedupeKind = DedupeKind.CLUSTER,
        times: list[float] | None = None) -> tuple[Counter, dict[tuple[str, str], Merge]]:
    """The decisions, and the merges of the `shown` kind by (feed, entry key); each story's
    dedupe path (fingerprint, look-up, decision) in ms is appended to `times`."""
    dedupe.clear_caches()
    dedupe._token.cache_clear()
    kinds: Counter = Counter()
    merges: dict[tuple[str, str], Merge] = {}
    times = [] if times is None else times
    with tempfile.TemporaryDirectory() as folder, Store.open(Path(folder) / "s.db") as store:
        store.sync_feeds(feeds.values())
        headlines: dict[int, tuple[str, str]] = {}
        for story, its_topics in zip(stories, topics, strict=True):
            started = time.perf_counter()
            fp = dedupe.fingerprint(story)
            candidates = store.dedupe_candidates(story, fp, now=story.published,
                                                 window=dedupe.WINDOW)
            decision = dedupe.decide(story, fp, candidates, topics=its_topics)
            times.append((time.perf_counter() - started) * 1000)
            recorded = store.record_story(story.feed_url, StoryRecord(
                story, fp.content_hash, decision, (), fp.keys, (),
                dedupe.pack_features(fp.features)), now=story.published)
            outlet = feeds[story.feed_url].name
            headlines[recorded.story_id] = (outlet, story.title)
            kinds[decision.kind.value] += 1
            if decision.kind is shown:
                joined = headlines.get(decision.duplicate_of or -1, ("?", "?"))
                merges[story.feed_url, story.key] = (outlet, story.title, *joined)
    return kinds, merges


def show(title: str, merges: list[Merge]) -> None:
    print(f"\n{title}: {len(merges)}")
    for outlet, headline, other_outlet, other in merges:
        print(f"- [{outlet[:28]}] {headline}\n  = [{other_outlet[:28]}] {other}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--score", type=float, help="a variant's CLUSTER_SCORE")
    parser.add_argument("--no-paraphrases", action="store_true",
                        help="a variant without the paraphrase table")
    parser.add_argument("--one-day", action="store_true",
                        help="every story within one day, in order (the densest news)")
    parser.add_argument("--near", action="store_true",
                        help="show the NEAR merges (edited copies) instead of the CLUSTER ones")
    args = parser.parse_args()
    shown = DedupeKind.NEAR if args.near else DedupeKind.CLUSTER
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    stories, feeds = read_corpus(args.corpus)
    if args.one_day:
        day = timedelta(days=1) / len(stories)
        stories = [replace(story, published=FETCHED + i * day, dated=True)
                   for i, story in enumerate(stories)]
    matcher = load_matcher(ROOT / "rules")
    topics = [frozenset(m.topic for m in matcher.match(s.title, s.summary, lang=s.language))
              for s in stories]
    print(f"{len(stories):,} stories from {len(feeds)} feeds")
    times: list[float] = []
    kinds, merges = run(stories, feeds, topics, shown, times)
    print(f"shipped settings (CLUSTER_SCORE {dedupe.CLUSTER_SCORE}): {dict(kinds)}")
    print(f"dedupe path per story (fingerprint, look-up, decision): median "
          f"{statistics.median(times):.2f} ms, p95 {statistics.quantiles(times, n=20)[-1]:.2f} "
          f"ms, mean {statistics.fmean(times):.2f} ms")
    if args.score is None and not args.no_paraphrases:
        show(f"{shown.name} merges", list(merges.values()))
        return 0
    if args.score is not None:
        dedupe.CLUSTER_SCORE = args.score
    if args.no_paraphrases:
        dedupe._CONCEPT_WORDS, dedupe._CONCEPT_STEMS = {}, {}
    variant_kinds, variant = run(stories, feeds, topics, shown)
    print(f"variant (CLUSTER_SCORE {dedupe.CLUSTER_SCORE}, paraphrases "
          f"{'off' if args.no_paraphrases else 'on'}): {dict(variant_kinds)}")
    show("merged only by the variant", [variant[k] for k in variant if k not in merges])
    show("merged only by the shipped settings", [merges[k] for k in merges if k not in variant])
    return 0


if __name__ == "__main__":
    sys.exit(main())
