"""The store: the only place that speaks SQL.

SQLAlchemy Core over SQLite (WAL mode, a busy timeout, `BEGIN IMMEDIATE` for every
read-then-write transaction), so that a PostgreSQL backend is a small step: the tables in
`schema` are portable and nothing here builds SQL strings by hand except SQLite pragmas.

`Store` is assembled from one mixin per concern, each in its own module:
`feeds` (feed list and fetch state), `stories` (stories, matches, clusters), `dedupe`
(candidate lookup), `outbox` (alerts to send), `report` (read-only figures). They share the
engine and the transaction helpers defined here. Nothing in this package decides anything:
what to store comes from the pipeline's pure stages.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from urllib.request import pathname2url

from sqlalchemy import Engine, create_engine, delete, event, func, insert, or_, select, update
from sqlalchemy.engine import Connection, make_url

from monitor.models import utcnow
from monitor.store import schema
from monitor.store.dedupe import DedupeStore
from monitor.store.feeds import FeedStore
from monitor.store.outbox import OutboxStore
from monitor.store.report import ReportStore
from monitor.store.stories import StoryStore

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 30_000
DEFAULT_RETENTION = timedelta(days=30)


class StoreError(Exception):
    """The database cannot be used (newer schema than this program, unreadable file, ...)."""


def database_url(db: str) -> str:
    """`MONITOR_DB` as an SQLAlchemy URL: a plain path means an SQLite file."""
    if "://" in db:
        return db
    return f"sqlite:///{Path(db).expanduser()}"


def sqlite_path(db: str) -> Path | None:
    """The file behind `MONITOR_DB` when it is an SQLite file; None for another database (or
    an in-memory one)."""
    url = make_url(database_url(db))
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database)


def copy_database(db: str, dest: Path) -> bool:
    """Copy the SQLite database `db` into the new file `dest` with SQLite's backup API (a
    consistent snapshot, even while another process writes, WAL included), opening `db`
    read-only so it is not changed in any way. A missing file gives no copy (`dest` is not
    created: a store opened there starts empty, as `db` would). Returns False when `db` is
    not an SQLite file (nothing is copied)."""
    path = sqlite_path(db)
    if path is None:
        return False
    if not path.exists():
        return True
    try:
        source = sqlite3.connect(f"file:{pathname2url(str(path.resolve()))}?mode=ro", uri=True)
        with closing(source), closing(sqlite3.connect(dest)) as copy:
            source.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            source.backup(copy)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot copy database {db}: {exc}") from exc
    return True


def _sqlite_setup(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, record) -> None:
        # We issue BEGIN ourselves (below), so turn off the driver's implicit transactions.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")  # a committed 'sent' survives power loss
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()
        record.info["synchronous"] = "FULL"

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        options = connection.get_execution_options()
        synchronous = options.get("sqlite_synchronous")
        info = connection.connection.info
        if synchronous and info.get("synchronous") != synchronous:
            connection.exec_driver_sql(f"PRAGMA synchronous = {synchronous}")
            info["synchronous"] = synchronous
        connection.exec_driver_sql(f"BEGIN {options.get('sqlite_begin', 'DEFERRED')}")


class Store(FeedStore, StoryStore, DedupeStore, OutboxStore, ReportStore):
    """One database. Open it with `Store.open(...)`; close it with `close()` (or `with`)."""

    def __init__(self, engine: Engine, *, retention: timedelta = DEFAULT_RETENTION,
                 clock: Callable[[], datetime] = utcnow):
        self._engine = engine
        self.retention = retention
        self.clock = clock

    @classmethod
    def open(cls, db: str | Path, *, retention: timedelta = DEFAULT_RETENTION,
             clock: Callable[[], datetime] = utcnow) -> Store:
        """Open (creating if needed) the database and bring its schema up to date."""
        url = database_url(str(db))
        engine = create_engine(url)
        if engine.dialect.name == "sqlite":
            _sqlite_setup(engine)
        store = cls(engine, retention=retention, clock=clock)
        try:
            store._migrate()
        except StoreError:
            engine.dispose()
            raise
        except Exception as exc:
            engine.dispose()
            raise StoreError(f"cannot open database {db}: {exc}") from exc
        return store

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- transactions ------------------------------------------------------------------------

    @contextmanager
    def _write(self, *, synced: bool = True) -> Iterator[Connection]:
        """A read-then-write transaction: takes the write lock at BEGIN (no upgrade deadlocks).

        Its commit is synced to disk (it survives a power cut) unless `synced` is False: then
        it survives a crash of the process but reaches the disk only with the next synced
        commit of any connection, because in WAL mode the log is written and synced in commit
        order (SQLite's synchronous=NORMAL). Only stories are written so: the pipeline records
        each feed's fetch (synced) after its stories, and an alert is marked sent (synced)
        only after it was queued, so a power cut loses no fetch state, and no sent mark,
        without the stories and alerts written before it (see `record_story`)."""
        with self._engine.connect() as conn:
            conn.execution_options(sqlite_begin="IMMEDIATE",
                                   sqlite_synchronous="FULL" if synced else "NORMAL")
            with conn.begin():
                yield conn

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        """A read-only transaction: a consistent snapshot, no write lock."""
        with self._engine.connect() as conn, conn.begin():
            yield conn

    # --- schema ------------------------------------------------------------------------------

    def _migrate(self) -> None:
        with self._write() as conn:
            tables = set(self._engine.dialect.get_table_names(conn))
            if "schema_version" not in tables:
                schema.metadata.create_all(conn)
                conn.execute(insert(schema.schema_version).values(version=schema.SCHEMA_VERSION))
                log.info("created database schema version %d", schema.SCHEMA_VERSION)
                return
            version = conn.execute(select(func.max(schema.schema_version.c.version))).scalar()
            if version is None:
                raise StoreError("database has an empty schema_version table")
            if version > schema.SCHEMA_VERSION:
                raise StoreError(
                    f"database schema version {version} is newer than this program "
                    f"({schema.SCHEMA_VERSION}); upgrade monitor"
                )
            while version < schema.SCHEMA_VERSION:
                schema.MIGRATIONS[version](conn)
                version += 1
                conn.execute(schema.schema_version.update().values(version=version))
                log.info("migrated database to schema version %d", version)

    def schema_version(self) -> int:
        with self._read() as conn:
            return int(conn.execute(select(func.max(schema.schema_version.c.version))).scalar())

    # --- retention ---------------------------------------------------------------------------

    def prune(self, now: datetime | None = None) -> int:
        """Forget stories not seen in their feed for the retention period, with what hangs off
        them. Returns the number of stories removed.

        Kept whatever their age: a story still listed in its feed as of the feed's latest
        fetch (the entries of its latest body share the feed's newest `last_seen`; forgetting
        one would make it new, and alerted, again), and a story whose alert is still waiting
        to be sent. A feed no longer listed or disabled is not polled, so its stories go by
        age alone. Sent, failed and collapsed outbox rows past the period go too, but never
        while their story's cluster lives on (a cluster's alert row is what stops a second
        alert for it)."""
        cutoff = (now or self.clock()) - self.retention
        s, a, c, f = schema.stories, schema.alerts, schema.clusters, schema.feeds
        # last_seen is always set by the pipeline (and filled in by the v2 migration)
        seen = func.coalesce(s.c.last_seen, s.c.first_seen)
        newest = s.alias("newest")
        feed_latest = (select(func.max(newest.c.last_seen))  # index (feed_id, last_seen)
                       .where(newest.c.feed_id == s.c.feed_id).scalar_subquery())
        polled = select(f.c.id).where(f.c.in_list.is_(True), f.c.enabled.is_(True))
        waiting = select(a.c.story_id).where(a.c.story_id.is_not(None),
                                             a.c.status.in_(("pending", "sending")))
        with self._write() as conn:
            removed = conn.execute(delete(s).where(
                seen < cutoff, s.c.id.not_in(waiting),
                or_(s.c.feed_id.not_in(polled), seen < feed_latest),
            )).rowcount
            live = select(s.c.cluster_id).where(s.c.cluster_id.is_not(None))
            conn.execute(delete(a).where(
                a.c.created < cutoff, a.c.status.in_(("sent", "failed", "collapsed")),
                or_(a.c.cluster_id.is_(None), a.c.cluster_id.not_in(live))))
            conn.execute(delete(c).where(c.c.last_seen < cutoff, c.c.id.not_in(live)))
            conn.execute(delete(schema.dedupe_keys).where(schema.dedupe_keys.c.seen < cutoff))
        return removed

    def claim_run(self, task: str, *, now: datetime, unless_since: datetime) -> bool:
        """Record that periodic `task` runs at `now`, unless it already ran after
        `unless_since` (then False: another command or process did it recently)."""
        h = schema.housekeeping
        with self._write() as conn:
            last = conn.execute(select(h.c.last_run).where(h.c.task == task)).scalar()
            if last is not None and last > unless_since:
                return False
            if last is None:
                conn.execute(insert(h).values(task=task, last_run=now))
            else:
                conn.execute(update(h).where(h.c.task == task).values(last_run=now))
        return True
