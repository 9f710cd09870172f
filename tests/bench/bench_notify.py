"""Benchmark: what the outbox and the notifier cost per message, apart from Telegram's limits.

    python tests/bench/bench_notify.py [--chats 200] [--per-chat 10]

Queues chats x per-chat alerts through the real `Store.record_story` (one story each, drafts
from `alerts.plan`) in a temporary SQLite file, then drains them three ways, with pacing off
(rates set far above Telegram's) so only our own work is timed:

- `null`: a sender that answers at once: the outbox bookkeeping alone (pick the next row per
  chat, claim it, record it sent: three committed transactions per message);
- `print`: `PrintSender` writing to an in-memory stream (rendering the plain text as well);
  the same alerts, all queued for the printer's chat (`alerts.DRY_RUN_CHAT`), the only one it
  serves;
- `http`: the real `TelegramSender` (python-telegram-bot) against the fake Bot API server on
  127.0.0.1 (adds PTB and local HTTP).

Also: the render cost of one alert, and peak Python memory during the null drain
(tracemalloc). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from fakebotapi import FakeBotAPI  # noqa: E402

from monitor import alerts, render  # noqa: E402
from monitor.models import (  # noqa: E402
    DedupeDecision,
    DedupeKind,
    Feed,
    Hit,
    Story,
    StoryRecord,
    TopicMatch,
    utcnow,
)
from monitor.notify import Notifier, PrintSender, TelegramSender  # noqa: E402
from monitor.store import Store  # noqa: E402

FAST = {"chat_rate": 1e9, "global_rate": 1e9}  # pacing off: time our own work only


class NullSender:
    rate_limited = False
    chats = None  # any chat

    def __init__(self):
        self.count = 0

    async def start(self):
        pass

    async def close(self):
        pass

    async def send(self, chat_id, text):
        self.count += 1
        return self.count

    async def edit(self, chat_id, message_id, text):
        pass


def story(n: int, now) -> Story:
    return Story(feed_url="http://127.0.0.1/feed.xml", outlet="Bench Outlet", key=f"k{n}",
                 title=f"Story {n}: Trump weighs Tomahawk missiles for Ukraine & Kyiv <update>",
                 summary="Officials said the decision was not yet made. " * 6,
                 published=now - timedelta(minutes=1), url=f"https://example.org/news/{n}")


def fill(db: Path, chats: int, per_chat: int, *, printing: bool = False) -> float:
    now = utcnow()
    hit = Hit(group="what", term="<tomahawk>", field="title", words="Tomahawk", weight=1.0)
    with Store.open(db) as store:
        store.sync_feeds([Feed(url="http://127.0.0.1/feed.xml", name="Bench Outlet")])
        start = time.perf_counter()
        for n in range(chats * per_chat):
            chat = alerts.DRY_RUN_CHAT if printing else f"-100{n % chats:010d}"
            s = story(n, now)
            matches = (TopicMatch(topic="tomahawk-decision", score=1.0, hits=(hit,), chat=chat),)
            drafts = alerts.plan(s, matches, now=now, window=timedelta(hours=48),
                                 default_chat=chat, tz=UTC)
            store.record_story(s.feed_url, StoryRecord(
                story=s, content_hash=f"h{n}", decision=DedupeDecision(DedupeKind.NEW),
                matches=matches, alerts=drafts), now=now)
        return time.perf_counter() - start


async def drain(db: Path, sender) -> tuple[float, object]:
    with Store.open(db) as store:
        async with Notifier(store, sender, **FAST) as notifier:
            start = time.perf_counter()
            result = await notifier.drain(until_empty=True)
            return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chats", type=int, default=200)
    parser.add_argument("--per-chat", type=int, default=10)
    args = parser.parse_args()
    total = args.chats * args.per_chat
    print(f"{total} alerts in {args.chats} chats ({args.per_chat} each, below the burst limit)")

    s = story(1, utcnow())
    matches = [TopicMatch(topic="tomahawk-decision", score=1.0, hits=(
        Hit(group="what", term="<tomahawk>", field="title", words="Tomahawk", weight=1.0),))]
    runs = 2000
    start = time.perf_counter()
    for _ in range(runs):
        render.alert_html(s, matches, tz=UTC)
    print(f"render.alert_html: {(time.perf_counter() - start) / runs * 1e6:.0f} µs per alert")

    with tempfile.TemporaryDirectory() as tmp:
        for name in ("null", "print", "http"):
            db = Path(tmp) / f"{name}.sqlite"
            queued = fill(db, args.chats, args.per_chat, printing=name == "print")
            if name == "null":
                print(f"queue (record_story incl. outbox rows): {total / queued:,.0f} stories/s")
                elapsed, result = asyncio.run(drain(db, NullSender()))
            elif name == "print":
                elapsed, result = asyncio.run(drain(db, PrintSender(io.StringIO())))
            else:
                with FakeBotAPI() as api:
                    sender = TelegramSender(api.token, api_url=api.url)
                    elapsed, result = asyncio.run(drain(db, sender))
            print(f"drain via {name:5}: {result.sent / elapsed:,.0f} messages/s "
                  f"({elapsed / result.sent * 1e3:.2f} ms each; {result})")
        db = Path(tmp) / "memory.sqlite"
        fill(db, args.chats, args.per_chat)
        tracemalloc.start()
        asyncio.run(drain(db, NullSender()))
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(f"peak Python memory during a null drain of {total}: {peak / 2**20:.1f} MiB")
    print("Telegram allows ~30 messages/s overall and 20/min per channel; we pace at 25/s.")


if __name__ == "__main__":
    main()
