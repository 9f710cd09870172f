"""Wiring: builds every component from the settings, in one place.

`open_app(settings)` loads the feed list and rules (exit-code-2 errors if either is invalid),
opens the store, and starts the fetcher, pipeline and notifier; every command that polls or
sends goes through it, so the daemon and the run-once commands share one code path.

`Watched` holds a value loaded from files (rules, feed list) and reloads it when the files
change on disk, keeping the last good value when a reload fails.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TextIO, TypeVar

from monitor import feedlist, notify, rules
from monitor.config import Settings
from monitor.fetch import Fetcher
from monitor.match import Matcher
from monitor.models import Feed
from monitor.pipeline import AlertPolicy, Pipeline
from monitor.store import Store, StoreError

log = logging.getLogger(__name__)

DRY_RUN_CHAT = "stdout"  # the chat id alerts carry when printed instead of sent

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
                               tz=settings.timezone)
    try:
        await notifier.__aenter__()
    except notify.SenderUnusable as exc:
        raise SetupError(f"Telegram: {exc}") from exc
    try:
        yield notifier
    finally:
        await notifier.__aexit__(None, None, None)


@dataclass
class App:
    settings: Settings
    store: Store
    rules: Watched[Matcher]
    feeds: Watched[list[Feed]]
    pipeline: Pipeline
    notifier: notify.Notifier
    dry_run: bool

    def enabled_feeds(self) -> list[Feed]:
        return [feed for feed in self.feeds() if feed.enabled]


@asynccontextmanager
async def open_app(settings: Settings, *, dry_run: bool = False, alerting: bool = True,
                   out: TextIO | None = None) -> AsyncIterator[App]:
    """Everything a polling command needs, started, and closed again on exit."""
    out = out or sys.stdout
    watched_rules = watch_rules(settings)
    watched_feeds = watch_feeds(settings)
    store = open_store(settings)
    try:
        store.sync_feeds(watched_feeds())
        policy = AlertPolicy(default_chat=default_chat(settings, dry_run=dry_run),
                             window=settings.alert_window, tz=settings.timezone,
                             enabled=alerting)
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
                              dry_run=dry_run or not settings.telegram_enabled)
            finally:
                pipeline.close()
    finally:
        store.close()
