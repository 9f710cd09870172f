"""The database schema (SQLAlchemy Core tables) and its migrations.

The tables describe the newest schema. A new database is created from them and stamped with
`SCHEMA_VERSION`; an older database is brought forward by the steps in `MIGRATIONS`, each a
function that alters a connection inside the migration transaction. To change the schema: edit
the tables, bump `SCHEMA_VERSION`, and add the step that turns the previous version into it.

Portable SQL only (SQLite now, PostgreSQL later): no SQLite-only column types, times as
timezone-aware UTC via `UTCDateTime`, JSON as text via `JSONText`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
    select,
    text,
    update,
)
from sqlalchemy.engine import Connection
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator):
    """Aware UTC datetimes in, aware UTC datetimes out, whatever the backend stores."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; use aware UTC times")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class JSONText(TypeDecorator):
    """A JSON value stored as text (portable; SQLite has no JSON column type)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect) -> str | None:
        return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)

    def process_result_value(self, value: str | None, dialect) -> Any:
        return None if value is None else json.loads(value)


SCHEMA_VERSION = 7

metadata = MetaData()

schema_version = Table(
    "schema_version", metadata,
    Column("version", Integer, nullable=False),
)

# The feed list's entries and their fetch state. `url` is the identity from the feed list;
# `fetch_url` is where the feed lives now (a permanent redirect moves it).
feeds = Table(
    "feeds", metadata,
    Column("id", Integer, primary_key=True),
    Column("url", String(2048), nullable=False, unique=True),
    Column("fetch_url", String(2048), nullable=False),
    Column("name", String(512), nullable=False),
    Column("language", String(16)),
    Column("interval", Integer, nullable=False),
    Column("enabled", Boolean, nullable=False, default=True),
    Column("in_list", Boolean, nullable=False, default=True),  # False once removed from the list
    Column("added", UTCDateTime, nullable=False),
    # HTTP validators and the hash of the last body parsed
    Column("etag", String(1024)),
    Column("last_modified", String(256)),
    Column("body_hash", String(64)),
    # outcome of the latest fetch
    Column("last_fetch", UTCDateTime),
    Column("last_status", String(32)),
    Column("last_http_status", Integer),
    Column("last_success", UTCDateTime),
    Column("last_error", Text),
    Column("consecutive_failures", Integer, nullable=False, default=0),
    Column("failing_since", UTCDateTime),
    Column("broken", Text),  # reason, when the server says the feed is gone (404/410)
    Column("ttl", Integer),  # seconds, from the feed's <ttl>
    Column("next_poll", UTCDateTime),
    Column("stale_reported", Boolean, nullable=False, default=False),  # admin told it is down
    # what the parser had to repair or leave out in the last body it parsed ("; "-joined;
    # None when nothing): shown in `monitor status`
    Column("parse_warnings", Text),
)

# Every entry ever seen (matched or not, so new rules can be replayed over history).
stories = Table(
    "stories", metadata,
    Column("id", Integer, primary_key=True),
    Column("feed_id", Integer, ForeignKey("feeds.id", ondelete="CASCADE"), nullable=False),
    Column("key", String(2048), nullable=False),
    Column("guid", String(2048)),
    Column("url", String(2048)),
    Column("title", Text, nullable=False),
    Column("summary", Text, nullable=False),
    Column("language", String(16)),
    Column("published", UTCDateTime, nullable=False),
    Column("dated", Boolean, nullable=False, default=True),
    Column("first_seen", UTCDateTime, nullable=False),
    # The last time the entry was seen in its feed: set for every entry of each parsed body,
    # and for the entries of the latest body again when the feed answers 304 or the same
    # body. Retention prunes by it, so an entry still listed is never forgotten (and never
    # alerted again). Nullable only because a column added by ALTER TABLE must be; always set.
    Column("last_seen", UTCDateTime),
    Column("updated", UTCDateTime),  # last time the publisher changed title or summary
    Column("content_hash", String(64), nullable=False),  # normalised title + summary
    Column("cluster_id", Integer, ForeignKey("clusters.id", ondelete="SET NULL")),
    Column("dedupe_kind", String(16), nullable=False),
    Column("duplicate_of", Integer),  # the stored story this one duplicates, if any
    Column("dedupe_score", Float, nullable=False, default=0.0),
    Column("topics", JSONText, nullable=False, default=list),  # topic ids matched
    # dedupe's comparable form of the text (`dedupe.pack_features`): read back when the story
    # is a candidate instead of derived again; NULL (or written by other code): derived again
    Column("features", LargeBinary),
    UniqueConstraint("feed_id", "key", name="uq_stories_feed_key"),
)
Index("ix_stories_guid", stories.c.guid)
Index("ix_stories_url", stories.c.url)
Index("ix_stories_content_hash", stories.c.content_hash)
Index("ix_stories_first_seen", stories.c.first_seen)
Index("ix_stories_published", stories.c.published)
Index("ix_stories_cluster", stories.c.cluster_id)
# Per feed, the entries of its latest body are those with the feed's newest last_seen.
ix_stories_feed_last_seen = Index("ix_stories_feed_last_seen", stories.c.feed_id,
                                  stories.c.last_seen)

# The evidence for each (story, topic) match.
matches = Table(
    "matches", metadata,
    Column("story_id", Integer, ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True),
    Column("topic", String(128), primary_key=True),
    Column("score", Float, nullable=False),
    Column("evidence", JSONText, nullable=False),  # list of Hit fields
)
Index("ix_matches_topic", matches.c.topic)

# A real-world story: the first report and every other outlet's copy or report of it.
clusters = Table(
    "clusters", metadata,
    Column("id", Integer, primary_key=True),
    Column("first_story_id", Integer, nullable=False),
    Column("created", UTCDateTime, nullable=False),
    Column("last_seen", UTCDateTime, nullable=False),
    Column("language", String(16)),
    Column("topics", JSONText, nullable=False, default=list),
)
Index("ix_clusters_last_seen", clusters.c.last_seen)

# Dedupe index: one row per (index key, story) for stories inside the dedupe
# window, so candidates are found by key, never by scanning. Owned by `dedupe` logic.
dedupe_keys = Table(
    "dedupe_keys", metadata,
    Column("key", String(64), nullable=False),
    Column("story_id", Integer, ForeignKey("stories.id", ondelete="CASCADE"), nullable=False),
    Column("seen", UTCDateTime, nullable=False),
)
# (key, seen, story_id): the candidate look-up reads only this index (newest first per key).
Index("ix_dedupe_keys_key", dedupe_keys.c.key, dedupe_keys.c.seen, dedupe_keys.c.story_id)
Index("ix_dedupe_keys_story", dedupe_keys.c.story_id)

# The outbox: every message to send, written in the transaction that records its cause.
# Owned by `store.outbox` (see its docstring for the life of a row).
alerts = Table(
    "alerts", metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(16), nullable=False, default="alert"),  # alert | summary | notice
    Column("cluster_id", Integer, ForeignKey("clusters.id", ondelete="SET NULL")),
    Column("story_id", Integer, ForeignKey("stories.id", ondelete="SET NULL")),
    Column("topics", JSONText, nullable=False, default=list),
    Column("chat_id", String(64), nullable=False),
    Column("text", Text, nullable=False),  # Telegram HTML as rendered, without the "also:" line
    Column("status", String(16), nullable=False),  # pending | sending | sent | failed | collapsed
    Column("created", UTCDateTime, nullable=False),
    # pending: not before this; sending: the claim's lease expires then; sent with
    # edit_pending: the edit is due then
    Column("next_attempt", UTCDateTime, nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("last_error", Text),
    Column("message_id", Integer),
    Column("sent_at", UTCDateTime),
    Column("sent_text", Text),  # exactly what Telegram shows now (after the latest edit)
    Column("edit_pending", Boolean, nullable=False, default=False),  # text changed since sent
    Column("edits", Integer, nullable=False, default=0),
    Column("edited_at", UTCDateTime),  # the latest edit Telegram accepted (rate seeding)
    # transient failures of the pending edit in a row (its backoff, kept across restarts)
    Column("edit_failures", Integer, nullable=False, default=0, server_default="0"),
    Column("collapsed_into", Integer, ForeignKey("alerts.id", ondelete="SET NULL")),  # summary
    Column("dedupe_key", String(256)),  # unique per logical message (e.g. cluster:chat)
    UniqueConstraint("dedupe_key", name="uq_alerts_dedupe_key"),
)
Index("ix_alerts_status_next", alerts.c.status, alerts.c.next_attempt)
Index("ix_alerts_chat_status", alerts.c.chat_id, alerts.c.status)
Index("ix_alerts_edit_next", alerts.c.edit_pending, alerts.c.next_attempt)
Index("ix_alerts_cluster", alerts.c.cluster_id)
Index("ix_alerts_created", alerts.c.created)


# When periodic housekeeping (pruning) last ran, so every command that polls can do it at
# most once per period, whichever process comes first.
housekeeping = Table(
    "housekeeping", metadata,
    Column("task", String(64), primary_key=True),
    Column("last_run", UTCDateTime, nullable=False),
)


Migration = Callable[[Connection], None]


def _v1_to_v2(conn: Connection) -> None:
    """stories.last_seen and the housekeeping table.

    Version 1 never recorded when an entry was last seen in its feed. Every story of a feed is
    given the feed's newest first_seen, so all of them count as "in the latest body" until the
    feed is next parsed (then only the entries still listed keep up): nothing still in a feed
    is pruned because of the upgrade; what is gone is pruned after the next parse."""
    column_type = stories.c.last_seen.type.compile(dialect=conn.dialect)
    conn.execute(text(f"ALTER TABLE stories ADD COLUMN last_seen {column_type}"))
    newest = stories.alias("newest")
    conn.execute(update(stories).values(last_seen=select(func.max(newest.c.first_seen))
                                        .where(newest.c.feed_id == stories.c.feed_id)
                                        .scalar_subquery()))
    ix_stories_feed_last_seen.create(conn)
    housekeeping.create(conn)


def _v2_to_v3(conn: Connection) -> None:
    """stories.features: empty for the stories already stored (dedupe derives theirs again)."""
    conn.execute(text("ALTER TABLE stories ADD COLUMN features TEXT"))


def _v3_to_v4(conn: Connection) -> None:
    """feeds.parse_warnings: empty until each feed's next parsed body."""
    conn.execute(text("ALTER TABLE feeds ADD COLUMN parse_warnings TEXT"))


