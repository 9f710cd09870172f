"""The store on real SQLite files: schema, feed state, persistence across reopen, retention."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from monitor.models import Feed, FetchResult, FetchStatus
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
