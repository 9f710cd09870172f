"""Store mixin: the outbox, every Telegram message to send and what became of it.

A message is written to the `alerts` table in the same transaction that records its cause (a
story: `_queue_alerts`, called by `record_story`; an operator notice: `queue_notice`), so a
crash can never lose one. The notifier then moves each row through these states, each step
its own committed transaction:

    pending ──claim──► sending ──answer──► sent (message_id, sent_text)
       ▲                  │ ├─ flood wait / transient error ──► pending (next_attempt later)
       │                  │ └─ permanent error ──────────────► failed (last_error)
       └── lease expired ─┘   (the process died mid-request: claimable again)
    pending ──burst──► collapsed (collapsed_into: the summary row that lists it)
    sent + edit_pending ──edit──► sent (edits + 1, sent_text)

`next_attempt` is when a pending row may be tried; for a `sending` row it is the end of the
claim's lease; for a sent row with `edit_pending` it is when the edit is due. A flood wait
(429) is written into every waiting row of its chat (`hold_chat`), so it outlives the process.

Order: each chat's messages go out in the order they were queued. `due_heads` ranks a chat's
waiting sends (pending or being sent, due or not) and offers the oldest only when it is due: a
chat whose oldest message waits (a retry's backoff, a flood wait, a live claim of a stopped
process) sends nothing newer meanwhile. Edits of sent messages are ranked apart, by when they
are due: an edit changes a message already posted, so it neither waits for nor holds up new
posts (the notifier's rate limiter still spaces both).

Nothing here decides anything: what to send, when, and what an error means is `notify`'s and
`alerts`' business; this module only records it, atomically and with compare-and-set updates,
so two notifiers on one database cannot both claim a row.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, case, func, insert, or_, select, union_all, update
from sqlalchemy.engine import Connection, RowMapping

from monitor import render
from monitor.alerts import MAX_EDITS_PER_MESSAGE, Collapse
from monitor.models import AlertDraft, Member
from monitor.render import Headline
from monitor.store import schema

log = logging.getLogger(__name__)

_a, _s, _f = schema.alerts, schema.stories, schema.feeds

PENDING, SENDING, SENT, FAILED, COLLAPSED = "pending", "sending", "sent", "failed", "collapsed"
ALERT, SUMMARY, NOTICE = "alert", "summary", "notice"
# `last_error` of a sent message whose pending edit `fail_chat` dropped (`retry_failed` brings
# such edits back; a refusal of one message's edit is recorded as "edit: ..." and stays)
EDIT_DROPPED_WITH_CHAT = "edit dropped with the chat: "


def alert_key(cluster_id: int, chat_id: str) -> str:
    """The identity of a cluster's alert in one chat: at most one ever exists."""
    return f"cluster:{cluster_id}:{chat_id}"


@dataclass(frozen=True, slots=True)
class OutboxItem:
    """One outbox row, with the alerted story's headline (alerts only)."""

    id: int
    kind: str
    chat_id: str
    text: str
    status: str
    topics: tuple[str, ...]
    created: datetime
    next_attempt: datetime
    attempts: int = 0
    cluster_id: int | None = None
    story_id: int | None = None
    message_id: int | None = None
    sent_text: str | None = None
    edit_pending: bool = False
    edits: int = 0
    last_error: str | None = None
    collapsed_into: int | None = None  # the summary row listing it, when collapsed
    edit_failures: int = 0  # transient failures of its pending edit in a row
    headline: Headline | None = None

    @property
    def is_edit(self) -> bool:
        """A sent message whose text should be edited (rather than a message to send)."""
        return self.status == SENT and self.edit_pending


_ITEM_COLUMNS = (
    _a.c.id, _a.c.kind, _a.c.chat_id, _a.c.text, _a.c.status, _a.c.topics, _a.c.created,
    _a.c.next_attempt, _a.c.attempts, _a.c.cluster_id, _a.c.story_id, _a.c.message_id,
    _a.c.sent_text, _a.c.edit_pending, _a.c.edits, _a.c.last_error, _a.c.collapsed_into,
    _a.c.edit_failures, _s.c.title.label("story_title"), _s.c.url.label("story_url"),
    _s.c.published.label("story_published"), _f.c.name.label("story_outlet"),
)