def _v4_to_v5(conn: Connection) -> None:
    """alerts.edited_at: unknown for edits made before (they are older than any rate window
    by the time the upgraded program sends again, or count as not made)."""
    column_type = alerts.c.edited_at.type.compile(dialect=conn.dialect)
    conn.execute(text(f"ALTER TABLE alerts ADD COLUMN edited_at {column_type}"))


def _v5_to_v6(conn: Connection) -> None:
    """alerts.edit_failures: 0 for every row (an edit failing at the upgrade starts its backoff
    again, as it did at every restart before)."""
    conn.execute(text("ALTER TABLE alerts ADD COLUMN edit_failures INTEGER NOT NULL DEFAULT 0"))


def _v6_to_v7(conn: Connection) -> None:
    """stories.features as binary (`dedupe.pack_features` writes marshal bytes, no longer
    JSON text): the column is made again, empty, so dedupe derives the features of the stories
    already stored again, as it did for every story of another code version. (DROP COLUMN needs
    SQLite 3.35, from 2021.)"""
    column_type = stories.c.features.type.compile(dialect=conn.dialect)
    conn.execute(text("ALTER TABLE stories DROP COLUMN features"))
    conn.execute(text(f"ALTER TABLE stories ADD COLUMN features {column_type}"))


# MIGRATIONS[n] turns version n into version n + 1.
MIGRATIONS: dict[int, Migration] = {1: _v1_to_v2, 2: _v2_to_v3, 3: _v3_to_v4, 4: _v4_to_v5,
                                    5: _v5_to_v6, 6: _v6_to_v7}
