"""When to poll a feed next: a pure decision from the feed, the last fetch and the clock.

`next_poll` starts from the feed's interval and applies, in order:

1. failures (of the fetch, or of the parse as counted by the caller) back off exponentially
   per feed: interval * 2**(failures - 1), capped at `MAX_BACKOFF` (6 h) but never below the
   interval; a GONE feed (404/410) waits the full cap and
   is still retried, never dropped silently;
2. jitter of +-`JITTER` (10 %) so feeds listed together do not fire together;
3. lower bounds the server asked for: the feed's `<ttl>`, `Cache-Control: max-age` and
   `Retry-After`. Each is capped at `MAX_HINT` (24 h) so a silly value cannot silence a feed.
   When a lower bound decides, only upward jitter is added, so the request is never early.

No I/O and no clock of its own: `now` and `rng` come from the caller.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from monitor.models import Feed, FetchResult, FetchStatus

MAX_BACKOFF = 6 * 3600.0  # seconds: the longest wait after failures (and for GONE feeds)
MAX_HINT = 24 * 3600.0  # seconds: the most a TTL / max-age / Retry-After may push a poll out
JITTER = 0.10  # +- fraction of the delay
MIN_DELAY = 1.0  # seconds: never schedule into the past or "now"


def next_poll(feed: Feed, result: FetchResult, *, failures: int, ttl: int | None,
              now: datetime, rng: random.Random) -> datetime:
    """The time to poll `feed` next, after `result`.

    `failures` is the consecutive failure count including this poll when it failed (0 after a
    success). A poll whose fetch succeeded but whose body did not parse is a failure for the
    caller, so `failures > 0` backs off even when `result` itself is OK.
    `ttl` is the feed's `<ttl>` in seconds (from this parse or remembered), if any.
    """
    delay = base_delay(feed, result, failures)
    delay *= 1.0 + rng.uniform(-JITTER, JITTER)
    floor = lower_bound(result, ttl)
    if floor > delay:
        delay = floor * (1.0 + rng.uniform(0.0, JITTER))
    return now + timedelta(seconds=max(delay, MIN_DELAY))


def base_delay(feed: Feed, result: FetchResult, failures: int) -> float:
    """Seconds until the next poll before jitter and server hints."""
    interval = float(max(feed.interval, 1))
    if result.status is FetchStatus.GONE:
        return max(interval, MAX_BACKOFF)
    if result.failed or failures > 0:
        exponent = min(max(failures, 1) - 1, 32)  # 2**32 intervals is far past any cap
        return max(interval, min(interval * 2.0**exponent, MAX_BACKOFF))
    return interval


def lower_bound(result: FetchResult, ttl: int | None) -> float:
    """Seconds the server asked us to wait at least (TTL, max-age, Retry-After), capped."""
    hints = [ttl, result.max_age, result.retry_after]
    return max((min(float(h), MAX_HINT) for h in hints if h is not None and h > 0), default=0.0)
