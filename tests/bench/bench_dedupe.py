"""Benchmark: the dedupe path per new item against stores of 10,000 and 100,000 stories.

Fills a real SQLite store (in a temporary folder) with generated news stories spread over the
dedupe window, then feeds new items through exactly what the pipeline does per story:
fingerprint -> Store.dedupe_candidates -> decide -> Store.record_story, and prints the time per
item for each stage and in total, and the size of the candidate sets.

    /work/venv/bin/python tests/bench/bench_dedupe.py [--sizes 10000 100000] [--items 500]
    /work/venv/bin/python tests/bench/bench_dedupe.py --real [--corpus ../shared/corpus/real-feeds]

The generated stories use a realistic shape: Zipf-distributed words from a few thousand
headline words, a few hundred names and places (so that common names like a head of state recur
in thousands of stories, as they do), numbers, 6-12 word headlines, 20-40 word summaries; a
quarter of the new items are syndicated copies of stored ones.

With --real it times only the fingerprint, of every story of the real feed captures (the
corpus `bench_clusters.py` reads), whose summaries run from a line to a whole article: mean,
median and p95 per story, the best of three passes.
"""

from __future__ import annotations

import argparse
import itertools
import random
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from monitor import dedupe
from monitor.models import Feed, Story, StoryRecord
from monitor.store import Store

FEEDS = [f"https://bench.example/{i}/feed.xml" for i in range(50)]
NOW = datetime(2025, 10, 20, 12, 0, tzinfo=UTC)


_GLUE = ["the", "of", "to", "in", "on", "for", "after", "with", "as", "by", "from", "over", "and",
         "amid", "says", "said", "is", "die", "der", "das", "und", "mit", "nach", "bei", "für",
         "über", "von", "im", "auf", "ist", "wird"]


class Generator:
    """Random but news-shaped headlines and summaries (English and German vocabulary)."""

    def __init__(self, seed: int = 7):
        self.rng = random.Random(seed)
        self.names = self._coin(400, capital=True)
        self.places = self._coin(300, capital=True)
        self.words = self._coin(3000, capital=False)
        self._weights: dict[int, list[float]] = {}
        self.glue = _GLUE

    def _coin(self, count: int, *, capital: bool) -> list[str]:
        """Pronounceable made-up words, as varied in their first letters as real vocabulary."""
        onsets = ["b", "br", "ch", "d", "dr", "f", "g", "gr", "h", "k", "kl", "l", "m", "n", "p",
                  "pr", "r", "s", "sch", "sh", "st", "t", "tr", "v", "w", "z"]
        vowels = ["a", "e", "i", "o", "u", "ai", "ei", "ou"]
        coined: set[str] = set()
        while len(coined) < count:
            word = "".join(self.rng.choice(onsets) + self.rng.choice(vowels)
                           for _ in range(self.rng.randint(2, 4)))
            word += self.rng.choice(["", "n", "r", "s", "k", "l", "t"])
            coined.add(word.capitalize() if capital else word)
        # (sorted first: a set's order changes with the process's string hash seed)
        return sorted(sorted(coined), key=lambda _: self.rng.random())

    def _zipf(self, items: list[str]) -> str:
        # weight 1/(rank+1)^0.9: the most common name is in about one story in eight, as a head
        # of state is in a politics monitor; most names and words are rare
        weights = self._weights.get(len(items))
        if weights is None:
            weights = self._weights[len(items)] = list(itertools.accumulate(
                1 / (rank + 1) ** 0.9 for rank in range(len(items))))
        return self.rng.choices(items, cum_weights=weights)[0]

    def _phrase(self, length: int) -> str:
        out = []
        for _ in range(length):
            roll = self.rng.random()
            if roll < 0.18:
                out.append(self._zipf(self.names))
            elif roll < 0.30:
                out.append(self._zipf(self.places))
            elif roll < 0.36:
                out.append(str(self.rng.randint(2, 500)))
            elif roll < 0.60:
                out.append(self.rng.choice(self.glue))
            else:
                out.append(self._zipf(self.words))
        return " ".join(out)

    def story(self, index: int, published: datetime) -> Story:
        feed = FEEDS[index % len(FEEDS)]
        title = self._phrase(self.rng.randint(6, 12))
        title = title[0].upper() + title[1:]
        summary = self._phrase(self.rng.randint(20, 40)) + "."
        return Story(feed_url=feed, outlet=f"Outlet {index % len(FEEDS)}", key=f"k{index}",
                     title=title, summary=summary, published=published,
                     url=f"https://bench.example/article/{index}-{self.rng.randrange(10**9)}",
                     language=self.rng.choice(["en", "de"]))


def fill(store: Store, gen: Generator, size: int) -> list[Story]:
    """`size` stories seen evenly over the dedupe window before NOW."""
    span = dedupe.WINDOW.total_seconds()
    stories = []

    def entries():
        for i in range(size):
            seen = NOW - timedelta(seconds=span * (size - i) / size)
            story = gen.story(i, seen)
            stories.append(story)
            yield story, dedupe.fingerprint(story), seen

    store.bulk_record_new(entries())
    return stories


