"""Store mixin: stories, their matches, and the clusters that group one event's reports.

`record_story` writes everything the pipeline decided about one story in ONE transaction: the
story row (or, for a publisher's edit of a known entry, the updated row), its matches, its
cluster (new or joined), its dedupe keys, and its outbox rows. So a crash can never leave a
matched story without its alert, or an alert without its story.

Reading helpers serve the digest, replay and status. Nothing here decides what is a duplicate
or what to alert: `dedupe` and `alerts` do, before calling in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, bindparam, delete, insert, or_, select, update
from sqlalchemy.engine import Connection

from monitor.models import DedupeKind, Hit, Member, Recorded, StoryRecord, TopicMatch
from monitor.store import schema
from monitor.store.outbox import alert_key

_s, _m, _c, _k = schema.stories, schema.matches, schema.clusters, schema.dedupe_keys
_a = schema.alerts
_SET_CLUSTER = (update(_s).where(_s.c.id == bindparam("story"))
                .values(cluster_id=bindparam("cluster")))


@dataclass(frozen=True, slots=True)
class KnownStory:
    """An entry already stored for a feed: enough to tell whether it changed."""

    id: int
    content_hash: str
    cluster_id: int | None
    topics: tuple[str, ...]
    title: str = ""  # as stored (the feed's text, before normalising)
    summary: str = ""


@dataclass(frozen=True, slots=True)
class StoredStory:
    """A story as the store holds it, for the digest, replay and status."""

    id: int
    feed_url: str
    outlet: str
    key: str
    guid: str | None
    url: str | None
    title: str
    summary: str
    language: str | None
    published: datetime
    first_seen: datetime
    cluster_id: int | None
    dedupe_kind: str
    duplicate_of: int | None
    topics: tuple[str, ...]
    dated: bool = True  # False when `published` is the time it was first seen
    last_seen: datetime | None = None  # the last time it was listed in its feed


def _hits_json(match: TopicMatch) -> list[dict]:
    return [{"group": h.group, "term": h.term, "field": h.field, "words": h.words,
             "weight": h.weight} for h in match.hits]


def hits_from_json(evidence: list[dict]) -> tuple[Hit, ...]:
    return tuple(Hit(**hit) for hit in evidence)


class StoryStore:
    """Stories, their matches and clusters."""

    def known_keys(self, feed_url: str, keys: Iterable[str]) -> dict[str, KnownStory]:
        """For the given entry keys of one feed, those already stored. The cheap first step of
        every cycle: entries stored with the same content stop here."""
        keys = list(dict.fromkeys(keys))
        found: dict[str, KnownStory] = {}
        if not keys:
            return found
        with self._read() as conn:
            feed_id = self._feed_id(conn, feed_url)
            for chunk in _chunks(keys, 500):
                query = select(_s.c.key, _s.c.id, _s.c.content_hash, _s.c.cluster_id,
                               _s.c.topics, _s.c.title, _s.c.summary,
                               ).where(_s.c.feed_id == feed_id, _s.c.key.in_(chunk))
                for row in conn.execute(query):
                    found[row.key] = KnownStory(row.id, row.content_hash, row.cluster_id,
                                                tuple(row.topics or ()), row.title, row.summary)
        return found

    def record_story(self, feed_url: str, record: StoryRecord, *,
                     now: datetime | None = None) -> Recorded:
        """Store one story with its matches, cluster, dedupe keys and alerts, atomically.

        The commit is not synced to disk on its own (`_write(synced=False)`: syncing each of
        a first run's thousands of stories cost more than deciding them). A power cut can
        lose it only together with the feed's fetch record, which the pipeline writes
        (synced) after the feed's stories: the feed is then fetched and its stories recorded
        again. Delivery marks are synced too, so a sent alert's story is on disk."""
        now = now or self.clock()
        with self._write(synced=False) as conn:
            feed_id = self._feed_id(conn, feed_url)
            if record.decision.kind is DedupeKind.SAME_ITEM:
                story_id, cluster_id = self._update_story(conn, record, now)
                fresh = False
            else:
                story_id, cluster_id, fresh = self._insert_story(conn, feed_id, record, now)
            # dedupe may find that the story joins clusters that are one story (see below)
            merge = getattr(record.decision, "merge", ())
            self._merge_clusters(conn, cluster_id, merge, now)
            self._write_matches(conn, story_id, record.matches)
            self._write_dedupe_keys(conn, story_id, record.dedupe_keys, now)
            new_alerts, edits = self._queue_alerts(
                conn, cluster_id=cluster_id, story_id=story_id, drafts=record.alerts, now=now,
                fresh_cluster=fresh and not merge,
            )
        return Recorded(story_id=story_id, cluster_id=cluster_id, new_alerts=new_alerts,
                        edits=edits)

    def _insert_story(self, conn: Connection, feed_id: int, record: StoryRecord,
                      now: datetime) -> tuple[int, int, bool]:
        """Insert a new story; returns (story id, cluster id, whether the cluster is new).
        Parameters go to `execute`, not `.values()`: the statement is then built and compiled
        once, not once per story."""
        story, decision = record.story, record.decision
        topics = [m.topic for m in record.matches]
        story_id = conn.execute(insert(_s), dict(
            feed_id=feed_id, key=story.key, guid=story.guid, url=story.url, title=story.title,
            summary=story.summary, language=story.language, published=story.published,
            dated=story.dated, first_seen=now, last_seen=now,
            content_hash=record.content_hash,
            dedupe_kind=str(decision.kind), duplicate_of=decision.duplicate_of,
            dedupe_score=decision.score, topics=topics, features=record.features,
        )).inserted_primary_key[0]
        fresh = decision.kind is DedupeKind.NEW or decision.cluster_id is None
        if fresh:
            cluster_id = conn.execute(insert(_c), dict(
                first_story_id=story_id, created=now, last_seen=now, language=story.language,
                topics=topics,
            )).inserted_primary_key[0]
        else:
            cluster_id = decision.cluster_id
            self._touch_cluster(conn, cluster_id, topics, now)
        conn.execute(_SET_CLUSTER, {"story": story_id, "cluster": cluster_id})
        return story_id, cluster_id, fresh

    def _update_story(self, conn: Connection, record: StoryRecord,
                      now: datetime) -> tuple[int, int]:
        """A publisher changed a known entry: keep its identity and cluster, refresh its text."""
        story_id = record.decision.duplicate_of
        if story_id is None:
            raise ValueError("a SAME_ITEM decision must name the stored story (duplicate_of)")
        story = record.story
        topics = [m.topic for m in record.matches]
        conn.execute(update(_s).where(_s.c.id == story_id).values(
            title=story.title, summary=story.summary, url=story.url, guid=story.guid,
            content_hash=record.content_hash, updated=now, last_seen=now, topics=topics,
            features=record.features,
        ))
        cluster_id = conn.execute(select(_s.c.cluster_id).where(_s.c.id == story_id)).scalar()
        self._touch_cluster(conn, cluster_id, topics, now)
        conn.execute(delete(_m).where(_m.c.story_id == story_id))
        conn.execute(delete(_k).where(_k.c.story_id == story_id))
        return story_id, cluster_id

    def _touch_cluster(self, conn: Connection, cluster_id: int, topics: list[str],
                       now: datetime) -> None:
        known = conn.execute(select(_c.c.topics).where(_c.c.id == cluster_id)).scalar() or []
        merged = list(dict.fromkeys([*known, *topics]))
        conn.execute(update(_c).where(_c.c.id == cluster_id).values(last_seen=now, topics=merged))

    def _write_matches(self, conn: Connection, story_id: int,
                       matches: tuple[TopicMatch, ...]) -> None:
        if matches:
            conn.execute(insert(_m), [
                {"story_id": story_id, "topic": m.topic, "score": m.score,
                 "evidence": _hits_json(m)} for m in matches
            ])

    def _write_dedupe_keys(self, conn: Connection, story_id: int, keys: tuple[str, ...],
                           now: datetime) -> None:
        if keys:
            conn.execute(insert(_k), [{"key": key, "story_id": story_id, "seen": now}
                                      for key in dict.fromkeys(keys)])

    # --- merging clusters (for dedupe) -------------------------------------------------------

    def _merge_clusters(self, conn: Connection, into: int, others: Iterable[int],
                        now: datetime) -> None:
        """Fold the clusters `others` into cluster `into`, inside `record_story`'s transaction,
        when dedupe found that the story being recorded belongs to all of them (one event that
        started as two clusters). What is merged is decided by `dedupe`; this only records it.

        Their stories and alerts move to `into` and the topics are united. In a chat where
        `into` has no alert yet, the oldest alert of a folded cluster takes over `into`'s alert
        key, so the event is never alerted twice; where both had one, both messages stay (they
        were sent) and are both edited from now on."""
        others = [c for c in dict.fromkeys(others) if c is not None and c != into]
        if not others:
            return
        every = [into, *others]
        conn.execute(update(_s).where(_s.c.cluster_id.in_(others)).values(cluster_id=into))
        rows = conn.execute(select(_a.c.id, _a.c.chat_id, _a.c.cluster_id, _a.c.dedupe_key)
                            .where(_a.c.cluster_id.in_(every), _a.c.kind == "alert")
                            .order_by(_a.c.created, _a.c.id)).all()
        keyed = {row.chat_id for row in rows if row.dedupe_key == alert_key(into, row.chat_id)}
        for row in rows:
            if row.cluster_id == into:
                continue
            values: dict = {"cluster_id": into}
            if row.chat_id not in keyed:
                values["dedupe_key"] = alert_key(into, row.chat_id)
                keyed.add(row.chat_id)
            conn.execute(update(_a).where(_a.c.id == row.id).values(**values))
        clusters = conn.execute(select(_c).where(_c.c.id.in_(every))).all()
        topics = list(dict.fromkeys(t for row in clusters for t in (row.topics or ())))
        conn.execute(update(_c).where(_c.c.id == into).values(
            first_story_id=min(row.first_story_id for row in clusters),
            created=min(row.created for row in clusters), last_seen=now, topics=topics))
        conn.execute(delete(_c).where(_c.c.id.in_(others)))

    # --- reading -----------------------------------------------------------------------------

    def cluster_members(self, cluster_id: int) -> list[Member]:
        """Every outlet's report in a cluster, oldest first."""
        f = schema.feeds
        query = (select(f.c.name, _s.c.url, _s.c.published)
                 .join(f, f.c.id == _s.c.feed_id)
                 .where(_s.c.cluster_id == cluster_id)
                 .order_by(_s.c.first_seen, _s.c.id))
        with self._read() as conn:
            return [Member(outlet=row.name, url=row.url, published=row.published)
                    for row in conn.execute(query)]

    def stories(self, *, since: datetime | None = None, topic: str | None = None,
                matched_only: bool = False, cluster_ids: Iterable[int] | None = None,
                limit: int | None = None) -> list[StoredStory]:
        """Stored stories newest first, by when they happened: a dated story by its
        publication time, an undated one by when it was first seen. `since` keeps those from
        then on (so a story published weeks ago but first fetched today is not "today's").
        `cluster_ids` keeps the stories of those clusters."""
        f = schema.feeds
        happened = _s.c.published  # an undated story's `published` is its first-seen time
        query = (select(_s, f.c.url.label("feed_url"), f.c.name.label("outlet"))
                 .join(f, f.c.id == _s.c.feed_id)
                 .order_by(happened.desc(), _s.c.id.desc()))
        if since is not None:
            query = query.where(or_(and_(_s.c.dated.is_(True), _s.c.published >= since),
                                    and_(_s.c.dated.is_(False), _s.c.first_seen >= since)))
        if topic is not None:
            query = query.where(_s.c.id.in_(select(_m.c.story_id).where(_m.c.topic == topic)))
        elif matched_only:
            query = query.where(_s.c.id.in_(select(_m.c.story_id)))
        if cluster_ids is not None:
            query = query.where(_s.c.cluster_id.in_(list(cluster_ids)))
        if limit is not None:
            query = query.limit(limit)
        with self._read() as conn:
            return [_stored(row) for row in conn.execute(query).mappings()]

    def story_matches(self, story_ids: Iterable[int]) -> dict[int, tuple[TopicMatch, ...]]:
        """The stored matches (with evidence) of the given stories."""
        ids = list(story_ids)
        found: dict[int, list[TopicMatch]] = {}
        with self._read() as conn:
            for chunk in _chunks(ids, 500):
                query = (select(_m).where(_m.c.story_id.in_(chunk))
                         .order_by(_m.c.story_id, _m.c.score.desc()))
                for row in conn.execute(query):
                    found.setdefault(row.story_id, []).append(TopicMatch(
                        topic=row.topic, score=row.score, hits=hits_from_json(row.evidence)))
        return {story_id: tuple(matches) for story_id, matches in found.items()}


def _stored(row) -> StoredStory:
    return StoredStory(
        id=row["id"], feed_url=row["feed_url"], outlet=row["outlet"], key=row["key"],
        guid=row["guid"], url=row["url"], title=row["title"], summary=row["summary"],
        language=row["language"], published=row["published"], first_seen=row["first_seen"],
        cluster_id=row["cluster_id"], dedupe_kind=row["dedupe_kind"],
        duplicate_of=row["duplicate_of"], topics=tuple(row["topics"] or ()),
        dated=bool(row["dated"]), last_seen=row["last_seen"],
    )


def _chunks(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start:start + size]
