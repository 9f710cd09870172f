"""Telegram delivery: drains the outbox within Telegram's limits, never dropping a message.

The only module that talks to Telegram (python-telegram-bot, async). `Notifier.drain` takes the
due rows of the outbox (`store.outbox`), each chat's oldest first (chats interleaved, each
chat's messages in order), and sends or edits them through a `Sender`: `TelegramSender` (the
Bot API, or any server speaking it at `api_url`) or `PrintSender` (plain text on a stream: no
token, or `--dry-run`; same outbox path, rows are marked sent with synthetic message ids).
A sender may serve only some chats (`Sender.chats`): the printer takes only the rows of
`DRY_RUN_CHAT`, so a dry run never consumes an alert queued for a real chat.

What this does not do: render text (`render`), decide what to alert (`alerts`), or touch SQL
(every state change is one `Store` call, committed before the next request).

Delivery guarantees
-------------------
- **Nothing is lost.** A message is in the outbox from the transaction that recorded its cause.
  A row is marked `sending` (committed) before its request goes out and `sent`, with Telegram's
  `message_id`, in its own transaction right after the answer. A crash or restart at any point
  leaves every unsent message pending.
- **Nothing acknowledged is sent twice.** Only `pending` rows (and expired claims, below) are
  ever sent; `sent` is final.
- **The one ambiguity: a message Telegram may have, but we did not record.** First cause: a
  request whose answer never came. The process died (SIGKILL, power loss) or the drain was
  cancelled while a request was out, leaving its row `sending`; or the request timed out.
  Telegram may or may not have received it: its API has no idempotency key and a bot cannot
  read a channel's history, so we cannot tell. We resend it (at-least-once): such a message
  may appear twice, but none is lost. The claim is a lease of `SENDING_LEASE`
  (60 s, well above the request timeouts of 5 s to connect and 10 s to answer), so a second
  notifier on the same database never steals a live claim; a restarted process resends the
  row once the lease has run out, with a warning naming it (`DrainResult.resent` counts them).
  The window is small: one request of at most ~15 s, with the claim committed just before it
  and the answer just after; at most one message per process is ever in flight.
  Second cause: Telegram answered but recording `sent` failed (disk full, the database locked
  past its busy timeout). The write is tried `RECORD_TRIES` times, `RECORD_PAUSE` apart; if it
  still fails, the drain stops (nothing more is sent), an ERROR names the row and Telegram's
  `message_id`, and the next drain of this process records it first. Only if the process
  stops before that does the row, still `sending`, go out again after its lease.
- **Order.** A chat's messages go out in the order they were queued, across restarts too: a
  chat whose oldest waiting message is not due (backoff, flood wait, a live claim) sends
  nothing newer meanwhile (`store.due_heads`). Edits are independent of new posts.
- **Rate limits.** At most `chat_rate` messages a minute to one chat (spaced evenly: 20/min is
  one every 3 s) and `global_rate` a second overall; edits count. The first drain starts the
  spacing from each chat's last recorded send, so a restart (or a `monitor once` after the
  daemon) does not send too soon. A 429 is honoured exactly: the chat waits `retry_after`
  seconds, the message is retried then, and the wait does not count as a failed attempt; the
  wait is stored on every waiting row of the chat, so it survives a restart.
- **Errors.** Transient ones (network, timeouts, 5xx) are retried with exponential backoff
  (`BACKOFF_BASE` doubling up to `BACKOFF_MAX`), for as long as it takes: the attempt count and
  next attempt time are stored. Permanent ones (400 Bad Request, 403 Forbidden, chat not found)
  mark the row `failed` with Telegram's reason, logged as an error, and are never retried; when
  the whole chat is unusable (kicked, not found, no rights) every message waiting for it fails
  at once with that reason, in one error report, and its edits are dropped; alerts queued for
  it later are tried after `CHAT_FAILURE_HOLD`. A migrated group (`ChatMigrated`) is followed:
  its unsent messages move to the new chat id (log says to update the configuration). A rejected
  token stops the drain (messages stay pending) and is reported: it concerns the bot, not the
  message.
- **Bursts.** When a chat has more pending alerts than it can be sent in
  `alerts.BURST_HORIZON` (10 at 20/min) and at least `alerts.MIN_OVERFLOW` more, the oldest stay
  individual and the rest become one summary per topic (headlines linked, split to fit 4096
  characters), in one transaction; each collapsed row points at its summary (`collapsed_into`).
- **Edits.** When another outlet reports an alerted story, the posted message is edited to end
  with "also: Spiegel, BBC (3 outlets)" (also when the publisher corrects the alerted story),
  at most `alerts.MAX_EDITS_PER_MESSAGE` times, within the same rate limits; an edit that would
  not change the text is not sent, and one answered "message is not modified" counts as done.
  A transient failure backs off like a send (the count of an edit's failures in a row is
  stored with it, `alerts.edit_failures`, so a restart continues the backoff).
  A message not yet sent needs no edit: it is composed with the outlets known when it goes.
"""

