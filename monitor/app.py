"""Wiring: builds every component from the settings, in one place.

`open_app(settings)` loads the feed list and rules (exit-code-2 errors if either is invalid),
opens the store, and starts the fetcher, pipeline and notifier; every command that polls or
sends goes through it, so the daemon and the run-once commands share one code path.

What each mode does with the store and the alerts:
- with Telegram (token and chat): alerts are queued for their chats and sent; operator notices
  (a feed down for a day and its recovery, bad rule or feed-list edits, a chat refusing the
  bot) go to the admin chat;
- without a token: the same, but alerts are printed instead of sent (`DRY_RUN_CHAT`) and
  everything is stored: the quickstart path;
- `dry_run`: everything runs against a throw-away copy of the SQLite file (deleted on exit),
  alerts are printed, nothing is sent: the live store is left exactly as it was, so the run
  shows what would be alerted without using anything up.

`Watched` holds a value loaded from files (rules, feed list) and reloads it when the files
change on disk, keeping the last good value when a reload fails.
"""

from __future__ import annotations

import dataclasses
import logging
import sys
import tempfile
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TextIO, TypeVar

from monitor import feedlist, notify, rules
from monitor.alerts import DRY_RUN_CHAT  # the chat of alerts printed instead of sent
from monitor.config import Settings
from monitor.fetch import Fetcher
from monitor.match import Matcher
from monitor.models import Feed
from monitor.pipeline import AlertPolicy, Pipeline
from monitor.store import Store, StoreError, copy_database

log = logging.getLogger(__name__)

T = TypeVar("T")


class SetupError(Exception):
    """The feed list, rules or database cannot be used; the message says why (exit code 2)."""


def _stamp(path: Path) -> tuple:
    """A cheap fingerprint of a file or folder's contents: names, sizes, modification times."""
    paths = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    stamp = []
    for p in paths:
        try:
            st = p.stat()
        except FileNotFoundError:
            continue
        stamp.append((str(p), st.st_size, st.st_mtime_ns))
    return tuple(stamp)


class Watched(Generic[T]):
    """A value loaded from `path`, reloaded by `refresh()` when the files there change.

    A failed reload keeps the last good value and returns the error message (once per change).
    """

    def __init__(self, path: Path, load: Callable[[Path], T]):
        self.path = path
        self._load = load
        self._stamp = _stamp(path)
        self.value: T = load(path)

    def __call__(self) -> T:
        return self.value

    def refresh(self) -> tuple[bool, str | None]:
        """(changed, error): reload if the files changed since the last attempt."""
        stamp = _stamp(self.path)
        if stamp == self._stamp:
            return False, None
        self._stamp = stamp
        try:
            self.value = self._load(self.path)
        except Exception as exc:  # keep the last good version in use
            return False, str(exc)
        return True, None


def load_matcher(path: Path) -> Matcher:
    return Matcher(rules.load(path))


def watch_rules(settings: Settings) -> Watched[Matcher]:
    try:
        return Watched(settings.rules, load_matcher)
    except rules.RuleError as exc:
        raise SetupError(f"rules in {settings.rules} are invalid:\n{exc}") from exc
    except FileNotFoundError as exc:
        raise SetupError(f"rules folder not found: {settings.rules} (set MONITOR_RULES)") from exc


def watch_feeds(settings: Settings) -> Watched[list[Feed]]:
    interval = round(settings.default_interval.total_seconds())

    def load(path: Path) -> list[Feed]:
        return feedlist.load(path, default_interval=interval)

    try:
        return Watched(settings.feeds, load)
    except feedlist.FeedListError as exc:
        raise SetupError(str(exc)) from exc


def open_store(settings: Settings) -> Store:
    try:
        return Store.open(settings.db, retention=settings.retention)
    except StoreError as exc:
        raise SetupError(str(exc)) from exc


@contextmanager
def throwaway_copy(settings: Settings, *, err: TextIO) -> Iterator[Settings]:
    """The settings pointed at a temporary copy of the database, deleted on exit (for
    `--dry-run`): the SQLite file is copied with SQLite's backup API; another database
    cannot be copied, so the run starts from an empty temporary SQLite store instead."""
    with tempfile.TemporaryDirectory(prefix="monitor-dry-run-") as folder:
        copy = Path(folder) / "dry-run.sqlite"
        try:
            copied = copy_database(settings.db, copy)
        except StoreError as exc:
            raise SetupError(str(exc)) from exc
        if copied:
            print(f"monitor: dry run on a throw-away copy of {settings.db}: nothing is sent "
                  "and the database is left unchanged", file=err)
        else:
            print("monitor: dry run: MONITOR_DB is not an SQLite file, so it cannot be copied; "
                  "running against an empty temporary SQLite store instead (every story is "
                  "new to it)", file=err)
        yield dataclasses.replace(settings, db=str(copy))