def new_items(gen: Generator, stored: list[Story], count: int, first_index: int) -> list[Story]:
    """Fresh stories, a quarter of them syndicated copies (suffix added) of stored ones."""
    items = []
    for i in range(count):
        published = NOW + timedelta(seconds=first_index + i)
        if i % 4 == 0:
            source = gen.rng.choice(stored[-5000:])
            items.append(replace(source, feed_url=FEEDS[(i + 1) % len(FEEDS)],
                                 outlet=f"Outlet {(i + 1) % len(FEEDS)}",
                                 key=f"n{first_index + i}", title=f"{source.title} - Reuters",
                                 url=None, published=published))
        else:
            items.append(gen.story(first_index + i, published))
    return items


def planted_items(gen: Generator, stored: list[Story], count: int, first_index: int,
                  ) -> list[tuple[str, Story, int]]:
    """(kind, new story, index of the stored story it repeats) for `count` near copies and
    `count` rewordings of stored stories seen 6-48 h before NOW, which the look-up can find
    only by their index keys: another feed, no URL, and a text whose content hash differs.

    A near copy changes one headline word and one summary word. A rewording keeps what
    another outlet's report of the event shares -- the headline's names and numbers and one
    of its words -- in another order, with other words around them, and a new summary that
    names the first two names of the old one."""
    span = dedupe.WINDOW.total_seconds()
    first = int(len(stored) * (1 - 48 * 3600 / span))
    last = int(len(stored) * (1 - 6 * 3600 / span))
    planted = []
    for i in range(count):
        for kind in ("near copy", "rewording"):
            index = gen.rng.randrange(first, last)
            source = stored[index]
            number = first_index + 2 * i + (kind == "rewording")
            if kind == "near copy":
                title, summary = _edit(gen, source.title), _edit(gen, source.summary)
            else:
                title, summary = _reword(gen, source)
            planted.append((kind, replace(
                source, feed_url=FEEDS[(number + 7) % len(FEEDS)], key=f"p{number}",
                outlet=f"Outlet {(number + 7) % len(FEEDS)}", title=title, summary=summary,
                url=None, guid=None, published=NOW), index))
    return planted


def _edit(gen: Generator, text: str) -> str:
    words = text.split()
    spots = [i for i, w in enumerate(words) if w.islower() and len(w) > 3] or [len(words) - 1]
    words[gen.rng.choice(spots)] = gen._zipf(gen.words)
    return " ".join(words)


def _reword(gen: Generator, source: Story) -> tuple[str, str]:
    words = source.title.split()
    kept = [w for w in words[1:] if w[:1].isupper() or w[:1].isdigit()]
    plain = [w for w in words if w.islower() and len(w) > 3]
    kept += gen.rng.sample(plain, min(1, len(plain)))
    gen.rng.shuffle(kept)
    title = " ".join([*kept, *gen._phrase(gen.rng.randint(2, 4)).split()])
    title = title[0].upper() + title[1:]
    names = [w.strip(".") for w in source.summary.split()[1:] if w[:1].isupper()][:2]
    summary = " ".join([gen._phrase(8), *names, gen._phrase(12)]) + "."
    return title, summary


def recall(store: Store, stored: list[Story], planted: list[tuple[str, Story, int]],
           ids: dict[int, int]) -> dict[str, tuple[int, int]]:
    """For each kind of planted item: (found among the candidates, planted)."""
    found: dict[str, list[int]] = {}
    for kind, story, index in planted:
        fp = dedupe.fingerprint(story)
        candidates = store.dedupe_candidates(story, fp, now=NOW, window=dedupe.WINDOW)
        hit = ids[index] in {c.story_id for c in candidates}
        found.setdefault(kind, []).append(hit)
    return {kind: (sum(hits), len(hits)) for kind, hits in found.items()}


def feed_through(store: Store, items: list[Story]) -> dict:
    """What the pipeline does per story, timed by stage: wall-clock time, and this process's
    CPU time (which other processes on a shared machine do not inflate)."""
    stages = {"fingerprint": [], "candidates": [], "decide": [], "record": []}
    cpu = {name: [] for name in stages}
    sizes, kinds = [], {}
    for story in items:
        now = story.published
        marks = [(time.perf_counter(), time.process_time())]
        fp = dedupe.fingerprint(story)
        marks.append((time.perf_counter(), time.process_time()))
        candidates = store.dedupe_candidates(story, fp, now=now, window=dedupe.WINDOW)
        marks.append((time.perf_counter(), time.process_time()))
        decision = dedupe.decide(story, fp, candidates, topics=frozenset())
        marks.append((time.perf_counter(), time.process_time()))
        store.record_story(story.feed_url,
                           StoryRecord(story, fp.content_hash, decision, (), fp.keys, (),
                                       dedupe.pack_features(fp.features)),
                           now=now)
        marks.append((time.perf_counter(), time.process_time()))
        for name, (start, end) in zip(stages, itertools.pairwise(marks), strict=True):
            stages[name].append((end[0] - start[0]) * 1000)
            cpu[name].append((end[1] - start[1]) * 1000)
        sizes.append(len(candidates))
        kinds[str(decision.kind)] = kinds.get(str(decision.kind), 0) + 1
    return {"stages": stages, "cpu": cpu, "candidates": sizes, "kinds": kinds}


