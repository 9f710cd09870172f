"""Operator-facing commands on real data: digest, status, replay, check, and the health and
metrics endpoints, run in-process through `monitor.cli.main` against a local feed server."""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import httpx
import pytest
from test_e2e import BUDAPEST, TOMAHAWK, TOMAHAWK_COPY, WEATHER, rss

from monitor import cli, config
from monitor import health as health_mod
from monitor.health import Health
from monitor.models import Feed, FeedOutcome, FetchResult, FetchStatus, utcnow
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
    assert run(capsys, "once", "--dry-run")[0] == 0
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
    assert run(capsys, "once", "--dry-run")[0] == 0
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


def test_replay_since_shows_what_a_rule_edit_changes(env, capsys):
    assert run(capsys, "once", "--dry-run")[0] == 0
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
    assert rows[0] | {"story": None} == {"id": "1", "topics": ["tomahawk-decision"],
                                         "duplicate_of": None, "story": None, "alert": True}
    assert rows[1]["duplicate_of"] == "1" and rows[1]["story"] == rows[0]["story"]
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
    yield Health(SimpleNamespace(settings=settings, store=store), clock=clock), clock, feed, store
    store.close()


def _outcome(feed, status=FetchStatus.OK, **kw):
    return FeedOutcome(feed=feed, fetch=FetchResult(feed=feed, status=status,
                                                    fetched_at=utcnow(), elapsed=0.2), **kw)


def test_health_verdicts(health):
    monitor_health, clock, feed, _ = health
    assert monitor_health.verdict()[0] is False  # not started
    monitor_health.started()
    assert monitor_health.verdict()[0] is True
    monitor_health.polled(_outcome(feed))
    clock.now += monitor_health.fresh + timedelta(seconds=1)
    healthy, detail = monitor_health.verdict()
    assert not healthy and detail["reason"] == "no poll finished recently"
    monitor_health.polled(_outcome(feed))
    assert monitor_health.verdict()[0] is True
    monitor_health.stopped()
    assert monitor_health.verdict()[0] is False


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
