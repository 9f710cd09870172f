"""Operator-facing commands on real data: digest, status, replay, check, and the health and
metrics endpoints, run in-process through `monitor.cli.main` against a local feed server."""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import sqlite3
import sys
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from types import SimpleNamespace
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

import httpx
import pytest
from test_e2e import BUDAPEST, DONBAS, TOMAHAWK, TOMAHAWK_COPY, WEATHER, rss

from monitor import cli, config
from monitor import health as health_mod
from monitor.commands.pipeline import _since_arg
from monitor.health import Health
from monitor.models import (
    DedupeDecision,
    DedupeKind,
    Feed,
    FeedOutcome,
    FetchResult,
    FetchStatus,
    Story,
    StoryRecord,
    utcnow,
)
from monitor.notify import DrainResult
from monitor.store import Store

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def env(tmp_path, feed_server, monkeypatch):
    """Settings for a run against the local feed server, with a copy of the shipped rules."""
    for name in list(os.environ):
        if name.startswith(("MONITOR_", "TELEGRAM_")):
            monkeypatch.delenv(name)
    rules = tmp_path / "rules"
    shutil.copytree(REPO / "rules", rules)
    feed_server.serve("/de.xml", rss([TOMAHAWK, BUDAPEST, WEATHER]))
    feed_server.serve("/two.xml", rss([TOMAHAWK_COPY]))
    feeds = tmp_path / "feeds.toml"
    feeds.write_text(
        f'[[feed]]\nurl = "{feed_server.url("/de.xml")}"\nname = "Testblatt"\n\n'
        f'[[feed]]\nurl = "{feed_server.url("/two.xml")}"\nname = "Zweites Blatt"\n'
        f'\n[[feed]]\nurl = "{feed_server.url("/missing.xml")}"\nname = "Kaputt"\n',
        encoding="utf-8")
    values = {"MONITOR_FEEDS": str(feeds), "MONITOR_RULES": str(rules),
              "MONITOR_DB": str(tmp_path / "m.sqlite"), "MONITOR_TIMEZONE": "UTC"}
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    return SimpleNamespace(tmp=tmp_path, rules=rules, server=feed_server, **values)


def run(capsys, *args) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def rss_at(items: list[tuple[tuple[str, str, str], datetime]]) -> bytes:
    """An RSS 2.0 body; items are ((guid, title, summary), published)."""
    entries = "".join(
        f"<item><title>{escape(t)}</title><link>https://news.example/{g}</link>"
        f"<guid>https://news.example/{g}</guid><description>{escape(d)}</description>"
        f"<pubDate>{format_datetime(when, usegmt=True)}</pubDate></item>"
        for (g, t, d), when in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>T</title><link>https://news.example/</link><description>t</description>"
            f"<language>de</language>{entries}</channel></rss>").encode()


def test_digest_polls_then_groups_by_topic(env, capsys):
    code, out, err = run(capsys, "digest")
    assert code == 0, err
    assert "tomahawk-decision (1)" in out and "budapest-summit (1)" in out
    # One entry naming both outlets; which comes first depends on which of the two concurrent
    # fetches finished first (the order itself is tested in test_digest).
    assert re.search(r"(Testblatt, Zweites Blatt|Zweites Blatt, Testblatt) \(2 outlets\)", out)
    assert "Wetter" not in out
    assert "Kaputt failed: HTTP 404" in err


@pytest.mark.parametrize("fmt", ["json", "markdown", "html"])
def test_digest_formats_from_the_store(env, capsys, fmt):
    assert run(capsys, "once")[0] == 0
    code, out, _ = run(capsys, "digest", "--no-fetch", "--since", "7d", "--format", fmt)
    assert code == 0
    if fmt == "json":
        doc = json.loads(out)
        topics = {t["topic"]: t["stories"] for t in doc["topics"]}
        assert set(topics) == {"tomahawk-decision", "budapest-summit"}
        outlets = topics["tomahawk-decision"][0]["outlets"]
        assert sorted(outlets) == ["Testblatt", "Zweites Blatt"]  # order: see above
    elif fmt == "html":
        assert out.startswith("<!DOCTYPE html>") and "</html>" in out
    else:
        assert out.startswith("# monitor digest")


