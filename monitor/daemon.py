"""`monitor run`: the long-running daemon, driven by APScheduler 3 on asyncio.

Each enabled feed is one APScheduler job with a date trigger set to the feed's next poll time
as the store records it (interval, backoff, Retry-After, TTL and jitter are all already in it,
decided by `schedule`), so a restart continues where it stopped. After each poll the job is
re-added for the new time and the outbox drain is woken, so a new matching story is alerted
within seconds. Periodic jobs reload the rules and feed list when they change on disk (keeping
the last good version on a bad edit and reporting it), and prune the store (`Pipeline.housekeep`,
the same rate-limited pruning `once` and `digest` do after their poll).

On SIGTERM/SIGINT: stop starting polls, give in-flight polls a grace period, then cancel them,
flush the outbox within a timeout, exit 0.

This module schedules and reacts; polling is `Pipeline.poll_feed`, sending is the notifier.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import signal
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.date import DateTrigger

from monitor.app import App
from monitor.models import Feed, utcnow

log = logging.getLogger(__name__)

RELOAD_EVERY = timedelta(seconds=5)  # how often rule and feed files are checked for changes
PRUNE_CHECK = timedelta(minutes=10)  # how often to ask whether pruning is due (hourly)
DRAIN_EVERY = timedelta(seconds=5)  # retries and rate-limited sends are picked up this often
START_SPREAD = timedelta(seconds=20)  # overdue feeds at start are spread over this window
DRAIN_SLICE = timedelta(seconds=5)  # one drain pass lasts at most this (so stopping is quick)
GRACE = timedelta(seconds=5)  # in-flight polls may finish within this on shutdown
FLUSH_TIMEOUT = timedelta(seconds=15)  # the outbox may be flushed within this on shutdown
# Worst case from SIGTERM to exit: GRACE + DRAIN_SLICE + FLUSH_TIMEOUT (+ one request timeout);
# give the container at least 30 s (`docker stop --time 30`).


class Daemon:
    def __init__(self, app: App, *, clock=utcnow, rng: random.Random | None = None,
                 health=None):
        self.app = app
        self.clock = clock
        self.rng = rng or random.Random()
        self.health = health
        self.scheduler = AsyncIOScheduler(timezone=UTC, job_defaults={
            "coalesce": True, "max_instances": 1, "misfire_grace_time": None})
        self._in_flight: set[str] = set()
        self._idle = asyncio.Event()
        self._idle.set()
        self._work = asyncio.Event()
        self._stopping = False

    # --- life cycle --------------------------------------------------------------------------

    async def run(self, stop: asyncio.Event) -> int:
        """Poll and alert until `stop` is set; then shut down cleanly. Returns the exit code."""
        self._schedule_all_feeds(starting=True)
        self.scheduler.add_job(self._reload, "interval",
                               seconds=RELOAD_EVERY.total_seconds(), id="reload")
        self.scheduler.add_job(self._prune, "interval",
                               seconds=PRUNE_CHECK.total_seconds(), id="prune")
        self.scheduler.start()
        drainer = asyncio.create_task(self._drain_loop(), name="drain")
        log.info("daemon started: %d feeds", len(self.app.enabled_feeds()))
        if self.health:
            self.health.started()
        await stop.wait()
        log.info("shutting down: no new polls")
        self._stopping = True
        self.scheduler.pause()
        await self._wait_idle(GRACE)
        self.scheduler.shutdown(wait=False)  # cancels polls still running
        # Never cancel a drain: a request cut off mid-flight leaves its row `sending`, to be
        # resent after restart. Let the current pass end (it is bounded by DRAIN_SLICE).
        self._work.set()
        await drainer
        await self._flush()
        if self.health:
            self.health.stopped()
        log.info("stopped")
        return 0

    async def _wait_idle(self, grace: timedelta) -> None:
        try:
            await asyncio.wait_for(self._idle.wait(), grace.total_seconds())
        except TimeoutError:
            log.warning("abandoning %d in-flight polls", len(self._in_flight))

    async def _flush(self) -> None:
        # A deadline, not a cancellation: a drain cancelled mid-request would leave a row
        # `sending`, which is resent after restart and could then appear twice.
        result = await self.app.notifier.drain(until_empty=True,
                                               deadline=self.clock() + FLUSH_TIMEOUT)
        if self.health:
            self.health.drained(result)
        if result.pending:
            log.warning("outbox: %s; the rest stays queued for the next start", result)
        else:
            log.info("outbox flushed: %s", result)

    # --- feeds -------------------------------------------------------------------------------

    def _schedule_all_feeds(self, *, starting: bool = False) -> None:
        states = self.app.store.feed_states()
        wanted = {feed.url: feed for feed in self.app.enabled_feeds()}
        for job in self.scheduler.get_jobs():
            if job.id.startswith("feed:") and job.id[5:] not in wanted:
                job.remove()
        now = self.clock()
        for url, feed in wanted.items():
            if not starting and self.scheduler.get_job(f"feed:{url}"):
                continue
            state = states.get(url)
            due = state.next_poll if state and state.next_poll else now
            if due <= now:  # overdue or new: spread so feeds do not all fire at once
                spread = min(START_SPREAD.total_seconds(), feed.interval)
                due = now + timedelta(seconds=self.rng.uniform(0, spread))
            self._schedule_feed(feed, due)

    def _schedule_feed(self, feed: Feed, when: datetime) -> None:
        self.scheduler.add_job(self._poll, DateTrigger(run_date=when, timezone=UTC),
                               args=[feed.url], id=f"feed:{feed.url}", replace_existing=True,
                               name=feed.name)

    async def _poll(self, url: str) -> None:
        feed = next((f for f in self.app.enabled_feeds() if f.url == url), None)
        if feed is None or self._stopping:
            return
        self._in_flight.add(url)
        self._idle.clear()
        try:
            outcome = await self.app.pipeline.poll_feed(feed, self.app.store.feed_state(url))
            if outcome.error:
                log.warning("feed %s: %s", feed.name, outcome.error)
            elif outcome.new:
                log.info("feed %s: %d new, %d matched, %d alerts", feed.name, outcome.new,
                         outcome.matched, outcome.alerts)
            if self.health:
                self.health.polled(outcome)
            if outcome.alerts:
                self._work.set()
        finally:
            self._in_flight.discard(url)
            if not self._in_flight:
                self._idle.set()
            if not self._stopping:
                self._reschedule(feed)

    def _reschedule(self, feed: Feed) -> None:
        state = self.app.store.feed_state(feed.url)
        now = self.clock()
        when = state.next_poll if state and state.next_poll and state.next_poll > now else (
            now + timedelta(seconds=feed.interval))
        self._schedule_feed(feed, when)

    # --- housekeeping ------------------------------------------------------------------------

    async def _reload(self) -> None:
        changed, error = self.app.rules.refresh()
        if error:
            self._report_bad_edit("rules", error)
        elif changed:
            log.info("rules reloaded from %s", self.app.rules.path)
        changed, error = self.app.feeds.refresh()
        if error:
            self._report_bad_edit("feed list", error)
        elif changed:
            self.app.store.sync_feeds(self.app.feeds())
            self._schedule_all_feeds()
            log.info("feed list reloaded: %d enabled feeds", len(self.app.enabled_feeds()))

    def _report_bad_edit(self, what: str, error: str) -> None:
        log.error("%s not reloaded, keeping the last good version: %s", what, error)
        admin = self.app.admin_chat
        if admin:
            self.app.store.queue_notice(
                admin, f"⚠️ monitor: the {what} edit is invalid; the last good version stays "
                       f"in use.\n{error}")
            self._work.set()

    async def _prune(self) -> None:
        """Prune the store when due (at most hourly, shared with `once` and `digest`)."""
        await self.app.pipeline.housekeep()

    async def _drain_loop(self) -> None:
        """Send what is due whenever a poll queued alerts, and every DRAIN_EVERY for retries,
        until the daemon stops."""
        while not self._stopping:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._work.wait(), DRAIN_EVERY.total_seconds())
            self._work.clear()
            if self._stopping:
                return
            try:
                result = await self.app.notifier.drain(until_empty=False,
                                                       deadline=self.clock() + DRAIN_SLICE)
                if self.health:
                    self.health.drained(result)
            except Exception:
                log.exception("outbox drain failed; retrying in %ss", DRAIN_EVERY.total_seconds())


def install_signal_handlers(stop: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
