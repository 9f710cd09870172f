"""The store on real SQLite files: schema, feed state, persistence across reopen, retention."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event

from monitor.models import (
    AlertDraft,
    DedupeDecision,
    DedupeKind,
    Feed,
    FetchResult,
    FetchStatus,
    Story,
    StoryRecord,
)
from monitor.store import Store, StoreError, schema

T0 = datetime(2025, 10, 17, 12, 0, tzinfo=UTC)
FEED = Feed(url="http://127.0.0.1/feed.xml", name="Example", language="de", interval=300)


@pytest.fixture
def db(tmp_path):
    return tmp_path / "monitor.sqlite"


@pytest.fixture
def store(db):
    with Store.open(db, clock=lambda: T0) as store:
        store.sync_feeds([FEED])
        yield store


def result(status, **kw):
    return FetchResult(feed=FEED, status=status, fetched_at=kw.pop("at", T0), **kw)


def test_new_database_is_wal_and_versioned(db):
    Store.open(db).close()
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("SELECT version FROM schema_version").fetchone()[0] == schema.SCHEMA_VERSION


def test_newer_schema_is_refused(db):
    Store.open(db).close()
    conn = sqlite3.connect(db)
    conn.execute("UPDATE schema_version SET version = 999")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer than this program"):
        Store.open(db)


def test_migrations_run_in_order(db, monkeypatch):
    Store.open(db).close()
    conn = sqlite3.connect(db)
    conn.execute("UPDATE schema_version SET version = ?", (schema.SCHEMA_VERSION - 1,))
    conn.commit()
    conn.close()
    ran = []
    monkeypatch.setitem(schema.MIGRATIONS, schema.SCHEMA_VERSION - 1, lambda c: ran.append(1))
    with Store.open(db) as store:
        assert store.schema_version() == schema.SCHEMA_VERSION
    assert ran == [1]


def test_garbage_file_is_a_clear_error(db):
    db.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="cannot open database"):
        Store.open(db)


def test_sync_feeds_keeps_state_and_marks_removed(store):
    store.record_fetch(result(FetchStatus.OK, etag='"v1"', body_hash="h1"), next_poll=T0)
    renamed = Feed(url=FEED.url, name="Renamed", interval=600)
    other = Feed(url="http://127.0.0.1/other.xml", name="Other")
    store.sync_feeds([renamed, other])
    states = store.feed_states()
    assert states[FEED.url].name == "Renamed"
    assert states[FEED.url].etag == '"v1"'
    store.sync_feeds([other])
    assert list(store.feed_states()) == [other.url]
    assert FEED.url in store.feed_states(listed_only=False)


@pytest.mark.parametrize(
    ("outcomes", "expected"),
    [
        pytest.param(
            [result(FetchStatus.OK, etag='"a"', last_modified="Fri", body_hash="h")],
            {"etag": '"a"', "last_modified": "Fri", "body_hash": "h", "consecutive_failures": 0,
             "last_success": T0, "last_error": None},
            id="ok-stores-validators",
        ),
        pytest.param(
            [result(FetchStatus.OK, etag='"a"', body_hash="h"),
             result(FetchStatus.NOT_MODIFIED, at=T0 + timedelta(minutes=5))],
            {"etag": '"a"', "body_hash": "h", "last_success": T0 + timedelta(minutes=5)},
            id="304-keeps-validators",
        ),
        pytest.param(
            [result(FetchStatus.ERROR, error="HTTP 500", at=T0),
             result(FetchStatus.ERROR, error="timeout", at=T0 + timedelta(minutes=5))],
            {"consecutive_failures": 2, "failing_since": T0, "last_error": "timeout",
             "broken": None, "last_success": None},
            id="errors-count-up",
        ),
        pytest.param(
            [result(FetchStatus.GONE, error="HTTP 410 Gone")],
            {"broken": "HTTP 410 Gone", "consecutive_failures": 1},
            id="gone-marks-broken",
        ),
        pytest.param(
            [result(FetchStatus.GONE, error="HTTP 404 Not Found"),
             result(FetchStatus.OK, body_hash="h", at=T0 + timedelta(hours=1))],
            {"broken": None, "consecutive_failures": 0, "failing_since": None},
            id="recovery-clears-failure",
        ),
        pytest.param(
            [result(FetchStatus.OK, body_hash="h", permanent_url="http://127.0.0.1/new.xml")],
            {"fetch_url": "http://127.0.0.1/new.xml", "url": FEED.url},
            id="permanent-redirect-moves-fetch-url",
        ),
    ],
)
def test_record_fetch(store, outcomes, expected):
    for outcome in outcomes:
        store.record_fetch(outcome, next_poll=outcome.fetched_at + timedelta(minutes=5))
    state = store.feed_state(FEED.url)
    for name, value in expected.items():
        assert getattr(state, name) == value, name


def test_parse_error_counts_as_failure_and_keeps_old_validators(store):
    store.record_fetch(result(FetchStatus.OK, etag='"good"', body_hash="good"), next_poll=T0)
    recorded = store.record_fetch(result(FetchStatus.OK, etag='"bad"', body_hash="bad"),
                                  next_poll=T0, parse_error="no entries: HTML page")
    assert recorded.before.consecutive_failures == 0
    assert recorded.after.consecutive_failures == 1
    assert recorded.after.last_error == "no entries: HTML page"
    assert recorded.after.body_hash == "good"  # the broken body is parsed again next time


def test_due_feeds(store):
    assert store.due_feeds(T0) == [FEED.url]  # never polled
    store.record_fetch(result(FetchStatus.OK), next_poll=T0 + timedelta(minutes=5))
    assert store.due_feeds(T0 + timedelta(minutes=4)) == []
    assert store.due_feeds(T0 + timedelta(minutes=5)) == [FEED.url]
    store.sync_feeds([Feed(url=FEED.url, name="x", enabled=False)])
    assert store.due_feeds(T0 + timedelta(days=1)) == []


def test_state_survives_reopen_in_a_new_process(db):
    with Store.open(db) as store:
        store.sync_feeds([FEED])
        store.record_fetch(result(FetchStatus.OK, etag='"e"', body_hash="b"), next_poll=T0)
    import subprocess
    import sys
    code = (
        "from monitor.store import Store; import sys;"
        f"s = Store.open({str(db)!r}); st = s.feed_state({FEED.url!r});"
        "print(st.etag, st.body_hash, st.next_poll.isoformat())"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ['"e"', "b", T0.isoformat()]


def test_report_times_are_aware(store):
    store.record_fetch(result(FetchStatus.OK, body_hash="h"), next_poll=T0)
    assert store.last_fetch() == T0
    assert store.oldest_pending() is None
    assert store.outbox_counts() == {}


# --- retention: last_seen, pruning, the v1 -> v2 migration ----------------------------------

DAY = timedelta(days=1)
GONE = Feed(url="http://127.0.0.1/gone.xml", name="Removed from the list")


def record(store: Store, key: str, *, at: datetime, feed: Feed = FEED,
           alert_chat: str | None = None) -> int:
    """Store one story first seen (and published) at `at`, with an alert when `alert_chat`."""
    story = Story(feed_url=feed.url, outlet=feed.name, key=key, title=f"Title {key}",
                  summary=f"Summary {key}", published=at)
    drafts = (AlertDraft(chat_id=alert_chat, topics=("t",), text=f"alert {key}"),
              ) if alert_chat else ()
    recorded = store.record_story(feed.url, StoryRecord(
        story=story, content_hash=f"hash-{key}", decision=DedupeDecision(DedupeKind.NEW),
        alerts=drafts), now=at)
    return recorded.story_id


def rows(db, query: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(query).fetchall()
    finally:
        conn.close()


def last_seen(db, key: str) -> datetime:
    (value,), = rows(db, f"SELECT last_seen FROM stories WHERE key = '{key}'")
    return datetime.fromisoformat(value).replace(tzinfo=UTC)


@pytest.fixture
def pruned(db):
    """A store 40 days into its life (retention 30 days), pruned once: what is left.

    Feed FEED listed `listed-old` and `gone-old` on day 0; from day 1 on its body lists only
    `listed-old` (parsed on day 1 and 26, then 304 Not Modified up to day 39). `gone-recent`
    was listed on day 25 only, `pending-old` on day 0 only with an alert never sent (Telegram
    down). Feed GONE, removed from the list since, listed `unlisted-old` on day 0."""
    with Store.open(db, clock=lambda: T0) as store:
        store.sync_feeds([FEED, GONE])
        ids = {key: record(store, key, at=T0) for key in ("listed-old", "gone-old")}
        ids["pending-old"] = record(store, "pending-old", at=T0, alert_chat="-100")
        ids["alerted-gone"] = record(store, "alerted-gone", at=T0, alert_chat="-100")
        ids["unlisted-old"] = record(store, "unlisted-old", at=T0, feed=GONE)
        store.queue_notice("-200", "feed X is down", now=T0)
        store.record_fetch(result(FetchStatus.OK, at=T0 + DAY), next_poll=T0 + DAY,
                           seen_ids=[ids["listed-old"]], seen_at=T0 + DAY)
        ids["gone-recent"] = record(store, "gone-recent", at=T0 + 25 * DAY)
        store.record_fetch(result(FetchStatus.OK, at=T0 + 26 * DAY), next_poll=T0,
                           seen_ids=[ids["listed-old"]], seen_at=T0 + 26 * DAY)
        for day in range(27, 40):
            store.record_fetch(result(FetchStatus.NOT_MODIFIED, at=T0 + day * DAY),
                               next_poll=T0, seen_at=T0 + day * DAY)
        store.sync_feeds([FEED])
        conn = sqlite3.connect(db)
        with conn:  # the alert of `alerted-gone` and the notice were sent long ago
            conn.execute("UPDATE alerts SET status = 'sent' WHERE chat_id = '-200' OR "
                         f"story_id = {ids['alerted-gone']}")
        conn.close()
        removed = store.prune(now=T0 + 40 * DAY)
    keys = {key for (key,) in rows(db, "SELECT key FROM stories")}
    alerts = {(chat, status) for chat, status in rows(db, "SELECT chat_id, status FROM alerts")}
    return removed, keys, alerts


@pytest.mark.parametrize(
    ("key", "kept"),
    [
        pytest.param("listed-old", True, id="still-listed-kept-however-old"),
        pytest.param("gone-old", False, id="gone-from-feed-past-retention-removed"),
        pytest.param("gone-recent", True, id="gone-from-feed-within-retention-kept"),
        pytest.param("pending-old", True, id="alert-still-pending-kept"),
        pytest.param("alerted-gone", False, id="alert-sent-long-ago-removed"),
        pytest.param("unlisted-old", False, id="feed-no-longer-listed-by-age"),
    ],
)
def test_prune_forgets_only_what_its_feed_no_longer_lists(pruned, key, kept):
    removed, keys, _ = pruned
    assert (key in keys) is kept
    assert removed == 3


def test_prune_keeps_pending_alerts_and_drops_old_sent_rows(pruned):
    _, _, alerts = pruned
    assert alerts == {("-100", "pending")}  # the sent alert and the sent notice are gone


@pytest.mark.parametrize(
    ("outcome", "seen_at", "expected"),
    [
        pytest.param(FetchStatus.NOT_MODIFIED, T0 + DAY, {"a": T0 + DAY, "b": T0 + DAY,
                                                          "old": T0 - DAY},
                     id="304-marks-the-latest-body-seen"),
        pytest.param(FetchStatus.UNCHANGED, T0 + DAY, {"a": T0 + DAY, "b": T0 + DAY,
                                                       "old": T0 - DAY},
                     id="same-body-marks-the-latest-body-seen"),
        pytest.param(FetchStatus.ERROR, T0 + DAY, {"a": T0, "b": T0, "old": T0 - DAY},
                     id="failure-marks-nothing"),
        pytest.param(FetchStatus.NOT_MODIFIED, T0 - 2 * DAY,
                     {"a": T0, "b": T0, "old": T0 - DAY}, id="never-backwards"),
    ],
)
def test_record_fetch_marks_entries_seen(store, db, outcome, seen_at, expected):
    old = record(store, "old", at=T0 - DAY)
    ids = [record(store, key, at=T0) for key in ("a", "b")]
    store.record_fetch(result(FetchStatus.OK, at=T0 - DAY), next_poll=T0, seen_ids=[old],
                       seen_at=T0 - DAY)
    store.record_fetch(result(FetchStatus.OK, at=T0), next_poll=T0, seen_ids=ids, seen_at=T0)
    store.record_fetch(result(outcome, at=seen_at, error="HTTP 500"
                              if outcome is FetchStatus.ERROR else None),
                       next_poll=T0, seen_at=seen_at)
    assert {key: last_seen(db, key) for key in expected} == expected


def test_prune_runs_once_per_period_whoever_asks(db):
    with Store.open(db) as one, Store.open(db) as other:
        assert one.claim_run("prune", now=T0, unless_since=T0 - timedelta(hours=1))
        later = T0 + timedelta(minutes=59)
        assert not other.claim_run("prune", now=later, unless_since=later - timedelta(hours=1))
        later = T0 + timedelta(minutes=61)
        assert other.claim_run("prune", now=later, unless_since=later - timedelta(hours=1))


# The schema of a version-1 database exactly as monitor 0.1 created it (sqlite_master).
V1_SCHEMA = """
CREATE TABLE schema_version (version INTEGER NOT NULL);
CREATE TABLE feeds (
    id INTEGER NOT NULL, url VARCHAR(2048) NOT NULL, fetch_url VARCHAR(2048) NOT NULL,
    name VARCHAR(512) NOT NULL, language VARCHAR(16), interval INTEGER NOT NULL,
    enabled BOOLEAN NOT NULL, in_list BOOLEAN NOT NULL, added DATETIME NOT NULL,
    etag VARCHAR(1024), last_modified VARCHAR(256), body_hash VARCHAR(64),
    last_fetch DATETIME, last_status VARCHAR(32), last_http_status INTEGER,
    last_success DATETIME, last_error TEXT, consecutive_failures INTEGER NOT NULL,
    failing_since DATETIME, broken TEXT, ttl INTEGER, next_poll DATETIME,
    stale_reported BOOLEAN NOT NULL, PRIMARY KEY (id), UNIQUE (url));
