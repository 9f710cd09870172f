"""The daemon and the pipeline's operator duties, in-process against local servers: rules and
feed list reloaded on change (a bad edit reported, the last good version kept), a feed down
for a day reported once to the admin chat and again on recovery, undated entries of a feed's
first fetch never alerted."""

from __future__ import annotations

import asyncio
import random
import shutil
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fakebotapi import FakeBotAPI
from test_e2e import BUDAPEST, TOMAHAWK, WEATHER, rss

from monitor import config
from monitor.app import open_app
from monitor.daemon import Daemon
from monitor.fetch import Fetcher
from monitor.models import Feed, FeedState
from monitor.pipeline import AlertPolicy, Pipeline, feed_health_change

REPO = Path(__file__).resolve().parent.parent
CHAT, ADMIN = "-1001", "-1002"
T0 = datetime(2025, 10, 17, 12, 0, tzinfo=UTC)


def settings_for(tmp_path: Path, feeds_file: Path, api: FakeBotAPI, rules: Path):
    return config.load({}, {
        "MONITOR_FEEDS": str(feeds_file), "MONITOR_RULES": str(rules),
        "MONITOR_DB": str(tmp_path / "m.sqlite"), "MONITOR_TIMEZONE": "UTC",
        "TELEGRAM_BOT_TOKEN": api.token, "TELEGRAM_CHAT_ID": CHAT,
        "TELEGRAM_ADMIN_CHAT_ID": ADMIN, "TELEGRAM_API_URL": api.url,
    })


def feed_entry(url: str, name: str) -> str:
    return f'[[feed]]\nurl = "{url}"\nname = "{name}"\nlanguage = "de"\ninterval = "10s"\n\n'


async def until(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        await asyncio.sleep(0.1)
    return bool(condition())


def test_daemon_reloads_rules_and_feeds_keeping_the_last_good_rules(tmp_path, feed_server):
    rules = tmp_path / "rules"
    shutil.copytree(REPO / "rules", rules)
    de = feed_server.serve("/de.xml", rss([WEATHER]), etag="auto")
    feed_server.serve("/late.xml", rss([BUDAPEST]), etag="auto")
    feeds_file = tmp_path / "feeds.toml"
    feeds_file.write_text(feed_entry(feed_server.url("/de.xml"), "Testblatt"), encoding="utf-8")

    async def scenario(api: FakeBotAPI) -> int:
        settings = settings_for(tmp_path, feeds_file, api, rules)
        async with open_app(settings) as app:
            stop = asyncio.Event()
            daemon = asyncio.create_task(Daemon(app, rng=random.Random(1)).run(stop))
            try:
                assert await until(lambda: feed_server.requests_to("/de.xml"), 15)
                # A broken rule edit: reported to the admin chat, last good rules stay in use.
                (rules / "tomahawk-decision.yaml").write_text("require: [unclosed\n")
                assert await until(lambda: api.sent(ADMIN), 15), "bad edit not reported"
                assert "invalid" in api.sent(ADMIN)[0].text
                assert "tomahawk-decision.yaml" in api.sent(ADMIN)[0].text
                de.body = rss([TOMAHAWK, WEATHER])
                assert await until(lambda: api.sent(CHAT), 20), "last good rules not used"
                assert "#tomahawk_decision" in api.sent(CHAT)[0].text
                # A feed added to the list is polled without a restart.
                feeds_file.write_text(
                    feeds_file.read_text() + feed_entry(feed_server.url("/late.xml"), "Neu"),
                    encoding="utf-8")
                assert await until(lambda: len(api.sent(CHAT)) == 2, 25), "new feed not polled"
                assert "#budapest_summit" in api.sent(CHAT)[1].text
                assert len(api.sent(ADMIN)) == 1  # the bad edit was reported once
            finally:
                stop.set()
                code = await asyncio.wait_for(daemon, 40)
        return code

    with FakeBotAPI() as api:
        assert asyncio.run(scenario(api)) == 0


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        pytest.param(FeedState("u", "u"), FeedState("u", "u", failing_since=T0),
                     None, id="fresh-failure-silent"),
        pytest.param(FeedState("u", "u", failing_since=T0 - timedelta(hours=30)),
                     FeedState("u", "u", failing_since=T0 - timedelta(hours=30),
                               consecutive_failures=9, last_error="HTTP 500"),
                     (True, "failing for 30 h (9 attempts); last error: HTTP 500"),
                     id="down-a-day-reported"),
        pytest.param(FeedState("u", "u", failing_since=T0 - timedelta(hours=30),
                               stale_reported=True),
                     FeedState("u", "u", failing_since=T0 - timedelta(hours=30),
                               stale_reported=True),
                     None, id="reported-once-only"),
        pytest.param(FeedState("u", "u", failing_since=T0 - timedelta(hours=30),
                               stale_reported=True),
                     FeedState("u", "u", stale_reported=True),
                     (False, "recovered, polling normally again"), id="recovery-reported"),
        pytest.param(FeedState("u", "u", failing_since=T0 - timedelta(hours=2)),
                     FeedState("u", "u"), None, id="short-outage-recovery-silent"),
    ],
)
def test_feed_health_change(before, after, expected):
    assert feed_health_change(before, after, now=T0, stale_after=timedelta(hours=24)) == expected


