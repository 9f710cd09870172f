"""The daemon and the pipeline's operator duties, in-process against local servers: rules and
feed list reloaded on change (a bad edit reported, the last good version kept), a feed down
for a day reported once to the admin chat and again on recovery, undated entries of a feed's
first fetch never alerted."""

from __future__ import annotations

import asyncio
import dataclasses
import random
import shutil
import sqlite3
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fakebotapi import FakeBotAPI
from test_e2e import BUDAPEST, TOMAHAWK, WEATHER, rss

from monitor import config
from monitor.app import load_matcher, open_app
from monitor.daemon import Daemon
from monitor.fetch import Fetcher
from monitor.models import Feed, FeedState, FetchResult, FetchStatus
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


# --- retention through the pipeline -----------------------------------------------------------

def undated(items) -> bytes:
    return rss(items).replace(b"<pubDate>", b"<!--").replace(b"</pubDate>", b"-->")


class _ClockedFetcher:
    """The real fetcher over real HTTP, its results stamped with the test's clock (so the
    pipeline can live through weeks in a second)."""

    def __init__(self, fetcher: Fetcher, clock: _Clock):
        self.fetcher, self.clock = fetcher, clock

    async def fetch(self, feed, state):
        return dataclasses.replace(await self.fetcher.fetch(feed, state), fetched_at=self.clock())


def test_an_entry_still_listed_after_the_retention_period_is_not_alerted_again(tmp_path,
                                                                               feed_server):
    """An undated entry is alerted once, stays in its feed for weeks (mostly 304s) while the
    store is pruned after every poll: it is never forgotten, so never alerted again. An entry
    that left the feed is pruned once the retention period has passed."""
    from monitor.store import Store

    route = feed_server.serve("/evergreen.xml", undated([WEATHER]), etag="auto")
    feed = Feed(url=feed_server.url("/evergreen.xml"), name="Evergreen")
    start = datetime.now(UTC)
    clock = _Clock(start)
    matcher = load_matcher(REPO / "rules")

    async def poll(store) -> None:
        async with Fetcher(user_agent="test") as fetcher:
            pipeline = Pipeline(store=store, fetcher=_ClockedFetcher(fetcher, clock),
                                matcher=lambda: matcher, clock=clock, policy=AlertPolicy(
                                    default_chat=CHAT, window=timedelta(hours=48), tz=UTC))
            try:
                cycle = await pipeline.poll([feed])
            finally:
                pipeline.close()
        assert not cycle.failed, cycle.failed

    def at(**delta) -> None:
        clock.now = start + timedelta(**delta)

    db = tmp_path / "m.sqlite"
    with Store.open(db, retention=timedelta(days=30), clock=clock) as store:
        store.sync_feeds([feed])
        asyncio.run(poll(store))  # the first fetch
        route.body = undated([TOMAHAWK, WEATHER])
        at(hours=1)
        asyncio.run(poll(store))
        assert len(store.outbox_items(chat_id=CHAT)) == 1  # the new undated entry: alerted
        conn = sqlite3.connect(db)
        with conn:  # ... and sent
            conn.execute("UPDATE alerts SET status = 'sent'")
        conn.close()
        route.body = undated([TOMAHAWK])  # the weather story leaves the feed
        at(days=2)
        asyncio.run(poll(store))
        for day in range(5, 46, 5):  # 304 Not Modified, weeks on end; pruned after each poll
            at(days=day)
            asyncio.run(poll(store))
        route.body = undated([TOMAHAWK, BUDAPEST])  # the feed changes: parsed again
        at(days=46)
        asyncio.run(poll(store))
        alerts = store.outbox_items(chat_id=CHAT)
        titles = {story.title for story in store.stories()}
    statuses = [r.headers.get("if-none-match") is not None
                for r in feed_server.requests_to("/evergreen.xml")]
    assert sum(statuses) >= 9  # conditional requests: the 304 path was taken
    # The Tomahawk alert is still the one sent on day 0; only the new story waits to be sent.
    assert sorted((a.topics, a.status, a.created) for a in alerts) == [
        (("budapest-summit",), "pending", start + timedelta(days=46)),
        (("tomahawk-decision",), "sent", start + timedelta(hours=1))]
    assert TOMAHAWK[1] in titles and WEATHER[1] not in titles


# --- restarts and feed-list edits -------------------------------------------------------------

