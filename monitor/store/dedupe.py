"""Store mixin: the stored stories a new one may duplicate, found by key, never by scanning.

`dedupe_candidates` returns the union of
- the same entry of the same feed (feed, key),
- the same trustworthy guid (or the same other guid in the same feed), the same specific
  canonical URL, the same content hash (any time: retention bounds them), and
- the stories sharing the fingerprint's index keys seen inside the window: each key gives at
  most `KEY_FANOUT` of its most recent stories; a story is a candidate when it shares
  `MIN_SHARED_KEYS` keys or one rare key, and the candidates are ranked by the rarity of the
  keys they share (a key that found few stories weighs more than a busy one), at most `limit`,
returned most recent first. Every look-up is an index range scan, so the cost depends on the
number of keys and the fan-out cap, not on the size of the store.

`bulk_record_new` loads many stories at once (benchmarks, imports); `prune_dedupe_keys` drops
index keys that fell out of the window. What counts as a duplicate is decided by
`monitor.dedupe`, not here.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from itertools import zip_longest
from operator import itemgetter

from sqlalchemy import bindparam, delete, func, insert, literal, select, union_all

from monitor.dedupe import (
    CANDIDATE_LIMIT,
    MIN_EXACT_WORDS,
    WINDOW,
    Candidate,
    Fingerprint,
    pack_features,
    trusted_guid,
    url_variants,
)
from monitor.models import DedupeKind, Story
from monitor.store import schema

_s, _f, _k, _c = schema.stories, schema.feeds, schema.dedupe_keys, schema.clusters

# Most recent stories taken per index key: bounds the cost of a busy key (a head of state's
# name). 16 instead of 32 found 129 instead of 133 of 150 rewordings 6-48 h back in the
# bench's store of 10,000 (95 / 98 of 150 at 100,000) at two thirds of the look-up's cost.
KEY_FANOUT = 16
# A story found by index keys is a candidate when it shares at least MIN_SHARED_KEYS of them
# or one rare key: in the labelled dev pairs every copy shares 4+ keys and every merged
# report of the same event 3+; a single key of a common name is noise.
MIN_SHARED_KEYS = 2
# Rarity: a key counts 1 / the number of stories it found (at most KEY_FANOUT), and the
# candidates are those with the highest sum. A key that found at most 4 stories (weight
# >= 0.25) is rare enough to make its stories candidates alone: an older report sharing one
# specific pair of terms with the new story, and busy keys whose lists were cut before
# reaching it. Ranking by shared keys instead found 70 of 150 rewordings in the bench's store
# of 100,000 (98 by rarity, 0.5 too: 93).
RARE_WEIGHT = 0.25
IDENTITY_LIMIT = 20  # rows taken per identity look-up (guid, URL, content hash)
FAST_SQLITE = True  # SQLite: the hand-written statement on the driver connection (see below)

_CANDIDATE_COLUMNS = (
    _s.c.id, _s.c.cluster_id, _s.c.key, _s.c.guid, _s.c.url, _s.c.title, _s.c.summary,
    _s.c.language, _s.c.content_hash, _s.c.first_seen, _s.c.published, _s.c.topics,
    _s.c.dated, _f.c.url.label("feed_url"), _f.c.name.label("outlet"), _s.c.features,
)


class DedupeStore:
    """Finds the stored stories a new one may duplicate, by key, never by scanning."""

    def dedupe_candidates(self, story: Story, fp: Fingerprint, *, now: datetime | None = None,
                          window: timedelta = WINDOW, limit: int = CANDIDATE_LIMIT,
                          ) -> list[Candidate]:
        """Stored stories that may be `story` again, a copy of it, or a report of its event:
        identity matches (any time) plus up to `limit` stories sharing index keys within
        `window` before `now`, the rarest shared keys first (see `_rank`); returned most
        recent first. Two statements (the stories each key finds; the rows of those chosen and
        of the identity matches), index look-ups only."""
        now = now or self.clock()
        keys = list(dict.fromkeys(fp.keys))[:_KEY_SLOTS[-1]]
        slots = next(n for n in _KEY_SLOTS if n >= len(keys))
        params = _identity_params(story, fp)
        params.update({f"k{i}": keys[i] if i < len(keys) else "" for i in range(slots)})
        params["since"] = _window_start(now, window)
        if self._engine.dialect.name == "sqlite" and FAST_SQLITE:
            rows = self._fast_candidate_rows(slots, params, limit)
        else:
            with self._read() as conn:
                chosen = _rank(conn.execute(_hits_statement(slots), params).all(), limit)
                params["chosen"] = list(chosen)
                rows = [_candidate(row, _IDENTITY_MARK if row.identity else chosen[row.id])
                        for row in conn.execute(_rows_statement(), params)]
        found: dict[int, Candidate] = {}
        for candidate in rows:
            known = found.get(candidate.story_id)
            if known is None or candidate.shared_keys > known.shared_keys:
                found[candidate.story_id] = candidate
        return sorted(found.values(), key=lambda c: (c.first_seen, c.story_id), reverse=True)

    def _fast_candidate_rows(self, slots: int, params: dict, limit: int) -> list[Candidate]:
        """The same statements as `_hits_statement` and `_rows_statement`, written out for
        SQLite and run on the driver's connection: SQLAlchemy's per-statement work costs more
        than the look-up."""
        params = {**params, "since": _sqlite_time(params["since"])}
        raw = self._engine.raw_connection()
        try:
            driver = raw.driver_connection
            chosen = _rank(driver.execute(_fast_hits_sql(slots), params).fetchall(), limit)
            params["chosen"] = json.dumps(list(chosen))
            rows = driver.execute(_FAST_ROWS_SQL, params).fetchall()
        finally:
            raw.close()
        return [_fast_candidate(row, _IDENTITY_MARK if row[-1] else chosen[row[0]])
                for row in rows]

    # --- maintenance and bulk loading ----------------------------------------------------------

    def prune_dedupe_keys(self, before: datetime) -> int:
        """Delete index keys seen before `before` (keys older than the window find nothing
        useful). Returns the number of rows removed."""
        with self._write() as conn:
            return conn.execute(delete(_k).where(_k.c.seen < before)).rowcount

    def bulk_record_new(self, entries: Iterable[tuple[Story, Fingerprint, datetime]],
                        *, batch: int = 5000) -> int:
        """Insert many stories as NEW (each its own cluster) with their dedupe keys, in large
        transactions: for benchmarks and imports, not for the pipeline (no matches, no alerts,
        no dedupe decision). Each entry is (story, its fingerprint, first-seen time); the feeds
        must be known (`sync_feeds`). Returns the number of stories inserted."""
        total = 0
        for chunk in _batched(entries, batch):
            total += self._bulk_insert(chunk)
        return total

    def _bulk_insert(self, entries: list[tuple[Story, Fingerprint, datetime]]) -> int:
        with self._write() as conn:
            feed_ids = {url: self._feed_id(conn, url)
                        for url in {story.feed_url for story, _, _ in entries}}
            first_id = (conn.execute(select(func.max(_s.c.id))).scalar() or 0) + 1
            next_cluster = (conn.execute(select(func.max(_c.c.id))).scalar() or 0) + 1
            stories, clusters, keys = [], [], []
            for offset, (story, fp, seen) in enumerate(entries):
                story_id, cluster_id = first_id + offset, next_cluster + offset
                stories.append({
                    "id": story_id, "feed_id": feed_ids[story.feed_url], "key": story.key,
                    "guid": story.guid, "url": story.url, "title": story.title,
                    "summary": story.summary, "language": story.language,
                    "published": story.published, "dated": story.dated, "first_seen": seen,
                    "last_seen": seen, "features": pack_features(fp.features),
                    "content_hash": fp.content_hash, "cluster_id": cluster_id,
                    "dedupe_kind": str(DedupeKind.NEW), "duplicate_of": None,
                    "dedupe_score": 0.0, "topics": [],
                })
                clusters.append({"id": cluster_id, "first_story_id": story_id, "created": seen,
                                 "last_seen": seen, "language": story.language, "topics": []})
                keys.extend({"key": key, "story_id": story_id, "seen": seen} for key in fp.keys)
            conn.execute(insert(_c), clusters)
            conn.execute(insert(_s), stories)
            if keys:
                conn.execute(insert(_k), keys)
        return len(entries)


def _batched(items: Iterable, size: int):
    chunk: list = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# The statements are built once (per number of key slots) and reused: building a 30-way union
# per story costs more than running it.


def _rank(hits: list[tuple[int, int]], limit: int) -> dict[int, int]:
    """The stories to compare, from (story, key number) hits: those sharing at least
    `MIN_SHARED_KEYS` keys or one rare key, the rarest evidence first (each key weighs 1 / the
    number of stories it found), at most `limit`; story -> number of keys shared."""
    rarity = {key: 1.0 / found for key, found in Counter(map(itemgetter(1), hits)).items()}
    shared = Counter(map(itemgetter(0), hits))
    weight = dict.fromkeys(shared, 0.0)
    for story_id, key in hits:
        weight[story_id] += rarity[key]
    chosen = [story_id for story_id, count in shared.items()
              if count >= MIN_SHARED_KEYS or weight[story_id] >= RARE_WEIGHT]
    chosen.sort(key=lambda story_id: (weight[story_id], story_id), reverse=True)
    return {story_id: shared[story_id] for story_id in chosen[:limit]}


def _recent(condition):
    return select(_s.c.id).where(condition).order_by(_s.c.id.desc()).limit(IDENTITY_LIMIT)


# the link as given and the canonical links of the same article (`url_variants`)
_URL_SLOTS = ("url", "url_https", "url_https_slash", "url_http", "url_http_slash")
_URL_PARAMS = ", ".join(f":{slot}" for slot in _URL_SLOTS)
_IDENTITY_MARK = 1 << 20  # "shared keys" reported for identity matches: always kept
# keys are padded with "" (matches nothing) to one of these statement sizes
_KEY_SLOTS = (8, 12, 16, 20, 24, 32, 48, 64)


def _window_start(now: datetime, window: timedelta) -> datetime:
    try:
        return now - window
    except OverflowError:  # a feed dated its entry in year 1
        return datetime.min.replace(tzinfo=UTC)


def _identity_params(story: Story, fp: Fingerprint) -> dict:
    guid = story.guid.strip() if story.guid else None
    variants = url_variants(story.url) if story.url else ()  # (none: not one article's link)
    return {
        "feed_url": story.feed_url, "key": story.key,
        "guid": guid if trusted_guid(guid) else None,
        # a guid not unique enough across feeds still identifies an entry within its feed
        "feed_guid": guid if guid and not trusted_guid(guid) else None,
        **dict(zip_longest(_URL_SLOTS, (story.url, *variants) if variants else ())),
        "hash": fp.content_hash if fp.features.word_count >= MIN_EXACT_WORDS else None,
    }


@lru_cache(maxsize=len(_KEY_SLOTS))
def _hits_statement(slots: int):
    """(story, key number) for the `KEY_FANOUT` stories seen most recently within the window
    under each of `slots` index keys."""
    since = bindparam("since", type_=_k.c.seen.type)
    per_key = []
    for i in range(slots):
        newest = (select(_k.c.story_id).where(_k.c.key == bindparam(f"k{i}"), _k.c.seen >= since)
                  .order_by(_k.c.seen.desc()).limit(KEY_FANOUT).subquery())
        per_key.append(select(newest.c.story_id, literal(i).label("k")))
    return union_all(*per_key)


@lru_cache(maxsize=1)
def _rows_statement():
    """The rows of the identity matches (same feed+key, guid, URL, content hash; identity 1)
    and of the chosen stories (identity 0), in one statement."""
    identity = [q.subquery() for q in (
        select(_s.c.id).where(
            _s.c.feed_id == select(_f.c.id).where(_f.c.url == bindparam("feed_url"))
            .scalar_subquery(),
            _s.c.key == bindparam("key")),
        _recent(_s.c.guid == bindparam("guid")),
        _recent((_s.c.guid == bindparam("feed_guid")) & (_s.c.feed_id == select(_f.c.id).where(
            _f.c.url == bindparam("feed_url")).scalar_subquery())),
        _recent(_s.c.url.in_([bindparam(slot) for slot in _URL_SLOTS])),
        _recent(_s.c.content_hash == bindparam("hash")),
    )]
    ids = union_all(
        *(select(q.c.id, literal(1).label("identity")) for q in identity),
        select(_s.c.id, literal(0).label("identity"))
        .where(_s.c.id.in_(bindparam("chosen", expanding=True))),
    ).subquery()
    return (select(*_CANDIDATE_COLUMNS, ids.c.identity)
            .select_from(ids.join(_s, _s.c.id == ids.c.id).join(_f, _f.c.id == _s.c.feed_id)))


def _candidate(row, shared_keys: int) -> Candidate:
    return Candidate(
        story_id=row.id, cluster_id=row.cluster_id, feed_url=row.feed_url, outlet=row.outlet,
        key=row.key, guid=row.guid, url=row.url, title=row.title, summary=row.summary,
        language=row.language, content_hash=row.content_hash, first_seen=row.first_seen,
        published=row.published, topics=tuple(row.topics or ()), shared_keys=shared_keys,
        dated=bool(row.dated), packed=row.features,
    )


# --- the same look-up, hand-written for SQLite --------------------------------------------------

@lru_cache(maxsize=len(_KEY_SLOTS))
def _fast_hits_sql(slots: int) -> str:
    """`_hits_statement` as SQLite text (named parameters, same index)."""
    return " UNION ALL ".join(
        f"SELECT story_id, {i} FROM (SELECT story_id FROM dedupe_keys WHERE key = :k{i} "
        f"AND seen >= :since ORDER BY seen DESC LIMIT {KEY_FANOUT})" for i in range(slots))


_RECENT = f"ORDER BY id DESC LIMIT {IDENTITY_LIMIT}"
# `_rows_statement` as SQLite text; the chosen stories come as a JSON array
_FAST_ROWS_SQL = f"""
    WITH ids AS (
        SELECT id, 1 AS identity FROM stories
          WHERE feed_id = (SELECT id FROM feeds WHERE url = :feed_url) AND key = :key
        UNION ALL SELECT id, 1 FROM (SELECT id FROM stories WHERE guid = :guid {_RECENT})
        UNION ALL SELECT id, 1 FROM (SELECT id FROM stories WHERE guid = :feed_guid
          AND feed_id = (SELECT id FROM feeds WHERE url = :feed_url) {_RECENT})
        UNION ALL SELECT id, 1 FROM (
          SELECT id FROM stories WHERE url IN ({_URL_PARAMS}) {_RECENT})
        UNION ALL SELECT id, 1 FROM (SELECT id FROM stories WHERE content_hash = :hash {_RECENT})
        UNION ALL SELECT value, 0 FROM json_each(:chosen))
    SELECT s.id, s.cluster_id, s.key, s.guid, s.url, s.title, s.summary, s.language,
           s.content_hash, s.first_seen, s.published, s.topics, s.dated, f.url, f.name,
           s.features, ids.identity
    FROM ids JOIN stories AS s ON s.id = ids.id JOIN feeds AS f ON f.id = s.feed_id"""


def _sqlite_time(moment: datetime) -> str:
    """A time as `schema.UTCDateTime` stores it in SQLite (naive UTC text, sortable)."""
    return moment.astimezone(UTC).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")


@lru_cache(maxsize=65536)
def _from_sqlite_time(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@lru_cache(maxsize=256)
def _topics(text: str | None) -> tuple[str, ...]:
    return tuple(json.loads(text)) if text else ()


def _fast_candidate(row: tuple, shared: int) -> Candidate:
    (story_id, cluster_id, key, guid, url, title, summary, language, content_hash, first_seen,
     published, topics, dated, feed_url, outlet, packed, _) = row
    return Candidate(
        story_id=story_id, cluster_id=cluster_id, feed_url=feed_url, outlet=outlet, key=key,
        guid=guid, url=url, title=title, summary=summary, language=language,
        content_hash=content_hash, first_seen=_from_sqlite_time(first_seen),
        published=_from_sqlite_time(published), topics=_topics(topics), shared_keys=shared,
        dated=bool(dated), packed=packed,
    )