def test_digest_send_needs_telegram(env, capsys):
    code, _, err = run(capsys, "digest", "--send", "--no-fetch")
    assert code == 2 and "TELEGRAM_BOT_TOKEN" in err


def test_status_lists_feeds_outbox_and_topics(env, capsys):
    assert run(capsys, "once")[0] == 0
    code, out, _ = run(capsys, "status")
    assert code == 0
    assert "Feeds: 3 listed, 1 failing" in out
    assert "HTTP 404" in out
    assert "Outbox: 0 pending, 2 sent" in out
    assert "tomahawk-decision: 1" in out and "budapest-summit: 1" in out
    code, out, _ = run(capsys, "status", "--json")
    report = json.loads(out)
    assert report["feeds_failing"] == 1
    assert report["alerts_last_24h"] == {"tomahawk-decision": 1, "budapest-summit": 1}
    broken = next(f for f in report["feeds"] if f["name"] == "Kaputt")
    assert broken["broken"] == "HTTP 404 Not Found" and broken["consecutive_failures"] == 1


def test_status_shows_what_the_parser_repaired_until_a_clean_body(env, capsys):
    body = rss([TOMAHAWK]).replace(b"<rss", b'<!DOCTYPE rss [<!ENTITY x "y">]><rss', 1)
    route = env.server.serve("/de.xml", body)
    assert run(capsys, "once")[0] == 0
    out = run(capsys, "status")[1]
    (line,) = [line for line in out.splitlines() if "Testblatt" in line]
    assert "parsed with repairs: removed a DOCTYPE" in line
    report = json.loads(run(capsys, "status", "--json")[1])
    (feed,) = [f for f in report["feeds"] if f["name"] == "Testblatt"]
    assert "DOCTYPE" in feed["parse_warnings"]
    route.body = rss([TOMAHAWK, BUDAPEST])  # the publisher fixed the feed
    assert run(capsys, "once")[0] == 0
    (line,) = [line for line in run(capsys, "status")[1].splitlines() if "Testblatt" in line]
    assert "repairs" not in line


def test_retry_failed_queues_refused_messages_again(env, capsys):
    assert run(capsys, "once")[0] == 0
    channel = "-1001234"
    with Store.open(Path(env.MONITOR_DB)) as store:  # a channel that had kicked the bot
        store.queue_notice(channel, "first")
        store.queue_notice(channel, "second")
        store.fail_chat(channel, error="refused: bot was kicked", now=datetime.now(UTC))
    assert "2 failed" in run(capsys, "status")[1]
    code, out, _ = run(capsys, "retry-failed", f"--for-chat={channel}")
    assert code == 0 and out.startswith(f"2 failed messages for chat {channel} queued again")
    assert "Outbox: 2 pending" in run(capsys, "status")[1]
    assert run(capsys, "retry-failed")[1].startswith("0 failed messages queued again")


def test_replay_since_shows_what_a_rule_edit_changes(env, capsys):
    assert run(capsys, "once")[0] == 0
    (env.rules / "budapest-summit.yaml").unlink()  # the rule author drops a topic
    code, out, _ = run(capsys, "replay", "--since", "7d")
    assert code == 0
    assert "-budapest-summit" in out and "Budapest" in out
    assert "1 no longer match" in out
    code, out, _ = run(capsys, "replay", "--since", "7d", "--json")
    (changed,) = [json.loads(line) for line in out.splitlines()]
    assert changed["no_longer"] == ["budapest-summit"] and changed["would_now_alert"] == []


