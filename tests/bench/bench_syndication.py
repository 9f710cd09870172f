"""Copy recall on real coverage: how many syndicated copies of real stories dedupe merges.

The labelled pair sets hold a few hundred copies written by people; this bench makes copies of
the real-feed corpus's stories (`../shared/corpus/real-feeds/`, the corpus `bench_clusters.py`
reads) with the edits a wire copy or another outlet's feed makes, and counts per kind of edit
how many join the story they copy. It records every real story through exactly what the
pipeline does (fingerprint -> Store.dedupe_candidates in a real SQLite file -> decide with the
shipped rules' topics -> record_story), then runs each copy, from a feed of its own and
`--delay` minutes after its original, through the same path without recording it (so copies
never meet each other) and checks the cluster it joins:

- merged: the original's story;
- wrong: another story (a copy is never another report, so this is a false merge);
- missed: none;

and, of the merged ones, how many also fold other stories into it ("folds": a copy that also
relates to other stories makes them one; right when they were one event, wrong when a feed
gives every entry one blurb and the copy carries it).

The edits are mechanical, each one a thing feeds do: an outlet's name after the headline, a
wire prefix, other quotation marks and dashes, a summary cut short or left out or opened with a
dateline, an English headline in title case, HTML left in the summary, a headline's longest
lower-case word dropped or its last clause (after a comma or colon) cut. A story the edit
leaves as it is (no such word or clause) is copied unchanged. `--show N` prints up to
N missed copies per edit, with the reason of the decision.

    python tests/bench/bench_syndication.py [--corpus ../shared/corpus/real-feeds]
        [--every 3] [--delay 40] [--show 5]
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from monitor import dedupe
from monitor.app import load_matcher
from monitor.models import DedupeKind, Feed, Story, StoryRecord
from monitor.normalize import strip_html
from monitor.store import Store, schema

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_clusters import CORPUS, ROOT, read_corpus

WIRE = Feed(url="https://wire.example/feed.xml", name="Wire copies")
MIN_HEADLINE_WORDS = 4  # shorter headlines ("Live", "Newsblog") are no copies by themselves

_SUFFIX = {"en": " - Reuters", "de": " | DW", "ru": " — ТАСС", "uk": " | Укрінформ"}
_PREFIX = {"en": "UPDATE 2-", "de": "Eilmeldung: ", "ru": "МОЛНИЯ: ", "uk": "Оновлено: "}
_DATELINE = {"en": "KYIV (Reuters) - ", "de": "Berlin (dpa) - ", "ru": "МОСКВА, 3 дек — РИА "
             "Новости. ", "uk": "КИЇВ. 3 грудня. УНІАН. "}
_QUOTES = str.maketrans({'"': "“", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "'": "’",
                         "’": "'", "–": "-", "—": "-", "-": "–"})
_SMALL = frozenset(("a", "an", "and", "as", "at", "but", "by", "for", "in", "of", "on", "or",
                    "the", "to", "vs", "via"))
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")

Edit = Callable[[Story, str], Story]


def _suffix(story: Story, lang: str) -> Story:
    return replace(story, title=story.title + _SUFFIX[lang])


def _prefix(story: Story, lang: str) -> Story:
    return replace(story, title=_PREFIX[lang] + story.title)


def _punctuation(story: Story, lang: str) -> Story:
    return replace(story, title=story.title.translate(_QUOTES),
                   summary=story.summary.translate(_QUOTES))


def _title_case(story: Story, lang: str) -> Story:
    words = story.title.split(" ")
    cased = [w if (i and w.lower() in _SMALL) or not w[:1].isalpha() else w[:1].upper() + w[1:]
             for i, w in enumerate(words)]
    return replace(story, title=" ".join(cased))


def _summary_cut(story: Story, lang: str) -> Story:
    words = story.summary.split()
    return replace(story, summary=" ".join(words[:max(8, len(words) * 3 // 5)]) + " …")


def _first_sentence(story: Story, lang: str) -> Story:
    return replace(story, summary=_SENTENCE_END.split(story.summary, maxsplit=1)[0])


def _no_summary(story: Story, lang: str) -> Story:
    return replace(story, summary="")


def _dateline(story: Story, lang: str) -> Story:
    return replace(story, summary=_DATELINE[lang] + story.summary)


def _html(story: Story, lang: str) -> Story:
    # (what a feed's description looks like before parse strips it: the store gets plain text,
    # so this copy is the same text with the markup a careless feed leaves in as words)
    return replace(story, summary=f"<p>{story.summary}</p> <a href=\"#\">Read more</a>")


def _word_dropped(story: Story, lang: str) -> Story:
    # the longest lower-case word that does not open the headline (an adjective or a detail an
    # editor trims: "Powerful quake ..." / "Quake ...")
    words = story.title.split(" ")
    droppable = [i for i, w in enumerate(words) if i and w.isalpha() and w.islower()
                 and len(w) >= 4]
    if not droppable:
        return story
    drop = max(droppable, key=lambda i: len(words[i]))
    return replace(story, title=" ".join(w for i, w in enumerate(words) if i != drop))


def _clause_cut(story: Story, lang: str) -> Story:
    # the headline up to its last comma or colon, when four words or more remain ("X, officials
    # say" / "X")
    head = re.split(r"[,:;]\s", story.title)
    if len(head) < 2 or len(" ".join(head[:-1]).split()) < MIN_HEADLINE_WORDS:
        return story
    return replace(story, title=", ".join(head[:-1]))


def _all_at_once(story: Story, lang: str) -> Story:
    return _dateline(_summary_cut(_punctuation(_suffix(story, lang), lang), lang), lang)


EDITS: dict[str, Edit] = {
    "outlet suffix": _suffix, "wire prefix": _prefix, "quotes and dashes": _punctuation,
    "title case (en)": _title_case, "summary cut": _summary_cut,
    "first sentence only": _first_sentence, "no summary": _no_summary, "dateline": _dateline,
    "html in summary": _html, "suffix+quotes+cut+dateline": _all_at_once,
    "headline word dropped": _word_dropped, "headline clause cut": _clause_cut,
}


def language(story: Story) -> str | None:
    lang = dedupe.language_of(f"{story.title} {story.summary}", story.language)
    return lang if lang in _SUFFIX else None


def copyable(story: Story) -> bool:
    return len(story.title.split()) >= MIN_HEADLINE_WORDS and language(story) is not None


def record_all(store: Store, stories: list[Story], topics: list[frozenset[str]]) -> list[int]:
    """Every real story through the pipeline's dedupe path, recorded; their story ids."""
    ids = []
    for story, its_topics in zip(stories, topics, strict=True):
        fp = dedupe.fingerprint(story)
        candidates = store.dedupe_candidates(story, fp, now=story.published, window=dedupe.WINDOW)
        decision = dedupe.decide(story, fp, candidates, topics=its_topics)
        ids.append(store.record_story(story.feed_url, StoryRecord(
            story, fp.content_hash, decision, (), fp.keys, (),
            dedupe.pack_features(fp.features)), now=story.published).story_id)
    return ids