CREATE TABLE clusters (
    id INTEGER NOT NULL, first_story_id INTEGER NOT NULL, created DATETIME NOT NULL,
    last_seen DATETIME NOT NULL, language VARCHAR(16), topics TEXT NOT NULL, PRIMARY KEY (id));
CREATE INDEX ix_clusters_last_seen ON clusters (last_seen);
CREATE TABLE stories (
    id INTEGER NOT NULL, feed_id INTEGER NOT NULL, "key" VARCHAR(2048) NOT NULL,
    guid VARCHAR(2048), url VARCHAR(2048), title TEXT NOT NULL, summary TEXT NOT NULL,
    language VARCHAR(16), published DATETIME NOT NULL, dated BOOLEAN NOT NULL,
    first_seen DATETIME NOT NULL, updated DATETIME, content_hash VARCHAR(64) NOT NULL,
    cluster_id INTEGER, dedupe_kind VARCHAR(16) NOT NULL, duplicate_of INTEGER,
    dedupe_score FLOAT NOT NULL, topics TEXT NOT NULL, PRIMARY KEY (id),
    CONSTRAINT uq_stories_feed_key UNIQUE (feed_id, "key"),
    FOREIGN KEY(feed_id) REFERENCES feeds (id) ON DELETE CASCADE,
    FOREIGN KEY(cluster_id) REFERENCES clusters (id) ON DELETE SET NULL);
