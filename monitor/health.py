"""Health and metrics for operators: `monitor run --http HOST:PORT` and `monitor check`.

`Health` is fed by the daemon (`started`, `polled`, `drained`) and serves, on a small asyncio
HTTP server:
- `/healthz`: 200 when the scheduler is running and no enabled feed's scheduled poll is late
  by more than a grace period, 503 otherwise (a JSON body says why). Each feed's due time is
  the store's `next_poll` (interval, TTL, Retry-After and backoff already in it), so feeds
  that legitimately wait hours are not "stale"; a stuck scheduler or a hung poll is late.
- `/metrics`: Prometheus text format (prometheus-client): fetches by outcome, fetch duration,
  items seen, new stories, matches per topic, alerts queued, messages sent / failed / edited /
  collapsed / retried / resent (counted from each outbox drain's result), outbox messages per
  status and backlog, and per-feed consecutive failures and staleness (read from the store at
  scrape time).

`check(settings)` is the container health check: it asks the running process's `/healthz`
(or, when no HTTP address is configured, looks in the store for feeds whose poll is late).
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Iterable
from datetime import datetime, timedelta

import httpx
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from monitor.config import Settings
from monitor.models import FeedOutcome, utcnow

log = logging.getLogger(__name__)

OVERDUE_MIN = timedelta(minutes=10)  # a feed's poll may be this late (or 4 timeouts) and be fine
CHECK_TIMEOUT = 5.0
MAX_NAMED = 5  # overdue feeds named in a verdict


def grace(settings: Settings) -> timedelta:
    """How late a scheduled poll may be before the daemon counts as unhealthy: start-up spread,
    a queue behind the concurrency limit and a slow request are all normal."""
    return max(OVERDUE_MIN, 4 * settings.timeout)


def overdue(schedule: Iterable[tuple[str, str, datetime]], *, now: datetime, grace: timedelta,
            since: datetime | None = None) -> list[tuple[str, str, datetime]]:
    """Pure: the (name, url, due) of feeds whose poll is late by more than `grace`. A time
    before `since` (when the daemon started) counts from `since`: nobody could poll then."""
    late = []
    for name, url, due in schedule:
        expected = max(due, since) if since is not None else due
        if now - expected > grace:
            late.append((name, url, due))
    return late


def _late_reason(late: list[tuple[str, str, datetime]], now: datetime) -> str:
    names = ", ".join(f"{name} ({(now - due).total_seconds():.0f}s late)"
                      for name, _, due in late[:MAX_NAMED])
    more = f" and {len(late) - MAX_NAMED} more" if len(late) > MAX_NAMED else ""
    return f"{len(late)} feeds overdue: {names}{more}"


class _StoreCollector:
    """Gauges computed from the store when Prometheus scrapes."""

    def __init__(self, store, clock):
        self.store, self.clock = store, clock

    def collect(self):
        now = self.clock()
        counts = self.store.outbox_counts()
        messages = GaugeMetricFamily("monitor_outbox_messages",
                                     "Outbox messages by status", labels=["status"])
        for status in ("pending", "sending", "sent", "failed", "collapsed"):
            messages.add_metric([status], counts.get(status, 0))
        yield messages
        yield GaugeMetricFamily("monitor_outbox_backlog", "Messages waiting to be sent",
                                value=counts.get("pending", 0) + counts.get("sending", 0))
        failures = GaugeMetricFamily("monitor_feed_consecutive_failures",
                                     "Consecutive failed fetches per feed", labels=["feed"])
        staleness = GaugeMetricFamily("monitor_feed_staleness_seconds",
                                      "Seconds since the feed was last fetched successfully",
                                      labels=["feed"])
        for state in self.store.feed_states().values():
            failures.add_metric([state.url], state.consecutive_failures)
            if state.last_success:
                staleness.add_metric([state.url], (now - state.last_success).total_seconds())
        yield failures
        yield staleness


class Health:
    def __init__(self, app, *, clock=utcnow):
        self.app = app
        self.clock = clock
        self.grace = grace(app.settings)
        self.started_at: datetime | None = None
        self.last_poll: datetime | None = None
        self.running = False
        self._server: asyncio.base_events.Server | None = None
        self.registry = CollectorRegistry()
        self.fetches = Counter("monitor_fetches", "Feed fetches by outcome", ["outcome"],
                               registry=self.registry)
        self.fetch_seconds = Histogram("monitor_fetch_duration_seconds", "Feed fetch duration",
                                       registry=self.registry,
                                       buckets=(0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60))
        self.items = Counter("monitor_items_seen", "Feed entries parsed", registry=self.registry)
        self.new = Counter("monitor_stories_new", "New stories stored", registry=self.registry)
        self.matches = Counter("monitor_matches", "New stories matched, per topic", ["topic"],
                               registry=self.registry)
        self.alerts = Counter("monitor_alerts_queued", "Alerts queued", registry=self.registry)
        self.sent = Counter("monitor_alerts_sent",
                            "Outbox messages delivered (alerts, summaries, notices)",
                            registry=self.registry)
        self.failed = Counter("monitor_alerts_failed", "Outbox messages refused for good",
                              registry=self.registry)
        self.edits = Counter("monitor_alert_edits", "Sent alerts edited in place",
                             registry=self.registry)
        self.collapsed = Counter("monitor_alerts_collapsed", "Alerts folded into burst summaries",
                                 registry=self.registry)
        self.retries = Counter("monitor_alert_retries",
                               "Sends and edits put off by a transient error or flood wait",
                               registry=self.registry)
        self.resent = Counter("monitor_alerts_resent",
                              "Messages sent again after a stopped run left them in flight",
                              registry=self.registry)
        self.last_poll_gauge = Gauge("monitor_last_poll_timestamp_seconds",
                                     "When the last poll finished", registry=self.registry)
        self.registry.register(_StoreCollector(app.store, clock))

    # --- fed by the daemon -------------------------------------------------------------------

    def started(self) -> None:
        self.started_at = self.clock()
        self.running = True

    def stopped(self) -> None:
        self.running = False

    def polled(self, outcome: FeedOutcome) -> None:
        self.last_poll = self.clock()
        self.last_poll_gauge.set(self.last_poll.timestamp())
        self.fetches.labels(outcome=str(outcome.fetch.status)).inc()
        self.fetch_seconds.observe(outcome.fetch.elapsed)
        self.items.inc(outcome.parsed)
        self.new.inc(outcome.new)
        self.alerts.inc(outcome.alerts)
        for topic in outcome.topics:
            self.matches.labels(topic=topic).inc()

    def drained(self, result) -> None:
        """Count what one outbox drain did (a `notify.DrainResult`)."""
        self.sent.inc(result.sent)
        self.failed.inc(result.failed)
        self.edits.inc(result.edited)
        self.collapsed.inc(result.collapsed)
        self.retries.inc(result.retried)
        self.resent.inc(result.resent)

    # --- answers -----------------------------------------------------------------------------

    def verdict(self) -> tuple[bool, dict]:
        now = self.clock()
        detail = {"running": self.running,
                  "started": self.started_at.isoformat() if self.started_at else None,
                  "last_poll": self.last_poll.isoformat() if self.last_poll else None,
                  "grace_seconds": self.grace.total_seconds()}
        if not self.running or self.started_at is None:
            return False, {**detail, "reason": "scheduler not running"}
        late = overdue(self.app.store.feed_schedule(), now=now, grace=self.grace,
                       since=self.started_at)
        if late:
            return False, {**detail, "reason": _late_reason(late, now),
                           "overdue": [url for _, url, _ in late]}
        return True, {**detail, "reason": "ok"}

    def metrics(self) -> bytes:
        return generate_latest(self.registry)

    # --- HTTP --------------------------------------------------------------------------------

    async def serve(self, host: str, port: int) -> None:
        self._server = await asyncio.start_server(self._handle, host, port)
        log.info("health and metrics on http://%s:%d/healthz and /metrics", host, port)

    async def close(self) -> None:
        if self._server:
            self._server.close()
            await self._server.wait_closed()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            request = await asyncio.wait_for(reader.readline(), 5)
            while (await asyncio.wait_for(reader.readline(), 5)).strip():
                pass  # headers are not needed
            parts = request.decode("latin-1").split()
            path = parts[1].split("?")[0] if len(parts) >= 2 else ""
            status, ctype, body = self._route(parts[0] if parts else "", path)
            writer.write(
                f"HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {len(body)}\r\n"
                f"Connection: close\r\n\r\n".encode() + body)
            await writer.drain()
        except (TimeoutError, ConnectionError):
            pass
        finally:
            writer.close()

    def _route(self, method: str, path: str) -> tuple[str, str, bytes]:
        if method not in ("GET", "HEAD"):
            return "405 Method Not Allowed", "text/plain", b"GET only\n"
        if path == "/healthz":
            healthy, detail = self.verdict()
            body = json.dumps(detail).encode() + b"\n"
            return ("200 OK" if healthy else "503 Service Unavailable"), "application/json", body
        if path == "/metrics":
            return "200 OK", CONTENT_TYPE_LATEST, self.metrics()
        return "404 Not Found", "text/plain", b"try /healthz or /metrics\n"


def check(settings: Settings, *, now: datetime | None = None) -> tuple[bool, str]:
    """Ask the running daemon's /healthz; without an HTTP address, look at the store."""
    if settings.http:
        host, port = settings.http
        if host in ("0.0.0.0", "::", ""):
            host = "127.0.0.1"
        url = f"http://{'[' + host + ']' if ':' in host else host}:{port}/healthz"
        try:
            response = httpx.get(url, timeout=CHECK_TIMEOUT)
        except httpx.HTTPError as exc:
            return False, f"{url}: {exc.__class__.__name__}: {exc}"
        return response.status_code == 200, f"{url}: {response.status_code} {response.text.strip()}"
    from monitor.app import SetupError, open_store

    try:
        store = open_store(settings)
    except SetupError as exc:
        return False, str(exc)
    with store:
        last = store.last_fetch()
        schedule = store.feed_schedule()
    now = now or utcnow()
    if last is None:
        return False, "no feed fetched yet"
    late = overdue(schedule, now=now, grace=grace(settings))
    if late:
        return False, _late_reason(late, now)
    return True, (f"{len(schedule)} feeds on schedule; last fetch "
                  f"{(now - last).total_seconds():.0f}s ago")
