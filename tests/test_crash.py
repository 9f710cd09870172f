"""Crash safety: `monitor run` killed with SIGKILL, restarted, against the local feed server and
the fake Bot API (real HTTP on 127.0.0.1, a real SQLite file).

(a) killed during a poll cycle, while a slow feed is still being served; (b) killed during a
send, while the fake Bot API holds back its answer. After the restart every expected alert
arrives, none twice except the documented in-flight ambiguity, asserted precisely: only a
message whose row was `sending` when the process died (at most one per process) may appear a
second time; and the store passes `PRAGMA integrity_check` right after the kill and at the end.

Timing seam: the daemon runs through a small wrapper that shortens three timers and nothing
else: the start-up spread of overdue feeds (20 s -> 1 s), the outbox's idle drain period (5 s
-> 1 s) and the lease of a `sending` claim (60 s -> 3 s: a restarted process resends a row
left `sending` only once its lease has run out, and meanwhile sends nothing newer to that
chat). The code paths are the production ones.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from fakebotapi import FakeBotAPI
from feedserver import FeedServer

REPO = Path(__file__).resolve().parent.parent
CHAT = "-1001234567890"

DAEMON = """
import sys
from datetime import timedelta

import monitor.daemon
import monitor.notify

monitor.daemon.START_SPREAD = timedelta(seconds=1)
monitor.daemon.DRAIN_EVERY = timedelta(seconds=1)
monitor.notify.SENDING_LEASE = timedelta(seconds=3)

from monitor.cli import main