def clusters_of(store: Store) -> dict[int, int]:
    with store._read() as conn:
        return dict(conn.execute(select(schema.stories.c.id, schema.stories.c.cluster_id)).all())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--every", type=int, default=3, help="copy every n-th copyable story")
    parser.add_argument("--delay", type=float, default=40.0, help="minutes after the original")
    parser.add_argument("--show", type=int, default=0, help="missed copies shown per edit")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    stories, feeds = read_corpus(args.corpus)
    matcher = load_matcher(ROOT / "rules")

    def topics_of(story: Story) -> frozenset[str]:
        return frozenset(m.topic for m in matcher.match(story.title, story.summary,
                                                        lang=story.language))
    chosen = [i for i, s in enumerate(stories) if copyable(s)][::args.every]
    langs = Counter(language(stories[i]) for i in chosen)
    print(f"{len(stories):,} stories from {len(feeds)} feeds; copies of {len(chosen):,} "
          f"({', '.join(f'{k} {v}' for k, v in langs.most_common())}), {args.delay:g} min later")
    delay = timedelta(minutes=args.delay)
    with tempfile.TemporaryDirectory() as folder, Store.open(Path(folder) / "s.db") as store:
        store.sync_feeds([*feeds.values(), WIRE])
        ids = record_all(store, stories, [topics_of(s) for s in stories])
        cluster = clusters_of(store)
        print(f"\n{'edit':28s} {'copies':>6s} {'merged':>7s} {'wrong':>6s} {'missed':>6s} "
              f"{'folds':>6s}")
        for name, edit in EDITS.items():
            counts: Counter = Counter()
            missed = []
            for i in chosen:
                original, lang = stories[i], language(stories[i])
                if name.endswith("(en)") and lang != "en":
                    continue
                copy = replace(edit(original, lang), feed_url=WIRE.url, outlet=WIRE.name,
                               key=f"copy:{i}", url=None, guid=None, dated=True,
                               published=original.published + delay)
                copy = replace(copy, title=strip_html(copy.title),
                               summary=strip_html(copy.summary))
                fp = dedupe.fingerprint(copy)
                decision = dedupe.decide(copy, fp, store.dedupe_candidates(
                    copy, fp, now=copy.published, window=dedupe.WINDOW), topics=topics_of(copy))
                if decision.kind is DedupeKind.NEW:
                    counts["missed"] += 1
                    missed.append((original, copy, decision.reason))
                elif cluster.get(decision.duplicate_of) == cluster[ids[i]]:
                    counts["merged"] += 1
                    if decision.merge:
                        counts["folds"] += 1
                        missed.append((original, copy, f"FOLDS: {decision.reason}"))
                else:
                    counts["wrong"] += 1
                    missed.append((original, copy, f"WRONG: {decision.reason}"))
            total = counts["merged"] + counts["wrong"] + counts["missed"]
            print(f"{name:28s} {total:6d} {counts['merged'] / total:7.1%} {counts['wrong']:6d} "
                  f"{counts['missed']:6d} {counts['folds']:6d}")
            for original, copy, reason in missed[:args.show]:
                print(f"    [{original.outlet[:20]}] {original.title[:90]}\n"
                      f"    copy: {copy.title[:90]} -- {reason}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
