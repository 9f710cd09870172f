"""Delivery end to end: the real Notifier and the real python-telegram-bot client against the
fake Bot API server on 127.0.0.1, with the outbox in a real SQLite file.

Time is a fake clock (`fakebotapi.FakeClock`): the notifier's `sleep` advances it instead of
sleeping, and the fake server stamps each request with it, so rate limits and retry waits are
checked by counting.
"""

from __future__ import annotations

import io
import itertools
import logging
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, timedelta
from pathlib import Path

import pytest
from fakebotapi import NOT_MODIFIED, FakeBotAPI, FakeClock, parse_html
from test_outbox import CHAT, DESK, OUTLETS, T0, World, feed_url

from monitor import alerts, notify
from monitor.models import Feed, utcnow
from monitor.notify import DrainResult, Notifier, PrintSender, TelegramSender
from monitor.store import Store

CHILD = Path(__file__).parent / "fixtures" / "notify" / "drain_child.py"


@pytest.fixture
def clock():
    return FakeClock(T0)


@pytest.fixture
def api(clock):
    with FakeBotAPI(clock=clock) as api:
        yield api


@pytest.fixture
def store(tmp_path, clock):
    with Store.open(tmp_path / "monitor.sqlite", clock=clock) as store:
        yield store


@pytest.fixture
def world(store):
    return World(store)


@pytest.fixture
def dry_world(store):
    """Stories planned as `monitor once --dry-run` plans them: for the printer's chat."""
    return World(store, default_chat=alerts.DRY_RUN_CHAT)


def notifier(store, api, clock, *, token=None, link_preview=False, **kw) -> Notifier:
    sender = TelegramSender(token or api.token, api_url=api.url, link_preview=link_preview,
                            timeout=kw.pop("timeout", 2.0))
    return Notifier(store, sender, tz=UTC, clock=clock, sleep=clock.sleep, **kw)


async def drain(store, api, clock, **kw) -> DrainResult:
    until_empty = kw.pop("until_empty", True)
    deadline = kw.pop("deadline", None)
    async with notifier(store, api, clock, **kw) as n:
        return await n.drain(until_empty=until_empty, deadline=deadline)


def gaps(calls) -> list[float]:
    return [(b.at - a.at).total_seconds() for a, b in itertools.pairwise(calls)]


# --- sending -------------------------------------------------------------------------------------

async def test_pending_alerts_are_sent_in_order_and_recorded(world, store, api, clock):
    for outlet in ("Spiegel", "BBC", "tagesschau"):
        world.alert(outlet)
    result = await drain(store, api, clock)
    assert (result.sent, result.failed, result.pending) == (3, 0, 0)
    sent = api.sent(CHAT)
    items = store.outbox_items()
    assert [c.text for c in sent] == [i.text for i in items] == [i.sent_text for i in items]
    assert [c.message_id for c in sent] == [i.message_id for i in items] == [1, 2, 3]
    assert all(c.parse_mode == "HTML" and c.link_preview_options == {"is_disabled": True}
               for c in sent)
    assert all(i.status == "sent" and i.attempts == 1 for i in items)
    again = await drain(store, api, clock)
    assert again.sent == 0 and len(api.received()) == 3  # never twice


async def test_link_previews_can_be_enabled(world, store, api, clock):
    world.alert()
    await drain(store, api, clock, link_preview=True)
    assert api.sent()[0].link_preview_options == {"is_disabled": False}


async def test_hostile_headlines_are_accepted_by_telegrams_parser(world, store, api, clock):
    for title in ("<script>alert(1)</script>", "Tom &amp; Jerry", 'He said "no" <b>', "😀" * 5000,
                  "x" * 10_000):
        world.record(world.story(title=title))
    result = await drain(store, api, clock)
    assert result.sent == 5 and result.failed == 0
    assert "<script>alert(1)</script>" in parse_html(api.sent()[0].text)


async def test_routing_sends_each_topic_to_its_chat(world, store, api, clock):
    world.alert(topics=("tomahawk-decision", "ukraine-aid"), chats={"ukraine-aid": DESK})
    world.alert("BBC", topics=("ukraine-aid",), chats={"ukraine-aid": DESK})
    await drain(store, api, clock)
    assert len(api.sent(CHAT)) == 1 and len(api.sent(DESK)) == 2
    assert "ukraine-aid" not in parse_html(api.sent(CHAT)[0].text)
    assert "ukraine-aid" in parse_html(api.sent(DESK)[0].text)


async def test_notices_go_through_the_same_outbox(store, api, clock):
    store.queue_notice(CHAT, "feed http://x/<a> is down since 12:00", key="down:x")
    result = await drain(store, api, clock)
    assert result.sent == 1
    assert parse_html(api.sent()[0].text) == "feed http://x/<a> is down since 12:00"


