"""`monitor status`: feeds, outbox and recent alerts at a glance, as text or JSON.

`collect` reads the store into a plain dict (also the `--json` output); `render` formats it
for a terminal. Never shows secrets: the settings are not part of the report.
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

from monitor.pipeline import STALE_AFTER
from monitor.store import Store

RECENT = timedelta(hours=24)


def collect(store: Store, *, now: datetime) -> dict:
    feeds = []
    for state in sorted(store.feed_states().values(), key=lambda s: s.name.lower()):
        stale = bool(state.failing_since and now - state.failing_since >= STALE_AFTER)
        feeds.append({
            "name": state.name, "url": state.url, "fetch_url": state.fetch_url,
            "last_success": state.last_success, "last_fetch": state.last_fetch,
            "consecutive_failures": state.consecutive_failures,
            "failing_since": state.failing_since, "next_poll": state.next_poll,
            "last_error": state.last_error, "broken": state.broken, "stale": stale,
            "parse_warnings": state.parse_warnings,
            # a permanent redirect moved it: the list should name the new URL
            "moved": state.fetch_url if state.fetch_url != state.url else None,
        })
    counts = store.outbox_counts()
    return {
        "generated": now,
        "feeds": feeds,
        "feeds_failing": sum(1 for f in feeds if f["consecutive_failures"]),
        "feeds_moved": sum(1 for f in feeds if f["moved"]),
        "outbox": {
            "pending": counts.get("pending", 0) + counts.get("sending", 0),
            "sent": counts.get("sent", 0),
            "failed": counts.get("failed", 0),
            "collapsed": counts.get("collapsed", 0),
            "oldest_pending": store.oldest_pending(),
            "recent_failures": store.failed_alerts(limit=5),
        },
        "alerts_last_24h": store.alerts_per_topic(now - RECENT),
    }


def _ago(moment: datetime | None, now: datetime) -> str:
    if moment is None:
        return "never"
    seconds = (now - moment).total_seconds()
    if seconds < 0:
        return f"in {_span(-seconds)}"
    return f"{_span(seconds)} ago"


def _span(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f}s"
    if seconds < 5400:
        return f"{seconds / 60:.0f}m"
    if seconds < 172800:
        return f"{seconds / 3600:.0f}h"
    return f"{seconds / 86400:.0f}d"


def render(report: dict, *, tz: tzinfo, feed_list: str = "the feed list") -> str:
    now = report["generated"]
    feeds = report["feeds"]
    lines = [f"Feeds: {len(feeds)} listed, {report['feeds_failing']} failing"]
    width = max((len(f["name"]) for f in feeds), default=4)
    lines.append(f"  {'feed':<{width}}  {'last success':>13}  {'fails':>5}  {'next poll':>10}  "
                 "problem")
    for f in feeds:
        problem = f["broken"] or f["last_error"] or ""
        if not problem and f["parse_warnings"]:
            problem = f"parsed with repairs: {f['parse_warnings']}"
        if f["stale"]:
            problem = f"DOWN since {_ago(f['failing_since'], now)}: {problem}"
        problem = problem[:100]
        if f["moved"]:  # never cut: the operator copies it into the feed list
            problem = f"moved -> {f['moved']}" + (f"; {problem}" if problem else "")
        lines.append(f"  {f['name']:<{width}}  {_ago(f['last_success'], now):>13}  "
                     f"{f['consecutive_failures']:>5}  {_ago(f['next_poll'], now):>10}  "
                     f"{problem}")
    moved = [f for f in feeds if f["moved"]]
    if moved:
        lines += ["", f"{len(moved)} feeds moved permanently (HTTP 301/308): put the new URL "
                      f"in {feed_list} in place of the old one:"]
        lines += [f"  {f['url']} -> {f['moved']}" for f in moved]
    box = report["outbox"]
    lines += ["", f"Outbox: {box['pending']} pending, {box['sent']} sent, {box['failed']} failed, "
                  f"{box['collapsed']} collapsed into summaries"]
    if box["oldest_pending"]:
        lines.append(f"  oldest pending queued {_ago(box['oldest_pending'], now)}")
    for failure in box["recent_failures"]:
        lines.append(f"  failed #{failure['id']} to {failure['chat_id']} "
                     f"({failure['created'].astimezone(tz):%d %b %H:%M}): {failure['last_error']}")
    lines += ["", "Alerts in the last 24 h:"]
    per_topic = report["alerts_last_24h"]
    lines += [f"  {topic}: {count}" for topic, count in per_topic.items()] or ["  none"]
    return "\n".join(lines) + "\n"
