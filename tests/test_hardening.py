"""Feed-side faults in a whole `monitor once` cycle (a subprocess, as in production).

One cycle polls every faulty feed of the local feed server together with a healthy feed whose
item matches a topic. Then, fault by fault (each with its own test id): the faulty feed is
marked with a clear reason, in the cycle's report on stderr and in `monitor status --json`, or
(for faults that deserve a sensible outcome rather than an error) is processed. Across the
whole cycle: exit code 0, the healthy feed's alert printed (no token: alerts go to stdout), and
the child's peak RSS within 100 MB of a healthy-only cycle's (measured with os.wait4).
"""

from __future__ import annotations

import json
import os
import re
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from feedserver import FeedServer

REPO = Path(__file__).resolve().parent.parent
MB = 2**20
RSS_GROWTH_LIMIT = 100 * MB  # peak RSS over a healthy-only cycle's
ITEMS = 10_000

TOMAHAWK = ("Trump schließt Lieferung von Tomahawks an die Ukraine vorerst aus",
            "Nach dem Telefonat mit Putin sagt Trump, die USA brauchten die Marschflugkörper "
            "selbst. Selenskyj reist ohne Zusage aus Washington ab.")
BUDAPEST = ("Trump und Putin wollen sich in Budapest treffen",
            "Nach einem langen Telefonat kündigt Trump einen Gipfel mit Putin in Ungarn an.")
DONBAS = ("Putin fordert den gesamten Donbass als Preis für einen Waffenstillstand",
          "Kiew soll sich aus den Teilen der Region Donezk zurückziehen, die es noch "
          "kontrolliert. Selenskyj lehnt Gebietsabtretungen ab.")


def rss(items: list[tuple[str, str, str, int]], title: str = "Test") -> bytes:
    """RSS 2.0; items are (guid, title, summary, hours ago)."""
    now = datetime.now(UTC)
    entries = "".join(
        f"<item><title>{escape(t)}</title><link>https://news.example/{g}</link>"
        f"<guid>https://news.example/{g}</guid><description>{escape(s)}</description>"
        f"<pubDate>{format_datetime(now - timedelta(hours=h), usegmt=True)}</pubDate></item>"
        for g, t, s, h in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>{title}</title><link>https://news.example/</link><description>d"
            f"</description><language>de</language>{entries}</channel></rss>").encode()


def entity_expansion() -> bytes:
    # One 1 MiB entity referenced 300 times: ~300 MiB of text if anything expanded it.
    return (b'<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY big "' + b"x" * MB + b'">\n]>\n'
            b'<rss version="2.0"><channel><title>t</title><item><title>Payload</title>'
            b"<link>https://news.example/payload</link><description>" + b"&big;" * 300
            + b"</description></item></channel></rss>")


def invalid_utf8() -> bytes:
    # A matching German item with umlauts, and two stray bytes in another item.
    body = rss([("budapest", *BUDAPEST, 1),
                ("weather", "Wetter: Sonne am Wochenende", "Es wird wärmer, sagt der "
                 "Wetterdienst; in Süddeutschland bis zu 25 Grad, später Gewitter.", 2)])
    return body.replace(b"Sonne", b"Sonne \xff\xfe")


def ten_thousand_items() -> bytes:
    # The newest item is the last one and matches: the per-fetch cap keeps the newest.
    filler = [(f"filler-{i}", f"Meldung {i}: Verkehr und Wetter in Region {i}",
               f"Bericht Nummer {i}", 2 + i % 40) for i in range(ITEMS - 1)]
    return rss([*filler, ("donbas", *DONBAS, 1)], title="Archiv")


@dataclass(frozen=True)
class Fault:
    """A faulty feed: its path, how the server serves it, and what must come of it: `reason`
    (a regular expression) for a feed that must fail, None for one that must be processed."""

    path: str
    serve: object  # callable(server, path)
    reason: str | None


def refused(server: FeedServer, path: str) -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again: nobody listens there
    return f"http://127.0.0.1:{port}{path}"