def test_a_restart_continues_the_schedule_from_the_store(tmp_path, feed_server):
    """After a restart the daemon polls each feed when the store says it is due: an hourly
    feed polled just before is not polled again at start; a feed overdue (its last poll was
    an hour ago) is polled right away."""
    feed_server.serve("/hourly.xml", rss([WEATHER]), etag="auto")
    feed_server.serve("/quick.xml", rss([]), etag="auto")
    feeds_file = tmp_path / "feeds.toml"
    feeds_file.write_text(
        f'[[feed]]\nurl = "{feed_server.url("/hourly.xml")}"\nname = "Hourly"\n'
        'interval = "1h"\n\n'
        f'[[feed]]\nurl = "{feed_server.url("/quick.xml")}"\nname = "Quick"\n'
        'interval = "10s"\n',
        encoding="utf-8")
    hourly = feed_server.url("/hourly.xml")

    async def scenario(api: FakeBotAPI):
        settings = settings_for(tmp_path, feeds_file, api, REPO / "rules")
        async with open_app(settings) as app:  # the run before the restart
            await app.pipeline.poll(app.enabled_feeds())
            stored = app.store.feed_state(hourly).next_poll
            quick = next(f for f in app.enabled_feeds() if f.name == "Quick")
            an_hour_ago = datetime.now(UTC) - timedelta(hours=1)
            app.store.record_fetch(FetchResult(feed=quick, status=FetchStatus.NOT_MODIFIED,
                                               fetched_at=an_hour_ago),
                                   next_poll=an_hour_ago + timedelta(seconds=10))
        before = len(feed_server.requests_to("/hourly.xml"))
        polled = len(feed_server.requests_to("/quick.xml"))
        async with open_app(settings) as app:  # the restart
            stop = asyncio.Event()
            daemon = Daemon(app, rng=random.Random(1))
            task = asyncio.create_task(daemon.run(stop))
            try:
                assert await until(
                    lambda: len(feed_server.requests_to("/quick.xml")) > polled, 15)
                job = daemon.scheduler.get_job(f"feed:{hourly}")
                scheduled = job.next_run_time
            finally:
                stop.set()
                assert await asyncio.wait_for(task, 40) == 0
        return stored, scheduled, len(feed_server.requests_to("/hourly.xml")) - before

    with FakeBotAPI() as api:
        stored, scheduled, hourly_polls = asyncio.run(scenario(api))
    now = datetime.now(UTC)
    assert timedelta(minutes=50) < stored - now < timedelta(minutes=70)
    assert scheduled == stored  # the job runs exactly when the store says
    assert hourly_polls == 0


def test_a_bad_feed_list_edit_is_reported_and_the_last_good_list_kept(tmp_path, feed_server,
                                                                      caplog):
    """An invalid feed list written while the daemon runs: logged and reported to the admin
    chat once, and the feeds of the last good list keep being polled and alerted. The
    messages the outbox drains show in the Prometheus counters."""
    from monitor.health import Health

    de = feed_server.serve("/de.xml", rss([WEATHER]), etag="auto")
    feeds_file = tmp_path / "feeds.toml"
    feeds_file.write_text(f'[[feed]]\nurl = "{feed_server.url("/de.xml")}"\nname = "Testblatt"\n'
                          'interval = "10s"\n', encoding="utf-8")

    async def scenario(api: FakeBotAPI) -> tuple[list[str], bytes]:
        settings = settings_for(tmp_path, feeds_file, api, REPO / "rules")
        async with open_app(settings) as app:
            health = Health(app)
            stop = asyncio.Event()
            task = asyncio.create_task(Daemon(app, rng=random.Random(1), health=health).run(stop))
            try:
                assert await until(lambda: feed_server.requests_to("/de.xml"), 15)
                feeds_file.write_text('[[feed]\nurl = "', encoding="utf-8")
                assert await until(lambda: api.sent(ADMIN), 15), "bad edit not reported"
                de.body = rss([TOMAHAWK, WEATHER])
                assert await until(lambda: api.sent(CHAT), 25), "last good list not polled"
                await asyncio.sleep(6)  # more reload checks of the same broken file
                urls = [feed.url for feed in app.enabled_feeds()]
            finally:
                stop.set()
                assert await asyncio.wait_for(task, 40) == 0
            return urls, health.metrics()

    with caplog.at_level("ERROR", logger="monitor.daemon"), FakeBotAPI() as api:
        urls, metrics = asyncio.run(scenario(api))
        admin, alerts = api.sent(ADMIN), api.sent(CHAT)
    assert urls == [feed_server.url("/de.xml")]
    assert len(admin) == 1, [c.text for c in admin]  # reported once, not at every check
    assert "feed list edit is invalid" in admin[0].text and "TOML syntax error" in admin[0].text
    assert any("feed list not reloaded" in r.getMessage() for r in caplog.records)
    assert len(alerts) == 1 and "#tomahawk_decision" in alerts[0].text
    assert b"monitor_alerts_sent_total 2.0" in metrics  # the notice and the alert
    assert b"monitor_alerts_failed_total 0.0" in metrics