# --- rate limits ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("chat_rate", "global_rate", "chats", "per_chat"), [
    (20, 25, 2, 8),
    (60, 25, 3, 5),
    (20, 2, 6, 2),
], ids=["default-two-chats", "fast-chats", "global-bottleneck"])
async def test_rate_limits_are_honoured(store, api, clock, chat_rate, global_rate, chats,
                                        per_chat):
    ids = [f"-10010000000{i}" for i in range(chats)]
    world = World(store)
    for _ in range(per_chat):
        for chat in ids:
            world.record(world.story(), ("t",), chats={"t": chat})
    result = await drain(store, api, clock, chat_rate=chat_rate, global_rate=global_rate)
    assert result.sent == chats * per_chat
    for chat in ids:
        assert min(gaps(api.sent(chat))) >= 60 / chat_rate - 1e-6
    assert min(gaps(api.sent())) >= 1 / global_rate - 1e-6
    # ... and no slower than needed: the last message goes as soon as the limits allow
    slowest = max((per_chat - 1) * 60 / chat_rate, (chats * per_chat - 1) / global_rate)
    elapsed = (api.sent()[-1].at - api.sent()[0].at).total_seconds()
    assert elapsed <= slowest + 60 / chat_rate


async def test_print_sender_is_not_rate_limited(dry_world, store, clock):
    for _ in range(5):
        dry_world.alert()
    out = io.StringIO()
    async with Notifier(store, PrintSender(out), clock=clock, sleep=clock.sleep) as n:
        result = await n.drain(until_empty=True)
    assert result.sent == 5 and clock.slept == []


# --- 429, transient and permanent errors ---------------------------------------------------------

@pytest.mark.filterwarnings("ignore:.*retry_after.*:DeprecationWarning")  # PTB's own
@pytest.mark.parametrize("timedelta_mode", [False, True], ids=["int-seconds", "PTB_TIMEDELTA"])
async def test_flood_wait_is_honoured_exactly(world, store, api, clock, monkeypatch,
                                              timedelta_mode):
    if timedelta_mode:
        monkeypatch.setenv("PTB_TIMEDELTA", "true")
    world.alert()
    world.alert("BBC")
    api.fail("sendMessage", status=429, retry_after=7)
    result = await drain(store, api, clock)
    first, second, third = api.received()
    assert first.status == 429 and second.status == 200 and third.status == 200
    assert (second.at - first.at) == timedelta(seconds=7)  # not a moment earlier, nor later
    assert result.sent == 2 and result.retried == 1
    assert store.outbox_items()[0].attempts == 1  # the flood wait is not held against it
    assert second.text == first.text  # the same message, in order


@pytest.mark.filterwarnings("ignore:.*retry_after.*:DeprecationWarning")
async def test_flood_wait_without_until_empty_returns_and_keeps_it_pending(world, store, api,
                                                                          clock):
    world.alert()
    api.fail("sendMessage", status=429, retry_after=30)
    async with notifier(store, api, clock) as n:
        result = await n.drain(until_empty=False)
        assert (result.sent, result.pending) == (0, 1)
        assert clock.now == T0  # did not wait 30 s for it
        clock.now += timedelta(seconds=30)
        assert (await n.drain()).sent == 1


async def test_transient_errors_back_off_then_succeed(world, store, api, clock):
    world.alert()
    api.fail("sendMessage", status=500, times=2)
    result = await drain(store, api, clock)
    calls = api.received()
    assert [c.status for c in calls] == [500, 500, 200]
    assert gaps(calls) == [notify.backoff(1).total_seconds(), notify.backoff(2).total_seconds()]
    item = store.outbox_items()[0]
    assert (item.status, item.attempts, item.last_error) == ("sent", 3, None)
    assert result.retried == 2 and result.sent == 1


def test_backoff_grows_and_is_capped():
    waits = [notify.backoff(n).total_seconds() for n in range(1, 12)]
    assert waits[:4] == [5, 10, 20, 40]
    assert max(waits) == notify.BACKOFF_MAX.total_seconds() and waits == sorted(waits)


async def test_backoff_is_persisted_across_restarts(world, store, api, clock):
    world.alert()
    api.fail("sendMessage", status=502)
    result = await drain(store, api, clock, until_empty=False)
    assert result.pending == 1
    item = store.outbox_items()[0]
    assert item.next_attempt == T0 + notify.backoff(1) and item.attempts == 1
    assert "Bad Gateway" in item.last_error
    # a new notifier (a restart) respects it too
    assert (await drain(store, api, clock, until_empty=False)).sent == 0
    clock.now = item.next_attempt
    assert (await drain(store, api, clock, until_empty=False)).sent == 1


async def test_a_hanging_request_times_out_and_is_resent(world, store, api, clock):
    world.alert()
    api.hang("sendMessage", seconds=3)
    result = await drain(store, api, clock, timeout=0.3)
    calls = api.received()
    # The ambiguity: Telegram may have received the first request (this one hung up without
    # answering), so the alert is resent: at-least-once.
    assert len(calls) == 2 and calls[1].status == 200 and calls[0].text == calls[1].text
    assert result.sent == 1 and result.retried == 1
    assert store.outbox_items()[0].attempts == 2