CREATE INDEX ix_stories_content_hash ON stories (content_hash);
CREATE INDEX ix_stories_published ON stories (published);
CREATE INDEX ix_stories_guid ON stories (guid);
CREATE INDEX ix_stories_url ON stories (url);
CREATE INDEX ix_stories_first_seen ON stories (first_seen);
CREATE INDEX ix_stories_cluster ON stories (cluster_id);
CREATE TABLE matches (
    story_id INTEGER NOT NULL, topic VARCHAR(128) NOT NULL, score FLOAT NOT NULL,
    evidence TEXT NOT NULL, PRIMARY KEY (story_id, topic),
    FOREIGN KEY(story_id) REFERENCES stories (id) ON DELETE CASCADE);
CREATE INDEX ix_matches_topic ON matches (topic);
CREATE TABLE dedupe_keys (
    "key" VARCHAR(64) NOT NULL, story_id INTEGER NOT NULL, seen DATETIME NOT NULL,
    FOREIGN KEY(story_id) REFERENCES stories (id) ON DELETE CASCADE);
CREATE INDEX ix_dedupe_keys_key ON dedupe_keys ("key", seen, story_id);
CREATE INDEX ix_dedupe_keys_story ON dedupe_keys (story_id);
CREATE TABLE alerts (
    id INTEGER NOT NULL, kind VARCHAR(16) NOT NULL, cluster_id INTEGER, story_id INTEGER,
    topics TEXT NOT NULL, chat_id VARCHAR(64) NOT NULL, text TEXT NOT NULL,
    status VARCHAR(16) NOT NULL, created DATETIME NOT NULL, next_attempt DATETIME NOT NULL,
    attempts INTEGER NOT NULL, last_error TEXT, message_id INTEGER, sent_at DATETIME,
    sent_text TEXT, edit_pending BOOLEAN NOT NULL, edits INTEGER NOT NULL,
    collapsed_into INTEGER, dedupe_key VARCHAR(256), PRIMARY KEY (id),
    CONSTRAINT uq_alerts_dedupe_key UNIQUE (dedupe_key),
    FOREIGN KEY(cluster_id) REFERENCES clusters (id) ON DELETE SET NULL,
    FOREIGN KEY(story_id) REFERENCES stories (id) ON DELETE SET NULL,
    FOREIGN KEY(collapsed_into) REFERENCES alerts (id) ON DELETE SET NULL);
