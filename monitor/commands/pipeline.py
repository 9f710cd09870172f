"""Commands that run the pipeline or read what it stored: `run`, `once`, `digest`, `replay`,
`status`, `check`.

All polling commands go through `app.open_app` and `Pipeline`, so they share one code path;
they differ only in what starts them and what happens to the results. Exit codes: 0 ran (even
if some feeds failed: they are listed), 1 a check failed, 2 bad configuration, rules or feed list.

`--dry-run` (`run`, `once`) changes nothing: it works on a throw-away copy of the store and
prints the alerts it would send. Without a Telegram token (and without `--dry-run`) alerts are
printed instead of sent and everything is stored, as with a token.

`digest` polls like `once` (when Telegram is configured, the alerts its poll finds are queued
for the daemon or the next `once` to send; it sends none itself, except with `--send`, which
delivers whatever the outbox holds after the digest). Without Telegram nobody could receive
alerts, so its poll queues none: a later `once` without a token will not print the stories a
digest already showed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path

from monitor import digest as digest_mod
from monitor.app import SetupError, open_app, open_store
from monitor.config import EXIT_CONFIG, Settings, parse_duration
from monitor.models import CycleResult, FeedOutcome, utcnow

EXIT_OK, EXIT_FAILED = 0, 1
# How long `once` and `digest --send` keep delivering before they leave the rest queued for the
# next run: enough for a burst at Telegram's pace, not forever through an outage.
DELIVERY_DEADLINE = timedelta(minutes=3)
DRY_RUN_HELP = ("print the alerts instead of sending them, and change nothing: runs on a "
                "throw-away copy of the database")


def register(subparsers, parents) -> None:
    p = subparsers.add_parser("run", parents=parents, help="run the daemon: poll, match, alert")
    p.add_argument("--dry-run", action="store_true", help=DRY_RUN_HELP)
    p.set_defaults(handler=cmd_run)

    p = subparsers.add_parser("once", parents=parents,
                              help="poll every enabled feed once, alert what is new, exit")
    p.add_argument("--dry-run", action="store_true", help=DRY_RUN_HELP)
    p.set_defaults(handler=cmd_once)

    p = subparsers.add_parser(
        "digest", parents=parents,
        help="poll once, then show what matched in a time window",
        description="Poll every enabled feed once (unless --no-fetch), then show the stories "
                    "that matched in the window, by when they were published. With Telegram "
                    "configured, alerts found by the poll are queued (not sent) for the daemon "
                    "or the next `monitor once`; without it, none are queued.")
    p.add_argument("--since", default="24h", type=_since_arg,
                   help="window: a duration (24h, 7d) or an ISO date/time, in MONITOR_TIMEZONE "
                        "unless it names its own offset (default 24h)")
    p.add_argument("--format", choices=sorted(digest_mod.RENDERERS), default="text")
    p.add_argument("--no-fetch", action="store_true", help="use what is stored, fetch nothing")
    p.add_argument("--send", action="store_true",
                   help="post the digest to Telegram instead (this also delivers whatever else "
                        "the outbox holds, as `once` would)")
    p.add_argument("--output", "-o", type=Path, help="write to this file instead of stdout")
    p.set_defaults(handler=cmd_digest)

    p = subparsers.add_parser("replay", parents=parents,
                              help="backtest: run items or stored stories through the rules")
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("file", nargs="?", help="JSON Lines items to replay ('-' for stdin)")
    source.add_argument("--since", type=_since_arg,
                        help="re-run the current rules over stories published in this window "
                             "(24h, 7d, or an ISO date/time in MONITOR_TIMEZONE)")
    p.add_argument("--json", action="store_true", help="(with --since) JSON lines output")
    p.set_defaults(handler=cmd_replay)

    p = subparsers.add_parser("status", parents=parents,
                              help="feeds, outbox and recent alerts at a glance")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_status)

    p = subparsers.add_parser("retry-failed", parents=parents,
                              help="queue again the messages Telegram refused (after a fix)")
    p.add_argument("--for-chat", metavar="CHAT_ID", help="only the messages of this chat")
    p.set_defaults(handler=cmd_retry_failed)

    p = subparsers.add_parser("check", parents=parents,
                              help="health check for containers: exit 0 healthy, 1 not")
    p.set_defaults(handler=cmd_check)


@dataclass(frozen=True, slots=True)
class Since:
    """A `--since` value: a duration before now, or an ISO date/time; one without an offset
    is read in the configured time zone (known only once the settings are loaded)."""

    duration: timedelta | None = None
    moment: datetime | None = None

    def resolve(self, tz: tzinfo, now: datetime) -> datetime:
        if self.duration is not None:
            return now - self.duration
        moment = self.moment if self.moment.tzinfo else self.moment.replace(tzinfo=tz)
        return moment.astimezone(UTC)


def _since_arg(text: str) -> Since:
    """`24h`, `7d` (before now) or an ISO date/time (`2025-10-17`, `2025-10-17T08:00`,
    `2025-10-17T08:00+02:00`)."""
    try:
        return Since(duration=parse_duration(text))
    except ValueError:
        pass
    try:
        return Since(moment=datetime.fromisoformat(text))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not a duration or ISO date: {text!r} (e.g. 24h, 7d, 2025-10-17)") from None


def _setup_failed(exc: SetupError) -> int:
    print(f"monitor: {exc}", file=sys.stderr)
    return EXIT_CONFIG


# --- once / run -------------------------------------------------------------------------------

def cmd_once(settings: Settings, args) -> int:
    try:
        return asyncio.run(_once(settings, dry_run=args.dry_run))
    except SetupError as exc:
        return _setup_failed(exc)


async def _once(settings: Settings, *, dry_run: bool) -> int:
    async with open_app(settings, dry_run=dry_run) as app:
        cycle = await app.pipeline.poll(app.enabled_feeds())
        drained = await app.notifier.drain(until_empty=True,
                                           deadline=utcnow() + DELIVERY_DEADLINE)
    _print_cycle(cycle, sys.stderr)
    print(f"outbox: {drained}", file=sys.stderr)
    return EXIT_OK


def _print_cycle(cycle: CycleResult, out) -> None:
    outcomes = cycle.outcomes
    total = Counter()
    for o in outcomes:
        total.update(new=o.new, matched=o.matched, alerts=o.alerts)
    seconds = (cycle.finished - cycle.started).total_seconds()
    print(f"polled {len(outcomes)} feeds in {seconds:.1f}s: {total['new']} new stories, "
          f"{total['matched']} matched, {total['alerts']} alerts queued; "
          f"{len(cycle.failed)} feeds failed", file=out)
    for o in cycle.failed:
        print(f"  failed: {o.feed.name} ({o.feed.url}): {o.error}", file=out)


def cmd_run(settings: Settings, args) -> int:
    from monitor.daemon import Daemon, install_signal_handlers

    async def main() -> int:
        stop = asyncio.Event()
        install_signal_handlers(stop)
        async with open_app(settings, dry_run=args.dry_run) as app:
            health = None
            if settings.http:
                from monitor import health as health_mod

                health = health_mod.Health(app)
                await health.serve(*settings.http)
            try:
                return await Daemon(app, health=health).run(stop)
            finally:
                if health:
                    await health.close()

    try:
        return asyncio.run(main())
    except SetupError as exc:
        return _setup_failed(exc)


# --- digest -----------------------------------------------------------------------------------

def cmd_digest(settings: Settings, args) -> int:
    try:
        return asyncio.run(_digest(settings, args))
    except SetupError as exc:
        return _setup_failed(exc)


async def _digest(settings: Settings, args) -> int:
    if args.send and not settings.telegram_enabled:
        print("monitor: --send needs TELEGRAM_BOT_TOKEN and TELEGRAM_CHAT_ID", file=sys.stderr)
        return EXIT_CONFIG
    # The poll is `once`'s, alerts queued and all, but nothing is sent here: the daemon or the
    # next `once` sends them. Without Telegram there is nobody to send them to: queue none.
    async with open_app(settings, alerting=settings.telegram_enabled) as app:
        if not args.no_fetch:
            progress = _Progress(len(app.enabled_feeds())) if sys.stdout.isatty() else None
            cycle = await app.pipeline.poll(app.enabled_feeds(), progress=progress)
            if progress:
                progress.done()
            for o in cycle.failed:
                print(f"monitor: feed {o.feed.name} failed: {o.error}", file=sys.stderr)
        until = utcnow()
        since = args.since.resolve(settings.timezone, until)
        built = digest_mod.build(
            app.store.stories(since=since, matched_only=True), app.store.cluster_members,
            since=since, until=until, tz=settings.timezone,
            topic_order=[topic.id for topic in app.rules().topics],
        )
        if args.send:
            for i, text in enumerate(digest_mod.render_telegram(built)):
                app.store.queue_notice(settings.telegram_chat_id, text,
                                       key=f"digest:{until.isoformat()}:{i}")
            drained = await app.notifier.drain(until_empty=True,
                                               deadline=utcnow() + DELIVERY_DEADLINE)
            print(f"digest sent: {drained}", file=sys.stderr)
            return EXIT_OK
    text = digest_mod.RENDERERS[args.format](built)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return EXIT_OK


class _Progress:
    """A one-line progress bar on stderr while feeds are fetched (only on a terminal)."""

    WIDTH = 30

    def __init__(self, total: int):
        self.total, self.count, self.failed = total, 0, 0

    def __call__(self, outcome: FeedOutcome) -> None:
        self.count += 1
        self.failed += bool(outcome.error)
        filled = self.WIDTH * self.count // max(self.total, 1)
        sys.stderr.write(f"\rfetching [{'#' * filled}{'.' * (self.WIDTH - filled)}] "
                         f"{self.count}/{self.total} feeds, {self.failed} failed ")
        sys.stderr.flush()

    def done(self) -> None:
        sys.stderr.write("\n")


# --- replay -----------------------------------------------------------------------------------

def cmd_replay(settings: Settings, args) -> int:
    from monitor import replay

    try:
        if args.since is not None:
            since = args.since.resolve(settings.timezone, utcnow())
            return replay.rerun_stored(settings, since=since, as_json=args.json,
                                       out=sys.stdout)
        stream = sys.stdin if args.file == "-" else open(args.file, encoding="utf-8")  # noqa: SIM115
        with stream, tempfile.TemporaryDirectory(prefix="monitor-replay-") as tmp:
            return replay.replay_items(settings, stream, db=Path(tmp) / "replay.sqlite",
                                       out=sys.stdout, err=sys.stderr)
    except SetupError as exc:
        return _setup_failed(exc)
    except FileNotFoundError as exc:
        print(f"monitor: {exc}", file=sys.stderr)
        return EXIT_CONFIG


# --- status / check ---------------------------------------------------------------------------

def cmd_status(settings: Settings, args) -> int:
    from monitor import status

    try:
        store = open_store(settings)
    except SetupError as exc:
        return _setup_failed(exc)
    with store:
        report = status.collect(store, now=utcnow())
    sys.stdout.write(json.dumps(report, ensure_ascii=False, indent=2, default=str) + "\n"
                     if args.json else status.render(report, tz=settings.timezone,
                                                     feed_list=str(settings.feeds)))
    return EXIT_OK


def cmd_retry_failed(settings: Settings, args) -> int:
    """Failed messages (refused by Telegram: the bot was not in the channel, a wrong chat id)
    back to the queue, in their old place, with the edits the refusal dropped; the daemon or
    the next `once` sends them."""
    try:
        store = open_store(settings)
    except SetupError as exc:
        return _setup_failed(exc)
    with store:
        count, edits = store.retry_failed(now=utcnow(), chat_id=args.for_chat)
    where = f" for chat {args.for_chat}" if args.for_chat else ""
    also = f" (and {edits} dropped edits of sent messages)" if edits else ""
    print(f"{count} failed messages{where} queued again{also}; `monitor run` or `monitor "
          "once` sends them")
    return EXIT_OK


def cmd_check(settings: Settings, args) -> int:
    from monitor import health

    healthy, why = health.check(settings)
    print(("healthy: " if healthy else "unhealthy: ") + why,
          file=sys.stdout if healthy else sys.stderr)
    return EXIT_OK if healthy else EXIT_FAILED

