"""One pass of the pipeline over feeds: fetch -> parse -> match -> dedupe -> store (-> outbox).

`Pipeline.poll_feed` handles one feed and returns a `FeedOutcome`: every failure (network,
HTTP, parse, even a bug in a later stage) becomes a value in that outcome, so one feed can
never stop the others. `Pipeline.poll` runs many feeds concurrently (the fetcher bounds how
many at once) and returns a `CycleResult`. The daemon, `monitor once` and `monitor digest` all
call these; `Pipeline.ingest` is the part after parsing, which `monitor replay` reuses.
`Pipeline.housekeep` prunes the store at most once per `PRUNE_EVERY` (a time stored in the
store, so `once`, `digest` and the daemon share the budget); `poll` ends with it.

What it does not do: decide anything itself (schedule, match, dedupe and alerts decide), talk
HTTP, SQL or Telegram itself (fetch, store and notify do), or send alerts (the notifier drains
the outbox the store fills).
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import random
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from monitor import alerts, dedupe, parse, schedule
from monitor.match import Matcher
from monitor.models import (
    CycleResult,
    DedupeDecision,
    DedupeKind,
    Feed,
    FeedOutcome,
    FeedState,
    FetchResult,
    FetchStatus,
    ParseResult,
    Story,
    StoryRecord,
    utcnow,
)
from monitor.store import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Ingested:
    """What ingesting one story did (for replay's report and the cycle's counts)."""

    story: Story
    story_id: int
    cluster_id: int | None
    decision: DedupeDecision | None  # None when the entry was already stored unchanged
    topics: tuple[str, ...]
    alerts: int


STALE_AFTER = timedelta(hours=24)  # a feed failing this long is reported to the operator
PRUNE_EVERY = timedelta(hours=1)  # the store is pruned at most this often
# Feeds between the start of their fetch and the end of their ingest, at most. Twice the
# default fetch concurrency, so fetches keep flowing while a few feeds wait for a host slot;
# on the real-feeds bench a 1,000-feed first run peaked at 838 MB without it (parsed feeds
# queued for the one ingest worker).
IN_FLIGHT = 32


@dataclass(frozen=True, slots=True)
class AlertPolicy:
    """Where and when alerts go. `enabled=False` stores matches without queuing alerts
    (`monitor digest` without Telegram: nobody would receive them). `admin_chat` receives
    operator notices (a feed down for longer than `stale_after`, and its recovery)."""

    default_chat: str
    window: timedelta
    tz: tzinfo
    enabled: bool = True
    admin_chat: str | None = None
    stale_after: timedelta = STALE_AFTER


class Pipeline:
    """Wires the stages for one feed at a time. Holds no state of its own between calls:
    the store holds feed state, `matcher()` returns the current rules."""

    def __init__(self, *, store: Store, fetcher, matcher: Callable[[], Matcher],
                 policy: AlertPolicy, clock: Callable[[], datetime] = utcnow,
                 rng: random.Random | None = None, in_flight: int = IN_FLIGHT):
        self.store = store
        self.fetcher = fetcher
        self.matcher = matcher
        self.policy = policy
        self.clock = clock
        self.rng = rng or random.Random()
        # Parsing is CPU-bound: keep it off the event loop so other fetches keep flowing.
        self._parse_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="parse")
        # One ingest at a time: dedupe must see every earlier story before deciding.
        self._ingest_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ingest")
        # Backpressure: fetching and parsing outrun the one ingest worker, and every feed
        # waiting for it holds its parsed entries; bound the feeds between fetch and stored.
        self._in_flight = asyncio.Semaphore(in_flight)

    def close(self) -> None:
        self._parse_pool.shutdown(wait=True, cancel_futures=True)
        self._ingest_pool.shutdown(wait=True, cancel_futures=True)

    async def poll(self, feeds: Iterable[Feed],
                   progress: Callable[[FeedOutcome], None] | None = None) -> CycleResult:
        """Poll every given feed once, concurrently; failures are values in the result."""
        started = self.clock()
        states = self.store.feed_states()

        async def one(feed: Feed) -> FeedOutcome:
            outcome = await self.poll_feed(feed, states.get(feed.url))
            if progress:
                progress(outcome)
            return outcome

        outcomes = await asyncio.gather(*(one(feed) for feed in feeds))
        finished = self.clock()
        await self.housekeep()
        return CycleResult(started=started, finished=finished, outcomes=tuple(outcomes))

    async def housekeep(self) -> int | None:
        """Prune the store (stories past the retention period, dedupe keys past the dedupe
        window) if no command or process sharing it did so within `PRUNE_EVERY`. Returns the
        stories removed, or None when it was not due. Never raises: a failure is logged, and
        pruning is tried again in the next period (the claim of this one is spent)."""
        now = self.clock()
        store = self.store
        try:
            due = await asyncio.to_thread(store.claim_run, "prune", now=now,
                                          unless_since=now - PRUNE_EVERY)
            if not due:
                return None
            removed = await asyncio.to_thread(store.prune, now)
            await asyncio.to_thread(store.prune_dedupe_keys, now - dedupe.WINDOW)
        except Exception:
            log.exception("pruning the store failed; trying again in %s", PRUNE_EVERY)
            return None
        if removed:
            log.info("pruned %d stories not seen for the retention period", removed)
        return removed

    async def poll_feed(self, feed: Feed, state: FeedState | None) -> FeedOutcome:
        """Fetch, parse and ingest one feed. Never raises (except cancellation)."""
        async with self._in_flight:
            return await self._poll_feed(feed, state)

    async def _poll_feed(self, feed: Feed, state: FeedState | None) -> FeedOutcome:
        fetched: FetchResult | None = None
        try:
            fetched = await self.fetcher.fetch(feed, state)
            parsed = await self._parse(feed, fetched)
            fetched = dataclasses.replace(fetched, body=None)  # parsed: the bytes can go
            first_fetch = state is None or state.last_success is None
            ingested: list[Ingested] = []
            if parsed and parsed.stories:
                ingested = await asyncio.get_running_loop().run_in_executor(
                    self._ingest_pool, self.ingest, feed, parsed.stories, first_fetch)
            # after the stories, synced: it carries their commits to disk (see Store._write)
            self._record_fetch(feed, fetched, parsed, state, ingested)
            return _outcome(feed, fetched, parsed, ingested)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a bug must not stop the other feeds: report it as a value
            log.exception("feed %s: unexpected error", feed.url)
            failed = FetchResult(feed=feed, status=FetchStatus.ERROR, fetched_at=self.clock(),
                                 http_status=fetched.http_status if fetched else None,
                                 error=f"internal error: {exc!r}")
            self._record_failure_safely(feed, failed, state)
            return FeedOutcome(feed=feed, fetch=failed, error=failed.error)

    async def _parse(self, feed: Feed, fetched: FetchResult) -> ParseResult | None:
        if fetched.status is not FetchStatus.OK or fetched.body is None:
            return None
        return await asyncio.get_running_loop().run_in_executor(
            self._parse_pool, _parse_body, feed, fetched)

    def _record_fetch(self, feed: Feed, fetched: FetchResult, parsed: ParseResult | None,
                      state: FeedState | None, ingested: Sequence[Ingested] = ()) -> None:
        parse_error = parsed.error if parsed else None
        failed = fetched.failed or parse_error is not None
        failures = (state.consecutive_failures if state else 0) + 1 if failed else 0
        ttl = parsed.ttl if parsed and parsed.ttl is not None else (state.ttl if state else None)
        now = self.clock()
        next_poll = schedule.next_poll(feed, fetched, failures=failures, ttl=ttl,
                                       now=now, rng=self.rng)
        # Every entry of the body (or, on a 304 / same body, of the last one) was seen now.
        recorded = self.store.record_fetch(fetched, next_poll=next_poll,
                                           ttl=parsed.ttl if parsed else None,
                                           parse_error=parse_error,
                                           seen_ids=[i.story_id for i in ingested],
                                           seen_at=now,
                                           parse_warnings=parsed.warnings if parsed else None)
        self._report_feed_health(feed, recorded.before, recorded.after)

    def _report_feed_health(self, feed: Feed, before: FeedState, after: FeedState) -> None:
        """Tell the operator once when a feed has been failing too long, and when it recovers."""
        change = feed_health_change(before, after, now=self.clock(),
                                    stale_after=self.policy.stale_after)
        if change is None:
            return
        reported, text = change
        log.log(logging.WARNING if reported else logging.INFO, "feed %s: %s", feed.name, text)
        if self.policy.admin_chat:
            self.store.queue_notice(self.policy.admin_chat, f"monitor: feed {feed.name}: {text}")
        self.store.set_stale_reported(feed.url, reported)

    def _record_failure_safely(self, feed: Feed, failed: FetchResult,
                               state: FeedState | None) -> None:
        """After an unexpected error, still push the feed's next poll back (so a bug cannot
        turn into a hot loop); if even that fails, log it and go on."""
        try:
            self._record_fetch(feed, failed, None, state)
        except Exception:
            log.exception("feed %s: could not record the failure", feed.url)

    def ingest(self, feed: Feed, stories: Sequence[Story],
               first_fetch: bool = False) -> list[Ingested]:
        """Match, dedupe and store stories of one feed, queuing alerts. Entries already stored
        unchanged stop at the first step. Runs synchronously (call it off the event loop)."""
        matcher = self.matcher()
        now = self.clock()  # one time for the whole body: its entries were seen together
        known = self.store.known_keys(feed.url, (story.key for story in stories))
        results = []
        for story in stories:
            stored = known.get(story.key)
            # unchanged: the same text as stored (no need to normalise it), or the same
            # normalised text (a change of markup or spacing only)
            unchanged = stored is not None and (
                stored.title, stored.summary) == (story.title, story.summary)
            fingerprint = None if unchanged else dedupe.fingerprint(story)
            if stored and (unchanged or stored.content_hash == fingerprint.content_hash):
                results.append(Ingested(story, stored.id, stored.cluster_id, None,
                                        stored.topics, 0))
                continue
            results.append(self._ingest_one(feed, story, fingerprint, stored, matcher,
                                            first_fetch, now))
        return results

    def _ingest_one(self, feed: Feed, story: Story, fingerprint, stored, matcher: Matcher,
                    first_fetch: bool, now: datetime) -> Ingested:
        matches = matcher.match(story.title, story.summary, lang=story.language)
        if stored:  # the publisher changed a known entry: same story, no second alert
            decision = DedupeDecision(DedupeKind.SAME_ITEM, cluster_id=stored.cluster_id,
                                      duplicate_of=stored.id, score=1.0,
                                      reason="same feed and key, text changed")
        else:
            candidates = self.store.dedupe_candidates(story, fingerprint, now=now,
                                                      window=dedupe.WINDOW)
            decision = dedupe.decide(story, fingerprint, candidates,
                                     topics=frozenset(m.topic for m in matches))
        drafts = self._plan_alerts(story, matches, now, first_fetch)
        record = StoryRecord(story=story, content_hash=fingerprint.content_hash,
                             decision=decision, matches=matches, dedupe_keys=fingerprint.keys,
                             alerts=drafts, features=dedupe.pack_features(fingerprint.features))
        recorded = self.store.record_story(feed.url, record, now=now)
        return Ingested(story, recorded.story_id, recorded.cluster_id, decision,
                        tuple(m.topic for m in matches), recorded.new_alerts)

    def _plan_alerts(self, story: Story, matches, now: datetime, first_fetch: bool):
        if not self.policy.enabled or not matches:
            return ()
        if first_fetch and not story.dated:
            # An undated entry on a feed's first fetch could be years old: never alert it.
            return ()
        return alerts.plan(story, matches, now=now, window=self.policy.window,
                           default_chat=self.policy.default_chat, tz=self.policy.tz)


def feed_health_change(before: FeedState, after: FeedState, *, now: datetime,
                       stale_after: timedelta) -> tuple[bool, str] | None:
    """Whether this fetch makes a feed newly stale (True, why) or recovered (False, note);
    None when there is nothing new to tell."""
    if after.failing_since and not before.stale_reported and (
            now - after.failing_since >= stale_after):
        hours = (now - after.failing_since).total_seconds() / 3600
        return True, (f"failing for {hours:.0f} h ({after.consecutive_failures} attempts); "
                      f"last error: {after.last_error}")
    if before.stale_reported and after.failing_since is None:
        return False, "recovered, polling normally again"
    return None


def _parse_body(feed: Feed, fetched: FetchResult) -> ParseResult:
    return parse.parse(fetched.body, feed, fetched_at=fetched.fetched_at,
                       base_url=fetched.final_url, content_type=fetched.content_type)


def _outcome(feed: Feed, fetched: FetchResult, parsed: ParseResult | None,
             ingested: list[Ingested]) -> FeedOutcome:
    new = [i for i in ingested if i.decision is not None]
    error = fetched.error if fetched.failed else (parsed.error if parsed else None)
    return FeedOutcome(
        feed=feed, fetch=fetched, parsed=len(parsed.stories) if parsed else 0,
        new=sum(1 for i in new if i.decision and i.decision.kind is not DedupeKind.SAME_ITEM),
        matched=sum(1 for i in new if i.topics), alerts=sum(i.alerts for i in new), error=error,
        topics=tuple(topic for i in new for topic in i.topics),
    )