FAULTS = {
    "connection-refused": Fault("/refused", refused, r"^connection refused$"),
    "reset-mid-body": Fault(
        "/reset", lambda s, p: s.reset_midbody(p, rss([("x", "X", "y" * 5000, 1)]), after=1000),
        r"^(connection reset by the server|connection closed early)"),
    "never-answers": Fault("/mute", lambda s, p: s.stall(p, headers_first=False),
                           r"^read timeout: no data for 1s$"),
    "20mb-body-streamed": Fault("/big", lambda s, p: s.oversize(p, 20 * MB, declare_length=False),
                                r"^body too large: over the 10 MiB cap$"),
    "20mb-body-declared": Fault(
        "/big-declared", lambda s, p: s.oversize(p, 20 * MB, declare_length=True),
        r"^body too large: Content-Length 20,971,520 bytes is over the 10 MiB cap$"),
    "gzip-bomb": Fault("/bomb", lambda s, p: s.gzip_bomb(p, size=2**30),
                       r"^body too large: over the 10 MiB cap after decompression$"),
    "redirect-loop": Fault(
        "/loop-a", lambda s, p: (s.redirect(p, "/loop-b", 302), s.redirect("/loop-b", p, 302)),
        r"^redirect loop: \S+/loop-a -> \S+/loop-b -> \S+/loop-a$"),
    "html-instead-of-xml": Fault(
        "/html", lambda s, p: s.serve(p, b"<!DOCTYPE html><html><head><title>Startseite</title>"
                                         b"</head><body><p>Willkommen</p></body></html>",
                                      content_type="text/html; charset=utf-8"),
        r"^not a feed: the body is an HTML page$"),
    "empty-200": Fault("/empty", lambda s, p: s.serve(p, b""), r"^empty body$"),
    # sensible outcomes: processed, not failed
    "entity-expansion": Fault("/entity", lambda s, p: s.serve(p, entity_expansion()), None),
    "invalid-utf8": Fault("/bad-utf8", lambda s, p: s.serve(p, invalid_utf8()), None),
    "10000-items": Fault("/items", lambda s, p: s.serve(p, ten_thousand_items()), None),
}
HEALTHY = "healthy"


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    peak_rss: int  # bytes
    seconds: float
    status: dict  # `monitor status --json`, feeds by name
    db: Path