from __future__ import annotations

import asyncio
import logging
import re
import sys
import warnings
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Protocol, TextIO

from monitor import alerts, render
from monitor.models import utcnow
from monitor.store.outbox import ALERT, SENDING, OutboxItem

log = logging.getLogger(__name__)

TELEGRAM_API = "https://api.telegram.org"
SENDING_LEASE = timedelta(seconds=60)  # a claim older than this is from a stopped process
CONNECT_TIMEOUT = 5.0  # seconds
READ_TIMEOUT = 10.0
WRITE_TIMEOUT = 10.0
POOL_TIMEOUT = 5.0
BACKOFF_BASE = timedelta(seconds=5)  # first retry after a transient error
BACKOFF_MAX = timedelta(minutes=10)
CHAT_FAILURE_HOLD = timedelta(minutes=15)  # a chat that refused us (kicked, not found) rests
RECORD_TRIES = 3  # attempts to record Telegram's acknowledgement before the drain stops
RECORD_PAUSE = timedelta(seconds=1)  # between them
DRY_RUN_CHAT = alerts.DRY_RUN_CHAT  # the one chat the printer serves
FLOOD_REASON = "flood control"  # how a 429's reason starts (stored as the row's last error)

_TOKEN_SHAPE = re.compile(r"\d{5,}:[A-Za-z0-9_-]{20,}")
_CHAT_WIDE = ("chat not found", "bot was kicked", "bot is not a member", "not enough rights",
              "need administrator rights", "have no rights", "chat_write_forbidden",
              "bot was blocked", "user is deactivated")


# --- what a sender can answer -----------------------------------------------------------------

class DeliveryError(Exception):
    """A request Telegram did not carry out. `reason` is safe to store and log."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class FloodWait(DeliveryError):
    """429: try again after exactly `retry_after` seconds."""

    def __init__(self, reason: str, retry_after: float):
        super().__init__(reason)
        self.retry_after = retry_after


class Transient(DeliveryError):
    """Network trouble, a timeout, a 5xx: worth retrying later."""


class Permanent(DeliveryError):
    """Telegram refused this request for good. `chat_wide`: it will refuse the whole chat."""

    def __init__(self, reason: str, *, chat_wide: bool = False):
        super().__init__(reason)
        self.chat_wide = chat_wide


class ChatMoved(DeliveryError):
    """The group became a supergroup with a new id."""

    def __init__(self, reason: str, new_chat_id: str):
        super().__init__(reason)
        self.new_chat_id = new_chat_id


class SenderUnusable(DeliveryError):
    """Nothing can be sent at all (the bot token was rejected, or the API URL is wrong)."""


class Sender(Protocol):
    """Delivers one message or one edit; raises a `DeliveryError` when it could not."""

    rate_limited: bool  # whether Telegram's limits apply (not for printing)
    chats: frozenset[str] | None  # the only chats it delivers to (None: any)

    async def start(self) -> None: ...

    async def close(self) -> None: ...

    async def send(self, chat_id: str, text: str) -> int:
        """Send Telegram HTML `text`; returns the new message's id."""
        ...

    async def edit(self, chat_id: str, message_id: int, text: str) -> None: ...