class _Clock:
    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def test_pipeline_reports_a_feed_down_for_a_day_once_and_its_recovery(tmp_path, feed_server):
    from monitor.app import load_matcher, open_store

    feed = Feed(url=feed_server.url("/flaky.xml"), name="Flaky", interval=300)
    settings = config.load({}, {"MONITOR_DB": str(tmp_path / "m.sqlite")})
    start = datetime.now(UTC)  # fetch times are real; the pipeline's clock runs ahead of them
    clock = _Clock(start)
    matcher = load_matcher(REPO / "rules")

    async def poll() -> None:
        async with Fetcher(user_agent="test") as fetcher:
            pipeline = Pipeline(store=store, fetcher=fetcher, matcher=lambda: matcher,
                                clock=clock, policy=AlertPolicy(
                                    default_chat=CHAT, window=timedelta(hours=48), tz=UTC,
                                    admin_chat=ADMIN))
            try:
                await pipeline.poll_feed(feed, store.feed_state(feed.url))
            finally:
                pipeline.close()

    notices = []
    with open_store(settings) as store:
        store.sync_feeds([feed])
        feed_server.fail("/flaky.xml", 500)
        for hours in (0, 12, 25, 26):  # down since T0: reported at 25 h, not again at 26 h
            clock.now = start + timedelta(hours=hours)
            asyncio.run(poll())
            notices.append(len(store.outbox_items(chat_id=ADMIN)))
        feed_server.serve("/flaky.xml", rss([WEATHER]))
        clock.now = start + timedelta(hours=27)
        asyncio.run(poll())
        texts = [item.text for item in store.outbox_items(chat_id=ADMIN)]
    assert notices == [0, 0, 1, 1]
    assert len(texts) == 2
    assert "Flaky" in texts[0] and "failing for 25 h" in texts[0] and "HTTP 500" in texts[0]
    assert "recovered" in texts[1]


def test_undated_entries_of_a_first_fetch_are_stored_not_alerted(tmp_path, feed_server):
    from monitor.app import load_matcher, open_store

    def undated(items) -> bytes:
        return rss(items).replace(b"<pubDate>", b"<!--").replace(b"</pubDate>", b"-->")

    feed_server.serve("/undated.xml", undated([TOMAHAWK]))
    feed = Feed(url=feed_server.url("/undated.xml"), name="Undated")
    settings = config.load({}, {"MONITOR_DB": str(tmp_path / "m.sqlite")})
    matcher = load_matcher(REPO / "rules")

    async def poll(store) -> int:
        async with Fetcher(user_agent="test") as fetcher:
            pipeline = Pipeline(store=store, fetcher=fetcher, matcher=lambda: matcher,
                                policy=AlertPolicy(default_chat=CHAT, window=timedelta(hours=48),
                                                   tz=UTC))
            try:
                outcome = await pipeline.poll_feed(feed, store.feed_state(feed.url))
            finally:
                pipeline.close()
        return outcome

    with open_store(settings) as store:
        store.sync_feeds([feed])
        first = asyncio.run(poll(store))
        assert (first.new, first.matched, first.alerts) == (1, 1, 0)
        # Later undated entries of a known feed are new by definition: they are alerted.
        feed_server.serve("/undated.xml", undated([BUDAPEST, TOMAHAWK]))
        second = asyncio.run(poll(store))
        assert (second.new, second.alerts) == (1, 1)