def _items_query():
    return (select(*_ITEM_COLUMNS)
            .outerjoin(_s, _s.c.id == _a.c.story_id)
            .outerjoin(_f, _f.c.id == _s.c.feed_id))


def _item(row: RowMapping) -> OutboxItem:
    headline = None
    if row["story_title"] is not None:
        headline = Headline(title=row["story_title"], url=row["story_url"],
                            outlet=row["story_outlet"] or "", published=row["story_published"])
    return OutboxItem(
        id=row["id"], kind=row["kind"], chat_id=row["chat_id"], text=row["text"],
        status=row["status"], topics=tuple(row["topics"] or ()), created=row["created"],
        next_attempt=row["next_attempt"], attempts=row["attempts"], cluster_id=row["cluster_id"],
        story_id=row["story_id"], message_id=row["message_id"], sent_text=row["sent_text"],
        edit_pending=bool(row["edit_pending"]), edits=row["edits"], last_error=row["last_error"],
        collapsed_into=row["collapsed_into"], edit_failures=row["edit_failures"],
        headline=headline,
    )


def _chat_filter(skip_chats: Iterable[str], chats: Iterable[str] | None) -> list:
    """Conditions on `chat_id`: not one of `skip_chats`, and one of `chats` unless it is None."""
    where = [_a.c.chat_id.not_in(list(skip_chats))]
    if chats is not None:
        where.append(_a.c.chat_id.in_(list(chats)))
    return where


def _heads(skip_chats: Iterable[str], chats: Iterable[str] | None):
    """Per chat, its next send (the oldest pending or `sending` row, due or not) and its next
    edit (the sent row whose edit is due first): (id, next_attempt) with rank 1."""
    where = _chat_filter(skip_chats, chats)
    sends = select(_a.c.id, _a.c.next_attempt, func.row_number().over(
        partition_by=_a.c.chat_id, order_by=(_a.c.created, _a.c.id)).label("rank")).where(
        _a.c.status.in_((PENDING, SENDING)), *where)
    edits = select(_a.c.id, _a.c.next_attempt, func.row_number().over(
        partition_by=_a.c.chat_id, order_by=(_a.c.next_attempt, _a.c.id)).label("rank")).where(
        _a.c.status == SENT, _a.c.edit_pending.is_(True), *where)
    ranked = union_all(sends, edits).subquery()
    return select(ranked.c.id, ranked.c.next_attempt).where(ranked.c.rank == 1).subquery()


