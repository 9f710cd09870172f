"""Store mixin: the stored stories a new one may duplicate, found by key, never by scanning.

`dedupe_candidates` returns the union of
- the same entry of the same feed (feed, key),
- the same trustworthy guid, the same specific canonical URL, the same content hash (any time:
  retention bounds them), and
- the stories sharing any of the fingerprint's index keys seen inside the window, ranked by how
  many keys they share, each key contributing at most `KEY_FANOUT` of its most recent stories,
most recent first and capped. Every look-up is an index range scan, so the cost depends on the
number of keys and the fan-out cap, not on the size of the store.

`bulk_record_new` loads many stories at once (benchmarks, imports); `prune_dedupe_keys` drops
index keys that fell out of the window. What counts as a duplicate is decided by
`monitor.dedupe`, not here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from sqlalchemy import delete, desc, func, insert, select, union_all
from sqlalchemy.engine import Connection

from monitor.dedupe import (
    CANDIDATE_LIMIT,
    MIN_EXACT_WORDS,
    WINDOW,
    Candidate,
    Fingerprint,
    specific_url,
    trusted_guid,
)
from monitor.models import DedupeKind, Story
from monitor.normalize import canonical_url
from monitor.store import schema

_s, _f, _k, _c = schema.stories, schema.feeds, schema.dedupe_keys, schema.clusters

KEY_FANOUT = 64  # most recent stories taken per index key (bounds the cost of common keys)
IDENTITY_LIMIT = 20  # rows taken per identity look-up (guid, URL, content hash)

_CANDIDATE_COLUMNS = (
    _s.c.id, _s.c.cluster_id, _s.c.key, _s.c.guid, _s.c.url, _s.c.title, _s.c.summary,
    _s.c.language, _s.c.content_hash, _s.c.first_seen, _s.c.published, _s.c.topics,
    _f.c.url.label("feed_url"), _f.c.name.label("outlet"),
)


class DedupeStore:
    """Finds the stored stories a new one may duplicate, by key, never by scanning."""

    def dedupe_candidates(self, story: Story, fp: Fingerprint, *, now: datetime | None = None,
                          window: timedelta = WINDOW, limit: int = CANDIDATE_LIMIT,
                          ) -> list[Candidate]:
        """Stored stories that may be `story` again, a copy of it, or a report of its event:
        identity matches (any time) plus up to `limit` stories sharing index keys within
        `window` before `now`, most recent first."""
        now = now or self.clock()
        with self._read() as conn:
            identity = self._identity_ids(conn, story, fp)
            shared = self._ids_sharing_keys(conn, fp.keys, since=now - window, limit=limit)
            ids = list(dict.fromkeys([*identity, *shared]))
            rows = self._candidate_rows(conn, ids)
        candidates = [_candidate(row, shared.get(row.id, 0)) for row in rows]
        candidates.sort(key=lambda c: (c.first_seen, c.story_id), reverse=True)
        keep = set(identity)
        keep.update([c.story_id for c in candidates if c.story_id not in keep][:limit])
        return [c for c in candidates if c.story_id in keep]

    def _identity_ids(self, conn: Connection, story: Story, fp: Fingerprint) -> list[int]:
        feed_id = select(_f.c.id).where(_f.c.url == story.feed_url).scalar_subquery()
        queries = [select(_s.c.id).where(_s.c.feed_id == feed_id, _s.c.key == story.key)]
        if trusted_guid(story.guid):
            queries.append(_recent(_s.c.guid == story.guid.strip()))
        if story.url and specific_url(story.url):
            urls = list(dict.fromkeys([story.url, canonical_url(story.url)]))
            queries.append(_recent(_s.c.url.in_(urls)))
        if fp.features.word_count >= MIN_EXACT_WORDS:
            queries.append(_recent(_s.c.content_hash == fp.content_hash))
        union = union_all(*(q.subquery().select() for q in queries))
        return list(dict.fromkeys(conn.execute(union).scalars()))

    def _ids_sharing_keys(self, conn: Connection, keys: Sequence[str], *, since: datetime,
                          limit: int) -> dict[int, int]:
        """story id -> number of shared keys, for the `limit` stories sharing the most keys
        (ties: the most recent), each key contributing its `KEY_FANOUT` most recent stories."""
        keys = list(dict.fromkeys(keys))
        if not keys:
            return {}
        per_key = [
            select(_k.c.story_id).where(_k.c.key == key, _k.c.seen >= since)
            .order_by(_k.c.seen.desc()).limit(KEY_FANOUT).subquery().select()
            for key in keys
        ]
        hits = (union_all(*per_key) if len(per_key) > 1 else per_key[0]).subquery()
        shared = func.count().label("shared")
        query = (select(hits.c.story_id, shared).group_by(hits.c.story_id)
                 .order_by(desc(shared), desc(hits.c.story_id)).limit(limit))
        return {row.story_id: row.shared for row in conn.execute(query)}

    def _candidate_rows(self, conn: Connection, ids: list[int]):
        if not ids:
            return []
        query = (select(*_CANDIDATE_COLUMNS).join(_f, _f.c.id == _s.c.feed_id)
                 .where(_s.c.id.in_(ids)))
        return list(conn.execute(query))

    # --- maintenance and bulk loading ----------------------------------------------------------

    def prune_dedupe_keys(self, before: datetime) -> int:
        """Delete index keys seen before `before` (keys older than the window find nothing
        useful). Returns the number of rows removed."""
        with self._write() as conn:
            return conn.execute(delete(_k).where(_k.c.seen < before)).rowcount

    def bulk_record_new(self, feed_url: str,
                        entries: Iterable[tuple[Story, Fingerprint, datetime]],
                        *, batch: int = 5000) -> int:
        """Insert many stories as NEW (each its own cluster) with their dedupe keys, in large
        transactions: for benchmarks and imports, not for the pipeline (no matches, no alerts,
        no dedupe decision). Returns the number of stories inserted."""
        total = 0
        pending: list[tuple[Story, Fingerprint, datetime]] = []
        for entry in entries:
            pending.append(entry)
            if len(pending) >= batch:
                total += self._bulk_insert(feed_url, pending)
                pending = []
        if pending:
            total += self._bulk_insert(feed_url, pending)
        return total

    def _bulk_insert(self, feed_url: str,
                     entries: list[tuple[Story, Fingerprint, datetime]]) -> int:
        with self._write() as conn:
            feed_id = self._feed_id(conn, feed_url)
            first_id = (conn.execute(select(func.max(_s.c.id))).scalar() or 0) + 1
            next_cluster = (conn.execute(select(func.max(_c.c.id))).scalar() or 0) + 1
            stories, clusters, keys = [], [], []
            for offset, (story, fp, seen) in enumerate(entries):
                story_id, cluster_id = first_id + offset, next_cluster + offset
                stories.append({
                    "id": story_id, "feed_id": feed_id, "key": story.key, "guid": story.guid,
                    "url": story.url, "title": story.title, "summary": story.summary,
                    "language": story.language, "published": story.published,
                    "dated": story.dated, "first_seen": seen, "content_hash": fp.content_hash,
                    "cluster_id": cluster_id, "dedupe_kind": str(DedupeKind.NEW),
                    "duplicate_of": None, "dedupe_score": 0.0, "topics": [],
                })
                clusters.append({"id": cluster_id, "first_story_id": story_id, "created": seen,
                                 "last_seen": seen, "language": story.language, "topics": []})
                keys.extend({"key": key, "story_id": story_id, "seen": seen} for key in fp.keys)
            conn.execute(insert(_c), clusters)
            conn.execute(insert(_s), stories)
            if keys:
                conn.execute(insert(_k), keys)
        return len(entries)


def _recent(condition):
    return select(_s.c.id).where(condition).order_by(_s.c.id.desc()).limit(IDENTITY_LIMIT)


def _candidate(row, shared_keys: int) -> Candidate:
    return Candidate(
        story_id=row.id, cluster_id=row.cluster_id, feed_url=row.feed_url, outlet=row.outlet,
        key=row.key, guid=row.guid, url=row.url, title=row.title, summary=row.summary,
        language=row.language, content_hash=row.content_hash, first_seen=row.first_seen,
        published=row.published, topics=tuple(row.topics or ()), shared_keys=shared_keys,
    )