PERMANENT = {
    "chat-not-found": (400, "Bad Request: chat not found", True),
    "kicked": (403, "Forbidden: bot was kicked from the channel chat", True),
    "not-admin": (400, "Bad Request: need administrator rights in the channel chat", True),
    "bad-markup": (400, "Bad Request: can't parse entities: unsupported start tag", False),
    "too-long": (400, "Bad Request: message is too long", False),
}


@pytest.mark.parametrize(("status", "description", "chat_wide"), PERMANENT.values(),
                         ids=PERMANENT.keys())
async def test_permanent_errors_are_recorded_and_never_retried(
        world, store, api, clock, caplog, status, description, chat_wide):
    world.alert("Spiegel")
    world.alert("BBC")
    world.alert("Reuters", topics=("other",), chats={"other": DESK})
    api.fail("sendMessage", status=status, description=description, chat_id=CHAT)
    with caplog.at_level(logging.ERROR, logger="monitor.notify"):
        result = await drain(store, api, clock, until_empty=True)
    first, second = store.outbox_items(chat_id=CHAT)
    reason = description.split(": ", 1)[1].lower()
    assert first.status == "failed" and reason in first.last_error.lower()
    assert "not retried" in caplog.text and len(caplog.records) == 1  # one report
    assert len(api.sent(DESK)) == 1  # other chats are unaffected
    assert len(api.received(chat_id=CHAT)) == (1 if chat_wide else 2)
    if chat_wide:  # the whole backlog fails at once, with the reason, without more requests
        assert second.status == "failed" and reason in second.last_error.lower()
        assert result.failed == 2 and "2 queued messages marked failed" in caplog.text
    else:  # a message-specific refusal does not hold up the chat
        assert second.status == "sent" and result.failed == 1
    clock.now += notify.CHAT_FAILURE_HOLD
    later = await drain(store, api, clock, until_empty=True)
    assert later.failed == later.sent == 0
    assert [c.text for c in api.received(chat_id=CHAT)].count(first.text) == 1  # never again


ADMIN = "-100777"


async def test_a_chat_wide_refusal_is_told_to_the_admin_chat_and_retried_after_the_fix(
        world, store, api, clock):
    """The bot is removed from the channel: the backlog fails once, the admin chat hears of it
    (with what to do), and `retry-failed` (the store's `retry_failed`) after the fix sends every
    failed message once, in its old order."""
    for outlet in ("Spiegel", "BBC", "Reuters"):
        world.alert(outlet)
    api.fail("sendMessage", status=403, chat_id=CHAT, times=1)
    result = await drain(store, api, clock, admin_chat=ADMIN)
    assert result.failed == 3
    (notice,) = api.sent(ADMIN)
    assert CHAT in notice.text and "retry-failed" in notice.text and "kicked" in notice.text
    assert store.retry_failed(now=clock.now, chat_id=DESK) == (0, 0)  # another chat: nothing
    assert store.retry_failed(now=clock.now, chat_id=CHAT) == (3, 0)
    clock.now += notify.CHAT_FAILURE_HOLD  # (the process that saw the refusal rests the chat)
    again = await drain(store, api, clock, admin_chat=ADMIN)
    assert again.sent == 3 and again.failed == 0 and len(api.sent(ADMIN)) == 1
    sent = api.sent(CHAT)
    assert [m.text for m in sent] == [i.text for i in store.outbox_items(chat_id=CHAT)]
    assert all(i.status == "sent" for i in store.outbox_items(chat_id=CHAT))


async def test_a_refusal_by_the_admin_chat_itself_is_only_logged(world, store, api, clock):
    world.alert("Spiegel")
    api.fail("sendMessage", status=403, chat_id=CHAT)
    await drain(store, api, clock, admin_chat=CHAT)
    assert store.outbox_items(chat_id=CHAT)[0].status == "failed"
    assert len(store.outbox_items()) == 1  # no notice queued to the chat that refused us


async def test_a_chat_wide_refusal_of_an_edit_fails_the_chats_backlog(world, store, api, clock,
                                                                    caplog):
    first = world.alert("Spiegel")
    await drain(store, api, clock)
    world.alert("BBC", join=first.cluster_id)  # an edit of message 1
    world.alert("Reuters")  # and a new message
    api.fail("editMessageText", status=403)
    with caplog.at_level(logging.ERROR, logger="monitor.notify"):
        result = await drain(store, api, clock)
    edited, new = store.outbox_items()
    assert (edited.status, edited.edit_pending, new.status) == ("sent", False, "failed")
    assert "kicked" in new.last_error and "kicked" in edited.last_error
    assert result.failed == 1 and len(caplog.records) == 1 and len(api.sent()) == 1
    # the bot is back: retry-failed sends the new message and makes the dropped edit
    assert store.retry_failed(now=clock.now, chat_id=CHAT) == (1, 1)
    clock.now += notify.CHAT_FAILURE_HOLD
    again = await drain(store, api, clock, until_empty=True)
    assert (again.sent, again.edited, again.failed) == (1, 1, 0)
    edits = api.received("editMessageText", chat_id=CHAT)
    assert len(edits) == 2 and "BBC" in edits[-1].text  # refused, then made