class OutboxStore:
    """Messages waiting to be sent, sent, failed or collapsed."""

    # --- queuing (inside the transactions that record the cause) ------------------------------

    def _queue_alerts(self, conn: Connection, *, cluster_id: int, story_id: int,
                      drafts: Sequence[AlertDraft], now: datetime,
                      fresh_cluster: bool = False) -> tuple[int, int]:
        """Queue a story's alerts inside `record_story`'s transaction. Returns (rows created,
        sent alerts marked for an edit).

        One alert per (cluster, chat), ever: a draft for a chat that already has this
        cluster's alert creates nothing. A draft from the alert's own story (the publisher
        changed it) replaces the alert's text. Whenever a story joins a cluster, every sent
        alert of that cluster (in any chat) is marked for an in-place edit, so its "also:"
        line can name the new outlet; an unsent alert needs nothing, as the notifier composes
        the line when it sends. Alerts at the edit cap are left alone. A cluster created by
        this very story (`fresh_cluster`) has no other alert to edit: that look-up is skipped."""
        created = edits = 0
        for draft in drafts:
            key = alert_key(cluster_id, draft.chat_id)
            existing = conn.execute(select(_a.c.id, _a.c.story_id).where(
                _a.c.dedupe_key == key)).first()
            if existing is None:
                conn.execute(insert(_a), dict(
                    kind=draft.kind or ALERT, cluster_id=cluster_id, story_id=story_id,
                    topics=list(draft.topics), chat_id=draft.chat_id, text=draft.text,
                    status=PENDING, created=now, next_attempt=now, attempts=0,
                    dedupe_key=key,
                ))
                created += 1
            elif existing.story_id == story_id:
                conn.execute(update(_a).where(_a.c.id == existing.id).values(
                    text=draft.text, topics=list(draft.topics)))
                edits += self._mark_for_edit(conn, _a.c.id == existing.id, now)
        if fresh_cluster:
            return created, edits
        edits += self._mark_for_edit(conn, and_(
            _a.c.cluster_id == cluster_id, _a.c.kind == ALERT,
            or_(_a.c.story_id.is_(None), _a.c.story_id != story_id),
        ), now)
        return created, edits

    def _mark_for_edit(self, conn: Connection, which, now: datetime) -> int:
        """Mark sent (or being sent) alerts for an edit. A sent one is due now; one being sent
        keeps its lease and gets its edit once the send is recorded."""
        under_cap = _a.c.edits < MAX_EDITS_PER_MESSAGE
        marked = conn.execute(update(_a).where(which, under_cap, _a.c.status == SENT)
                              .values(edit_pending=True, next_attempt=now)).rowcount
        marked += conn.execute(update(_a).where(which, under_cap, _a.c.status == SENDING)
                               .values(edit_pending=True)).rowcount
        return marked

    def queue_notice(self, chat_id: str, text: str, *, key: str | None = None,
                     now: datetime | None = None) -> bool:
        """Queue an operator notice (a broken feed, a bad rule edit, a digest part). `text`
        may be Telegram HTML; anything that is not well-formed Telegram HTML is sent as plain
        text. `key` dedupes: a notice with a key already queued (or sent) is not queued again.
        Returns whether a row was created."""
        now = now or self.clock()
        dedupe_key = f"notice:{key}" if key is not None else None
        with self._write() as conn:
            if dedupe_key is not None and conn.execute(
                    select(_a.c.id).where(_a.c.dedupe_key == dedupe_key)).first():
                return False
            conn.execute(insert(_a).values(
                kind=NOTICE, topics=[], chat_id=chat_id, text=render.notice_html(text),
                status=PENDING, created=now, next_attempt=now, attempts=0,
                dedupe_key=dedupe_key,
            ))
        return True

    # --- reading what to do ------------------------------------------------------------------

    def due_heads(self, now: datetime, *, skip_chats: Iterable[str] = (),
                  chats: Iterable[str] | None = None) -> list[OutboxItem]:
        """What may be done at `now`, oldest first: per chat (of `chats`, if given, but not of
        `skip_chats`) its oldest waiting message if that one is due (a send, or a resend after
        an expired lease), and its next edit if due. A chat whose oldest message is not due
        sends nothing newer: each chat's messages go out in order."""
        heads = _heads(skip_chats, chats)
        query = (_items_query().join(heads, heads.c.id == _a.c.id)
                 .where(heads.c.next_attempt <= now).order_by(_a.c.created, _a.c.id))
        with self._read() as conn:
            return [_item(row) for row in conn.execute(query).mappings()]

    def next_due(self, *, skip_chats: Iterable[str] = (), chats: Iterable[str] | None = None,
                 after: datetime | None = None) -> datetime | None:
        """When the next of `due_heads` becomes due (later than `after`, if given); None when
        nothing is waiting (then)."""
        heads = _heads(skip_chats, chats)
        query = select(func.min(heads.c.next_attempt))
        if after is not None:
            query = query.where(heads.c.next_attempt > after)
        with self._read() as conn:
            return conn.execute(query).scalar()

    def last_sent(self, *, since: datetime) -> dict[str, datetime]:
        """Per chat, when Telegram last accepted a message or an edit of one (at or after
        `since`): both count against the chat's rate."""
        latest: dict[str, datetime] = {}
        with self._read() as conn:
            for column in (_a.c.sent_at, _a.c.edited_at):
                query = (select(_a.c.chat_id, func.max(column))
                         .where(_a.c.status == SENT, column >= since).group_by(_a.c.chat_id))
                for chat, when in conn.execute(query):
                    latest[chat] = max(when, latest.get(chat, when))
        return latest

    def holds(self, now: datetime, *, error_prefix: str) -> dict[str, datetime]:
        """Per chat, the latest time a waiting row (a message, or an edit) whose last error
        starts with `error_prefix` is held until, when that is after `now` (the flood waits a
        stopped process left)."""
        waiting = or_(_a.c.status.in_((PENDING, SENDING)),
                      and_(_a.c.status == SENT, _a.c.edit_pending.is_(True)))
        query = (select(_a.c.chat_id, func.max(_a.c.next_attempt))
                 .where(waiting, _a.c.next_attempt > now,
                        _a.c.last_error.startswith(error_prefix, autoescape=True))
                 .group_by(_a.c.chat_id))
        with self._read() as conn:
            return {chat: until for chat, until in conn.execute(query)}

    def waiting_count(self, *, chats: Iterable[str] | None = None) -> int:
        """Messages not yet delivered (pending or being sent), to `chats` if given."""
        with self._read() as conn:
            return conn.execute(select(func.count()).where(
                _a.c.status.in_((PENDING, SENDING)), *_chat_filter((), chats))).scalar()

    def outbox_item(self, item_id: int) -> OutboxItem | None:
        with self._read() as conn:
            row = conn.execute(_items_query().where(_a.c.id == item_id)).mappings().first()
        return _item(row) if row else None

    def outbox_items(self, *, status: str | None = None, chat_id: str | None = None,
                     limit: int | None = None) -> list[OutboxItem]:
        """Outbox rows, oldest first (for status displays and tests)."""
        query = _items_query().order_by(_a.c.created, _a.c.id)
        if status is not None:
            query = query.where(_a.c.status == status)
        if chat_id is not None:
            query = query.where(_a.c.chat_id == chat_id)
        if limit is not None:
            query = query.limit(limit)
        with self._read() as conn:
            return [_item(row) for row in conn.execute(query).mappings()]

    def alert_members(self, cluster_id: int) -> list[Member]:
        """Every outlet's report in a cluster, in the order they were first seen."""
        query = (select(_f.c.name, _s.c.url, _s.c.published)
                 .join(_f, _f.c.id == _s.c.feed_id)
                 .where(_s.c.cluster_id == cluster_id)
                 .order_by(_s.c.first_seen, _s.c.id))
        with self._read() as conn:
            return [Member(outlet=row.name, url=row.url, published=row.published)
                    for row in conn.execute(query)]

    # --- sending -----------------------------------------------------------------------------

    def claim(self, item_id: int, *, now: datetime, lease: timedelta) -> OutboxItem | None:
        """Mark a due row `sending` (committed before the request goes out), counting the
        attempt; its lease ends at now + `lease`. None if it is not due or someone else
        claimed it first."""
        with self._write() as conn:
            claimed = conn.execute(update(_a).where(
                _a.c.id == item_id, _a.c.status.in_((PENDING, SENDING)),
                _a.c.next_attempt <= now,
            ).values(status=SENDING, attempts=_a.c.attempts + 1,
                     next_attempt=now + lease)).rowcount
            if not claimed:
                return None
            return _item(conn.execute(_items_query().where(_a.c.id == item_id)).mappings().one())

    def mark_sent(self, item_id: int, *, message_id: int, text: str, now: datetime) -> bool:
        """Telegram acknowledged the message: record its id and text at once. An edit marked
        while it was being sent becomes due now."""
        with self._write() as conn:
            done = conn.execute(update(_a).where(_a.c.id == item_id, _a.c.status == SENDING)
                                .values(status=SENT, message_id=message_id, sent_at=now,
                                        sent_text=text, last_error=None,
                                        next_attempt=now)).rowcount
        if not done:
            log.warning("outbox row %d was sent but is no longer marked sending", item_id)
        return bool(done)

    def release(self, item_id: int, *, retry_at: datetime, error: str | None,
                refund: bool = False) -> None:
        """The send did not happen (flood wait, transient error): pending again from
        `retry_at`. `refund` un-counts the attempt (a flood wait is not the message's fault)."""
        attempts = _a.c.attempts - 1 if refund else _a.c.attempts
        with self._write() as conn:
            conn.execute(update(_a).where(_a.c.id == item_id, _a.c.status == SENDING)
                         .values(status=PENDING, next_attempt=retry_at, last_error=error,
                                 attempts=attempts))

    def mark_failed(self, item_id: int, *, error: str) -> None:
        """Telegram refused the message for good: keep it, with the reason, never retry."""
        with self._write() as conn:
            conn.execute(update(_a).where(_a.c.id == item_id, _a.c.status == SENDING)
                         .values(status=FAILED, last_error=error))

    def hold_chat(self, chat_id: str, until: datetime) -> int:
        """Nothing goes to `chat_id` before `until` (Telegram's flood wait): every pending row
        and every edit of the chat due earlier is moved to `until`, so a restart keeps the
        wait too. (Claims under way are left alone.) Returns the rows moved."""
        with self._write() as conn:
            return conn.execute(update(_a).where(
                _a.c.chat_id == chat_id, _a.c.next_attempt < until,
                or_(_a.c.status == PENDING,
                    and_(_a.c.status == SENT, _a.c.edit_pending.is_(True))),
            ).values(next_attempt=until)).rowcount

    def fail_chat(self, chat_id: str, *, error: str, now: datetime) -> tuple[int, int]:
        """Telegram refused the whole chat (the bot was removed, the chat is gone): every
        message waiting for it, pending or left `sending` by a stopped process, is marked
        `failed` with `error` (live claims are left to their owner), and its pending edits are
        dropped. Returns (messages failed, edits dropped)."""
        with self._write() as conn:
            failed = conn.execute(update(_a).where(
                _a.c.chat_id == chat_id,
                or_(_a.c.status == PENDING,
                    and_(_a.c.status == SENDING, _a.c.next_attempt <= now)),
            ).values(status=FAILED, last_error=error)).rowcount
            dropped = conn.execute(update(_a).where(
                _a.c.chat_id == chat_id, _a.c.status == SENT, _a.c.edit_pending.is_(True),
            ).values(edit_pending=False, edit_failures=0,
                     last_error=f"{EDIT_DROPPED_WITH_CHAT}{error}")).rowcount
        return failed, dropped

    def retry_failed(self, *, now: datetime, chat_id: str | None = None) -> tuple[int, int]:
        """Give messages Telegram refused another chance (after the cause was fixed: the bot
        added back to the channel, the chat id corrected): every `failed` row (of `chat_id`,
        if given) is pending again from `now`, its attempts reset; its reason stays in
        `last_error` until the next attempt. They keep their place in their chat's order.
        The edits `fail_chat` dropped are due again too (a refusal of one message's edit is
        its own, and stays). Returns (messages, edits) queued again."""
        chat = [] if chat_id is None else [_a.c.chat_id == chat_id]
        dropped_edit = _a.c.last_error.startswith(EDIT_DROPPED_WITH_CHAT, autoescape=True)
        with self._write() as conn:
            messages = conn.execute(update(_a).where(_a.c.status == FAILED, *chat).values(
                status=PENDING, next_attempt=now, attempts=0)).rowcount
            restored = conn.execute(update(_a).where(_a.c.status == SENT, dropped_edit, *chat)
                                    .values(edit_pending=True, next_attempt=now,
                                            last_error=None, edit_failures=0)).rowcount
        return messages, restored

    def move_chat(self, old_chat: str, new_chat: str) -> int:
        """A group became a supergroup with a new id: unsent rows follow it."""
        with self._write() as conn:
            return conn.execute(update(_a).where(
                _a.c.chat_id == old_chat, _a.c.status.in_((PENDING, SENDING)),
            ).values(chat_id=new_chat)).rowcount

    # --- editing -----------------------------------------------------------------------------

    def claim_edit(self, item_id: int, *, now: datetime, lease: timedelta) -> datetime | None:
        """Take a due edit for `lease`; returns the lease's end (pass it back to `finish_edit`)
        or None if it is not due or at the edit cap (then the mark is dropped)."""
        until = now + lease
        with self._write() as conn:
            capped = conn.execute(update(_a).where(
                _a.c.id == item_id, _a.c.status == SENT, _a.c.edit_pending.is_(True),
                _a.c.edits >= MAX_EDITS_PER_MESSAGE,
            ).values(edit_pending=False)).rowcount
            if capped:
                return None
            taken = conn.execute(update(_a).where(
                _a.c.id == item_id, _a.c.status == SENT, _a.c.edit_pending.is_(True),
                _a.c.next_attempt <= now,
            ).values(next_attempt=until, attempts=_a.c.attempts + 1)).rowcount
        return until if taken else None

    def finish_edit(self, item_id: int, *, text: str, lease_until: datetime,
                    edited: bool = True, now: datetime | None = None) -> None:
        """The message now shows `text` (`edited`: Telegram accepted an edit, at `now`). The
        mark is cleared unless another outlet joined while the edit was under way (that moved
        `next_attempt`): then one more edit is due."""
        unchanged = _a.c.next_attempt == lease_until
        values = {"sent_text": text, "last_error": None, "edit_failures": 0,
                  "edits": _a.c.edits + (1 if edited else 0),
                  "edit_pending": case((unchanged, False), else_=True)}
        if edited:
            values["edited_at"] = now or self.clock()
        with self._write() as conn:
            conn.execute(update(_a).where(_a.c.id == item_id, _a.c.status == SENT)
                         .values(**values))

    def retry_edit(self, item_id: int, *, retry_at: datetime, error: str | None,
                   failures: int | None = None) -> None:
        """The edit did not happen: due again at `retry_at`; `failures` (when given) is how
        many times in a row it has failed now (its backoff; a flood wait is not counted)."""
        values: dict = {"next_attempt": retry_at, "last_error": error}
        if failures is not None:
            values["edit_failures"] = failures
        with self._write() as conn:
            conn.execute(update(_a).where(_a.c.id == item_id, _a.c.status == SENT)
                         .values(**values))

    def drop_edit(self, item_id: int, *, error: str) -> None:
        """Telegram refused the edit for good; the message stays as it was sent."""
        with self._write() as conn:
            conn.execute(update(_a).where(_a.c.id == item_id, _a.c.status == SENT)
                         .values(edit_pending=False, edit_failures=0,
                                 last_error=f"edit: {error}"))

    # --- bursts ------------------------------------------------------------------------------

    def burst_chats(self, keep: int) -> list[str]:
        """Chats with more than `keep` alerts pending."""
        query = (select(_a.c.chat_id).where(_a.c.kind == ALERT, _a.c.status == PENDING)
                 .group_by(_a.c.chat_id).having(func.count() > keep))
        with self._read() as conn:
            return list(conn.execute(query).scalars())

    def pending_alerts(self, chat_id: str) -> list[OutboxItem]:
        """A chat's pending alerts, oldest first."""
        query = (_items_query().where(_a.c.chat_id == chat_id, _a.c.kind == ALERT,
                                      _a.c.status == PENDING)
                 .order_by(_a.c.created, _a.c.id))
        with self._read() as conn:
            return [_item(row) for row in conn.execute(query).mappings()]

    def collapse(self, chat_id: str, collapses: Iterable[Collapse], *, now: datetime) -> int:
        """In one transaction: queue each summary and mark the alerts it lists `collapsed`,
        pointing at it. If any of them is no longer pending (another notifier got there
        first), nothing changes. Returns the number of alerts collapsed."""
        total = 0
        try:
            with self._write() as conn:
                for c in collapses:
                    summary_id = conn.execute(insert(_a).values(
                        kind=SUMMARY, topics=[c.topic], chat_id=chat_id, text=c.text,
                        status=PENDING, created=now, next_attempt=now, attempts=0,
                    )).inserted_primary_key[0]
                    moved = conn.execute(update(_a).where(
                        _a.c.id.in_(c.alert_ids), _a.c.chat_id == chat_id,
                        _a.c.status == PENDING,
                    ).values(status=COLLAPSED, collapsed_into=summary_id)).rowcount
                    if moved != len(c.alert_ids):
                        raise _BurstChanged(chat_id)
                    total += moved
        except _BurstChanged:
            log.info("burst in %s changed while collapsing it; will look again", chat_id)
            return 0
        return total


class _BurstChanged(Exception):
    """Some alerts of a burst stopped being pending mid-collapse: roll the collapse back."""