def test_replay_items(env, capsys, tmp_path):
    items = tmp_path / "items.jsonl"
    lines = [
        {"id": "1", "title": TOMAHAWK[1], "summary": TOMAHAWK[2], "source": "A", "lang": "de",
         "published": "2025-10-17T10:00:00Z"},
        {"id": "2", "title": TOMAHAWK[1] + " - Reuters", "summary": TOMAHAWK[2], "source": "B",
         "lang": "de", "published": "2025-10-17T10:05:00Z"},
        {"id": "3", "title": WEATHER[1], "summary": WEATHER[2], "lang": "de"},
    ]
    items.write_text("\n".join(json.dumps(x) for x in lines) + "\n{broken\n", encoding="utf-8")
    code, out, err = run(capsys, "replay", str(items))
    assert code == 1 and "line 4" in err  # the broken line is reported, the others ran
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in rows] == ["1", "2", "3"]
    assert rows[0] | {"story": None} == {
        "id": "1", "topics": ["tomahawk-decision"], "duplicate_of": None, "story": None,
        "alert": True, "dedupe": "new",
        "why": "no stored story matches (none shares enough index keys to be compared)"}
    assert rows[1]["duplicate_of"] == "1" and rows[1]["story"] == rows[0]["story"]
    assert rows[1]["dedupe"] == "exact" and rows[1]["why"].endswith("(item 1)")
    assert rows[1]["alert"] is False
    assert rows[2]["topics"] == [] and rows[2]["story"] != rows[0]["story"]


# --- health and metrics ---------------------------------------------------------------------

class _Clock:
    def __init__(self):
        self.now = utcnow()

    def __call__(self):
        return self.now


@pytest.fixture
def health(tmp_path):
    store = Store.open(tmp_path / "h.sqlite")
    feed = Feed(url="http://127.0.0.1/f.xml", name="F")
    store.sync_feeds([feed])
    settings = config.load({}, {})
    clock = _Clock()
    store.clock = clock
    store.sync_feeds([feed])  # added "now" on the test's clock
    yield Health(SimpleNamespace(settings=settings, store=store), clock=clock), clock, feed, store
    store.close()


def _outcome(feed, status=FetchStatus.OK, **kw):
    return FeedOutcome(feed=feed, fetch=FetchResult(feed=feed, status=status,
                                                    fetched_at=utcnow(), elapsed=0.2), **kw)


@pytest.mark.parametrize(
    ("steps", "healthy", "reason"),
    [
        pytest.param([], False, "scheduler not running", id="not-started"),
        pytest.param(["start"], True, "ok", id="started-feed-due-now"),
        pytest.param(["start", ("wait", 11)], False, "1 feeds overdue: F", id="never-polled"),
        pytest.param(["start", ("poll", 6 * 60), ("wait", 5 * 60)], True, "ok",
                     id="long-ttl-no-poll-for-hours-is-fine"),
        pytest.param(["start", ("poll", 30), ("wait", 39)], True, "ok",
                     id="late-within-grace"),
        pytest.param(["start", ("poll", 30), ("wait", 41)], False, "1 feeds overdue: F",
                     id="late-past-grace"),
        pytest.param(["start", ("poll", 30), ("wait", 41), "disable"], True, "ok",
                     id="disabled-feed-not-counted"),
        pytest.param(["start", ("poll", 5), "stop"], False, "scheduler not running",
                     id="stopped"),
    ],
)
def test_health_verdicts(health, steps, healthy, reason):
    """Healthy while the scheduler runs and no enabled feed's poll is late by more than the
    grace period (10 minutes by default), however long feeds legitimately wait."""
    monitor_health, clock, feed, store = health
    for step in steps:
        if step == "start":
            monitor_health.started()
        elif step == "stop":
            monitor_health.stopped()
        elif step == "disable":
            store.sync_feeds([Feed(url=feed.url, name="F", enabled=False)])
        elif step[0] == "poll":  # a poll now; the next one due in this many minutes
            store.record_fetch(FetchResult(feed=feed, status=FetchStatus.OK,
                                           fetched_at=clock.now),
                               next_poll=clock.now + timedelta(minutes=step[1]))
            monitor_health.polled(_outcome(feed))
        elif step[0] == "wait":
            clock.now += timedelta(minutes=step[1])
    verdict, detail = monitor_health.verdict()
    assert (verdict, detail["reason"].split(" (")[0]) == (healthy, reason)