# --- Telegram ---------------------------------------------------------------------------------

def retry_after_seconds(value: float | timedelta) -> float:
    """`RetryAfter.retry_after` is int seconds or a timedelta, depending on PTB's version and
    the PTB_TIMEDELTA setting: seconds either way."""
    if isinstance(value, timedelta):
        return value.total_seconds()
    return float(value)


def classify(exc: Exception, token: str = "") -> DeliveryError:
    """A python-telegram-bot exception as what it means for delivery. Order matters:
    `BadRequest` and `TimedOut` are subclasses of `NetworkError`."""
    from telegram import error as tg

    def reason(prefix: str) -> str:
        text = f"{prefix}: {getattr(exc, 'message', None) or exc}"
        if token:
            text = text.replace(token, "***")
        return _TOKEN_SHAPE.sub("***", text)

    if isinstance(exc, tg.RetryAfter):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # PTB warns that the int form is deprecated
            seconds = retry_after_seconds(exc.retry_after)
        return FloodWait(f"{FLOOD_REASON}: retry after {seconds:g} s", seconds)
    if isinstance(exc, tg.ChatMigrated):
        return ChatMoved(f"chat migrated to {exc.new_chat_id}", str(exc.new_chat_id))
    if isinstance(exc, tg.InvalidToken | tg.EndPointNotFound):
        return SenderUnusable("Telegram rejected the bot token or the API URL is wrong "
                              "(401/404 from the Bot API)")
    if isinstance(exc, tg.Forbidden):
        return Permanent(reason("refused"), chat_wide=True)
    if isinstance(exc, tg.BadRequest):
        text = reason("bad request")
        return Permanent(text, chat_wide=any(m in text.lower() for m in _CHAT_WIDE))
    if isinstance(exc, tg.TimedOut):
        return Transient(reason("timed out"))
    if isinstance(exc, tg.NetworkError):
        return Transient(reason("network error"))
    if isinstance(exc, tg.TelegramError):  # Conflict and whatever comes next: retry
        return Transient(reason(type(exc).__name__))
    return Transient(reason(f"unexpected {type(exc).__name__}"))


def _not_modified(exc: Exception) -> bool:
    from telegram.error import BadRequest

    return isinstance(exc, BadRequest) and "message is not modified" in exc.message.lower()


class TelegramSender:
    """Sends through the Bot API with python-telegram-bot. `api_url` may point at a
    self-hosted Bot API server or a test server; `timeout` bounds each request's answer
    (seconds). The token is never logged or put in a reason."""

    rate_limited = True
    chats = None

    def __init__(self, token: str, *, api_url: str = TELEGRAM_API, link_preview: bool = False,
                 timeout: float = READ_TIMEOUT):
        from telegram import Bot, LinkPreviewOptions
        from telegram.request import HTTPXRequest

        if hasattr(token, "reveal"):  # a config.Secret
            token = token.reveal()
        api_url = api_url.rstrip("/")
        self._token = token
        self._bot = Bot(
            token, base_url=f"{api_url}/bot", base_file_url=f"{api_url}/file/bot",
            request=HTTPXRequest(connect_timeout=min(CONNECT_TIMEOUT, timeout),
                                 read_timeout=timeout, write_timeout=timeout,
                                 pool_timeout=min(POOL_TIMEOUT, timeout),
                                 connection_pool_size=8),
        )
        self._preview = LinkPreviewOptions(is_disabled=not link_preview)
        self._ready = False

    def __repr__(self) -> str:
        return "TelegramSender(token=***)"

    async def start(self) -> None:
        """Check the token (getMe). A rejected token raises `SenderUnusable`; an unreachable
        server is only logged (messages stay queued and are retried)."""
        try:
            await self._initialize()
        except SenderUnusable:
            raise
        except DeliveryError as exc:
            log.warning("Telegram not reachable yet (%s); will keep trying", exc.reason)

    async def _initialize(self) -> None:
        if self._ready:
            return
        try:
            await self._bot.initialize()
        except Exception as exc:
            raise classify(exc, self._token) from None
        self._ready = True

    async def close(self) -> None:
        try:
            await self._bot.shutdown()
        except Exception as exc:  # closing must never mask what happened before
            log.debug("closing the Telegram client: %s", classify(exc, self._token).reason)
        self._ready = False

    async def send(self, chat_id: str, text: str) -> int:
        from telegram.constants import ParseMode

        await self._initialize()
        try:
            message = await self._bot.send_message(
                chat_id=chat_id, text=text, parse_mode=ParseMode.HTML,
                link_preview_options=self._preview)
        except Exception as exc:
            raise classify(exc, self._token) from None
        return message.message_id

    async def edit(self, chat_id: str, message_id: int, text: str) -> None:
        from telegram.constants import ParseMode

        await self._initialize()
        try:
            await self._bot.edit_message_text(
                text=text, chat_id=chat_id, message_id=message_id, parse_mode=ParseMode.HTML,
                link_preview_options=self._preview)
        except Exception as exc:
            if _not_modified(exc):
                return  # already shows this text: the edit is done
            raise classify(exc, self._token) from None


