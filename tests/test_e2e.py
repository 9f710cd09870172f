"""End to end: a local feed server, the fake Bot API server, and `monitor` as a subprocess.

`once` three times (everything new, one new item, nothing new) and the daemon (a new item
alerted within seconds; SIGTERM exits cleanly with nothing pending lost).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from fakebotapi import FakeBotAPI
from feedserver import FeedServer

REPO = Path(__file__).resolve().parent.parent
CHAT = "-1001234567890"


def rss(items: list[tuple[str, str, str]], *, title: str = "Test", language: str = "de") -> bytes:
    """An RSS 2.0 body; items are (guid, title, summary), published an hour ago."""
    when = format_datetime(datetime.now(UTC) - timedelta(hours=1), usegmt=True)
    entries = "".join(
        f"<item><title>{escape(t)}</title><link>https://news.example/{g}?utm_source=rss</link>"
        f"<guid>https://news.example/{g}</guid><description>{escape(s)}</description>"
        f"<pubDate>{when}</pubDate></item>"
        for g, t, s in items
    )
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>{title}</title><link>https://news.example/</link><description>t"
            f"</description><language>{language}</language>{entries}</channel></rss>").encode()


TOMAHAWK = ("tomahawk", "Trump schließt Lieferung von Tomahawks an die Ukraine vorerst aus",
            "Nach dem Telefonat mit Putin sagt Trump, die USA brauchten die Marschflugkörper "
            "selbst. Selenskyj reist ohne Zusage aus Washington ab.")
BUDAPEST = ("budapest", "Trump und Putin wollen sich in Budapest treffen",
            "Nach einem langen Telefonat kündigt Trump einen Gipfel mit Putin in Ungarn an.")
WEATHER = ("weather", "Wetter: Sonne am Wochenende", "Es wird warm, sagt der Wetterdienst.")
DONBAS = ("donbas", "Putin fordert den gesamten Donbass als Preis für einen Waffenstillstand",
          "Kiew soll sich aus den Teilen der Region Donezk zurückziehen, die es noch "
          "kontrolliert. Selenskyj lehnt Gebietsabtretungen ab.")
TOMAHAWK_COPY = ("th-copy", TOMAHAWK[1] + " | Zweites Blatt", TOMAHAWK[2])


@pytest.fixture
def servers():
    with FeedServer() as feeds, FakeBotAPI() as api:
        yield feeds, api


def write_feed_list(path: Path, feeds: FeedServer, interval: str = "5m") -> Path:
    path.write_text(
        f'[[feed]]\nurl = "{feeds.url("/de.xml")}"\nname = "Testblatt"\nlanguage = "de"\n'
        f'interval = "{interval}"\n\n'
        f'[[feed]]\nurl = "{feeds.url("/two.xml")}"\nname = "Zweites Blatt"\nlanguage = "de"\n'
        f'interval = "{interval}"\n', encoding="utf-8")
    return path


def environment(tmp_path: Path, feeds: FeedServer, api: FakeBotAPI, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MONITOR_", "TELEGRAM_"))}
    env.update(
        MONITOR_FEEDS=str(write_feed_list(tmp_path / "feeds.toml", feeds,
                                          extra.pop("interval", "5m"))),
        MONITOR_RULES=str(REPO / "rules"),
        MONITOR_DB=str(tmp_path / "monitor.sqlite"),
        MONITOR_TIMEZONE="UTC",
        TELEGRAM_BOT_TOKEN=api.token,
        TELEGRAM_CHAT_ID=CHAT,
        TELEGRAM_API_URL=api.url,
    )
    env.update(extra)
    return env


def monitor(env: dict, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-m", "monitor", *args], env=env, cwd=REPO,
                          capture_output=True, text=True, timeout=timeout)
    assert FakeBotAPI().token not in proc.stdout + proc.stderr
    return proc


def headlines(api: FakeBotAPI) -> list[str]:
    return [call.text.split("\n")[1] if "\n" in call.text else call.text for call in api.sent()]


def test_once_three_times(tmp_path, servers):
    feeds, api = servers
    de = feeds.serve("/de.xml", rss([TOMAHAWK, BUDAPEST, WEATHER]), etag="auto")
    feeds.serve("/two.xml", rss([TOMAHAWK_COPY], title="Zweites Blatt"), etag="auto")
    env = environment(tmp_path, feeds, api)

    first = monitor(env, "once")
    assert first.returncode == 0, first.stderr
    sent = api.sent(CHAT)
    texts = [call.text for call in sent]
    # Two stories matched (the syndicated copy in the second feed joins its story).
    assert len(sent) == 2, texts
    assert sum("Tomahawks" in t and "#tomahawk_decision" in t for t in texts) == 1
    assert sum("Budapest" in t and "#budapest_summit" in t for t in texts) == 1
    assert not any("Wetter" in t for t in texts)
    assert all(call.parse_mode == "HTML" for call in sent)
    assert "polled 2 feeds" in first.stderr

    de.body = rss([DONBAS, TOMAHAWK, BUDAPEST, WEATHER])
    second = monitor(env, "once")
    assert second.returncode == 0, second.stderr
    new = api.sent(CHAT)[2:]
    assert len(new) == 1, [c.text for c in new]
    assert "Donbass" in new[0].text and "#donbas_concessions" in new[0].text

    third = monitor(env, "once")
    assert third.returncode == 0, third.stderr
    assert len(api.sent(CHAT)) == 3
    assert feeds.requests_to("/de.xml")[-1].headers.get("if-none-match")  # conditional GET


def test_once_without_token_prints_alerts(tmp_path, servers):
    feeds, api = servers
    feeds.serve("/de.xml", rss([TOMAHAWK, WEATHER]))
    feeds.serve("/two.xml", rss([]))
    env = environment(tmp_path, feeds, api)
    del env["TELEGRAM_BOT_TOKEN"]
    proc = monitor(env, "once")
    assert proc.returncode == 0, proc.stderr
    assert "Tomahawks" in proc.stdout and "Wetter" not in proc.stdout
    assert api.calls == []


def test_once_bad_rules_exit_2(tmp_path, servers):
    feeds, api = servers
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    env = environment(tmp_path, feeds, api, MONITOR_RULES=str(rules))
    proc = monitor(env, "once")
    assert proc.returncode == 2
    assert "broken.yaml" in proc.stderr


def _wait(condition, timeout: float, every: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    return condition()


@contextlib.contextmanager
def running_daemon(env: dict[str, str]) -> Iterator[subprocess.Popen]:
    """`monitor run` as a subprocess; killed on the way out if a test left it running."""
    proc = subprocess.Popen([sys.executable, "-m", "monitor", "run"], env=env, cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()


def stop(proc: subprocess.Popen) -> tuple[str, str]:
    """SIGTERM, as Docker and systemd stop it; its stdout and stderr once it has exited."""
    proc.send_signal(signal.SIGTERM)
    return proc.communicate(timeout=60)


def test_daemon_alerts_new_item_within_seconds_and_stops_cleanly(tmp_path, servers):
    feeds, api = servers
    de = feeds.serve("/de.xml", rss([WEATHER]), etag="auto")
    feeds.serve("/two.xml", rss([]), etag="auto")
    env = environment(tmp_path, feeds, api, interval="10s")
    with running_daemon(env) as proc:
        assert _wait(lambda: feeds.requests_to("/de.xml"), 30), "the daemon never polled"
        polls = len(feeds.requests_to("/de.xml"))
        de.body = rss([TOMAHAWK, WEATHER])
        published = time.monotonic()
        assert _wait(lambda: api.sent(CHAT), 30), "the new item was never alerted"
        latency = time.monotonic() - published
        poll_gap = 10 * 1.1 + 1  # the feed's interval with jitter: the item is seen by then
        assert latency < poll_gap + 5, f"alerted {latency:.1f}s after publication"
        assert "Tomahawks" in api.sent(CHAT)[0].text

        # One more item; stop right after the poll that sees it: it must still be delivered.
        api.delay = 0.5  # slow answers, so the flush on shutdown has work to do
        de.body = rss([DONBAS, TOMAHAWK, WEATHER])
        seen = len(feeds.requests_to("/de.xml"))
        assert _wait(lambda: len(feeds.requests_to("/de.xml")) > seen, 30)
        time.sleep(0.3)  # let the poll store the story and queue the alert
        out, err = stop(proc)
    assert proc.returncode == 0, err
    assert api.token not in out + err
    assert polls >= 1
    assert sum("Donbass" in c.text for c in api.sent(CHAT)) == 1
    db = sqlite3.connect(tmp_path / "monitor.sqlite")
    waiting = db.execute("SELECT id, kind, status, chat_id, substr(text, 1, 80) FROM alerts "
                         "WHERE status IN ('pending', 'sending')").fetchall()
    assert waiting == [], err
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@pytest.mark.parametrize("after", [0.5, 1.0, 2.0], ids=["importing", "starting", "running"])
def test_a_stop_at_any_moment_of_the_daemons_start_exits_cleanly(tmp_path, servers, after):
    """SIGTERM while the command line is still importing the pipeline, while the daemon
    starts, or once it runs: exit 0, and the store opens cleanly (the Docker stop case)."""
    feeds, api = servers
    feeds.serve("/de.xml", rss([WEATHER]))
    feeds.serve("/two.xml", rss([]))
    env = environment(tmp_path, feeds, api, interval="10s")
    with running_daemon(env) as proc:
        time.sleep(after)
        _, err = stop(proc)
    assert proc.returncode == 0, err
    if (tmp_path / "monitor.sqlite").exists():
        db = sqlite3.connect(tmp_path / "monitor.sqlite")
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


# --- admin notices, digest and once together, dry runs ----------------------------------------

ADMIN = "-1009876543210"


def test_once_tells_the_admin_chat_when_a_feed_is_down_a_day_and_when_it_recovers(tmp_path,
                                                                                  servers):
    """`monitor once` wires the admin chat: a feed failing for more than 24 hours (as an
    earlier run recorded) is reported there once, and again when it recovers."""
    from monitor.models import Feed, FetchResult, FetchStatus
    from monitor.store import Store

    feeds, api = servers
    feeds.serve("/de.xml", rss([WEATHER]))
    feeds.fail("/two.xml", 500)
    env = environment(tmp_path, feeds, api, TELEGRAM_ADMIN_CHAT_ID=ADMIN)
    down = Feed(url=feeds.url("/two.xml"), name="Zweites Blatt")
    now = datetime.now(UTC)
    with Store.open(tmp_path / "monitor.sqlite") as store:  # failing since 25 hours ago
        store.sync_feeds([down])
        store.record_fetch(FetchResult(feed=down, status=FetchStatus.ERROR, error="HTTP 500",
                                       fetched_at=now - timedelta(hours=25)),
                           next_poll=now - timedelta(hours=24))
    for _ in range(2):  # reported by the first run only
        proc = monitor(env, "once")
        assert proc.returncode == 0, proc.stderr
    notices = [call.text for call in api.sent(ADMIN)]
    assert len(notices) == 1, notices
    assert "Zweites Blatt" in notices[0] and "failing for 25 h" in notices[0]
    feeds.serve("/two.xml", rss([]))
    proc = monitor(env, "once")
    assert proc.returncode == 0, proc.stderr
    notices = [call.text for call in api.sent(ADMIN)]
    assert len(notices) == 2 and "recovered" in notices[1]
    assert api.sent(CHAT) == []


def test_digest_leaves_the_alerts_it_finds_to_the_next_once(tmp_path, servers):
    """A story first fetched by `digest` is not "known" and lost to alerting: the digest
    queues its alert (sending nothing) and the next `once` sends it, once."""
    feeds, api = servers
    de = feeds.serve("/de.xml", rss([WEATHER]), etag="auto")
    feeds.serve("/two.xml", rss([]), etag="auto")
    env = environment(tmp_path, feeds, api)
    assert monitor(env, "once").returncode == 0
    de.body = rss([TOMAHAWK, WEATHER])
    digest = monitor(env, "digest")
    assert digest.returncode == 0, digest.stderr
    assert "Tomahawks" in digest.stdout
    assert api.sent() == []  # the digest itself sends nothing
    for _ in range(2):
        proc = monitor(env, "once")
        assert proc.returncode == 0, proc.stderr
    sent = api.sent(CHAT)
    assert len(sent) == 1 and "Tomahawks" in sent[0].text


def test_dry_run_shows_what_would_be_alerted_and_changes_nothing(tmp_path, servers):
    """`once --dry-run` against the live database prints exactly the new alerts, sends
    nothing, and leaves the file byte for byte as it was: the next real run still alerts."""
    feeds, api = servers
    de = feeds.serve("/de.xml", rss([TOMAHAWK, WEATHER]), etag="auto")
    feeds.serve("/two.xml", rss([]), etag="auto")
    env = environment(tmp_path, feeds, api, TELEGRAM_ADMIN_CHAT_ID=ADMIN)
    assert monitor(env, "once").returncode == 0
    assert len(api.sent(CHAT)) == 1
    de.body = rss([BUDAPEST, TOMAHAWK, WEATHER])
    db = tmp_path / "monitor.sqlite"
    before = db.read_bytes()
    calls = len(api.calls)

    dry = monitor(env, "once", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "Budapest" in dry.stdout and "Tomahawks" not in dry.stdout  # only what is new
    assert "throw-away copy" in dry.stderr
    assert len(api.calls) == calls  # no request to the Bot API at all
    assert db.read_bytes() == before
    wal = db.with_name(db.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0

    proc = monitor(env, "once")
    assert proc.returncode == 0, proc.stderr
    new = api.sent(CHAT)[1:]
    assert len(new) == 1 and "Budapest" in new[0].text


def test_the_token_appears_in_no_output_even_at_debug_and_on_failures(tmp_path, servers):
    """Every command an operator runs, at DEBUG (python-telegram-bot and httpx log request
    URLs, which hold the token), with Telegram failing (500s, then a rejected send): the token
    is in none of their output, nor in the store's recorded errors."""
    feeds, api = servers
    feeds.serve("/de.xml", rss([TOMAHAWK, BUDAPEST]))
    feeds.serve("/two.xml", b"<html>not a feed</html>")
    env = environment(tmp_path, feeds, api, MONITOR_LOG_LEVEL="DEBUG")
    api.fail("sendMessage", status=500, times=2)
    api.fail("sendMessage", status=400, description="Bad Request: can't parse entities")
    outputs = []
    for args in (("once",), ("once",), ("status",), ("status", "--json"), ("check",),
                 ("digest", "--no-fetch", "--send"), ("digest", "--format", "json")):
        proc = monitor(env, *args)  # asserts the token is absent from stdout and stderr
        outputs.append(proc.stdout + proc.stderr)
    assert any("DEBUG" in out for out in outputs)  # the debug logs really ran
    assert api.calls  # and Telegram was really called
    errors = sqlite3.connect(tmp_path / "monitor.sqlite").execute(
        "SELECT coalesce(group_concat(last_error, ' '), '') FROM alerts").fetchone()[0]
    assert "parse entities" in errors and api.token not in errors