def test_health_server_and_check(health, unused_tcp_port):
    monitor_health, _, feed, store = health
    store.record_fetch(FetchResult(feed=feed, status=FetchStatus.ERROR, fetched_at=utcnow(),
                                   error="HTTP 500"), next_poll=utcnow())

    async def scenario():
        await monitor_health.serve("127.0.0.1", unused_tcp_port)
        base = f"http://127.0.0.1:{unused_tcp_port}"
        settings = config.load({}, {"MONITOR_HTTP": f"127.0.0.1:{unused_tcp_port}"})
        try:
            async with httpx.AsyncClient() as client:
                down = await client.get(f"{base}/healthz")
                unhealthy = await asyncio.to_thread(health_mod.check, settings)
                monitor_health.started()
                monitor_health.polled(_outcome(feed, new=3, matched=2, alerts=1,
                                               topics=("tomahawk-decision",) * 2))
                monitor_health.drained(DrainResult(sent=2, edited=1, failed=1, retried=4))
                monitor_health.drained(DrainResult(sent=1, collapsed=5, resent=1))
                up = await client.get(f"{base}/healthz")
                healthy = await asyncio.to_thread(health_mod.check, settings)
                metrics = (await client.get(f"{base}/metrics")).text
                missing = await client.get(f"{base}/nope")
        finally:
            await monitor_health.close()
        return down, unhealthy, up, healthy, metrics, missing

    down, unhealthy, up, healthy, metrics, missing = asyncio.run(scenario())
    assert down.status_code == 503 and unhealthy[0] is False
    assert up.status_code == 200 and up.json()["reason"] == "ok" and healthy[0] is True
    assert missing.status_code == 404
    for line in (
        'monitor_fetches_total{outcome="ok"} 1.0',
        "monitor_stories_new_total 3.0",
        'monitor_matches_total{topic="tomahawk-decision"} 2.0',
        "monitor_alerts_queued_total 1.0",
        "monitor_alerts_sent_total 3.0",
        "monitor_alerts_failed_total 1.0",
        "monitor_alert_edits_total 1.0",
        "monitor_alerts_collapsed_total 5.0",
        "monitor_alert_retries_total 4.0",
        "monitor_alerts_resent_total 1.0",
        "monitor_outbox_backlog 0.0",
        f'monitor_feed_consecutive_failures{{feed="{feed.url}"}} 1.0',
        "monitor_fetch_duration_seconds_count 1.0",
    ):
        assert line in metrics, line


def test_check_without_daemon_fails_clearly(tmp_path, unused_tcp_port):
    settings = config.load({}, {"MONITOR_HTTP": f"127.0.0.1:{unused_tcp_port}"})
    healthy, why = health_mod.check(settings)
    assert not healthy and "ConnectError" in why
    store_settings = config.load({}, {"MONITOR_DB": str(tmp_path / "none.sqlite")})
    assert health_mod.check(store_settings) == (False, "no feed fetched yet")


def test_check_without_http_looks_for_overdue_feeds(tmp_path):
    """Without MONITOR_HTTP, `check` reads the store: a feed whose poll is hours away (a long
    TTL) is fine however long ago the last fetch was; one overdue past the grace is not."""
    db = tmp_path / "m.sqlite"
    settings = config.load({}, {"MONITOR_DB": str(db)})
    now = utcnow()
    feed = Feed(url="http://127.0.0.1/f.xml", name="Slow")
    with Store.open(db) as store:
        store.sync_feeds([feed])
        store.record_fetch(FetchResult(feed=feed, status=FetchStatus.OK,
                                       fetched_at=now - timedelta(hours=5)),
                           next_poll=now + timedelta(hours=1))
    healthy, why = health_mod.check(settings, now=now)
    assert healthy, why
    healthy, why = health_mod.check(settings, now=now + timedelta(hours=1, minutes=11))
    assert not healthy and why.startswith("1 feeds overdue: Slow"), why


@pytest.mark.parametrize(
    ("text", "tz", "expected"),
    [
        pytest.param("24h", "Europe/Berlin", datetime(2025, 10, 17, 12, tzinfo=UTC),
                     id="duration"),
        pytest.param("2025-10-17T10:00", "Europe/Berlin", datetime(2025, 10, 17, 8, tzinfo=UTC),
                     id="iso-local-summer-time"),
        pytest.param("2025-12-01", "Europe/Berlin", datetime(2025, 11, 30, 23, tzinfo=UTC),
                     id="iso-date-local-midnight"),
        pytest.param("2025-10-17T10:00+03:00", "Europe/Berlin",
                     datetime(2025, 10, 17, 7, tzinfo=UTC), id="iso-own-offset-wins"),
        pytest.param("2025-10-17T10:00", "UTC", datetime(2025, 10, 17, 10, tzinfo=UTC),
                     id="iso-utc-zone"),
    ],
)
def test_since_is_read_in_the_configured_time_zone(text, tz, expected):
    now = datetime(2025, 10, 18, 12, tzinfo=UTC)
    assert _since_arg(text).resolve(ZoneInfo(tz), now) == expected


