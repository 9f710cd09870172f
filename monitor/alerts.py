"""Pure alert decisions: which messages a stored story should produce, and how a burst of
pending alerts is folded into summaries.

- `plan`: one `AlertDraft` per chat for a matched story that is recent enough. A topic goes to
  its rule's own chat (`TopicMatch.chat`), else to the default chat; the topics routed to one
  chat share one message. When the default chat is `DRY_RUN_CHAT` (no Telegram: alerts are
  printed), every topic goes there: a rule's own chat is a Telegram chat, and an alert queued
  for it would be sent for real by a later run with a token. A story older than the alert
  window is stored but never alerted, so a first run or a long outage does not flood the
  channel.
- `plan_collapse`: when a chat has more pending alerts than it can be sent in a short horizon,
  keep the oldest ones as they are and fold the rest into one summary message per topic.
- Policy constants the store and the notifier share: the burst horizon, the edit cap.

What this does not do: store anything (`store` writes the outbox rows), or send (`notify`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import Protocol

from monitor import render
from monitor.models import AlertDraft, Story, TopicMatch

# The chat of alerts printed instead of sent (no token, or --dry-run): the printer serves it
# and no other, and nothing else sends to it.
DRY_RUN_CHAT = "stdout"

# A burst is what a chat cannot be sent within this horizon at its rate; the overflow is
# collapsed into per-topic summaries. At the default 20 messages a minute that keeps the
# first 10 alerts individually.
BURST_HORIZON = timedelta(seconds=30)
MIN_INDIVIDUAL = 3  # however slow the chat's rate, this many alerts stay individual
# An overflow smaller than this is sent as it is: a few seconds' delay, not a clogged channel,
# and a trickle of one-line summaries would be worse than the alerts themselves.
MIN_OVERFLOW = 3
# A posted alert is edited (to name more outlets) at most this often; later joins go unshown.
MAX_EDITS_PER_MESSAGE = 10


def plan(story: Story, matches: Sequence[TopicMatch], *, now: datetime, window: timedelta,
         default_chat: str, tz: tzinfo) -> tuple[AlertDraft, ...]:
    """The alerts a newly stored (or changed) story should produce: none when nothing matched
    or the story was published more than `window` before `now`; else one per chat, listing
    the topics routed there, in the order of `matches`. With `default_chat` set to
    `DRY_RUN_CHAT`, every topic goes to it, whatever its rule's chat."""
    if not matches or now - story.published > window:
        return ()
    printing = default_chat == DRY_RUN_CHAT
    by_chat: dict[str, list[TopicMatch]] = {}
    for match in matches:
        chat = default_chat if printing else (match.chat or default_chat)
        if chat:
            by_chat.setdefault(chat, []).append(match)
    return tuple(
        AlertDraft(chat_id=chat, topics=tuple(dict.fromkeys(m.topic for m in routed)),
                   text=render.alert_html(story, routed, tz=tz))
        for chat, routed in by_chat.items()
    )


def individual_limit(chat_rate: float, horizon: timedelta = BURST_HORIZON) -> int:
    """How many pending alerts a chat is sent one by one before the rest are collapsed."""
    return max(MIN_INDIVIDUAL, int(chat_rate * horizon.total_seconds() / 60))


class PendingAlert(Protocol):
    """What `plan_collapse` needs to know of a pending alert (the store's `OutboxItem`)."""

    id: int
    topics: tuple[str, ...]
    headline: render.Headline | None


@dataclass(frozen=True, slots=True)
class Collapse:
    """One summary message to queue, and the pending alerts it replaces."""

    topic: str
    text: str
    alert_ids: tuple[int, ...]


def plan_collapse(pending: Sequence[PendingAlert], *, keep: int,
                  tz: tzinfo) -> tuple[Collapse, ...]:
    """Given one chat's pending alerts, oldest first: nothing if fewer than `MIN_OVERFLOW`
    come after the first `keep`; else those folded into summaries, one per topic (an alert's
    first topic), split into parts when the headlines exceed one message. (An alert whose
    story is gone from the store stays individual.)"""
    overflow = [item for item in pending[keep:] if item.headline is not None]
    if len(overflow) < MIN_OVERFLOW:
        return ()
    by_topic: dict[str, list[PendingAlert]] = {}
    for item in overflow:
        topic = item.topics[0] if item.topics else "other"
        by_topic.setdefault(topic, []).append(item)
    collapses = []
    for topic, items in by_topic.items():
        parts = render.summary_messages(topic, [item.headline for item in items], tz=tz)
        start = 0
        for text, count in parts:
            ids = tuple(item.id for item in items[start:start + count])
            collapses.append(Collapse(topic=topic, text=text, alert_ids=ids))
            start += count
    return tuple(collapses)
