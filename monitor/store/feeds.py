"""Store mixin: the feed list's entries and their fetch state.

`sync_feeds` mirrors the feed list into the `feeds` table (keeping fetch state across restarts
and list edits); `record_fetch` writes one fetch's outcome; `due_feeds` says which feeds the
scheduler may poll now. What the next poll time should be is decided by `monitor.schedule`, not
here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, insert, or_, select, update
from sqlalchemy.engine import Connection, RowMapping

from monitor.models import Feed, FeedState, FetchResult, FetchStatus
from monitor.store import schema

_f, _s = schema.feeds, schema.stories
_STATE_COLUMNS = (
    _f.c.url, _f.c.fetch_url, _f.c.name, _f.c.etag, _f.c.last_modified, _f.c.body_hash,
    _f.c.last_fetch, _f.c.last_status, _f.c.last_success, _f.c.last_error,
    _f.c.consecutive_failures, _f.c.failing_since, _f.c.broken, _f.c.ttl, _f.c.next_poll,
    _f.c.stale_reported, _f.c.parse_warnings,
)


WARNINGS_KEPT = 500  # characters of a body's parse warnings kept for `monitor status`


class UnknownFeed(LookupError):
    """A feed URL the store has never been told about (call `sync_feeds` first)."""


@dataclass(frozen=True, slots=True)
class FetchRecorded:
    """A fetch's outcome as stored, with the state before it (to notice failures and recoveries)."""

    before: FeedState
    after: FeedState


def _state(row: RowMapping) -> FeedState:
    return FeedState(**{c.name: row[c.name] for c in _STATE_COLUMNS})


class FeedStore:
    """Feed rows and their fetch state."""

    def sync_feeds(self, feeds: Iterable[Feed]) -> None:
        """Make the `feeds` table mirror the feed list: add new feeds, update names, languages,
        intervals and enabled flags, and mark feeds no longer listed. Fetch state is kept."""
        now = self.clock()
        listed = {feed.url: feed for feed in feeds}
        with self._write() as conn:
            existing = {row.url: row.id for row in conn.execute(select(_f.c.url, _f.c.id))}
            for url, feed in listed.items():
                values = {"name": feed.name, "language": feed.language, "interval": feed.interval,
                          "enabled": feed.enabled, "in_list": True}
                if url in existing:
                    conn.execute(update(_f).where(_f.c.id == existing[url]).values(**values))
                else:
                    conn.execute(insert(_f).values(url=url, fetch_url=url, added=now, **values))
            gone = [url for url in existing if url not in listed]
            if gone:
                conn.execute(update(_f).where(_f.c.url.in_(gone)).values(in_list=False))

    def feed_state(self, url: str) -> FeedState | None:
        with self._read() as conn:
            row = conn.execute(select(*_STATE_COLUMNS).where(_f.c.url == url)).mappings().first()
        return _state(row) if row else None

    def feed_states(self, *, listed_only: bool = True) -> dict[str, FeedState]:
        query = select(*_STATE_COLUMNS)
        if listed_only:
            query = query.where(_f.c.in_list.is_(True))
        with self._read() as conn:
            return {row["url"]: _state(row) for row in conn.execute(query).mappings()}

    def due_feeds(self, now: datetime) -> list[str]:
        """URLs of listed, enabled feeds whose next poll time has come (or was never set)."""
        query = select(_f.c.url).where(
            _f.c.in_list.is_(True), _f.c.enabled.is_(True),
            or_(_f.c.next_poll.is_(None), _f.c.next_poll <= now),
        ).order_by(_f.c.next_poll)
        with self._read() as conn:
            return list(conn.execute(query).scalars())

    def record_fetch(self, result: FetchResult, *, next_poll: datetime, ttl: int | None = None,
                     parse_error: str | None = None, seen_ids: Sequence[int] = (),
                     seen_at: datetime | None = None,
                     parse_warnings: Sequence[str] | None = None) -> FetchRecorded:
        """Store one fetch's outcome. A body that parsed to nothing (`parse_error`) counts as a
        failure, and its validators are not kept, so the next fetch parses again. A parsed
        body's `parse_warnings` (what the parser repaired) replace the last ones; a 304 or the
        same body keeps them.

        In the same transaction, the feed's entries are marked seen at `seen_at` (default: the
        fetch time): the stories `seen_ids` (every entry of the body just parsed), or, when the
        feed answered 304 or the very same body, the entries of its latest parsed body (those
        with the feed's newest `last_seen`). Retention prunes by that time."""
        url = result.feed.url
        seen_at = seen_at or result.fetched_at
        with self._write() as conn:
            row = self._feed_row(conn, url)
            before = _state(row)
            values = _fetch_values(result, before, parse_error=parse_error, ttl=ttl)
            values["next_poll"] = next_poll
            if parse_warnings is not None and result.status is FetchStatus.OK:
                text = "; ".join(parse_warnings)
                values["parse_warnings"] = (text if len(text) <= WARNINGS_KEPT
                                            else text[:WARNINGS_KEPT - 1] + "…") or None
            conn.execute(update(_f).where(_f.c.url == url).values(**values))
            after = _state(self._feed_row(conn, url))
            if seen_ids:
                _mark_seen(conn, list(dict.fromkeys(seen_ids)), seen_at)
            elif result.status in (FetchStatus.NOT_MODIFIED, FetchStatus.UNCHANGED):
                _mark_latest_seen(conn, self._feed_id(conn, url), seen_at)
        return FetchRecorded(before=before, after=after)

    def set_stale_reported(self, url: str, reported: bool) -> None:
        """Remember whether the operator was told this feed is down (so it is told once)."""
        with self._write() as conn:
            conn.execute(update(_f).where(_f.c.url == url).values(stale_reported=reported))

    def _feed_row(self, conn: Connection, url: str) -> RowMapping:
        row = conn.execute(select(*_STATE_COLUMNS).where(_f.c.url == url)).mappings().first()
        if row is None:
            raise UnknownFeed(url)
        return row

    def _feed_id(self, conn: Connection, url: str) -> int:
        feed_id = conn.execute(select(_f.c.id).where(_f.c.url == url)).scalar()
        if feed_id is None:
            raise UnknownFeed(url)
        return feed_id