# --- printing ---------------------------------------------------------------------------------

class PrintSender:
    """Prints messages as plain text instead of sending them (no token, or `--dry-run`).
    Message ids are synthetic, counting from 1 in each process. It serves only
    `DRY_RUN_CHAT`: rows queued for real chats wait for a real sender."""

    rate_limited = False
    chats = frozenset({DRY_RUN_CHAT})

    def __init__(self, stream: TextIO | None = None):
        self.stream = stream or sys.stdout
        self._last_id = 0

    async def start(self) -> None:
        pass

    async def close(self) -> None:
        pass

    async def send(self, chat_id: str, text: str) -> int:
        self._last_id += 1
        self._write(f"── message {self._last_id} to {chat_id} ", text)
        return self._last_id

    async def edit(self, chat_id: str, message_id: int, text: str) -> None:
        self._write(f"── message {message_id} to {chat_id}, updated ", text)

    def _write(self, header: str, text: str) -> None:
        self.stream.write(f"{header.ljust(72, '─')}\n{render.plain(text)}\n\n")
        self.stream.flush()


# --- pacing -----------------------------------------------------------------------------------

class RateLimiter:
    """When the next message may go: messages to one chat are spaced `60 / chat_rate` seconds
    apart, all messages `1 / global_rate` apart; a chat can be held (flood wait, errors).
    Pure bookkeeping on the times it is given."""

    def __init__(self, chat_rate: float, global_rate: float):
        if chat_rate <= 0 or global_rate <= 0:
            raise ValueError("rates must be positive")
        self.chat_gap = timedelta(seconds=60.0 / chat_rate)
        self.global_gap = timedelta(seconds=1.0 / global_rate)
        self._chat_free: dict[str, datetime] = {}
        self._held: dict[str, datetime] = {}
        self._global_free: datetime | None = None

    def delay(self, chat: str, now: datetime, *, chat_only: bool = False) -> float:
        """Seconds until a message to `chat` may go (0: now); `chat_only` leaves out the
        global spacing."""
        limits = (self._chat_free.get(chat), self._held.get(chat),
                  None if chat_only else self._global_free, now)
        return (max(t for t in limits if t is not None) - now).total_seconds()

    def held(self, chat: str, now: datetime) -> bool:
        """Whether `chat` is held beyond its normal spacing (flood wait or errors)."""
        until = self._held.get(chat)
        return until is not None and until > now

    def spend(self, chat: str, now: datetime) -> None:
        """A request to `chat` is going out at `now`."""
        self._chat_free[chat] = now + self.chat_gap
        self._global_free = now + self.global_gap

    def hold(self, chat: str, until: datetime) -> None:
        self._held[chat] = max(until, self._held.get(chat, until))

    def seed(self, chat: str, last: datetime) -> None:
        """A message went to `chat` at `last` (before this process started)."""
        self._chat_free[chat] = max(last + self.chat_gap, self._chat_free.get(chat, last))
        self._global_free = max(last + self.global_gap, self._global_free or last)