async def test_until_empty_does_not_wait_for_a_chat_that_refused_us(world, store, api, clock):
    world.alert("Spiegel")
    api.fail("sendMessage", status=403)
    async with notifier(store, api, clock) as n:
        assert (await n.drain(until_empty=True)).failed == 1
        world.alert("BBC")  # queued while the chat rests
        result = await n.drain(until_empty=True)
        assert (result.sent, result.pending) == (0, 1) and clock.now == T0  # no 15-min nap
        clock.now += notify.CHAT_FAILURE_HOLD
        assert (await n.drain(until_empty=True)).sent == 1  # tried again after the rest


async def test_chat_migration_is_followed(world, store, api, clock, caplog):
    world.alert("Spiegel")
    world.alert("BBC")
    api.fail("sendMessage", status=400, migrate_to=-1009999, chat_id=CHAT)
    async with notifier(store, api, clock) as n:
        with caplog.at_level(logging.WARNING, logger="monitor.notify"):
            result = await n.drain(until_empty=True)
        assert result.sent == 2 and len(api.sent("-1009999")) == 2
        assert "update the configuration" in caplog.text
        world.alert("Reuters")  # planned for the old id: follows without another refusal
        await n.drain(until_empty=True)
    assert len(api.received(chat_id=CHAT)) == 1 and len(api.sent("-1009999")) == 3
    assert {i.chat_id for i in store.outbox_items()} == {"-1009999"}


async def test_rejected_token_at_start_is_a_clear_error_without_the_token(store, api, clock,
                                                                           caplog):
    wrong = "987654321:AAWrongTokenWrongTokenWrongToken_xyz"
    with caplog.at_level(logging.DEBUG, logger="monitor"), \
            pytest.raises(notify.SenderUnusable) as info:
        await drain(store, api, clock, token=wrong)
    assert "rejected the bot token" in str(info.value)
    assert wrong not in str(info.value) and wrong not in repr(info.value)
    assert info.value.__cause__ is None and info.value.__suppress_context__  # no traceback leak
    assert wrong not in caplog.text


async def test_token_revoked_mid_drain_stops_and_keeps_messages(world, store, api, clock):
    world.alert()
    world.alert("BBC")
    async with notifier(store, api, clock) as n:
        api.fail("sendMessage", status=401, description="Unauthorized")
        result = await n.drain(until_empty=True)
    assert result.error and "token" in result.error and result.pending == 2
    assert api.token not in result.error and api.token not in str(result)
    assert len(api.received()) == 1
    assert [(i.status, i.attempts) for i in store.outbox_items()] == [("pending", 0)] * 2


async def test_unreachable_server_at_start_is_not_fatal(world, store, clock, tmp_path):
    world.alert()
    with FakeBotAPI(clock=clock) as gone:
        url, token = gone.url, gone.token
    sender = TelegramSender(token, api_url=url, timeout=0.5)
    async with Notifier(store, sender, clock=clock, sleep=clock.sleep) as n:
        result = await n.drain(until_empty=False)
    assert result.pending == 1 and result.retried == 1
    assert "network" in store.outbox_items()[0].last_error


class BrokenStream(io.StringIO):
    def write(self, text):
        raise BrokenPipeError("output closed")


async def test_a_failing_print_stream_leaves_the_message_pending(dry_world, store, clock):
    dry_world.alert()
    with pytest.raises(BrokenPipeError):
        async with Notifier(store, PrintSender(BrokenStream()), clock=clock,
                            sleep=clock.sleep) as n:
            await n.drain(until_empty=True)
    item = store.outbox_items()[0]
    assert (item.status, item.attempts, item.next_attempt) == ("pending", 0, T0)
    assert "BrokenPipeError" in item.last_error


# --- deadlines and restarts -----------------------------------------------------------------------

async def test_deadline_leaves_the_rest_pending(world, store, api, clock):
    for _ in range(8):
        world.alert()
    result = await drain(store, api, clock, deadline=T0 + timedelta(seconds=10))
    assert result.sent == 4 and result.pending == 4  # one each 3 s: at 0, 3, 6, 9
    assert clock.now == T0 + timedelta(seconds=10)
    assert (await drain(store, api, clock)).sent == 4


async def test_a_claim_left_by_a_dead_process_is_resent_after_its_lease(world, store, api, clock,
                                                                        caplog):
    world.alert()
    item = store.outbox_items()[0]
    store.claim(item.id, now=T0, lease=notify.SENDING_LEASE)  # then the process died
    assert (await drain(store, api, clock, until_empty=False)).sent == 0  # lease still live
    clock.now = T0 + notify.SENDING_LEASE
    with caplog.at_level(logging.WARNING, logger="monitor.notify"):
        result = await drain(store, api, clock, until_empty=False)
    assert result.sent == 1 and result.resent == 1
    assert f"outbox row {item.id}" in caplog.text and "may appear twice" in caplog.text