CREATE INDEX ix_alerts_chat_status ON alerts (chat_id, status);
CREATE INDEX ix_alerts_cluster ON alerts (cluster_id);
CREATE INDEX ix_alerts_edit_next ON alerts (edit_pending, next_attempt);
CREATE INDEX ix_alerts_status_next ON alerts (status, next_attempt);
CREATE INDEX ix_alerts_created ON alerts (created);
INSERT INTO schema_version VALUES (1);
INSERT INTO feeds VALUES (1, 'http://127.0.0.1/feed.xml', 'http://127.0.0.1/feed.xml',
    'Example', 'de', 300, 1, 1, '2025-09-01 00:00:00.000000', NULL, NULL, NULL, NULL, NULL,
    NULL, NULL, NULL, 0, NULL, NULL, NULL, NULL, 0);
INSERT INTO clusters VALUES (1, 1, '2025-09-01 10:00:00.000000', '2025-09-01 10:00:00.000000',
    'de', '[]');
INSERT INTO clusters VALUES (2, 2, '2025-09-05 10:00:00.000000', '2025-09-05 10:00:00.000000',
    'de', '[]');
INSERT INTO stories VALUES (1, 1, 'k1', NULL, NULL, 'First', 's', 'de',
    '2025-09-01 09:00:00.000000', 1, '2025-09-01 10:00:00.000000', NULL, 'h1', 1, 'new', NULL,
    0.0, '[]');