def environment(tmp: Path, feeds: dict[str, str]) -> dict[str, str]:
    listing = "".join(f'[[feed]]\nurl = "{url}"\nname = "{name}"\nlanguage = "de"\n\n'
                      for name, url in feeds.items())
    (tmp / "feeds.toml").write_text(listing, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MONITOR_", "TELEGRAM_"))}
    env.update(MONITOR_FEEDS=str(tmp / "feeds.toml"), MONITOR_RULES=str(REPO / "rules"),
               MONITOR_DB=str(tmp / "monitor.sqlite"), MONITOR_TIMEZONE="UTC",
               MONITOR_TIMEOUT="1s", MONITOR_LOG_LEVEL="INFO")
    return env


def run_once(tmp: Path, feeds: dict[str, str], timeout: float = 120) -> Run:
    """`monitor once` with its own peak RSS (os.wait4 on this child only), then `status`."""
    env = environment(tmp, feeds)
    out, err = tmp / "stdout.txt", tmp / "stderr.txt"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        started = time.monotonic()
        proc = subprocess.Popen([sys.executable, "-m", "monitor", "once"], env=env, cwd=REPO,
                                stdout=stdout, stderr=stderr)
        watchdog = threading.Timer(timeout, proc.kill)
        watchdog.start()
        try:
            _, wait_status, usage = os.wait4(proc.pid, 0)
        finally:
            watchdog.cancel()
        proc.returncode = os.waitstatus_to_exitcode(wait_status)  # reaped here, not by Popen
        seconds = time.monotonic() - started
    status = subprocess.run([sys.executable, "-m", "monitor", "status", "--json"], env=env,
                            cwd=REPO, capture_output=True, text=True, timeout=60)
    assert status.returncode == 0, status.stderr
    return Run(returncode=proc.returncode, stdout=out.read_text(encoding="utf-8"),
               stderr=err.read_text(encoding="utf-8"),
               peak_rss=usage.ru_maxrss * 1024,  # KiB on Linux
               seconds=seconds, db=tmp / "monitor.sqlite",
               status={f["name"]: f for f in json.loads(status.stdout)["feeds"]})


@pytest.fixture(scope="module")
def healthy_only(tmp_path_factory) -> Run:
    with FeedServer() as server:
        server.serve("/healthy", rss([("tomahawk", *TOMAHAWK, 1)]))
        return run_once(tmp_path_factory.mktemp("healthy"), {HEALTHY: server.url("/healthy")})


@pytest.fixture(scope="module")
def faulty(tmp_path_factory) -> Run:
    with FeedServer() as server:
        server.serve("/healthy", rss([("tomahawk", *TOMAHAWK, 1)]))
        feeds = {}
        for name, fault in FAULTS.items():
            url = fault.serve(server, fault.path)
            feeds[name] = url if isinstance(url, str) else server.url(fault.path)
        feeds[HEALTHY] = server.url("/healthy")  # listed last: polled behind every fault
        run = run_once(tmp_path_factory.mktemp("faulty"), feeds)
    print(f"\nfault cycle: {run.seconds:.1f}s, peak RSS {run.peak_rss / MB:.0f} MB")
    return run


def failure_lines(stderr: str) -> dict[str, str]:
    """The cycle report's `  failed: NAME (URL): REASON` lines, by feed name."""
    return {m.group(1): m.group(2)
            for m in re.finditer(r"^  failed: (\S+) \(\S+\): (.*)$", stderr, re.MULTILINE)}


# --- The cycle as a whole -------------------------------------------------------------------


def test_cycle_exits_0_and_the_healthy_feed_is_alerted(faulty):
    assert faulty.returncode == 0, faulty.stderr[-3000:]
    assert "Traceback" not in faulty.stderr
    assert TOMAHAWK[0] in faulty.stdout
    assert faulty.status[HEALTHY]["last_error"] is None
    assert faulty.status[HEALTHY]["consecutive_failures"] == 0
    failing = sum(1 for f in FAULTS.values() if f.reason)
    assert re.search(rf"polled {len(FAULTS) + 1} feeds in .*; {failing} feeds failed$",
                     faulty.stderr, re.MULTILINE), faulty.stderr[-3000:]


def test_peak_memory_stays_within_100_mb_of_a_healthy_cycle(faulty, healthy_only):
    assert healthy_only.returncode == 0, healthy_only.stderr[-2000:]
    assert TOMAHAWK[0] in healthy_only.stdout
    growth = faulty.peak_rss - healthy_only.peak_rss
    print(f"\npeak RSS: healthy-only {healthy_only.peak_rss / MB:.0f} MB, "
          f"with faults {faulty.peak_rss / MB:.0f} MB (+{growth / MB:.0f} MB)")
    assert growth < RSS_GROWTH_LIMIT, f"+{growth / MB:.0f} MB"


# --- Fault by fault -------------------------------------------------------------------------


@pytest.mark.parametrize("name", [pytest.param(n, id=n) for n, f in FAULTS.items() if f.reason])
def test_failing_feed_marked_with_a_clear_reason(faulty, name):
    reason = FAULTS[name].reason
    reported = failure_lines(faulty.stderr).get(name)
    assert reported is not None, f"{name} not reported as failed:\n{faulty.stderr[-3000:]}"
    assert re.search(reason, reported), reported
    state = faulty.status[name]
    assert state["last_error"] is not None and re.search(reason, state["last_error"]), state
    assert state["consecutive_failures"] == 1
    assert state["last_success"] is None


@pytest.mark.parametrize("name", [pytest.param(n, id=n) for n, f in FAULTS.items()
                                  if f.reason is None])
def test_feed_with_a_sensible_outcome_is_processed(faulty, name):
    assert name not in failure_lines(faulty.stderr)
    state = faulty.status[name]
    assert state["last_error"] is None and state["consecutive_failures"] == 0, state
    assert state["last_success"] is not None


def stored(run: Run, feed: str) -> list[tuple[str, str]]:
    with sqlite3.connect(run.db) as db:
        return db.execute("SELECT s.title, s.summary FROM stories s JOIN feeds f "
                          "ON f.id = s.feed_id WHERE f.name = ? ORDER BY s.id", (feed,)).fetchall()


def test_entity_expansion_is_stripped_not_expanded(faulty):
    assert re.search(r"WARNING monitor\.parse: feed entity-expansion: removed a DOCTYPE internal "
                     r"subset", faulty.stderr)
    ((title, summary),) = stored(faulty, "entity-expansion")
    assert title == "Payload" and len(summary) <= 2000


def test_invalid_utf8_keeps_the_rest_of_the_text(faulty):
    # One stray byte must not make the whole feed be read as cp1252 ("kÃ¼ndigt").
    assert BUDAPEST[0] in faulty.stdout and "kündigt Trump" in faulty.stdout
    titles = [title for title, _ in stored(faulty, "invalid-utf8")]
    assert titles == [BUDAPEST[0], "Wetter: Sonne \ufffd\ufffd am Wochenende"]


def test_ten_thousand_items_capped_to_the_newest_and_reported(faulty):
    assert re.search(r"WARNING monitor\.parse: feed 10000-items: 10,000 entries: only the newest "
                     r"1,000 processed, 9,000 older ones skipped", faulty.stderr)
    assert len(stored(faulty, "10000-items")) == 1000
    assert DONBAS[0] in faulty.stdout  # the newest entry, last in the feed, was kept
    # Uncapped, storing all 10,000 held the single ingest worker for ~50 s on a 2-core machine.
    cycle = float(re.search(r"polled \d+ feeds in ([\d.]+)s", faulty.stderr).group(1))
    assert cycle < 30, f"the cycle took {cycle:.0f}s"
