"""Logging: the bot token never reaches a log line, and every record is one line.

The unit tests log through `logs.setup` into a string and look at what came out: the token in
the message, in `%` arguments, in an exception's traceback and in a stack, with the token
registered as a secret and without (then only its shape gives it away). The end-to-end test
sends through the real python-telegram-bot client to the fake Bot API with httpx, httpcore and
telegram logging at DEBUG (they log every request URL, which holds the token), forces failures
(a 5xx, a timeout, a refusal, a wrong API URL) and checks every byte of output.
"""

from __future__ import annotations

import io
import logging

import pytest
from fakebotapi import TOKEN, FakeBotAPI, FakeClock
from test_outbox import CHAT, T0, World

from monitor import logs
from monitor.notify import Notifier, SenderUnusable, TelegramSender
from monitor.store import Store

SECRET = TOKEN.split(":", 1)[1]  # the part that must never show, whatever surrounds it
URL = f"https://api.telegram.org/bot{TOKEN}/sendMessage"
LOGGERS = ("httpx", "httpcore", "telegram", "monitor", "test")


@pytest.fixture
def restore_logging():
    """`logs.setup` configures the root logger: put everything back afterwards."""
    root = logging.getLogger()
    saved = (list(root.handlers), root.level,
             {name: logging.getLogger(name).level for name in LOGGERS})
    yield
    handlers, level, levels = saved
    for handler in list(root.handlers):
        root.removeHandler(handler)
    for handler in handlers:
        root.addHandler(handler)
    root.setLevel(level)
    for name, value in levels.items():
        logging.getLogger(name).setLevel(value)


def capture(secrets) -> io.StringIO:
    out = io.StringIO()
    logs.setup("DEBUG", secrets=secrets, stream=out)
    return out


def _in_message(log):
    log.warning("POST " + URL + " failed")


def _in_args(log):
    log.warning("POST %s failed (%d)", URL, 500)


def _in_exception(log):
    try:
        raise RuntimeError(f"request to {URL} failed")
    except RuntimeError:
        log.exception("sending failed")


def _in_exception_cause(log):
    try:
        try:
            raise ConnectionError(URL)
        except ConnectionError as exc:
            raise ValueError("wrapped") from exc
    except ValueError:
        log.error("sending failed", exc_info=True)


def _in_stack(log):
    # a stack shows each frame's file name: put the token into one
    code = compile("def where(log):\n    log.warning('here', stack_info=True)\n",
                   f"/srv/bot{TOKEN}/send.py", "exec")
    namespace: dict = {}
    exec(code, namespace)
    namespace["where"](log)


PLACES = {
    "message": _in_message,
    "args": _in_args,
    "exc-info": _in_exception,
    "exc-cause": _in_exception_cause,
    "stack": _in_stack,
}
SECRETS = {"registered": [TOKEN], "shape-only": None}


@pytest.mark.parametrize("secrets", SECRETS.values(), ids=SECRETS.keys())
@pytest.mark.parametrize("place", PLACES.values(), ids=PLACES.keys())
def test_the_token_is_redacted_wherever_it_is(restore_logging, place, secrets):
    out = capture(secrets)
    place(logging.getLogger("test.logs"))
    text = out.getvalue()
    assert text and SECRET not in text and "***" in text


def test_a_registered_secret_of_any_shape_is_redacted(restore_logging):
    out = capture(["hunter2-not-token-shaped"])
    log = logging.getLogger("test.logs")
    log.warning("password %s", "hunter2-not-token-shaped")
    log.warning("short ids stay: 12345:abc, chat -1001234567890, 2026-02-12 12:00:00")
    lines = out.getvalue().splitlines()
    assert "hunter2" not in lines[0] and lines[0].endswith("password ***")
    assert lines[1].endswith("short ids stay: 12345:abc, chat -1001234567890, 2026-02-12 12:00:00")


TOKEN_SHAPES = {
    "in-a-bot-url": (f"/bot{TOKEN}/getMe", "/bot***/getMe"),
    "url-escaped-colon": (f"/bot{TOKEN.replace(':', '%3A')}/getMe", "/bot***/getMe"),
    "alone": (f"token={TOKEN}", "token=***"),
    "not-a-token": ("1234567:short", "1234567:short"),
}


@pytest.mark.parametrize(("text", "expected"), TOKEN_SHAPES.values(), ids=TOKEN_SHAPES.keys())
def test_token_shape(text, expected):
    assert logs.RedactingFilter().redact(text) == expected


def test_every_record_is_one_line(restore_logging):
    out = capture([TOKEN])
    log = logging.getLogger("test.logs")
    log.warning("title with\na forged line\r\nINFO monitor: all good\u2028and more")
    _in_exception(log)
    log.info("plain")
    lines = out.getvalue().splitlines()
    assert len(lines) == 3
    assert "title with\\na forged line\\r\\nINFO monitor: all good\\u2028and more" in lines[0]
    assert "sending failed\\nTraceback (most recent call last):\\n" in lines[1]
    assert "RuntimeError: request to https://api.telegram.org/bot***/sendMessage failed" in lines[1]
    assert lines[2].endswith("INFO test.logs: plain")


@pytest.mark.parametrize("secrets", SECRETS.values(), ids=SECRETS.keys())
async def test_no_token_in_any_log_of_real_sends_and_failures(restore_logging, tmp_path,
                                                              secrets):
    out = capture(secrets)
    for name in ("httpx", "httpcore", "telegram"):  # as chatty as they get
        logging.getLogger(name).setLevel(logging.DEBUG)
    clock = FakeClock(T0)
    with FakeBotAPI(clock=clock) as api, Store.open(tmp_path / "m.sqlite", clock=clock) as store:
        world = World(store)
        for outlet in ("Spiegel", "BBC", "tagesschau"):
            world.alert(outlet)
        api.fail("sendMessage", status=500)
        api.hang("sendMessage", seconds=2)
        api.fail("sendMessage", status=403, chat_id=CHAT, times=1)
        sender = TelegramSender(api.token, api_url=api.url, timeout=0.3)
        async with Notifier(store, sender, clock=clock, sleep=clock.sleep) as notifier:
            await notifier.drain(until_empty=True)
            world.alert("Reuters")
            clock.now += notifier.limiter.chat_gap * 1000
            await notifier.drain(until_empty=True)
        wrong_url = TelegramSender(api.token, api_url=api.url + "/nowhere", timeout=0.3)
        with pytest.raises(SenderUnusable):
            await wrong_url.start()
        assert api.sent() and any(c.status == 500 for c in api.calls)
    text = out.getvalue()
    assert "HTTP Request: POST" in text and "/bot***/sendMessage" in text  # httpx did log
    assert "timed out" in text and "refused" in text
    assert SECRET not in text and TOKEN.split(":")[0] + ":" not in text
    records = [line for line in text.splitlines() if line]
    assert all(line[:4].isdigit() for line in records)  # each line starts a record