# --- the digest window, retention in the shared path, moved feeds, replay --since -----------

def test_digest_window_is_by_publication_time(env, capsys):
    """On a first run, a story published 20 days ago is stored but is not "last 24 h"."""
    now = utcnow()
    env.server.serve("/de.xml", rss_at([(TOMAHAWK, now - timedelta(days=20)),
                                        (BUDAPEST, now - timedelta(hours=1))]))
    env.server.serve("/two.xml", rss([]))
    code, out, err = run(capsys, "digest", "--format", "json")
    assert code == 0, err
    assert [t["topic"] for t in json.loads(out)["topics"]] == ["budapest-summit"]
    code, out, err = run(capsys, "digest", "--no-fetch", "--since", "30d", "--format", "json")
    assert {t["topic"] for t in json.loads(out)["topics"]} == {"budapest-summit",
                                                              "tomahawk-decision"}


def test_digest_iso_since_is_local_time(env, capsys, monkeypatch):
    """`--since 2025-10-17T10:00` with MONITOR_TIMEZONE=Europe/Berlin is 08:00 UTC."""
    monkeypatch.setenv("MONITOR_TIMEZONE", "Europe/Berlin")
    env.server.serve("/de.xml", rss_at([
        (TOMAHAWK, datetime(2025, 10, 17, 7, 30, tzinfo=UTC)),  # 09:30 in Berlin: before
        (BUDAPEST, datetime(2025, 10, 17, 8, 30, tzinfo=UTC)),  # 10:30 in Berlin: after
    ]))
    env.server.serve("/two.xml", rss([]))
    code, out, err = run(capsys, "digest", "--since", "2025-10-17T10:00", "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert datetime.fromisoformat(doc["since"]) == datetime(2025, 10, 17, 8, tzinfo=UTC)
    assert [t["topic"] for t in doc["topics"]] == ["budapest-summit"]


def _old_story(db: Path, url: str, key: str, *, days: int) -> None:
    """A story of feed `url` first and last seen `days` ago (long gone from the feed)."""
    at = utcnow() - timedelta(days=days)
    with Store.open(db) as store:
        store.record_story(url, StoryRecord(
            story=Story(feed_url=url, outlet="Testblatt", key=key, title=f"Old {key}",
                        summary="s", published=at),
            content_hash=f"hash-{key}", decision=DedupeDecision(DedupeKind.NEW)), now=at)


def _keys(db: Path) -> set[str]:
    conn = sqlite3.connect(db)
    try:
        return {key for (key,) in conn.execute("SELECT key FROM stories")}
    finally:
        conn.close()


def test_once_and_digest_prune_at_most_hourly(env, capsys):
    """`once` and `digest` prune after their poll (the cron and quickstart path stays
    bounded), sharing one hourly budget recorded in the store."""
    db = Path(env.MONITOR_DB)
    de = env.server.url("/de.xml")
    with Store.open(db) as store:
        store.sync_feeds([Feed(url=de, name="Testblatt")])
    _old_story(db, de, "ancient", days=40)
    assert run(capsys, "once")[0] == 0
    assert "ancient" not in _keys(db)
    assert any(key.startswith("https://news.example/") for key in _keys(db))
    _old_story(db, de, "ancient-too", days=40)
    assert run(capsys, "once")[0] == 0
    assert "ancient-too" in _keys(db)  # pruned less than an hour ago: not yet again
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE housekeeping SET last_run = datetime(last_run, '-61 minutes')")
    conn.close()
    assert run(capsys, "digest")[0] == 0
    assert "ancient-too" not in _keys(db)


def test_status_names_a_moved_feed_and_what_to_do(env, capsys):
    env.server.redirect("/old.xml", "/new.xml", status=301)
    env.server.serve("/new.xml", rss([WEATHER]))
    feeds = Path(env.MONITOR_FEEDS)
    feeds.write_text(feeds.read_text() + f'\n[[feed]]\nurl = "{env.server.url("/old.xml")}"\n'
                                          'name = "Umgezogen"\n', encoding="utf-8")
    assert run(capsys, "once")[0] == 0
    code, out, _ = run(capsys, "status")
    assert code == 0
    new = env.server.url("/new.xml")
    (line,) = [line for line in out.splitlines() if "Umgezogen" in line]
    assert f"moved -> {new}" in line
    assert f"put the new URL in {feeds}" in out
    assert f"{env.server.url('/old.xml')} -> {new}" in out
    assert sum("moved ->" in line for line in out.splitlines()) == 1  # only that feed
    report = json.loads(run(capsys, "status", "--json")[1])
    assert report["feeds_moved"] == 1


def test_replay_since_reports_only_alerts_that_would_really_be_queued(env, capsys):
    """Topics restored after the stories were stored: the first report of a story would now
    alert; its copy in the other feed would only join that alert; a story published three
    weeks before it was fetched would not alert at all (alert window)."""
    now = utcnow()
    env.server.serve("/de.xml", rss_at([(TOMAHAWK, now - timedelta(hours=1)),
                                        (DONBAS, now - timedelta(days=21))]))
    saved = {name: (env.rules / name).read_text(encoding="utf-8")
             for name in ("tomahawk-decision.yaml", "donbas-concessions.yaml")}
    for name in saved:
        (env.rules / name).unlink()
    assert run(capsys, "once")[0] == 0
    for name, text in saved.items():
        (env.rules / name).write_text(text, encoding="utf-8")
    code, out, _ = run(capsys, "replay", "--since", "30d", "--json")
    assert code == 0
    changed = {row["title"]: row for row in map(json.loads, out.splitlines())}
    assert set(changed) == {TOMAHAWK[1], TOMAHAWK_COPY[1], DONBAS[1]}
    tomahawks = [changed[TOMAHAWK[1]], changed[TOMAHAWK_COPY[1]]]
    alerting = [row for row in tomahawks if row["alert"]]
    assert len(alerting) == 1 and alerting[0]["would_now_alert"] == ["tomahawk-decision"]
    (joining,) = [row for row in tomahawks if not row["alert"]]
    assert joining["would_now_alert"] == [] and joining["after"] == ["tomahawk-decision"]
    assert re.match(r"(a copy of|joins the alert of) .*story \d+", joining["no_alert_because"])
    donbas = changed[DONBAS[1]]
    assert donbas["after"] == ["donbas-concessions"] and not donbas["alert"]
    assert donbas["would_now_alert"] == []
    assert "alert window" in donbas["no_alert_because"]
    code, out, _ = run(capsys, "replay", "--since", "30d")
    assert "1 would now alert on a topic they did not alert before, 2 gained a topic but " \
           "would queue no alert, 0 no longer match" in out


def test_dry_run_on_another_database_uses_an_empty_temporary_store(env, capsys, monkeypatch):
    """A database that is not an SQLite file cannot be copied: the dry run says so and runs
    on an empty temporary SQLite store (never connecting to the configured one)."""
    monkeypatch.setenv("MONITOR_DB", "postgresql://monitor@127.0.0.1:1/monitor")
    code, out, err = run(capsys, "once", "--dry-run")
    assert code == 0, err
    assert "not an SQLite file" in err and "empty temporary SQLite store" in err
    assert "Tomahawks" in out and "Budapest" in out


@pytest.mark.parametrize("terminal", [True, False], ids=["terminal", "piped"])
def test_digest_shows_a_progress_bar_only_on_a_terminal(env, capsys, monkeypatch, terminal):
    monkeypatch.setattr(sys.stdout, "isatty", lambda: terminal)
    code, _, err = run(capsys, "digest")
    assert code == 0
    bar = "fetching [" + "#" * 30 + "] 3/3 feeds, 1 failed"
    assert (bar in err) is terminal