def _mark_seen(conn: Connection, story_ids: list[int], seen_at: datetime) -> None:
    for start in range(0, len(story_ids), 500):
        chunk = story_ids[start:start + 500]
        conn.execute(update(_s).where(_s.c.id.in_(chunk)).values(last_seen=seen_at))


def _mark_latest_seen(conn: Connection, feed_id: int, seen_at: datetime) -> None:
    """The feed's body did not change: its entries (all last seen at the feed's newest
    last_seen) are still listed. Only ever moves forward."""
    latest = conn.execute(select(func.max(_s.c.last_seen)).where(_s.c.feed_id == feed_id)).scalar()
    if latest is not None and latest < seen_at:
        conn.execute(update(_s).where(_s.c.feed_id == feed_id, _s.c.last_seen == latest)
                     .values(last_seen=seen_at))


def _fetch_values(result: FetchResult, before: FeedState, *, parse_error: str | None,
                  ttl: int | None) -> dict:
    """The column updates one fetch outcome implies."""
    now = result.fetched_at
    values: dict = {"last_fetch": now, "last_status": str(result.status),
                    "last_http_status": result.http_status}
    if result.permanent_url:
        values["fetch_url"] = result.permanent_url
    error = result.error if result.failed else parse_error
    if error:
        values.update(
            last_error=error,
            consecutive_failures=before.consecutive_failures + 1,
            failing_since=before.failing_since or now,
            broken=error if result.status is FetchStatus.GONE else None,
        )
        return values
    values.update(last_success=now, last_error=None, consecutive_failures=0,
                  failing_since=None, broken=None)
    if result.etag or result.status is FetchStatus.OK:
        values["etag"] = result.etag
    if result.last_modified or result.status is FetchStatus.OK:
        values["last_modified"] = result.last_modified
    if result.status is FetchStatus.OK:
        values["body_hash"] = result.body_hash
        if ttl is not None:
            values["ttl"] = ttl
    return values