@pytest.mark.parametrize("in_flight", [1, 3])
def test_pipeline_bounds_the_feeds_between_fetch_and_stored(tmp_path, feed_server, in_flight):
    """Fetching outruns the one ingest worker; the feeds waiting for it hold their parsed
    entries, so at most `in_flight` feeds are between their fetch and their ingest's end."""
    from monitor.app import open_store

    feeds = [Feed(url=feed_server.url(f"/f{i}.xml"), name=f"F{i}") for i in range(8)]
    for i in range(len(feeds)):
        feed_server.serve(f"/f{i}.xml", rss([(f"w{i}", f"Wetter {i}: Sonne", "Warm.")]))
    settings = config.load({}, {"MONITOR_DB": str(tmp_path / "m.sqlite")})
    busy, peak = 0, 0

    class CountingFetcher:
        def __init__(self, fetcher):
            self.fetcher = fetcher

        async def fetch(self, feed, state):
            nonlocal busy, peak
            busy += 1
            peak = max(peak, busy)
            return await self.fetcher.fetch(feed, state)

    async def poll(store) -> None:
        async with Fetcher(user_agent="test", concurrency=8, per_host=8) as fetcher:
            pipeline = Pipeline(store=store, fetcher=CountingFetcher(fetcher),
                                matcher=lambda: load_matcher(REPO / "rules"),
                                policy=AlertPolicy(default_chat=CHAT,
                                                   window=timedelta(hours=48), tz=UTC),
                                in_flight=in_flight)
            real_ingest = pipeline.ingest

            def ingest(*args):
                nonlocal busy
                time.sleep(0.02)  # slower than the fetches, as on a real first run
                try:
                    return real_ingest(*args)
                finally:
                    busy -= 1

            pipeline.ingest = ingest
            try:
                cycle = await pipeline.poll(feeds)
            finally:
                pipeline.close()
        assert all(outcome.new == 1 for outcome in cycle.outcomes)

    with open_store(settings) as store:
        store.sync_feeds(feeds)
        asyncio.run(poll(store))
    assert peak == in_flight


# --- a feed listed again: entries already stored ----------------------------------------------

@pytest.mark.parametrize("change, normalised, kind", [
    pytest.param({}, 0, None, id="same-text-not-even-normalised"),
    pytest.param({"summary": "Die  Lage   bleibt angespannt."}, 1, None, id="spacing-only"),
    pytest.param({"title": "Gipfel in Budapest verschoben"}, 1, "same_item",
                 id="headline-edited"),
])
def test_a_stored_entry_listed_again(tmp_path, monkeypatch, change, normalised, kind):
    """A feed lists its stored entries again with every new body: an entry whose text is the
    one stored is known without normalising it (what cost most per entry); one whose text
    changed is normalised, and only a changed normalised text is recorded again (the
    publisher's edit: same story, no second alert)."""
    from monitor import dedupe
    from monitor.app import open_store
    from monitor.models import Story

    feed = Feed(url="http://127.0.0.1/listed.xml", name="Listed", language="de")
    first = Story(feed_url=feed.url, outlet=feed.name, key="k1",
                  title="Gipfel in Budapest geplant", summary="Die Lage bleibt angespannt.",
                  published=T0)
    normalising = []
    real = dedupe.fingerprint
    monkeypatch.setattr(dedupe, "fingerprint",
                        lambda story: normalising.append(story.key) or real(story))
    settings = config.load({}, {"MONITOR_DB": str(tmp_path / "m.sqlite")})
    with open_store(settings) as store:
        store.sync_feeds([feed])
        pipeline = Pipeline(store=store, fetcher=None, matcher=lambda: load_matcher(
            REPO / "rules"), clock=lambda: T0, policy=AlertPolicy(
                default_chat=CHAT, window=timedelta(hours=48), tz=UTC))
        try:
            pipeline.ingest(feed, [first])
            normalising.clear()
            (again,) = pipeline.ingest(feed, [dataclasses.replace(first, **change)])
        finally:
            pipeline.close()
        stored = store.stories()
    assert len(normalising) == normalised
    assert (again.decision.kind if again.decision else None) == kind
    assert [s.title for s in stored] == [change.get("title", first.title)]