INSERT INTO stories VALUES (2, 1, 'k2', NULL, NULL, 'Second', 's', 'de',
    '2025-09-05 09:00:00.000000', 1, '2025-09-05 10:00:00.000000', NULL, 'h2', 2, 'new', NULL,
    0.0, '[]');
"""


def test_a_version_1_database_is_upgraded_in_place(db):
    conn = sqlite3.connect(db)
    conn.executescript(V1_SCHEMA)
    conn.close()
    with Store.open(db) as store:
        assert store.schema_version() == 7  # v2 last_seen, v3 features, v4 parse warnings,
        # v5 edited_at, v6 edit_failures, v7 features as binary
        assert {s.key for s in store.stories()} == {"k1", "k2"}
        # Every story of a feed counts as listed in its latest body (the newest first_seen),
        # so the upgrade itself prunes nothing still in a feed ...
        assert store.prune(now=datetime(2025, 12, 1, tzinfo=UTC)) == 0
        assert {s.key: s.last_seen for s in store.stories()} == {
            "k1": datetime(2025, 9, 5, 10, tzinfo=UTC), "k2": datetime(2025, 9, 5, 10, tzinfo=UTC)}
        # ... and from the next fetch on, what the feed no longer lists ages out.
        store.record_fetch(FetchResult(feed=FEED, status=FetchStatus.OK,
                                       fetched_at=datetime(2025, 11, 30, tzinfo=UTC)),
                           next_poll=T0, seen_ids=[2], seen_at=datetime(2025, 11, 30, tzinfo=UTC))
        assert store.prune(now=datetime(2025, 12, 1, tzinfo=UTC)) == 1
        assert [s.key for s in store.stories()] == ["k2"]
        assert store.claim_run("prune", now=T0, unless_since=T0)  # the new table is there
    fresh = sqlite3.connect(db.parent / "fresh.sqlite")
    Store.open(db.parent / "fresh.sqlite").close()
    for table in ("stories", "feeds", "alerts"):
        columns = {row[1] for row in fresh.execute(f"PRAGMA table_info({table})")}
        assert columns == {row[1] for row in rows(db, f"PRAGMA table_info({table})")}, table
    indexes = {row[1] for row in fresh.execute("PRAGMA index_list(stories)")}
    assert indexes == {row[1] for row in rows(db, "PRAGMA index_list(stories)")}
    fresh.close()


@pytest.mark.parametrize(
    ("published", "dated", "first_seen", "in_window"),
    [
        pytest.param(T0 - timedelta(hours=2), True, T0, True, id="dated-recent"),
        pytest.param(T0 - 20 * DAY, True, T0, False, id="dated-weeks-old-first-seen-now"),
        pytest.param(T0 - timedelta(hours=2), True, T0 + 3 * DAY, True,
                     id="dated-recent-seen-later"),
        pytest.param(T0 - 20 * DAY, False, T0, True, id="undated-by-first-seen"),
        pytest.param(T0, False, T0 - 2 * DAY, False, id="undated-seen-long-ago"),
    ],
)
def test_stories_window_is_by_publication_time(store, published, dated, first_seen, in_window):
    """`stories(since=...)` (the digest's window): a dated story by when it was published,
    an undated one by when it was first seen."""
    story = Story(feed_url=FEED.url, outlet=FEED.name, key="k", title="T", summary="S",
                  published=published, dated=dated)
    store.record_story(FEED.url, StoryRecord(story=story, content_hash="h",
                                             decision=DedupeDecision(DedupeKind.NEW)),
                       now=first_seen)
    found = store.stories(since=T0 - DAY)
    assert [s.key for s in found] == (["k"] if in_window else [])


# --- durability: which commits are synced to disk ----------------------------------------------

def test_only_story_commits_skip_the_disk_sync(store):
    """A story's commit is not synced on its own (SQLite synchronous=NORMAL: it survives a crash
    of the process, and reaches the disk with the next synced commit); the feed's fetch record
    that follows its stories, and every outbox step -- a queued notice, the claim before a send,
    the sent mark -- are synced (FULL), one pooled connection switching back and forth."""
    levels: list[tuple[str, int]] = []
    doing = {"now": ""}

    @event.listens_for(store._engine, "commit")
    def _level_at_commit(conn) -> None:
        if conn.get_execution_options().get("sqlite_begin") != "IMMEDIATE":
            return  # a read-only transaction: nothing to sync
        (level,), = conn.connection.driver_connection.execute("PRAGMA synchronous").fetchall()
        levels.append((doing["now"], level))

    steps = [
        ("story", lambda: record(store, "a", at=T0, alert_chat="-100")),
        ("fetch", lambda: store.record_fetch(result(FetchStatus.OK, http_status=200),
                                             next_poll=T0 + DAY)),
        ("notice", lambda: store.queue_notice("-200", "feed X is down", now=T0)),
        ("story again", lambda: record(store, "b", at=T0)),
        ("claim", lambda: store.claim(store.due_heads(T0, chats=["-100"])[0].id, now=T0,
                                      lease=timedelta(minutes=1))),
        ("sent", lambda: store.mark_sent(store.due_heads(T0 + DAY)[0].id, message_id=7,
                                         text="alert a", now=T0)),
    ]
    for name, step in steps:
        doing["now"] = name
        step()
    normal, full = 1, 2
    assert levels == [("story", normal), ("fetch", full), ("notice", full),
                      ("story again", normal), ("claim", full), ("sent", full)]