def run(size: int, count: int) -> list[dict]:
    """Two passes of `count` new items: cold (text features of stored stories not cached, as
    right after a restart) and warm (cached, as in a long-running process, up to the cache's
    size)."""
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder) / "bench.db", clock=lambda: NOW)
        store.sync_feeds([Feed(url=url, name=f"Outlet {i}") for i, url in enumerate(FEEDS)])
        gen = Generator()
        started = time.perf_counter()
        stored = fill(store, gen, size)
        fill_seconds = time.perf_counter() - started
        db_mb = sum(p.stat().st_size for p in Path(folder).iterdir()) / 1e6
        # the stored stories are numbered 1.. in the order they were filled
        ids = {index: index + 1 for index in range(len(stored))}
        found = recall(store, stored, planted_items(gen, stored, count // 2, size * 2), ids)
        dedupe.clear_caches()
        cold = feed_through(store, new_items(gen, stored, count, first_index=size))
        for story in stored[-dedupe.FEATURE_CACHE:]:
            dedupe.story_features(story)
        warm = feed_through(store, new_items(gen, stored, count, first_index=size + count))
        store.close()
    return [{"size": size, "fill_s": fill_seconds, "db_mb": db_mb, "pass": name,
             "recall": found, **result} for name, result in (("cold", cold), ("warm", warm))]


def report(result: dict) -> None:
    stages, cpu = result["stages"], result["cpu"]
    total = [sum(parts) for parts in zip(*stages.values(), strict=True)]
    print(f"\n== store of {result['size']:,} stories (filled in {result['fill_s']:.1f} s, "
          f"{result['db_mb']:.0f} MB); {len(total)} new items, {result['pass']} feature cache")
    for name, values in stages.items():
        print(f"  {name:12s} median {statistics.median(values):6.3f} ms   "
              f"p95 {_p95(values):6.3f} ms   mean {statistics.fmean(values):6.3f} ms   "
              f"(CPU median {statistics.median(cpu[name]):6.3f} ms)")
    for label, times in (("dedupe path", stages), ("  CPU only", cpu)):
        path = [f + c + d for f, c, d in zip(times["fingerprint"], times["candidates"],
                                             times["decide"], strict=True)]
        print(f"  {label:12s} median {statistics.median(path):6.3f} ms   "
              f"p95 {_p95(path):6.3f} ms   mean {statistics.fmean(path):6.3f} ms   "
              "(fingerprint + candidates + decide)")
    print(f"  {'total':12s} median {statistics.median(total):6.3f} ms   "
          f"p95 {_p95(total):6.3f} ms   mean {statistics.fmean(total):6.3f} ms")
    print(f"  candidates per item: median {statistics.median(result['candidates']):.0f}, "
          f"max {max(result['candidates'])}; decisions: {result['kinds']}")
    if result["pass"] == "cold":
        print("  found by index keys, stored 6-48 h before: " + ", ".join(
            f"{kind}s {hit}/{total} ({hit / total:.0%})"
            for kind, (hit, total) in result["recall"].items()))


def _p95(values: list[float]) -> float:
    return sorted(values)[int(len(values) * 0.95) - 1]


def real_fingerprints(corpus: Path, passes: int = 3) -> None:
    """Print the fingerprint's time per real story (the pass with the lowest mean)."""
    from bench_clusters import read_corpus  # (this folder is on the path when run as a script)

    stories, _ = read_corpus(corpus)
    best: tuple[float, float, float] | None = None
    for _ in range(passes):
        dedupe.clear_caches()
        times = []
        for story in stories:
            started = time.perf_counter()
            dedupe.fingerprint(story)
            times.append((time.perf_counter() - started) * 1000)
        row = (statistics.fmean(times), statistics.median(times), _p95(times))
        best = row if best is None or row < best else best
    mean, median, p95 = best
    print(f"fingerprint of {len(stories):,} real stories, best of {passes} passes: "
          f"mean {mean:.3f} ms, median {median:.3f} ms, p95 {p95:.3f} ms")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--items", type=int, default=500)
    parser.add_argument("--real", action="store_true",
                        help="time the fingerprint of the real feed captures instead")
    parser.add_argument("--corpus", type=Path, default=Path(__file__).resolve().parents[3]
                        / "shared" / "corpus" / "real-feeds")
    args = parser.parse_args(argv)
    if args.real:
        real_fingerprints(args.corpus)
        return 0
    for size in args.sizes:
        for result in run(size, args.items):
            report(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
