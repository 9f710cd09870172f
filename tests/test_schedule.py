"""Scheduling policy: interval, backoff, server hints and jitter (pure; seeded rng)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from monitor.models import Feed, FetchResult, FetchStatus
from monitor.schedule import JITTER, MAX_BACKOFF, MAX_HINT, next_poll

NOW = datetime(2025, 10, 18, 12, 0, tzinfo=UTC)
H = 3600
ERR, GONE = FetchStatus.ERROR, FetchStatus.GONE


def result(status=FetchStatus.OK, **fields) -> FetchResult:
    feed = Feed("https://example.org/feed", "Example")
    return FetchResult(feed=feed, status=status, fetched_at=NOW, **fields)


def delay(interval=300, status=FetchStatus.OK, failures=0, ttl=None, seed=1, **fields) -> float:
    feed = Feed("https://example.org/feed", "Example", interval=interval)
    when = next_poll(feed, result(status, **fields), failures=failures, ttl=ttl, now=NOW,
                     rng=random.Random(seed))
    return (when - NOW).total_seconds()


def within(value: float, expected: float, low: float = -JITTER, high: float = JITTER) -> bool:
    return expected * (1 + low) <= value <= expected * (1 + high)


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        pytest.param({}, 300, id="ok-uses-interval"),
        pytest.param({"status": FetchStatus.NOT_MODIFIED}, 300, id="not-modified-uses-interval"),
        pytest.param({"status": FetchStatus.UNCHANGED}, 300, id="unchanged-uses-interval"),
        pytest.param({"interval": 900}, 900, id="feed-interval"),
        pytest.param({"status": ERR, "failures": 1}, 300, id="first-failure"),
        pytest.param({"status": ERR, "failures": 2}, 600, id="second-failure-doubles"),
        pytest.param({"status": ERR, "failures": 4}, 2400, id="fourth-failure"),
        pytest.param({"status": ERR, "failures": 10}, MAX_BACKOFF, id="backoff-capped"),
        pytest.param({"status": ERR, "failures": 10_000}, MAX_BACKOFF,
                     id="huge-failure-count"),
        pytest.param({"status": ERR, "failures": 0}, 300, id="failed-with-zero-count"),
        pytest.param({"status": ERR, "failures": 3, "interval": 8 * H}, 8 * H,
                     id="backoff-never-below-interval"),
        pytest.param({"status": GONE, "failures": 1}, MAX_BACKOFF, id="gone-waits-cap"),
        pytest.param({"status": GONE, "failures": 1, "interval": 12 * H}, 12 * H,
                     id="gone-long-interval"),
        pytest.param({"failures": 0}, 300, id="success-no-backoff"),
        pytest.param({"failures": 3}, 1200, id="fetched-but-unparsable-backs-off"),
    ],
)
def test_base_delay_with_jitter(case, expected):
    for seed in range(20):
        assert within(delay(seed=seed, **case), expected), seed


@pytest.mark.parametrize(
    ("case", "floor"),
    [
        pytest.param({"ttl": 3600}, 3600, id="ttl-above-interval"),
        pytest.param({"max_age": 1800}, 1800, id="max-age-above-interval"),
        pytest.param({"status": ERR, "failures": 1, "retry_after": 7200}, 7200,
                     id="retry-after-above-backoff"),
        pytest.param({"ttl": 30 * 86400}, MAX_HINT, id="silly-ttl-capped"),
        pytest.param({"max_age": 10**9}, MAX_HINT, id="silly-max-age-capped"),
        pytest.param({"status": ERR, "failures": 1, "retry_after": 10**8}, MAX_HINT,
                     id="silly-retry-after-capped"),
        pytest.param({"ttl": 600, "max_age": 1200, "status": ERR, "failures": 1,
                      "retry_after": 900}, 1200, id="largest-hint-wins"),
    ],
)
def test_server_hints_are_lower_bounds(case, floor):
    for seed in range(50):
        value = delay(seed=seed, **case)
        assert within(value, floor, 0.0, JITTER), (seed, value)  # never early, only later


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        pytest.param({"ttl": 60}, 300, id="ttl-below-interval-ignored"),
        pytest.param({"max_age": 0}, 300, id="max-age-zero-ignored"),
        pytest.param({"status": ERR, "failures": 5, "retry_after": 60}, 4800,
                     id="retry-after-below-backoff"),
    ],
)
def test_small_hints_do_not_shorten_the_delay(case, expected):
    for seed in range(20):
        assert within(delay(seed=seed, **case), expected)


def test_same_seed_same_time_and_jitter_spreads_feeds():
    assert delay(seed=42) == delay(seed=42)
    rng = random.Random(7)
    feed = Feed("https://example.org/feed", "Example", interval=600)
    times = {next_poll(feed, result(), failures=0, ttl=None, now=NOW, rng=rng) for _ in range(50)}
    assert len(times) == 50
    spread = (max(times) - min(times)).total_seconds()
    assert spread > 600 * JITTER  # jitter really spreads feeds listed together
    assert all(NOW + timedelta(seconds=540) <= t <= NOW + timedelta(seconds=660) for t in times)


def test_returns_aware_time_after_now():
    feed = Feed("https://example.org/feed", "Example", interval=10)
    when = next_poll(feed, result(), failures=0, ttl=None, now=NOW, rng=random.Random(0))
    assert when.tzinfo is not None
    assert when > NOW
