"""Copy recall on real coverage: how many syndicated copies of real stories dedupe merges.

The labelled pair sets hold a few hundred copies written by people; this bench makes copies of
the real-feed corpus's stories (`../shared/corpus/real-feeds/`, the corpus `bench_clusters.py`
reads) with the edits a wire copy or another outlet's feed makes, and counts per kind of edit
how many join the story they copy. In one time line, it records every real story through
exactly what the pipeline does (fingerprint -> Store.dedupe_candidates in a real SQLite file ->
decide with the shipped rules' topics -> record_story), and when a copy's time comes (from a
feed of its own, `--delay` minutes after its original) runs it through the same path against
what is stored by then, without recording it (so copies never meet each other), and checks the
cluster it joins:

- merged: the original's story;
- wrong: another story (a copy is never another report, so this is a false merge);
- missed: none;

and, of the merged ones (the percentage), how many also fold other stories into it ("folds":
a copy that also
relates to other stories makes them one; right when they were one event, wrong when a feed
gives every entry one blurb and the copy carries it).

The edits are mechanical, each one a thing feeds do: an outlet's name after the headline, a
wire prefix, other quotation marks and dashes, a summary cut short or left out or opened with a
dateline or begun at its second sentence, an English headline in title case, HTML left in the
summary, a headline's longest lower-case word dropped or its last clause (after a comma or
colon) cut, a section label or the agency's name before it ("Russia-Ukraine war: ", "ТАСС: "),
numbers with another thousands separator (1,000 / 1000), a word of it written as another
outlet writes it ("says" / "said", "U.S." / "US", "Kyiv" / "Kiev"). An edit that would change
nothing in a story (no such word or clause) makes no copy of it. `--show N` prints up to N
missed copies per edit, with the reason of the decision.

    python tests/bench/bench_syndication.py [--corpus ../shared/corpus/real-feeds]
        [--every 3] [--delay 40] [--show 5] [--labelled]

`--labelled` copies the items of the labelled pair sets (`tests/data/pairs*.jsonl`, in four
languages: the real-feed corpus is nearly all English) instead, each set stored as
`monitor replay` would store its file, in a store of its own (`read_labelled`).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from monitor import dedupe, replay
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

Edit = Callable[[Story, str], Story | None]  # None: the edit has nothing to change


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


def _later_sentences(story: Story, lang: str) -> Story | None:
    # a teaser of its own: the summary without its first sentence (an outlet that opens its
    # description further into the report)
    sentences = _SENTENCE_END.split(story.summary)
    if len(sentences) < 2 or len(" ".join(sentences[1:]).split()) < 8:
        return None
    return replace(story, summary=" ".join(sentences[1:]))


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
        return None
    drop = max(droppable, key=lambda i: len(words[i]))
    return replace(story, title=" ".join(w for i, w in enumerate(words) if i != drop))


def _clause_cut(story: Story, lang: str) -> Story:
    # the headline up to its last comma or colon, when four words or more remain ("X, officials
    # say" / "X")
    head = re.split(r"[,:;]\s", story.title)
    if len(head) < 2 or len(" ".join(head[:-1]).split()) < MIN_HEADLINE_WORDS:
        return None
    return replace(story, title=", ".join(head[:-1]))


# words one outlet writes otherwise than another, the first found in the headline is swapped
_WORD_SWAPS = {
    "en": [("says", "said"), ("U.S.", "US"), ("US", "U.S."), ("percent", "%"), ("Kyiv", "Kiev"),
           ("Zelensky", "Zelenskiy"), ("Zelenskyy", "Zelensky"), ("to meet", "will meet"),
           ("amid", "as"), ("after", "following")],
    "de": [("sagt", "sagte"), ("Prozent", "%"), ("Kiew", "Kyjiw"), ("will", "möchte"),
           ("nach", "infolge")],
    "ru": [("заявил", "сообщил"), ("заявила", "сообщила"), ("после", "по итогам")],
    "uk": [("заявив", "повідомив"), ("заявила", "повідомила"), ("після", "за підсумками")],
}


def _word_swapped(story: Story, lang: str) -> Story | None:
    # a word as another outlet writes it ("says" / "said", "U.S." / "US", "Kyiv" / "Kiev")
    words = story.title.split(" ")
    for old, new in _WORD_SWAPS[lang]:
        first = old.split(" ")[0]
        for i, word in enumerate(words):
            if word == first and " ".join(words[i:i + len(old.split(" "))]) == old:
                return replace(story, title=" ".join(
                    [*words[:i], new, *words[i + len(old.split(" ")):]]))
    return None


_OUTLET_PREFIX = {"en": "Reuters: ", "de": "dpa: ", "ru": "ТАСС: ", "uk": "Укрінформ: "}


def _outlet_prefix(story: Story, lang: str) -> Story:
    # the agency's name before the headline, as aggregators and channels write it
    return replace(story, title=_OUTLET_PREFIX[lang] + story.title)


_KICKER = {"en": "Russia-Ukraine war: ", "de": "Krieg in der Ukraine: ",
           "ru": "Война в Украине: ", "uk": "Війна в Україні: "}


def _kicker(story: Story, lang: str) -> Story:
    # a section label before the headline, as some outlets put on every story of a subject
    return replace(story, title=_KICKER[lang] + story.title)


# (a comma before a German, Russian or Ukrainian word for millions is a decimal one: "3,025
# Millionen" is 3.025 million, and "3025 Millionen" another number)
_GROUPED = re.compile(r"(?<=\d)(?:[.\u00a0]|,(?!\d{3}\s*(?:Mio|Mill|Mrd|Milliard|млн|млрд|трлн|"
                      r"[Мм]иллион|[Мм]иллиард|[Мм]ільйон|[Мм]ільярд|[Тт]ыс|[Тт]ис)))(?=\d{3}\b)")


def _numbers_regrouped(story: Story, lang: str) -> Story | None:
    # numbers written with another thousands separator, or none: 1,000 / 1000, 13.000 / 13000
    title, summary = _GROUPED.sub("", story.title), _GROUPED.sub("", story.summary)
    if (title, summary) == (story.title, story.summary):
        return None
    return replace(story, title=title, summary=summary)


def _all_at_once(story: Story, lang: str) -> Story:
    return _dateline(_summary_cut(_punctuation(_suffix(story, lang), lang), lang), lang)


EDITS: dict[str, Edit] = {
    "outlet suffix": _suffix, "wire prefix": _prefix, "quotes and dashes": _punctuation,
    "title case (en)": _title_case, "summary cut": _summary_cut,
    "first sentence only": _first_sentence, "later sentences only": _later_sentences,
    "no summary": _no_summary, "dateline": _dateline,
    "html in summary": _html, "suffix+quotes+cut+dateline": _all_at_once,
    "headline word dropped": _word_dropped, "headline clause cut": _clause_cut,
    "headline word swapped": _word_swapped, "kicker before the headline": _kicker,
    "outlet before the headline": _outlet_prefix,
    "numbers regrouped": _numbers_regrouped,
}


def read_labelled(folder: Path) -> list[tuple[list[Story], dict[str, Feed]]]:
    """The labelled pair sets, one per file, each item once, as `monitor replay` reads it, in
    order of publication (undated items at the start of October 2025, as the replay clock puts
    them). Each set is stored apart: sets written apart give one event's headline to items of
    their own (four "Путин и Трамп завершили переговоры на Аляске" of one outlet, minutes
    apart, with summaries of their own), so in one store a copy of one joins another."""
    start = datetime(2025, 10, 1, tzinfo=UTC)
    sets = []
    for path in sorted(folder.glob("pairs*.jsonl")):
        items = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                pair = json.loads(line)
                items.update({pair[side]["id"]: pair[side] for side in ("a", "b")})
        stories = sorted((replay.story_from_item(item, index=i, default_time=start)
                          for i, item in enumerate(items.values())), key=lambda s: s.published)
        sets.append((stories, {s.feed_url: Feed(url=s.feed_url, name=s.outlet)
                               for s in stories}))
    return sets


def labelled_events(folder: Path) -> dict[str, str]:
    """The event each labelled item reports (its pair's `event`), by the entry key `monitor
    replay` gives the item: a copy that joins another item of its event (a set may give one
    event's headline to two items of one outlet) joins the right story."""
    events = {}
    for path in sorted(folder.glob("pairs*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                pair = json.loads(line)
                for side in ("a", "b"):
                    item = pair[side]
                    events[item.get("url") or f"id:{item['id']}"] = pair["event"][side]
    return events


def language(story: Story) -> str | None:
    lang = dedupe.language_of(f"{story.title} {story.summary}", story.language)
    return lang if lang in _SUFFIX else None


def copyable(story: Story) -> bool:
    return len(story.title.split()) >= MIN_HEADLINE_WORDS and language(story) is not None


def record(store: Store, story: Story, topics: frozenset[str]) -> int:
    """A real story through the pipeline's dedupe path, recorded; its story id."""
    fp = dedupe.fingerprint(story)
    candidates = store.dedupe_candidates(story, fp, now=story.published, window=dedupe.WINDOW)
    decision = dedupe.decide(story, fp, candidates, topics=topics)
    return store.record_story(story.feed_url, StoryRecord(
        story, fp.content_hash, decision, (), fp.keys, (), dedupe.pack_features(fp.features)),
        now=story.published).story_id


def stored(store: Store, column, story_id: int | None):
    """One column of a stored story: its cluster now (after every fold), its entry key."""
    with store._read() as conn:
        return conn.execute(select(column).where(schema.stories.c.id == story_id)).scalar()


def copy_of(original: Story, name: str, index: int, delay: timedelta) -> Story | None:
    """The copy `EDITS[name]` makes of a story, as another feed lists it later (None: the edit
    does not apply to the story: another language, or nothing it would change)."""
    lang = language(original)
    edited = EDITS[name](original, lang) if lang == "en" or not name.endswith("(en)") else None
    if edited is None:
        return None
    copy = replace(edited, feed_url=WIRE.url, outlet=WIRE.name,
                   key=f"copy:{index}", url=None, guid=None, dated=True,
                   published=original.published + delay)
    return replace(copy, title=strip_html(copy.title), summary=strip_html(copy.summary))


def judge(store: Store, copy: Story, original: Story, original_id: int, topics: frozenset[str],
          events: dict[str, str] | None = None) -> tuple[str, str]:
    """What became of a copy (not recorded): merged / wrong / missed / folds, and why. With
    `events` (entry key -> labelled event), joining another story of the original's event is
    merged."""
    fp = dedupe.fingerprint(copy)
    decision = dedupe.decide(copy, fp, store.dedupe_candidates(
        copy, fp, now=copy.published, window=dedupe.WINDOW), topics=topics)
    if decision.kind is DedupeKind.NEW:
        return "missed", decision.reason
    cluster = schema.stories.c.cluster_id
    if stored(store, cluster, decision.duplicate_of) != stored(store, cluster, original_id):
        event = (events or {}).get(original.key)
        joined_key = stored(store, schema.stories.c.key, decision.duplicate_of)
        if event is None or events.get(joined_key) != event:
            return "wrong", f"WRONG: {decision.reason}"
    if decision.merge:
        return "folds", f"FOLDS: {decision.reason}"
    return "merged", ""


Shown = dict[str, list[tuple[Story, Story, str]]]  # per edit: (original, copy, why) not merged


def copy_all(stories: list[Story], feeds: dict[str, Feed], chosen: list[int],
             edits: list[str], delay: timedelta, folder: Path,
             events: dict[str, str] | None = None) -> tuple[dict[str, Counter], Shown]:
    """Every story recorded in order of publication in a store in `folder`, and the copies of
    the `chosen` ones judged when their time comes: per edit, the count of each outcome, and
    the copies not plainly merged."""
    matcher = load_matcher(ROOT / "rules")

    def topics_of(story: Story) -> frozenset[str]:
        return frozenset(m.topic for m in matcher.match(story.title, story.summary,
                                                        lang=story.language))
    # one time line: each copy is judged when it comes, against what was stored before it
    timeline = sorted([(s.published, 0, i) for i, s in enumerate(stories)]
                      + [(stories[i].published + delay, 1, i) for i in chosen])
    outcomes: dict[str, Counter] = {name: Counter() for name in edits}
    shown: Shown = {name: [] for name in edits}
    ids: dict[int, int] = {}
    with Store.open(folder / "s.db") as store:
        store.sync_feeds([*feeds.values(), WIRE])
        for _, is_copy, i in timeline:
            if not is_copy:
                ids[i] = record(store, stories[i], topics_of(stories[i]))
                continue
            for name in edits:
                copy = copy_of(stories[i], name, i, delay)
                if copy is None:
                    continue
                outcome, reason = judge(store, copy, stories[i], ids[i], topics_of(copy),
                                        events)
                outcomes[name][outcome] += 1
                if outcome != "merged":
                    shown[name].append((stories[i], copy, reason))
    return outcomes, shown


def last_of_their_entry(stories: list[Story]) -> set[int]:
    """The stories no later story of the same feed entry replaces (a publisher's edit of an
    entry replaces its stored text: a copy of the text before the edit has nothing to join)."""
    last = {(s.feed_url, s.key): i for i, s in enumerate(stories)}
    return set(last.values())


def copy_sets(sets: list[tuple[list[Story], dict[str, Feed]]], edits: list[str],
              delay: timedelta, folder: Path, every: int = 1,
              events: dict[str, str] | None = None,
              ) -> tuple[dict[str, Counter], Shown, list[Story]]:
    """`copy_all` for each set of stories in a store of its own, copying every `every`-th
    copyable story of each: the outcomes and the copies not plainly merged, summed over the
    sets, and the stories copied. `events`: see `judge`."""
    outcomes: dict[str, Counter] = {name: Counter() for name in edits}
    shown: Shown = {name: [] for name in edits}
    copied: list[Story] = []
    for number, (stories, feeds) in enumerate(sets):
        kept = last_of_their_entry(stories)
        chosen = [i for i, s in enumerate(stories) if copyable(s) and i in kept][::every]
        copied += [stories[i] for i in chosen]
        (folder / str(number)).mkdir()
        counts, rows = copy_all(stories, feeds, chosen, edits, delay, folder / str(number),
                                events)
        for name in edits:
            outcomes[name].update(counts[name])
            shown[name] += rows[name]
    return outcomes, shown, copied


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--every", type=int, default=3, help="copy every n-th copyable story")
    parser.add_argument("--delay", type=float, default=40.0, help="minutes after the original")
    parser.add_argument("--show", type=int, default=0, help="missed copies shown per edit")
    parser.add_argument("--labelled", action="store_true",
                        help="copy the labelled pair sets' items (four languages) instead")
    args = parser.parse_args()
    events = None
    if args.labelled:
        sets = read_labelled(ROOT / "tests" / "data")
        events = labelled_events(ROOT / "tests" / "data")
    elif args.corpus.is_dir():
        sets = [read_corpus(args.corpus)]
    else:
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as folder:
        outcomes, shown, copied = copy_sets(sets, list(EDITS), timedelta(minutes=args.delay),
                                            Path(folder), args.every, events)
    langs = Counter(map(language, copied))
    print(f"{sum(len(stories) for stories, _ in sets):,} stories from "
          f"{sum(len(feeds) for _, feeds in sets)} feeds in {len(sets)} store(s); copies of "
          f"{len(copied):,} ({', '.join(f'{k} {v}' for k, v in langs.most_common())}), "
          f"{args.delay:g} min later")
    print(f"\n{'edit':28s} {'copies':>6s} {'merged':>7s} {'wrong':>6s} {'missed':>6s} "
          f"{'folds':>6s}")
    for name, counts in outcomes.items():
        total = sum(counts.values())
        print(f"{name:28s} {total:6d} {(counts['merged'] + counts['folds']) / total:7.1%} "
              f"{counts['wrong']:6d} {counts['missed']:6d} {counts['folds']:6d}")
        for original, copy, reason in shown[name][:args.show]:
            print(f"    [{original.outlet[:20]}] {original.title[:90]}\n"
                  f"    copy: {copy.title[:90]} -- {reason}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
