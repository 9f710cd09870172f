"""Telegram-side faults over long stretches of (simulated) time: a Bot API answering 429 for a
minute and then 500 for an hour, with the notifier restarted in the middle; a Bot API that
never answers. Every alert must arrive exactly once, each chat's in the order queued, and
nothing may be sent into a flood wait.

The real Notifier, the real python-telegram-bot client and the fake Bot API on 127.0.0.1, the
outbox in a real SQLite file. Time is a `FakeClock`: the notifier's sleeps move it, so an hour
passes in a second or two of real time.
"""

from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path

import pytest
from fakebotapi import FakeBotAPI, FakeClock
from test_outbox import T0, World

from monitor import notify
from monitor.notify import Notifier, TelegramSender
from monitor.store import Store

CHATS = ("-1001000000001", "-1001000000002", "-1001000000003")
PER_CHAT = 4  # below the burst limit: every alert goes out as itself
FLOOD = timedelta(minutes=1)
OUTAGE = timedelta(hours=1)
RETRY_AFTER = 20  # seconds

pytestmark = pytest.mark.filterwarnings("ignore:.*retry_after.*:DeprecationWarning")


@pytest.fixture
def clock():
    return FakeClock(T0)


@pytest.fixture
def api(clock):
    with FakeBotAPI(clock=clock) as api:
        yield api


def queue_alerts(db: Path, clock: FakeClock) -> dict[str, list[str]]:
    """PER_CHAT alerts for each chat, interleaved; returns each chat's texts in queued order."""
    with Store.open(db, clock=clock) as store:
        world = World(store)
        for _ in range(PER_CHAT):
            for chat in CHATS:
                world.record(world.story(), ("t",), chats={"t": chat})
        return {chat: [i.text for i in store.outbox_items(chat_id=chat)] for chat in CHATS}


async def run_notifier(db: Path, api: FakeBotAPI, clock: FakeClock, *, until,
                       timeout: float = 2.0):
    """One process's life: open the store, drain until nothing is left or `until`."""
    with Store.open(db, clock=clock) as store:
        sender = TelegramSender(api.token, api_url=api.url, timeout=timeout)
        async with Notifier(store, sender, clock=clock, sleep=clock.sleep) as notifier:
            return await notifier.drain(until_empty=True, deadline=until)


def assert_delivered_once_in_order(api: FakeBotAPI, expected: dict[str, list[str]]) -> None:
    """Each chat got each of its alerts once, in order; and never even tried a newer one
    while an older one was still waiting."""
    for chat, texts in expected.items():
        assert [c.text for c in api.sent(chat)] == texts, f"chat {chat}"
        tried = [texts.index(c.text) for c in api.received(chat_id=chat)]
        assert tried == sorted(tried), f"chat {chat} tried its messages in the order {tried}"


def assert_no_request_during_a_flood_wait(api: FakeBotAPI) -> None:
    for chat in CHATS:
        calls = api.received(chat_id=chat)
        for flood in (c for c in calls if c.status == 429):
            ends = flood.at + timedelta(seconds=RETRY_AFTER)
            early = [c.at - T0 for c in calls if flood.at < c.at < ends]
            assert not early, f"chat {chat}: sent into the flood wait at {early}"


async def test_an_hour_long_outage_with_a_restart_delivers_every_alert_once_in_order(
        tmp_path, api, clock):
    db = tmp_path / "monitor.sqlite"
    expected = queue_alerts(db, clock)
    api.fail("sendMessage", status=429, retry_after=RETRY_AFTER, until=T0 + FLOOD)
    api.fail("sendMessage", status=500, until=T0 + FLOOD + OUTAGE)
    started = time.monotonic()

    before = await run_notifier(db, api, clock, until=T0 + FLOOD + OUTAGE / 2)
    assert (before.sent, before.pending) == (0, len(CHATS) * PER_CHAT)
    after = await run_notifier(db, api, clock, until=T0 + 3 * OUTAGE)  # restarted

    assert (after.sent, after.pending, after.failed) == (len(CHATS) * PER_CHAT, 0, 0)
    assert_delivered_once_in_order(api, expected)
    assert_no_request_during_a_flood_wait(api)
    statuses = [c.status for c in api.received()]
    assert statuses.count(429) >= len(CHATS) * 2 and statuses.count(500) >= len(CHATS) * 5
    # all delivered soon after the recovery: the backoff is capped (10 min), the rate is kept
    recovered = T0 + FLOOD + OUTAGE
    assert recovered <= api.sent()[0].at and api.sent()[-1].at <= recovered + notify.BACKOFF_MAX \
        + timedelta(seconds=3 * PER_CHAT)
    assert time.monotonic() - started < 60  # an hour and more, simulated


async def test_a_restart_during_the_flood_minute_keeps_the_wait_and_the_order(tmp_path, api,
                                                                              clock):
    db = tmp_path / "monitor.sqlite"
    expected = queue_alerts(db, clock)
    api.fail("sendMessage", status=429, retry_after=RETRY_AFTER, until=T0 + FLOOD)
    for stop in (5, 25, 40):  # three short lives inside the flood minute
        await run_notifier(db, api, clock, until=T0 + timedelta(seconds=stop))
        clock.now = T0 + timedelta(seconds=stop + 1)
    result = await run_notifier(db, api, clock, until=T0 + OUTAGE)
    assert result.pending == 0
    assert_delivered_once_in_order(api, expected)
    assert_no_request_during_a_flood_wait(api)


async def test_a_server_that_never_answers_times_out_and_the_alert_is_delivered_later(
        tmp_path, api, clock):
    db = tmp_path / "monitor.sqlite"
    expected = queue_alerts(db, clock)
    hung = CHATS[0]
    api.hang("sendMessage", seconds=5, chat_id=hung)
    result = await run_notifier(db, api, clock, until=T0 + OUTAGE, timeout=0.3)
    assert result.pending == 0 and result.retried == 1
    first, retry = api.received(chat_id=hung)[:2]
    assert first.status == 0 and retry.status == 200 and retry.text == first.text
    assert retry.at - first.at == notify.backoff(1)  # retried later, after its backoff
    # the message Telegram may have seen is the only one that can appear twice; here the
    # fake server dropped it, so each alert is delivered exactly once, in order
    assert_delivered_once_in_order(api, expected)
    with Store.open(db, clock=clock) as store:
        attempts = [i.attempts for i in store.outbox_items(chat_id=hung)]
    assert attempts == [2] + [1] * (PER_CHAT - 1)
    # the other chats were not held up by the hung one
    assert all(api.sent(chat)[0].at < T0 + timedelta(seconds=1) for chat in CHATS[1:])
