"""Backtests: `monitor replay FILE.jsonl` and `monitor replay --since 7d`.

`replay_items` runs JSON Lines items through the same ingest step as the daemon (match, dedupe,
store, plan alerts) against a temporary store, with a clock that follows the items' own
publication times, and prints one JSON line per item: its topics, which earlier item it
duplicates (`duplicate_of`: same item, exact copy or syndicated copy), which story (cluster) it
belongs to, whether it would have been alerted, and the dedupe decision with its reason
(`dedupe`, `why`: for a new story, what kept it from the closest stored one). Nothing is sent.

`rerun_stored` applies the current rules to stories already stored and reports which would now
alert and which no longer would: how a rule author checks an edit against real history. "Would
alert" means an alert would really be queued (`alerting_stories`): the story matches, it was
fetched within the alert window of its publication, and it is the first such report of its
story (cluster); a copy or a later report of an alerted story only joins that alert.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TextIO

from monitor.app import open_store, watch_rules
from monitor.config import Settings
from monitor.models import DedupeKind, Feed, Story, utcnow
from monitor.normalize import canonical_url, strip_html
from monitor.pipeline import AlertPolicy, Pipeline
from monitor.store.stories import StoredStory

log = logging.getLogger(__name__)

REPLAY_CHAT = "replay"
# Decisions that make an item a duplicate of an earlier one (a differently worded report of the
# same event joins the story but is not a duplicate).
DUPLICATE_KINDS = (DedupeKind.SAME_ITEM, DedupeKind.EXACT, DedupeKind.NEAR)


class _ReplayClock:
    """Follows the items' publication times, never going backwards."""

    def __init__(self) -> None:
        self.now = utcnow()
        self._started = False

    def advance(self, moment: datetime | None) -> None:
        if moment is None:
            return
        if not self._started or moment > self.now:
            self.now = moment
        self._started = True

    def __call__(self) -> datetime:
        return self.now


def _parse_time(value, index: int) -> datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value, UTC)
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"replay item {index}: 'published' is not an ISO date/time: "
                         f"{value!r}") from None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


def read_items(lines: Iterable[str]) -> Iterator[tuple[int, dict | None, str | None]]:
    """(line number, item or None, error or None) for each non-blank line."""
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, None, f"not JSON: {exc.msg}"
            continue
        if not isinstance(item, dict) or item.get("id") in (None, ""):
            yield number, None, 'expected an object with an "id"'
            continue
        if not (item.get("title") or item.get("summary")):
            yield number, None, "needs a title or a summary"
            continue
        yield number, item, None


def story_from_item(item: Mapping, *, index: int = 0,
                    default_time: datetime | None = None) -> Story:
    """A replay item `{"id","title","summary","url"?,"published"?,"source"?,"lang"?,"guid"?}`
    as the Story a feed would have produced (HTML stripped, URL canonical).

    The feed is `replay:<source>`, one per source; an item without a source gets a feed of its
    own (`replay:?<id>`), since nothing says two such items came from one feed. The entry key
    is the URL when given, else the id. An item without a time is placed at `default_time` plus
    `index` minutes (dated=False). Raises ValueError for an unusable item."""
    if not isinstance(item, Mapping) or item.get("id") in (None, ""):
        raise ValueError(f"replay item {index}: needs an 'id'")
    if not (item.get("title") or item.get("summary")):
        raise ValueError(f"replay item {index}: needs a 'title' or a 'summary'")
    source = str(item.get("source") or "").strip()
    url = canonical_url(str(item["url"])) if item.get("url") else None
    published = _parse_time(item.get("published"), index)
    if published is None:
        published = (default_time or utcnow()) + timedelta(minutes=index)
    return Story(
        feed_url=f"replay:{source}" if source else f"replay:?{item['id']}",
        outlet=source or "unknown source", key=url or f"id:{item['id']}",
        title=strip_html(str(item.get("title") or "")),
        summary=strip_html(str(item.get("summary") or "")),
        published=published, url=url, guid=str(item["guid"]) if item.get("guid") else None,
        language=item.get("lang") or item.get("language") or None,
        dated=_parse_time(item.get("published"), index) is not None,
    )


def replay_items(settings: Settings, stream: TextIO, *, db: Path, out: TextIO,
                 err: TextIO) -> int:
    """Replay JSON Lines items in order; returns 0, or 1 when some lines were invalid."""
    clock = _ReplayClock()
    entries: list[tuple[int, dict, Story | None, str | None]] = []
    for number, item, error in read_items(stream):
        story = None
        if item is not None:
            try:
                story = story_from_item(item, default_time=clock())
            except ValueError as exc:
                error = str(exc)
        entries.append((number, item, story, error))
    matcher = watch_rules(settings)
    feeds = {s.feed_url: Feed(url=s.feed_url, name=s.outlet) for _, _, s, _ in entries if s}
    bad = 0
    with open_store(dataclasses.replace(settings, db=str(db))) as store:
        store.sync_feeds(feeds.values())
        pipeline = Pipeline(store=store, fetcher=None, matcher=matcher, clock=clock,
                            policy=AlertPolicy(default_chat=REPLAY_CHAT,
                                               window=settings.alert_window,
                                               tz=settings.timezone))
        item_ids: dict[int, str] = {}  # stored story id -> item id
        try:
            for number, item, story, error in entries:
                if error:
                    print(f"line {number}: {error}", file=err)
                    bad += 1
                    continue
                if story.dated:
                    clock.advance(story.published)
                else:  # undated: it arrives "now" on the replay clock
                    story = dataclasses.replace(story, published=clock())
                (result,) = pipeline.ingest(feeds[story.feed_url], [story])
                out.write(json.dumps(_report(item, result, item_ids), ensure_ascii=False) + "\n")
        finally:
            pipeline.close()
    return 1 if bad else 0