def make_sender(settings: Settings, *, dry_run: bool, out: TextIO):
    if dry_run or not settings.telegram_enabled:
        return notify.PrintSender(out)
    return notify.TelegramSender(settings.telegram_token.reveal(),
                                 api_url=settings.telegram_api_url,
                                 link_preview=settings.link_preview)


def default_chat(settings: Settings, *, dry_run: bool) -> str:
    if dry_run or not settings.telegram_enabled:
        return DRY_RUN_CHAT
    return settings.telegram_chat_id


@asynccontextmanager
async def _notifier(settings: Settings, store: Store, *, dry_run: bool,
                    out: TextIO) -> AsyncIterator[notify.Notifier]:
    notifier = notify.Notifier(store, make_sender(settings, dry_run=dry_run, out=out),
                               chat_rate=settings.chat_rate, global_rate=settings.global_rate,
                               tz=settings.timezone,
                               admin_chat=admin_chat(settings, dry_run=dry_run))
    try:
        await notifier.__aenter__()
    except notify.SenderUnusable as exc:
        raise SetupError(f"Telegram: {exc}") from exc
    try:
        yield notifier
    finally:
        await notifier.__aexit__(None, None, None)


def admin_chat(settings: Settings, *, dry_run: bool) -> str | None:
    """Where operator notices go: the admin chat, when alerts really go to Telegram."""
    if dry_run or not settings.telegram_enabled:
        return None
    return settings.telegram_admin_chat_id


@dataclass
class App:
    settings: Settings  # as in use: a dry run's `db` is the throw-away copy
    store: Store
    rules: Watched[Matcher]
    feeds: Watched[list[Feed]]
    pipeline: Pipeline
    notifier: notify.Notifier
    dry_run: bool  # on a throw-away copy of the store
    printing: bool  # alerts are printed, not sent (dry run, or no Telegram token)
    admin_chat: str | None  # operator notices go here (None: only logged)

    def enabled_feeds(self) -> list[Feed]:
        return [feed for feed in self.feeds() if feed.enabled]


@asynccontextmanager
async def open_app(settings: Settings, *, dry_run: bool = False, alerting: bool = True,
                   out: TextIO | None = None, err: TextIO | None = None) -> AsyncIterator[App]:
    """Everything a polling command needs, started, and closed again on exit.

    `dry_run`: against a throw-away copy of the store, alerts printed (see the module's
    docstring). `alerting=False`: stories are stored and matched but no alert is queued."""
    out = out or sys.stdout
    watched_rules = watch_rules(settings)
    watched_feeds = watch_feeds(settings)
    if dry_run:
        with throwaway_copy(settings, err=err or sys.stderr) as copy:
            async with _open(copy, watched_rules, watched_feeds, dry_run=True,
                             alerting=alerting, out=out) as app:
                yield app
    else:
        async with _open(settings, watched_rules, watched_feeds, dry_run=False,
                         alerting=alerting, out=out) as app:
            yield app


@asynccontextmanager
async def _open(settings: Settings, watched_rules: Watched[Matcher],
                watched_feeds: Watched[list[Feed]], *, dry_run: bool, alerting: bool,
                out: TextIO) -> AsyncIterator[App]:
    store = open_store(settings)
    try:
        store.sync_feeds(watched_feeds())
        policy = AlertPolicy(default_chat=default_chat(settings, dry_run=dry_run),
                             window=settings.alert_window, tz=settings.timezone,
                             enabled=alerting, admin_chat=admin_chat(settings, dry_run=dry_run))
        async with Fetcher(user_agent=settings.user_agent,
                           timeout=settings.timeout.total_seconds(),
                           max_body=settings.max_body, concurrency=settings.concurrency,
                           per_host=settings.per_host) as fetcher:
            pipeline = Pipeline(store=store, fetcher=fetcher, matcher=watched_rules,
                                policy=policy)
            try:
                async with _notifier(settings, store, dry_run=dry_run, out=out) as notifier:
                    yield App(settings=settings, store=store, rules=watched_rules,
                              feeds=watched_feeds, pipeline=pipeline, notifier=notifier,
                              dry_run=dry_run,
                              printing=dry_run or not settings.telegram_enabled,
                              admin_chat=policy.admin_chat)
            finally:
                pipeline.close()
    finally:
        store.close()
