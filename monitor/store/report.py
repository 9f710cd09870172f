"""Store mixin: read-only figures for `monitor status`, `/metrics` and the health check.

Counts and summaries over the outbox, alerts and feeds. Nothing here writes.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from sqlalchemy import func, select

from monitor.store import schema

_a, _f = schema.alerts, schema.feeds


class ReportStore:
    """Figures about what the store holds."""

    def outbox_counts(self) -> dict[str, int]:
        """Outbox rows per status (pending, sending, sent, failed, collapsed)."""
        query = select(_a.c.status, func.count()).group_by(_a.c.status)
        with self._read() as conn:
            return {status: count for status, count in conn.execute(query)}

    def oldest_pending(self) -> datetime | None:
        """When the oldest alert still waiting to be sent was queued."""
        query = select(func.min(_a.c.created)).where(_a.c.status.in_(("pending", "sending")))
        with self._read() as conn:
            return conn.execute(query).scalar()

    def failed_alerts(self, limit: int = 10) -> list[dict]:
        """The most recent alerts that failed for good, with their reason."""
        query = (select(_a.c.id, _a.c.chat_id, _a.c.kind, _a.c.created, _a.c.last_error,
                        _a.c.attempts)
                 .where(_a.c.status == "failed").order_by(_a.c.created.desc()).limit(limit))
        with self._read() as conn:
            return [dict(row) for row in conn.execute(query).mappings()]

    def alerts_per_topic(self, since: datetime) -> dict[str, int]:
        """Alerts queued since `since`, per topic (an alert counts for each of its topics)."""
        query = select(_a.c.topics).where(_a.c.created >= since, _a.c.kind == "alert")
        counts: Counter[str] = Counter()
        with self._read() as conn:
            for (topics,) in conn.execute(query):
                counts.update(topics or [])
        return dict(counts.most_common())

    def last_fetch(self) -> datetime | None:
        """The latest time any feed was fetched (the health check's fallback signal)."""
        with self._read() as conn:
            return conn.execute(select(func.max(_f.c.last_fetch))).scalar()

    def feed_schedule(self) -> list[tuple[str, str, datetime]]:
        """(name, url, due) of every listed, enabled feed: when its next poll is due (a feed
        never polled: since it was added). For the health verdict."""
        due = func.coalesce(_f.c.next_poll, _f.c.added)
        query = (select(_f.c.name, _f.c.url, _f.c.next_poll, _f.c.added)
                 .where(_f.c.in_list.is_(True), _f.c.enabled.is_(True)).order_by(due))
        with self._read() as conn:
            return [(row.name, row.url, row.next_poll or row.added)
                    for row in conn.execute(query)]