def test_killed_mid_drain_and_restarted_delivers_every_alert_exactly_once(tmp_path):
    """SIGKILL a draining process, start another: every alert reaches Telegram, once, except
    a row the killed process had marked `sending` (the documented ambiguity): that one may
    arrive twice, never more, and never zero times."""
    db = tmp_path / "monitor.sqlite"
    with Store.open(db) as store:
        world = World(store, now=utcnow())
        for i in range(40):
            world.record(world.story(), ("t",), chats={"t": CHAT if i % 2 else DESK})
        texts = {item.id: item.text for item in store.outbox_items()}
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)}
    with FakeBotAPI(delay=0.05) as api:
        child = subprocess.Popen([sys.executable, str(CHILD), str(db), api.url, api.token, "0"],
                                 env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 30
        while len(api.received()) < 12 and time.monotonic() < deadline and child.poll() is None:
            time.sleep(0.01)
        child.send_signal(signal.SIGKILL)
        child.wait(10)
        assert child.returncode == -signal.SIGKILL, child.stderr.read().decode()[-2000:]
        with Store.open(db) as store:
            before = {i.id: i.status for i in store.outbox_items()}
        ambiguous = {item_id for item_id, status in before.items() if status == "sending"}
        assert 0 < list(before.values()).count("sent") < 40  # killed part-way
        assert len(ambiguous) <= 1  # one request in flight at a time
        # Restart "later": the dead process's claim has expired.
        later = str(notify.SENDING_LEASE.total_seconds() + 1)
        done = subprocess.run([sys.executable, str(CHILD), str(db), api.url, api.token, later],
                              env=env, capture_output=True, timeout=60)
        assert done.returncode == 0, done.stderr.decode()[-2000:]
        accepted = [c.text for c in api.sent()]
    with Store.open(db) as store:
        after = {i.id: i for i in store.outbox_items()}
    assert all(item.status == "sent" for item in after.values())
    for item_id, text in texts.items():
        times = accepted.count(text)
        if item_id in ambiguous:
            assert times in (1, 2), f"ambiguous row {item_id} delivered {times} times"
        else:
            assert times == 1, f"row {item_id} ({before[item_id]}) delivered {times} times"


WAITS = {
    "flood-wait": ({"status": 429, "retry_after": 30}, 30.0),
    "server-error": ({"status": 500}, notify.backoff(1).total_seconds()),
    "timeout": (None, notify.backoff(1).total_seconds()),
}


@pytest.mark.filterwarnings("ignore:.*retry_after.*:DeprecationWarning")
@pytest.mark.parametrize(("failure", "wait"), WAITS.values(), ids=WAITS.keys())
async def test_a_restart_keeps_the_chats_order_and_its_wait(world, store, api, clock, failure,
                                                            wait):
    world.alert("Spiegel")
    world.alert("BBC")
    if failure is None:
        api.hang("sendMessage", seconds=3)
    else:
        api.fail("sendMessage", **failure)
    assert (await drain(store, api, clock, until_empty=False, timeout=0.3)).sent == 0
    clock.now += timedelta(seconds=1)  # restarted a second later: a new notifier
    assert (await drain(store, api, clock)).sent == 2
    first, *then = api.received()
    assert (then[0].at - first.at).total_seconds() == wait  # nothing during the wait
    assert [c.text for c in then] == [i.text for i in store.outbox_items()]  # in order


@pytest.mark.filterwarnings("ignore:.*retry_after.*:DeprecationWarning")
async def test_a_flood_wait_on_an_edit_holds_the_chat_across_a_restart(world, store, api,
                                                                       clock):
    first = world.alert("Spiegel")
    await drain(store, api, clock)
    world.alert("BBC", join=first.cluster_id)
    api.fail("editMessageText", status=429, retry_after=30)
    clock.now += timedelta(seconds=10)
    await drain(store, api, clock, until_empty=False)
    world.alert("Reuters")  # queued during the flood wait
    clock.now += timedelta(seconds=1)
    await drain(store, api, clock)  # restarted
    flood = api.received("editMessageText")[0]
    later = [c for c in api.calls if c.at > flood.at and c.method != "getMe"]
    assert [c.method for c in later] == ["editMessageText", "sendMessage"]
    assert all(c.at >= flood.at + timedelta(seconds=30) for c in later)


async def test_a_restart_keeps_the_chat_rate(world, store, api, clock):
    world.alert("Spiegel")
    await drain(store, api, clock)
    world.alert("BBC")
    await drain(store, api, clock)  # a new process: `monitor once` after the daemon
    assert gaps(api.sent()) == [3.0]


async def test_a_restart_spaces_its_first_send_from_the_last_edit(world, store, api, clock):
    """An edit counts against the chat's rate too: a new process (the daemon restarted, or
    `monitor once` after it) waits a gap after the latest edit, as after the latest send."""
    first = world.alert("Spiegel")
    await drain(store, api, clock)
    clock.now += timedelta(seconds=10)
    world.alert("BBC", join=first.cluster_id)  # an edit of the message
    await drain(store, api, clock)
    world.alert("Reuters")  # a new message, sent by the next process
    await drain(store, api, clock)
    edit, = api.received("editMessageText")
    send = api.sent()[-1]
    assert (send.at - edit.at).total_seconds() == 3.0


class LockingSender:
    """The real TelegramSender; the moment Telegram has answered, another connection takes
    the database's write lock (as a busy writer or a full disk would stop our write)."""

    rate_limited = True
    chats = None

    def __init__(self, inner: TelegramSender, db: Path):
        self.inner = inner
        self.locker = sqlite3.connect(db, isolation_level=None)
        self.locks = 0

    async def start(self):
        await self.inner.start()

    async def close(self):
        await self.inner.close()
        self.locker.close()

    async def send(self, chat_id, text):
        message_id = await self.inner.send(chat_id, text)
        if self.locks:
            self.locks -= 1
            self.locker.execute("BEGIN IMMEDIATE")
        return message_id

    async def edit(self, chat_id, message_id, text):
        await self.inner.edit(chat_id, message_id, text)

    def unlock(self):
        if self.locker.in_transaction:
            self.locker.execute("ROLLBACK")


@pytest.mark.parametrize(("locked_for", "recorded"), [
    (1, True), (notify.RECORD_TRIES - 1, True), (notify.RECORD_TRIES, False)],
    ids=["first-try-fails", "last-try-succeeds", "every-try-fails"])
async def test_a_failed_write_of_sent_does_not_resend(tmp_path, api, clock, caplog, monkeypatch,
                                                       locked_for, recorded):
    monkeypatch.setattr("monitor.store.BUSY_TIMEOUT_MS", 20)  # a locked database fails fast
    db = tmp_path / "locked.sqlite"
    with Store.open(db, clock=clock) as store:
        world = World(store)
        world.alert("Spiegel")
        world.alert("BBC")
        sender = LockingSender(TelegramSender(api.token, api_url=api.url, timeout=2.0), db)
        sender.locks = 1

        async def sleep(seconds):  # the lock goes away after `locked_for` failed writes
            await clock.sleep(seconds)
            if len(clock.slept) >= locked_for:
                sender.unlock()

        async with Notifier(store, sender, clock=clock, sleep=sleep) as n:
            with caplog.at_level(logging.WARNING, logger="monitor.notify"):
                result = await n.drain(until_empty=True)
            first = store.outbox_items()[0]
            if recorded:
                assert result.error is None and result.sent == 2
                assert first.status == "sent" and first.message_id == 1
            else:
                assert result.error and "message_id 1" in result.error and result.sent == 1
                assert first.status == "sending"  # the row still says so, but ...
                errors = [r for r in caplog.records if r.levelno == logging.ERROR]
                assert len(errors) == 1 and "WAS SENT" in errors[0].getMessage()
                assert "message_id 1" in errors[0].getMessage()
                sender.unlock()  # the database is writable again:
                clock.now += notify.SENDING_LEASE  # even after the lease
                again = await n.drain(until_empty=True)
                assert again.error is None and again.sent == 1 and again.resent == 0
            assert [(i.status, i.message_id) for i in store.outbox_items()] == [
                ("sent", 1), ("sent", 2)]
    assert len(api.received()) == 2  # each message sent once, never again


# --- bursts --------------------------------------------------------------------------------------

async def test_a_burst_is_collapsed_into_per_topic_summaries(world, store, api, clock):
    topics = ("tomahawk-decision", "ukraine-aid", "sanctions")
    for i in range(60):
        world.record(world.story(), (topics[i % 3],))
    result = await drain(store, api, clock)
    keep = alerts.individual_limit(20)
    assert keep == 10 and result.collapsed == 50
    sent = api.sent(CHAT)
    assert len(sent) == keep + 3  # ten alerts, then one summary per topic
    assert (sent[-1].at - sent[0].at) <= timedelta(seconds=3 * 13)  # under a minute, not 3
    items = store.outbox_items()
    summaries = {i.id: i for i in items if i.kind == "summary"}
    collapsed = [i for i in items if i.status == "collapsed"]
    assert len(collapsed) == 50 and all(i.collapsed_into in summaries for i in collapsed)
    for item in collapsed:  # each collapsed headline is listed in the summary it points at
        assert item.headline.title in parse_html(summaries[item.collapsed_into].sent_text)
    assert all(s.status == "sent" and s.topics[0] in s.text for s in summaries.values())
    assert result.pending == 0


# --- edits ----------------------------------------------------------------------------------------

async def test_more_outlets_edit_the_posted_alert(world, store, api, clock):
    first = world.alert("Spiegel")
    async with notifier(store, api, clock) as n:
        await n.drain(until_empty=True)
        world.alert("BBC", join=first.cluster_id)
        world.alert("tagesschau", join=first.cluster_id)
        result = await n.drain(until_empty=True)
        assert result.edited == 1 and result.sent == 0
        edit = api.received("editMessageText")[0]
        assert edit.message_id is not None and edit.params["message_id"] == "1"
        assert "also: BBC <https://bbc.example/2>, tagesschau <https://tagesschau.example/3> " \
               "(3 outlets)" in notify.render.plain(edit.text)
        item = store.outbox_items()[0]
        assert item.sent_text == api.message(CHAT, 1) == edit.text and item.edits == 1
        assert (await n.drain(until_empty=True)).edited == 0  # nothing new: no request
        world.alert("Reuters", join=first.cluster_id)
        await n.drain(until_empty=True)
    assert "Reuters" in api.message(CHAT, 1) and len(api.received("editMessageText")) == 2
    gap = api.received("editMessageText")[0].at - api.sent()[0].at
    assert gap >= timedelta(seconds=3)  # edits respect the chat's rate too


async def test_an_alert_sent_after_others_joined_already_says_so(world, store, api, clock):
    first = world.alert("Spiegel")
    world.alert("BBC", join=first.cluster_id)
    await drain(store, api, clock)
    assert "also: BBC" in parse_html(api.sent()[0].text)
    assert api.received("editMessageText") == []


async def test_not_modified_counts_as_done(world, store, api, clock):
    first = world.alert("Spiegel")
    await drain(store, api, clock)
    world.alert("BBC", join=first.cluster_id)
    api.fail("editMessageText", status=400, description=NOT_MODIFIED)
    result = await drain(store, api, clock)
    item = store.outbox_items()[0]
    assert result.edited == 1 and not item.edit_pending and item.last_error is None


async def test_a_failing_edit_backs_off_like_a_send(world, store, api, clock):
    first = world.alert("Spiegel")
    await drain(store, api, clock)
    world.alert("BBC", join=first.cluster_id)
    api.fail("editMessageText", status=500, times=3)
    result = await drain(store, api, clock)
    edits = api.received("editMessageText")
    assert [c.status for c in edits] == [500, 500, 500, 200] and result.edited == 1
    assert gaps(edits) == [notify.backoff(n).total_seconds() for n in (1, 2, 3)]


async def test_a_failing_edit_keeps_its_backoff_across_a_restart(world, store, api, clock):
    """Each drain below is a new notifier, as after a restart: the edit's third try waits the
    third step of the backoff, not the first again."""
    first = world.alert("Spiegel")
    await drain(store, api, clock)
    world.alert("BBC", join=first.cluster_id)
    api.fail("editMessageText", status=500, times=3)
    waits = []
    for _ in range(3):
        await drain(store, api, clock, until_empty=False)
        item = store.outbox_items()[0]
        waits.append((item.next_attempt - clock.now).total_seconds())
        clock.now = item.next_attempt
    assert waits == [notify.backoff(n).total_seconds() for n in (1, 2, 3)]
    assert (await drain(store, api, clock, until_empty=False)).edited == 1
    assert store.outbox_items()[0].edit_failures == 0  # done: the next edit starts afresh


async def test_a_refused_edit_leaves_the_message_sent(world, store, api, clock):
    first = world.alert("Spiegel")
    await drain(store, api, clock)
    world.alert("BBC", join=first.cluster_id)
    api.fail("editMessageText", status=400, description="Bad Request: message to edit not found")
    await drain(store, api, clock)
    item = store.outbox_items()[0]
    assert item.status == "sent" and not item.edit_pending and "not found" in item.last_error


async def test_edits_stop_at_the_cap(world, store, api, clock):
    more = [f"Outlet {i}" for i in range(alerts.MAX_EDITS_PER_MESSAGE + 3)]
    store.sync_feeds([Feed(url=feed_url(o), name=o) for o in (*OUTLETS, *more)])
    first = world.alert("Spiegel")
    async with notifier(store, api, clock) as n:
        await n.drain(until_empty=True)
        for outlet in more:  # each one changes the also: line
            world.alert(outlet, join=first.cluster_id)
            await n.drain(until_empty=True)
    edits = api.received("editMessageText")
    assert len(edits) == alerts.MAX_EDITS_PER_MESSAGE
    assert store.outbox_items()[0].edits == alerts.MAX_EDITS_PER_MESSAGE


# --- printing -------------------------------------------------------------------------------------

async def test_print_sender_prints_plain_text_and_marks_rows_sent(dry_world, store, clock):
    first = dry_world.record(dry_world.story(title='Talks & "Tomahawk" <update>'))
    out = io.StringIO()
    async with Notifier(store, PrintSender(out), clock=clock, sleep=clock.sleep) as n:
        assert (await n.drain(until_empty=True)).sent == 1
        dry_world.alert("BBC", join=first.cluster_id)
        assert (await n.drain(until_empty=True)).edited == 1
    text = out.getvalue()
    assert f"message 1 to {alerts.DRY_RUN_CHAT}" in text and 'Talks & "Tomahawk" <update>' in text
    assert "<b>" not in text and "&amp;" not in text
    assert "message 1 to" in text and "updated" in text and "also: BBC" in text
    item = store.outbox_items()[0]
    assert (item.status, item.message_id, item.edits) == ("sent", 1, 1)


async def test_the_printer_never_takes_a_real_chats_messages(world, dry_world, store, clock):
    for _ in range(alerts.individual_limit(20) + alerts.MIN_OVERFLOW):  # a burst, even
        world.alert("Spiegel")  # queued for Telegram (by a run with a token)
    dry_world.alert("BBC")
    out = io.StringIO()
    async with Notifier(store, PrintSender(out), clock=clock, sleep=clock.sleep) as n:
        result = await n.drain(until_empty=True)
    assert (result.sent, result.collapsed, result.pending) == (1, 0, 0)  # nothing of its own
    assert clock.now == T0  # left, and it did not wait for the others
    real = store.outbox_items(chat_id=CHAT)
    assert {(i.status, i.attempts, i.message_id) for i in real} == {("pending", 0, None)}
    assert store.outbox_items(chat_id=alerts.DRY_RUN_CHAT)[0].status == "sent"
    assert CHAT not in out.getvalue() and "BBC" in out.getvalue()


# --- classification of python-telegram-bot's errors ---------------------------------------------

def _ptb_errors():
    from telegram import error as tg

    return {
        "retry-after-seconds": (tg.RetryAfter(5), notify.FloodWait, 5.0),
        "retry-after-timedelta": (tg.RetryAfter(timedelta(seconds=2.5)), notify.FloodWait, 2.5),
        "chat-migrated": (tg.ChatMigrated(-100123), notify.ChatMoved, "-100123"),
        "invalid-token": (tg.InvalidToken("The token `123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ` was "
                                          "rejected"), notify.SenderUnusable, None),
        "forbidden": (tg.Forbidden("Forbidden: bot was kicked"), notify.Permanent, True),
        "chat-not-found": (tg.BadRequest("Chat not found"), notify.Permanent, True),
        "bad-markup": (tg.BadRequest("Can't parse entities"), notify.Permanent, False),
        "timed-out": (tg.TimedOut(), notify.Transient, None),
        "network": (tg.NetworkError("httpx.ConnectError: refused"), notify.Transient, None),
        "bad-gateway": (tg.NetworkError("Bad Gateway"), notify.Transient, None),
        "conflict": (tg.Conflict("terminated by other getUpdates"), notify.Transient, None),
    }


@pytest.mark.filterwarnings("ignore:.*retry_after.*:DeprecationWarning")
@pytest.mark.parametrize("name", [
    "retry-after-seconds", "retry-after-timedelta", "chat-migrated", "invalid-token", "forbidden",
    "chat-not-found", "bad-markup", "timed-out", "network", "bad-gateway", "conflict"])
def test_classify(name):
    exc, kind, detail = _ptb_errors()[name]
    got = notify.classify(exc, token="123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    assert type(got) is kind
    assert "ABCDEFGHIJKLMNOPQRSTUVWXYZ" not in got.reason
    if kind is notify.FloodWait:
        assert got.retry_after == detail
    elif kind is notify.ChatMoved:
        assert got.new_chat_id == detail
    elif kind is notify.Permanent:
        assert got.chat_wide is detail


# --- the fake server itself ---------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["json", "form"])
def test_fake_server_speaks_json_and_form_bodies(api, encoding):
    import httpx

    body = {"chat_id": "@channel_name", "text": "<b>x</b> &amp; y", "parse_mode": "HTML"}
    kw = {"json": body} if encoding == "json" else {"data": body}
    answer = httpx.post(f"{api.url}/bot{api.token}/sendMessage", **kw).json()
    assert answer["ok"] and answer["result"]["text"] == "x & y"
    assert answer["result"]["chat"]["username"] == "channel_name"
    assert api.sent()[0].text == "<b>x</b> &amp; y"


@pytest.mark.parametrize(("path", "status"), [
    ("/botWRONG:token/sendMessage", 401), ("/bot{token}/noSuchMethod", 404), ("/favicon.ico", 404)],
    ids=["wrong-token", "unknown-method", "not-the-api"])
def test_fake_server_refuses_like_telegram(api, path, status):
    import httpx

    answer = httpx.post(api.url + path.format(token=api.token), data={"chat_id": "1"})
    assert answer.status_code == status and answer.json()["ok"] is False


def test_fake_server_rules_apply_per_chat_and_count_down(api):
    import httpx

    api.fail("sendMessage", status=500, times=2, chat_id="-1")
    post = lambda chat: httpx.post(f"{api.url}/bot{api.token}/sendMessage",  # noqa: E731
                                   data={"chat_id": chat, "text": "t"}).status_code
    assert [post("-2"), post("-1"), post("-1"), post("-1")] == [200, 500, 500, 200]