sys.exit(main(["run"]))
"""

TOMAHAWK = ("tomahawk", "Trump schließt Lieferung von Tomahawks an die Ukraine vorerst aus",
            "Nach dem Telefonat mit Putin sagt Trump, die USA brauchten die Marschflugkörper "
            "selbst. Selenskyj reist ohne Zusage aus Washington ab.")
BUDAPEST = ("budapest", "Trump und Putin wollen sich in Budapest treffen",
            "Nach einem langen Telefonat kündigt Trump einen Gipfel mit Putin in Ungarn an.")
DONBAS = ("donbas", "Putin fordert den gesamten Donbass als Preis für einen Waffenstillstand",
          "Kiew soll sich aus den Teilen der Region Donezk zurückziehen, die es noch "
          "kontrolliert. Selenskyj lehnt Gebietsabtretungen ab.")
HEADLINES = [TOMAHAWK[1], BUDAPEST[1], DONBAS[1]]


def rss(items) -> bytes:
    when = format_datetime(datetime.now(UTC) - timedelta(hours=1), usegmt=True)
    entries = "".join(
        f"<item><title>{escape(t)}</title><link>https://news.example/{g}</link>"
        f"<guid>https://news.example/{g}</guid><description>{escape(s)}</description>"
        f"<pubDate>{when}</pubDate></item>" for g, t, s in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>'
            f"<link>https://news.example/</link><description>d</description>"
            f"<language>de</language>{entries}</channel></rss>").encode()


class Daemon:
    """`monitor run` (through the timer wrapper) on one feed list, store and fake Bot API."""

    def __init__(self, tmp: Path, feeds: dict[str, str], api: FakeBotAPI):
        listing = "".join(f'[[feed]]\nurl = "{url}"\nname = "{name}"\nlanguage = "de"\n'
                          f'interval = "10s"\n\n' for name, url in feeds.items())
        (tmp / "feeds.toml").write_text(listing, encoding="utf-8")
        self.db = tmp / "monitor.sqlite"
        self.tmp = tmp
        self.env = {k: v for k, v in os.environ.items()
                    if not k.startswith(("MONITOR_", "TELEGRAM_"))}
        self.env.update(MONITOR_FEEDS=str(tmp / "feeds.toml"), MONITOR_RULES=str(REPO / "rules"),
                        MONITOR_DB=str(self.db), MONITOR_TIMEZONE="UTC",
                        MONITOR_CHAT_RATE="600", TELEGRAM_BOT_TOKEN=api.token,
                        TELEGRAM_CHAT_ID=CHAT, TELEGRAM_API_URL=api.url)
        self.proc: subprocess.Popen | None = None
        self.runs = 0

    def start(self) -> None:
        self.runs += 1
        self.stderr = (self.tmp / f"run{self.runs}.err").open("w")
        self.proc = subprocess.Popen([sys.executable, "-c", DAEMON], env=self.env, cwd=REPO,
                                     stdout=subprocess.DEVNULL, stderr=self.stderr)

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        assert self.proc.wait(timeout=10) == -signal.SIGKILL
        self.stderr.close()

    def stop(self) -> int:
        self.proc.send_signal(signal.SIGTERM)
        code = self.proc.wait(timeout=60)
        self.stderr.close()
        return code

    def log(self, run: int) -> str:
        return (self.tmp / f"run{run}.err").read_text(encoding="utf-8")

    def close(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        if not self.stderr.closed:
            self.stderr.close()

    def rows(self, *statuses: str) -> list[str]:
        """Texts of the alert rows in these outbox states."""
        with sqlite3.connect(self.db) as db:
            marks = ",".join("?" * len(statuses))
            return [text for (text,) in db.execute(
                f"SELECT text FROM alerts WHERE status IN ({marks})", statuses)]

    def integrity(self) -> str:
        with sqlite3.connect(self.db) as db:
            return db.execute("PRAGMA integrity_check").fetchone()[0]

    def status(self) -> dict:
        proc = subprocess.run([sys.executable, "-m", "monitor", "status", "--json"], env=self.env,
                              cwd=REPO, capture_output=True, text=True, timeout=60)
        assert proc.returncode == 0, proc.stderr
        return {f["name"]: f for f in json.loads(proc.stdout)["feeds"]}


def wait_for(condition, timeout: float, every: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(every)
    return condition()


def posted(api: FakeBotAPI) -> Counter:
    """How many accepted messages carry each headline."""
    return Counter(h for call in api.sent(CHAT) for h in HEADLINES if h in call.text)


def headline_of(text: str) -> str:
    (headline,) = [h for h in HEADLINES if h in text]
    return headline


def assert_delivered_once_but_in_flight(api: FakeBotAPI, in_flight: list[str]) -> None:
    """Every headline posted; exactly once, except that the message of a row left `sending`
    by the killed process (at most one) may be posted twice."""
    assert len(in_flight) <= 1, in_flight
    ambiguous = {headline_of(text) for text in in_flight}
    counts = posted(api)
    for headline in HEADLINES:
        allowed = {1, 2} if headline in ambiguous else {1}
        assert counts[headline] in allowed, (headline, counts)


@pytest.fixture
def servers():
    with FeedServer() as feeds, FakeBotAPI() as api:
        yield feeds, api


@pytest.fixture
def daemon_factory(tmp_path):
    made: list[Daemon] = []

    def make(feeds: dict[str, str], api: FakeBotAPI) -> Daemon:
        made.append(Daemon(tmp_path, feeds, api))
        return made[-1]

    yield make
    for daemon in made:
        daemon.close()


def test_killed_during_a_poll_cycle(servers, daemon_factory):
    feeds, api = servers
    feeds.serve("/fast.xml", rss([TOMAHAWK]))
    slow_body = rss([BUDAPEST, DONBAS])
    feeds.trickle("/slow.xml", slow_body, chunk=100, interval=0.25)  # ~3.5 s on the wire
    daemon = daemon_factory({"Fast": feeds.url("/fast.xml"), "Slow": feeds.url("/slow.xml")}, api)

    daemon.start()
    assert wait_for(lambda: feeds.requests_to("/slow.xml"), 30), "the slow feed was never polled"
    time.sleep(0.5)  # mid-body
    daemon.kill()

    assert daemon.integrity() == "ok"
    in_flight = daemon.rows("sending")
    assert daemon.status()["Slow"]["last_fetch"] is None  # its poll was cut off

    feeds.serve("/slow.xml", slow_body)  # the server recovers
    daemon.start()
    assert wait_for(lambda: set(posted(api)) == set(HEADLINES), 30), posted(api)
    assert wait_for(lambda: not daemon.rows("pending", "sending"), 10), daemon.rows("pending")
    assert daemon.stop() == 0, daemon.log(2)[-2000:]

    assert_delivered_once_but_in_flight(api, in_flight)
    assert daemon.integrity() == "ok"


def test_killed_during_a_send(servers, daemon_factory):
    feeds, api = servers
    feeds.serve("/de.xml", rss([TOMAHAWK, BUDAPEST, DONBAS]))
    daemon = daemon_factory({"Testblatt": feeds.url("/de.xml")}, api)
    api.delay = 2.0  # every answer held back: the second send is in flight for 2 s

    daemon.start()
    assert wait_for(lambda: len(api.received("sendMessage")) == 2, 40), "no second send"
    daemon.kill()  # Telegram has the second message; the process never heard back

    assert daemon.integrity() == "ok"
    in_flight = daemon.rows("sending")
    assert len(in_flight) == 1, daemon.rows("pending", "sending", "sent")
    first, second = (call.text for call in api.received("sendMessage"))
    assert in_flight == [second]
    assert daemon.rows("sent") == [first]

    api.delay = 0.0
    daemon.start()
    assert wait_for(lambda: sum(posted(api).values()) == 4, 30), posted(api)
    assert wait_for(lambda: not daemon.rows("pending", "sending"), 10), daemon.rows("pending")
    assert daemon.stop() == 0, daemon.log(2)[-2000:]

    # The in-flight message is the one sent twice (at-least-once); everything else once.
    counts = posted(api)
    assert counts == Counter({headline_of(second): 2, **{h: 1 for h in HEADLINES
                                                          if h != headline_of(second)}})
    assert_delivered_once_but_in_flight(api, in_flight)
    assert "sending it again (it may appear twice)" in daemon.log(2)
    assert daemon.integrity() == "ok"
