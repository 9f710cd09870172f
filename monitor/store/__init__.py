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
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, create_engine, delete, event, func, insert, select
from sqlalchemy.engine import Connection

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


def _sqlite_setup(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # We issue BEGIN ourselves (below), so turn off the driver's implicit transactions.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")  # a committed 'sent' survives power loss
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")


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
    def _write(self) -> Iterator[Connection]:
        """A read-then-write transaction: takes the write lock at BEGIN (no upgrade deadlocks)."""
        with self._engine.connect() as conn:
            conn.execution_options(sqlite_begin="IMMEDIATE")
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
        """Delete stories first seen before the retention window, with what hangs off them,
        keeping alerts that are still waiting to be sent. Returns the number of stories removed."""
        cutoff = (now or self.clock()) - self.retention
        s, a, c = schema.stories, schema.alerts, schema.clusters
        with self._write() as conn:
            removed = conn.execute(delete(s).where(s.c.first_seen < cutoff)).rowcount
            conn.execute(delete(a).where(a.c.created < cutoff, a.c.status.in_(("sent", "failed",
                                                                                 "collapsed"))))
            live = select(s.c.cluster_id).where(s.c.cluster_id.is_not(None)).scalar_subquery()
            conn.execute(delete(c).where(c.c.last_seen < cutoff, c.c.id.not_in(live)))
            conn.execute(delete(schema.dedupe_keys).where(schema.dedupe_keys.c.seen < cutoff))
        return removed