def backoff(attempts: int) -> timedelta:
    """Wait after the `attempts`-th failed attempt: 5 s, 10 s, 20 s, ... up to 10 min."""
    return min(BACKOFF_MAX, BACKOFF_BASE * (2 ** max(0, attempts - 1)))


# --- draining ---------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class DrainResult:
    """What one `drain` did, and what is left."""

    sent: int = 0
    edited: int = 0
    failed: int = 0  # refused for good this time (recorded with the reason)
    collapsed: int = 0  # alerts folded into burst summaries
    retried: int = 0  # transient errors and flood waits (the message stays pending)
    resent: int = 0  # claims found from a stopped run, sent again (at-least-once)
    pending: int = 0  # messages still waiting at the end (in the chats the sender serves)
    error: str | None = None  # why the drain stopped early (nothing could be sent)

    def __str__(self) -> str:
        text = (f"sent {self.sent}, edited {self.edited}, failed {self.failed}, "
                f"collapsed {self.collapsed}, pending {self.pending}")
        return f"{text}; stopped: {self.error}" if self.error else text


@dataclass
class _Tally:
    sent: int = 0
    edited: int = 0
    failed: int = 0
    collapsed: int = 0
    retried: int = 0
    resent: int = 0


class Notifier:
    """Drains the outbox through a sender. Use as `async with Notifier(...) as notifier:`;
    `drain` may be called any number of times. `clock` and `sleep` are injectable so tests
    count time instead of spending it."""

    def __init__(self, store, sender: Sender, *, chat_rate: float = 20.0,
                 global_rate: float = 25.0, tz: tzinfo = UTC,
                 clock: Callable[[], datetime] = utcnow,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
                 admin_chat: str | None = None):
        self.store = store
        self.sender = sender
        self.admin_chat = admin_chat  # told when a chat refuses the bot (None: only logged)
        self.tz = tz
        self.clock = clock
        self._sleep = sleep
        self.limiter = RateLimiter(chat_rate, global_rate)
        self.keep = alerts.individual_limit(chat_rate)
        self._chats: frozenset[str] | None = getattr(sender, "chats", None)
        self._seeded = False
        self._migrated: dict[str, str] = {}
        self._refused: dict[str, datetime] = {}  # chat -> until: it refused us (kicked, gone)
        self._unrecorded: dict[int, tuple[str, int, str]] = {}  # row -> (chat, message_id, text)

    async def __aenter__(self) -> Notifier:
        await self.sender.start()
        return self

    async def __aexit__(self, *exc) -> None:
        await self.sender.close()

    async def drain(self, *, until_empty: bool = False,
                    deadline: datetime | None = None) -> DrainResult:
        """Send and edit what is due, within the rate limits, until nothing is due (or, with
        `until_empty`, until nothing is waiting at all, sleeping through retries and flood
        waits), or until `deadline` (on the injected clock). Whatever is left stays queued."""
        tally = _Tally()
        self._seed_limits(self.clock())
        error = await self._record_unrecorded()
        while error is None and not self._past(deadline):
            now = self.clock()
            tally.collapsed += self._collapse_bursts(now)
            resting = self._resting_chats(now)
            heads = self.store.due_heads(now, skip_chats=resting, chats=self._chats)
            if not heads:
                wake = (self.store.next_due(skip_chats=resting, chats=self._chats)
                        if until_empty else None)
                if wake is None:
                    break
                await self._pause((wake - now).total_seconds(), deadline)
                continue
            progressed, error = await self._round(heads, tally, deadline)
            if progressed or error:
                continue
            now = self.clock()
            if not until_empty and all(self.limiter.held(i.chat_id, now) for i in heads):
                break  # only flood waits or error holds left: the next drain will see to them
            await self._pause(self._next_wake(heads, now, resting), deadline)
        pending = self.store.waiting_count(chats=self._chats)
        return DrainResult(sent=tally.sent, edited=tally.edited, failed=tally.failed,
                           collapsed=tally.collapsed, retried=tally.retried,
                           resent=tally.resent, pending=pending, error=error)

    async def _round(self, heads: list[OutboxItem], tally: _Tally,
                     deadline: datetime | None) -> tuple[bool, str | None]:
        """One pass over the chats' next messages (one per chat, so each chat's order holds):
        send each whose chat may have one now, keeping the global spacing between them.
        Returns whether anything was attempted, and a fatal error if one stopped it."""
        progressed = False
        for item in heads:
            if self._past(deadline):
                break
            if self._delay(item.chat_id, self.clock(), chat_only=True) > 0:
                continue
            await self._pause(self._delay(item.chat_id, self.clock()), deadline)
            if self._past(deadline):
                break
            progressed = True
            error = await self._process(item, self.clock(), tally)
            if error:
                return progressed, error
        return progressed, None

    def _next_wake(self, heads: list[OutboxItem], now: datetime, resting: list[str]) -> float:
        """Seconds until one of `heads` may go, or a message not yet due becomes due."""
        wait = min(self._delay(i.chat_id, now) for i in heads)
        wake = self.store.next_due(skip_chats=resting, chats=self._chats, after=now)
        return wait if wake is None else min(wait, (wake - now).total_seconds())

    def _past(self, deadline: datetime | None) -> bool:
        return deadline is not None and self.clock() >= deadline

    def _seed_limits(self, now: datetime) -> None:
        """Once: space the first messages from each chat's last recorded send (a previous
        run's, or another process's), so a restart does not exceed the chat's rate; and keep
        the flood waits a previous run was told, also for messages queued since."""
        if self._seeded or not self.sender.rate_limited:
            return
        self._seeded = True
        for chat, last in self.store.last_sent(since=now - self.limiter.chat_gap).items():
            self.limiter.seed(chat, last)
        for chat, until in self.store.holds(now, error_prefix=FLOOD_REASON).items():
            self.limiter.hold(chat, until)

    def _takes(self, chat: str) -> bool:
        return self._chats is None or chat in self._chats

    def _resting_chats(self, now: datetime) -> list[str]:
        """Chats that refused us as a whole (kicked, not found): left alone for a while, and
        not waited for, even by `until_empty`."""
        self._refused = {chat: until for chat, until in self._refused.items() if until > now}
        return list(self._refused)

    def _delay(self, chat: str, now: datetime, *, chat_only: bool = False) -> float:
        if not self.sender.rate_limited:
            return 0.0
        return self.limiter.delay(self._migrated.get(chat, chat), now, chat_only=chat_only)

    async def _pause(self, seconds: float, deadline: datetime | None) -> None:
        if deadline is not None:
            seconds = min(seconds, (deadline - self.clock()).total_seconds())
        if seconds > 0:
            await self._sleep(seconds)

    def _collapse_bursts(self, now: datetime) -> int:
        collapsed = 0
        for chat in self.store.burst_chats(self.keep + alerts.MIN_OVERFLOW - 1):
            if not self._takes(chat):
                continue
            plan = alerts.plan_collapse(self.store.pending_alerts(chat), keep=self.keep,
                                        tz=self.tz)
            if plan:
                moved = self.store.collapse(chat, plan, now=now)
                if moved:
                    log.info("burst in chat %s: %d alerts folded into %d summaries", chat,
                             moved, len(plan))
                collapsed += moved
        return collapsed

    def _compose(self, item: OutboxItem) -> str:
        """The text to show: an alert gets its "also:" line from the cluster's members."""
        if item.kind != ALERT or item.cluster_id is None:
            return item.text
        lead = item.headline.outlet if item.headline else None
        return render.with_also(item.text, self.store.alert_members(item.cluster_id), lead)

    async def _process(self, item: OutboxItem, now: datetime, tally: _Tally) -> str | None:
        if item.is_edit:
            return await self._edit(item, now, tally)
        return await self._send(item, now, tally)

    # --- one message ------------------------------------------------------------------------

    async def _send(self, item: OutboxItem, now: datetime, tally: _Tally) -> str | None:
        new_chat = self._migrated.get(item.chat_id)
        if new_chat:
            self.store.move_chat(item.chat_id, new_chat)
        claimed = self.store.claim(item.id, now=now, lease=SENDING_LEASE)
        if claimed is None:
            return None
        if item.status == SENDING:
            tally.resent += 1
            log.warning("outbox row %d (%s to %s) was being sent when a previous run stopped; "
                        "sending it again (it may appear twice)", item.id, item.kind,
                        claimed.chat_id)
        chat = claimed.chat_id
        text = self._compose(claimed)
        self.limiter.spend(chat, now)
        try:
            message_id = await self.sender.send(chat, text)
        except FloodWait as exc:
            until = self._flood_wait(chat, exc)
            self.store.release(item.id, retry_at=until, error=exc.reason, refund=True)
            self.store.hold_chat(chat, until)
            tally.retried += 1
        except ChatMoved as exc:
            self._follow_migration(chat, exc.new_chat_id)
            self.store.release(item.id, retry_at=now, error=exc.reason, refund=True)
        except Transient as exc:
            until = self.clock() + backoff(claimed.attempts)
            self.store.release(item.id, retry_at=until, error=exc.reason)
            self.limiter.hold(chat, until)
            tally.retried += 1
            log.warning("outbox row %d to %s: %s (attempt %d; retrying at %s)", item.id, chat,
                        exc.reason, claimed.attempts, until.isoformat(timespec="seconds"))
        except Permanent as exc:
            self.store.mark_failed(item.id, error=exc.reason)
            tally.failed += 1
            if exc.chat_wide:
                tally.failed += self._fail_chat(chat, exc.reason, failed=1)
            else:
                log.error("outbox row %d to %s refused by Telegram, not retried: %s", item.id,
                          chat, exc.reason)
        except SenderUnusable as exc:
            self.store.release(item.id, retry_at=now, error=exc.reason, refund=True)
            log.error("nothing can be sent: %s; messages stay queued", exc.reason)
            return exc.reason
        except Exception as exc:
            # Not an answer from Telegram (TelegramSender turns all of those into
            # DeliveryError) but a failure of our own side, e.g. a closed output stream: the
            # message did not go out, so it is pending again; the caller sees the error.
            self.store.release(item.id, retry_at=now, error=f"{type(exc).__name__}: {exc}",
                              refund=True)
            raise
        else:
            tally.sent += 1
            return await self._record_sent(item.id, chat, message_id, text)
        return None

    def _flood_wait(self, chat: str, exc: FloodWait) -> datetime:
        until = self.clock() + timedelta(seconds=exc.retry_after)
        self.limiter.hold(chat, until)
        log.warning("chat %s: %s", chat, exc.reason)
        return until

    def _fail_chat(self, chat: str, reason: str, *, failed: int = 0, dropped: int = 0) -> int:
        """The chat refused us as a whole: fail everything else waiting for it, in one report
        (`failed` messages and `dropped` edits were refused already). Returns how many more
        messages failed."""
        self._refused[chat] = self.clock() + CHAT_FAILURE_HOLD
        more, more_dropped = self.store.fail_chat(chat, error=reason, now=self.clock())
        log.error("chat %s refused the bot, not retried: %s; %d queued messages marked failed, "
                  "%d edits dropped (see `monitor status`). Add the bot to the chat as an "
                  "administrator, or fix the chat id in the configuration, then run "
                  "`monitor retry-failed`", chat, reason, failed + more, dropped + more_dropped)
        if self.admin_chat and chat != self.admin_chat:
            self.store.queue_notice(self.admin_chat, (
                f"⚠️ monitor: chat {chat} refused the bot ({reason}); {failed + more} queued "
                f"messages are marked failed. Add the bot to the chat as an administrator (or "
                f"fix the chat id), then run `monitor retry-failed --for-chat={chat}`."),
                now=self.clock())
        return more

    async def _record_sent(self, item_id: int, chat: str, message_id: int,
                           text: str) -> str | None:
        """Record Telegram's acknowledgement, trying `RECORD_TRIES` times. None once recorded;
        else the drain must stop (an error), and the next drain tries again first."""
        self._unrecorded[item_id] = (chat, message_id, text)
        problem = ""
        for attempt in range(1, RECORD_TRIES + 1):
            try:
                self.store.mark_sent(item_id, message_id=message_id, text=text,
                                     now=self.clock())
            except Exception as exc:  # disk full, database locked past its busy timeout
                problem = f"{type(exc).__name__}: {getattr(exc, 'orig', None) or exc}"
                log.warning("outbox row %d: recording it as sent failed (try %d of %d): %s",
                            item_id, attempt, RECORD_TRIES, problem)
                if attempt < RECORD_TRIES:
                    await self._sleep(RECORD_PAUSE.total_seconds())
            else:
                del self._unrecorded[item_id]
                return None
        log.error("outbox row %d WAS SENT to %s as message_id %d, but recording that failed "
                  "%d times (%s); stopped sending. It stays 'sending': this process records it "
                  "at its next drain. If the process stops first, it is sent again once its "
                  "lease runs out (a duplicate) unless marked sent with message_id %d",
                  item_id, chat, message_id, RECORD_TRIES, problem, message_id)
        return f"could not record outbox row {item_id} as sent (message_id {message_id}): " \
               f"{problem}"

    async def _record_unrecorded(self) -> str | None:
        """Acknowledgements a previous drain could not record: record them before sending
        anything else (they are not sent again)."""
        for item_id, (chat, message_id, text) in list(self._unrecorded.items()):
            error = await self._record_sent(item_id, chat, message_id, text)
            if error:
                return error
            log.info("outbox row %d recorded as sent (message_id %d) at last", item_id,
                     message_id)
        return None

    def _follow_migration(self, old: str, new: str) -> None:
        self._migrated[old] = new
        moved = self.store.move_chat(old, new)
        log.warning("chat %s became supergroup %s: %d queued messages follow it; update the "
                    "configuration (TELEGRAM_CHAT_ID or the rule's chat)", old, new, moved)

    # --- one edit ---------------------------------------------------------------------------

    async def _edit(self, item: OutboxItem, now: datetime, tally: _Tally) -> str | None:
        lease_until = self.store.claim_edit(item.id, now=now, lease=SENDING_LEASE)
        if lease_until is None:
            return None
        text = self._compose(item)
        if text == item.sent_text:
            self.store.finish_edit(item.id, text=text, lease_until=lease_until, edited=False)
            return None
        if item.message_id is None:
            self.store.drop_edit(item.id, error="no message id recorded")
            return None
        chat = item.chat_id
        self.limiter.spend(chat, now)
        try:
            await self.sender.edit(chat, item.message_id, text)
        except FloodWait as exc:
            until = self._flood_wait(chat, exc)
            self.store.retry_edit(item.id, retry_at=until, error=exc.reason)
            self.store.hold_chat(chat, until)
            tally.retried += 1
        except Transient as exc:
            failures = item.edit_failures + 1  # (stored: a restart keeps the backoff)
            until = self.clock() + backoff(failures)
            self.store.retry_edit(item.id, retry_at=until, error=exc.reason, failures=failures)
            self.limiter.hold(chat, until)
            tally.retried += 1
            log.warning("edit of message %d in %s: %s (failure %d; retrying at %s)",
                        item.message_id, chat, exc.reason, failures,
                        until.isoformat(timespec="seconds"))
        except Permanent as exc:
            if exc.chat_wide:  # (its edit is dropped with the chat's: retry-failed restores it)
                tally.failed += self._fail_chat(chat, exc.reason)
            else:
                self.store.drop_edit(item.id, error=exc.reason)
                log.warning("edit of message %d in %s refused, left as sent: %s",
                            item.message_id, chat, exc.reason)
        except ChatMoved as exc:
            self.store.drop_edit(item.id, error=exc.reason)
            log.warning("edit of message %d in %s refused, left as sent: %s", item.message_id,
                        chat, exc.reason)
        except SenderUnusable as exc:
            self.store.retry_edit(item.id, retry_at=now, error=exc.reason)
            log.error("nothing can be sent: %s; messages stay queued", exc.reason)
            return exc.reason
        else:
            self.store.finish_edit(item.id, text=text, lease_until=lease_until,
                                   now=self.clock())
            tally.edited += 1
        return None