def _report(item: dict, result, item_ids: dict[int, str]) -> dict:
    decision = result.decision
    duplicate_of = None
    if decision is None:  # the very same entry again, unchanged
        duplicate_of = item_ids.get(result.story_id)
    elif decision.kind in DUPLICATE_KINDS and decision.duplicate_of is not None:
        duplicate_of = item_ids.get(decision.duplicate_of)
    item_ids.setdefault(result.story_id, str(item["id"]))
    return {"id": item["id"], "topics": list(result.topics), "duplicate_of": duplicate_of,
            "story": result.cluster_id, "alert": result.alerts > 0,
            "dedupe": str(decision.kind) if decision else str(DedupeKind.SAME_ITEM),
            "why": _items_named(decision.reason, item_ids) if decision
            else "the same entry again, unchanged"}


_STORY_NUMBER = re.compile(r"\bstory (\d+)")


def _items_named(reason: str, item_ids: dict[int, str]) -> str:
    """A dedupe reason with the stored stories it names ("story 12") given as the replayed
    items they are ("item b5-01a"); "clusters" there are the lines' "story" numbers."""
    return _STORY_NUMBER.sub(lambda m: f"item {item_ids[int(m[1])]}"
                             if int(m[1]) in item_ids else m[0], reason)


# --- re-running stored stories ----------------------------------------------------------------

def alerting_stories(stories: Iterable[StoredStory],
                     topics_of: Callable[[StoredStory], tuple[str, ...]], *,
                     window: timedelta) -> dict[int, str | None]:
    """Pure: for each story, None when an alert would be queued for it with the topics
    `topics_of` gives, else why not. As the pipeline does it: a story alerts when it matches
    and was first fetched no later than `window` after its publication, unless an earlier
    report of the same story (cluster) already did (one alert per story: later reports and
    copies only join it). `stories` must include every earlier member of their clusters."""
    verdicts: dict[int, str | None] = {}
    alerted: dict[int, int] = {}  # cluster -> the story whose alert it is
    for story in sorted(stories, key=lambda s: (s.first_seen, s.id)):
        cluster = story.cluster_id if story.cluster_id is not None else -story.id
        if not topics_of(story):
            verdicts[story.id] = "matches no topic"
        elif story.first_seen - story.published > window:
            verdicts[story.id] = (f"published more than the alert window ({_hours(window)}) "
                                  "before it was fetched")
        elif cluster in alerted:
            first = alerted[cluster]
            verdicts[story.id] = (f"a copy of story {story.duplicate_of}, whose alert it joins"
                                  if story.dedupe_kind in DUPLICATE_KINDS
                                  and story.duplicate_of is not None
                                  else f"joins the alert of an earlier report (story {first})")
        else:
            alerted[cluster] = story.id
            verdicts[story.id] = None
    return verdicts


def _hours(span: timedelta) -> str:
    hours = span.total_seconds() / 3600
    return f"{hours:g} h"


def rerun_stored(settings: Settings, *, since: datetime, as_json: bool, out: TextIO) -> int:
    """Stories published since `since` (undated: first seen since), under the current rules:
    which would now alert on a topic they did not alert before, which gained a topic but
    would queue no alert (and why), and which no longer match a topic they matched."""
    matcher = watch_rules(settings)()
    with open_store(settings) as store:
        stories = store.stories(since=since)
        clusters = {s.cluster_id for s in stories if s.cluster_id is not None}
        # earlier reports of the same stories decide which report carries the alert
        members = store.stories(cluster_ids=clusters) if clusters else []
    everything = {s.id: s for s in [*members, *stories]}
    now_topics = {sid: tuple(m.topic for m in matcher.match(s.title, s.summary,
                                                            lang=s.language))
                  for sid, s in everything.items()}
    window = settings.alert_window
    before = alerting_stories(everything.values(), lambda s: s.topics, window=window)
    after = alerting_stories(everything.values(), lambda s: now_topics[s.id], window=window)
    gained = quiet = lost = 0
    for story in reversed(stories):  # oldest first
        now = now_topics[story.id]
        had = set(story.topics)
        plus = [t for t in now if t not in had]
        minus = sorted(had - set(now))
        alert_before, alert_now = before[story.id] is None, after[story.id] is None
        if not plus and not minus and alert_before == alert_now:
            continue
        new_alert = [t for t in now if not (alert_before and t in had)] if alert_now else []
        why_not = after[story.id] if plus and not alert_now else None
        gained += bool(new_alert)
        quiet += bool(why_not)
        lost += bool(minus)
        if as_json:
            out.write(json.dumps({"id": story.id, "title": story.title, "outlet": story.outlet,
                                  "published": story.published.isoformat(),
                                  "before": sorted(had), "after": list(now),
                                  "alert_before": alert_before, "alert": alert_now,
                                  "would_now_alert": new_alert, "no_longer": minus,
                                  "no_alert_because": why_not},
                                 ensure_ascii=False) + "\n")
        else:
            change = " ".join([*(f"+{t}" for t in plus), *(f"-{t}" for t in minus)])
            if alert_now and not alert_before and not plus:
                change = "now alerts " + " ".join(f"+{t}" for t in new_alert)
            elif alert_before and not alert_now and not minus:
                change = "no longer alerts"
            note = f" (no alert: {why_not})" if why_not else ""
            out.write(f"{change:40} {story.outlet}: {story.title}{note}\n")
    if not as_json:
        out.write(f"{len(stories)} stored stories since {since:%Y-%m-%d %H:%M} UTC: "
                  f"{gained} would now alert on a topic they did not alert before, "
                  f"{quiet} gained a topic but would queue no alert, {lost} no longer match "
                  f"a topic they matched\n")
    return 0
