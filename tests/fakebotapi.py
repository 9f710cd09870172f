"""A fake Telegram Bot API server on 127.0.0.1, for tests: the real python-telegram-bot client
talks real HTTP to it.

It answers `/bot<token>/getMe`, `sendMessage` and `editMessageText` (form-encoded or JSON
bodies, as PTB sends them), checks message text the way Telegram does (HTML parse mode:
allowed tags, nesting, entities, 4096 characters after parsing), keeps the text of every
message it "posted" (so edits can be checked), and records every call it received, whatever
it answered. On demand it fails: 429 with `retry_after`, 5xx, 400 / 403 with Telegram's
description texts, a migrated chat, or it hangs; per method, per chat, for the next N calls
or until a time on its clock.

    with FakeBotAPI() as api:
        sender = TelegramSender(api.token, api_url=api.url)
        api.fail("sendMessage", status=429, retry_after=7)           # the next call
        api.fail("sendMessage", status=500, times=2, chat_id="-100")
        api.fail("sendMessage", status=500, until=clock() + hour)    # every call for an hour
        api.hang("sendMessage", seconds=30)
        ...
        api.sent()  # the messages that were accepted, in order

`clock` (a callable returning anything, e.g. a fake clock's time) stamps each record, so rate
tests can read the times on the same clock the code under test used. `FakeClock` is such a
clock for code with an injectable clock and sleep: sleeping moves its time, instantly.
"""

from __future__ import annotations

import asyncio
import html
import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

TOKEN = "123456789:AAFakeTokenForTestsOnly_abcdefghijklmnop"
BOT_ID = 123456789

DESCRIPTIONS = {
    400: "Bad Request: chat not found",
    403: "Forbidden: bot was kicked from the channel chat",
    404: "Not Found",
    429: "Too Many Requests: retry after {retry_after}",
    500: "Internal Server Error",
    502: "Bad Gateway",
}
NOT_MODIFIED = ("Bad Request: message is not modified: specified new message content and reply "
                "markup are exactly the same as a current content and reply markup of the message")


class FakeClock:
    """A clock and an async sleep for the code under test: sleeping moves the time forward
    (instantly), and `slept` lists every pause."""

    def __init__(self, start: datetime):
        self.now = start
        self.slept: list[float] = []

    def __call__(self) -> datetime:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += timedelta(seconds=seconds)
        await asyncio.sleep(0)


@dataclass
class Call:
    """One request the server received."""

    method: str
    params: dict[str, Any]
    at: Any  # the clock's reading when the request arrived
    status: int = 200  # what it answered (0: it hung up without answering)
    message_id: int | None = None  # the message sent or edited

    @property
    def chat_id(self) -> str | None:
        value = self.params.get("chat_id")
        return None if value is None else str(value)

    @property
    def text(self) -> str | None:
        return self.params.get("text")

    @property
    def parse_mode(self) -> str | None:
        return self.params.get("parse_mode")

    @property
    def link_preview_options(self) -> dict | None:
        value = self.params.get("link_preview_options")
        return json.loads(value) if isinstance(value, str) else value


@dataclass
class Rule:
    """A scripted answer for the next `times` matching calls, or (with `until`) for every
    matching call while the server's clock reads earlier than `until`."""

    method: str
    chat_id: str | None
    times: int
    until: Any = None
    status: int = 200
    description: str | None = None
    parameters: dict | None = None
    hang: float = 0.0  # seconds to wait before answering (or before hanging up)
    drop: bool = False  # close the connection without an answer


@dataclass
class _State:
    calls: list[Call] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    messages: dict[tuple[str, int], str] = field(default_factory=dict)  # (chat, id) -> text
    next_id: dict[str, int] = field(default_factory=dict)


# --- Telegram's HTML, as strictly as Telegram checks it ------------------------------------------

_TAG = re.compile(
    r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z-]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*>")
_ATTR = re.compile(r"([a-zA-Z-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_ENTITY = re.compile(r"&(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);")
ALLOWED_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre",
                "tg-spoiler", "span", "blockquote", "tg-emoji"}


class EntityError(ValueError):
    pass


def parse_html(text: str) -> str:
    """The visible text of Telegram HTML; raises EntityError like Telegram's
    "can't parse entities" for anything Telegram would refuse."""
    out: list[str] = []
    stack: list[str] = []
    pos = 0
    while pos < len(text):
        ch = text[pos]
        if ch == "<":
            m = _TAG.match(text, pos)
            if not m:
                raise EntityError(f"unsupported start tag at byte offset {pos}")
            closing, name = m.group(1), m.group(2).lower()
            if name not in ALLOWED_TAGS:
                raise EntityError(f'unsupported start tag "{name}" at byte offset {pos}')
            if closing:
                if not stack or stack[-1] != name:
                    raise EntityError(f'unexpected end tag at byte offset {pos}')
                stack.pop()
            else:
                attrs = {a.group(1).lower(): html.unescape(a.group(2) or a.group(3) or "")
                         for a in _ATTR.finditer(m.group(3))}
                if name == "a":
                    href = attrs.get("href", "")
                    if not re.match(r"^(https?://|tg://)", href):
                        raise EntityError(f"bad link href {href!r}")
                stack.append(name)
            pos = m.end()
        elif ch == "&":
            m = _ENTITY.match(text, pos)
            if not m:
                raise EntityError(f"unsupported entity at byte offset {pos}")
            out.append(html.unescape(m.group(0)))
            pos = m.end()
        elif ch == ">":
            raise EntityError(f"unexpected > at byte offset {pos}")
        else:
            out.append(ch)
            pos += 1
    if stack:
        raise EntityError(f'can\'t find end tag corresponding to start tag "{stack[-1]}"')
    return "".join(out)


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class FakeBotAPI:
    """The server. Start with `start()` or `with`; `url` is the API base URL (no /bot)."""

    def __init__(self, token: str = TOKEN, *, clock: Callable[[], Any] = time.monotonic,
                 delay: float = 0.0):
        self.token = token
        self.clock = clock
        self.delay = delay  # seconds before every answer (to make runs slow enough to kill)
        self._state = _State()
        self._lock = threading.Lock()
        self._release = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- life ---

    def start(self) -> FakeBotAPI:
        handler = type("Handler", (_Handler,), {"api": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,),
                                        daemon=True, name="fakebotapi")
        self._thread.start()
        return self

    def stop(self) -> None:
        self._release.set()  # let hanging handlers finish
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeBotAPI:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def url(self) -> str:
        assert self._server, "not started"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    # --- scripting ---

    def fail(self, method: str = "sendMessage", *, status: int, times: int = 1,
             chat_id: str | None = None, description: str | None = None,
             retry_after: int | None = None, migrate_to: int | None = None,
             until: Any = None) -> None:
        """Answer the next `times` calls of `method` (to `chat_id`, if given) with an error;
        with `until`, every such call until the clock reads `until` (rules apply in the order
        they were added: the first one that matches answers)."""
        parameters = {}
        if retry_after is not None:
            parameters["retry_after"] = retry_after
        if migrate_to is not None:
            parameters["migrate_to_chat_id"] = migrate_to
        text = description or DESCRIPTIONS.get(status, "Error").format(retry_after=retry_after)
        if migrate_to is not None and description is None:
            text = "Bad Request: group chat was upgraded to a supergroup chat"
        self._add(Rule(method, chat_id, times, until=until, status=status, description=text,
                       parameters=parameters or None))

    def hang(self, method: str = "sendMessage", *, seconds: float, times: int = 1,
             chat_id: str | None = None) -> None:
        """Receive the next `times` calls but answer nothing for `seconds`, then hang up."""
        self._add(Rule(method, chat_id, times, status=0, hang=seconds, drop=True))

    def _add(self, rule: Rule) -> None:
        with self._lock:
            self._state.rules.append(rule)

    # --- what happened ---

    @property
    def calls(self) -> list[Call]:
        with self._lock:
            return list(self._state.calls)

    def received(self, method: str = "sendMessage", chat_id: str | None = None) -> list[Call]:
        """Every call of `method` received (answered or not)."""
        return [c for c in self.calls if c.method == method
                and (chat_id is None or c.chat_id == str(chat_id))]

    def sent(self, chat_id: str | None = None) -> list[Call]:
        """The sendMessage calls that were accepted."""
        return [c for c in self.received("sendMessage", chat_id) if c.status == 200]

    def message(self, chat_id: str, message_id: int) -> str | None:
        """The current (possibly edited) text of a posted message, as sent (HTML)."""
        with self._lock:
            return self._state.messages.get((str(chat_id), message_id))

    # --- answering (called from the handler threads) ---

    def _rule_for(self, method: str, chat_id: str | None, now: Any) -> Rule | None:
        with self._lock:
            for rule in self._state.rules:
                if rule.method != method or rule.chat_id not in (None, chat_id):
                    continue
                if rule.until is not None:
                    if now < rule.until:
                        return rule
                elif rule.times > 0:
                    rule.times -= 1
                    return rule
        return None

    def _record(self, call: Call) -> None:
        with self._lock:
            self._state.calls.append(call)

    def handle(self, method: str, params: dict[str, Any]) -> tuple[int, dict, Rule | None]:
        call = Call(method=method, params=params, at=self.clock())
        self._record(call)
        chat_id = call.chat_id
        rule = self._rule_for(method, chat_id, call.at)
        if rule is not None:
            call.status = rule.status
            if rule.drop:
                return 0, {}, rule
            body = {"ok": False, "error_code": rule.status, "description": rule.description}
            if rule.parameters:
                body["parameters"] = rule.parameters
            return rule.status, body, rule
        status, body = self._answer(method, params, call)
        call.status = status
        return status, body, None

    def _answer(self, method: str, params: dict[str, Any], call: Call) -> tuple[int, dict]:
        if method == "getMe":
            return 200, {"ok": True, "result": {
                "id": BOT_ID, "is_bot": True, "first_name": "Fake", "username": "fake_bot",
                "can_join_groups": True, "can_read_all_group_messages": False,
                "supports_inline_queries": False}}
        if method not in ("sendMessage", "editMessageText"):
            return 404, {"ok": False, "error_code": 404, "description": "Not Found"}
        chat_id, text = call.chat_id, call.text
        if not chat_id:
            return 400, _error(400, "Bad Request: chat_id is empty")
        if not text:
            return 400, _error(400, "Bad Request: message text is empty")
        if params.get("parse_mode") == "HTML":
            try:
                visible = parse_html(text)
            except EntityError as exc:
                return 400, _error(400, f"Bad Request: can't parse entities: {exc}")
        else:
            visible = text
        if utf16_len(visible) > 4096:
            return 400, _error(400, "Bad Request: message is too long")
        with self._lock:
            if method == "sendMessage":
                message_id = self._state.next_id.get(chat_id, 0) + 1
                self._state.next_id[chat_id] = message_id
                self._state.messages[(chat_id, message_id)] = text
            else:
                message_id = int(params.get("message_id") or 0)
                current = self._state.messages.get((chat_id, message_id))
                if current is None:
                    return 400, _error(400, "Bad Request: message to edit not found")
                if current == text:
                    return 400, _error(400, NOT_MODIFIED)
                self._state.messages[(chat_id, message_id)] = text
        call.message_id = message_id
        return 200, {"ok": True, "result": _message(chat_id, message_id, visible,
                                                    edited=method == "editMessageText")}


def _error(code: int, description: str) -> dict:
    return {"ok": False, "error_code": code, "description": description}


def _message(chat_id: str, message_id: int, text: str, *, edited: bool) -> dict:
    numeric = re.fullmatch(r"-?\d+", chat_id)
    chat = ({"id": int(chat_id), "type": "channel", "title": "Test channel"} if numeric else
            {"id": -1000000000000 - abs(hash(chat_id)) % 10**9, "type": "channel",
             "title": "Test channel", "username": chat_id.lstrip("@")})
    message = {"message_id": message_id, "date": int(time.time()), "chat": chat, "text": text}
    if edited:
        message["edit_date"] = int(time.time())
    return message


class _Handler(BaseHTTPRequestHandler):
    api: FakeBotAPI
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go in separate writes: no 40 ms stalls

    def log_message(self, *args) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        m = re.fullmatch(r"/bot([^/]+)/([A-Za-z]+)", self.path.split("?")[0])
        if not m:
            return self._reply(404, _error(404, "Not Found"))
        if m.group(1) != self.api.token:
            return self._reply(401, _error(401, "Unauthorized"))
        try:
            params = _parse_body(raw, self.headers.get("Content-Type", ""))
        except ValueError as exc:
            return self._reply(400, _error(400, f"Bad Request: {exc}"))
        status, body, rule = self.api.handle(m.group(2), params)
        if self.api.delay:
            time.sleep(self.api.delay)
        if rule is not None and rule.hang:
            self.api._release.wait(rule.hang)
        if rule is not None and rule.drop:
            self.close_connection = True
            return
        self._reply(status, body)

    def _reply(self, status: int, body: dict) -> None:
        data = json.dumps(body).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass


def _parse_body(raw: bytes, content_type: str) -> dict[str, Any]:
    if not raw:
        return {}
    if "application/json" in content_type:
        value = json.loads(raw)
        if not isinstance(value, dict):
            raise ValueError("JSON body must be an object")
        return value
    if "application/x-www-form-urlencoded" in content_type or not content_type:
        return {k: v[-1] for k, v in parse_qs(raw.decode("utf-8"), keep_blank_values=True).items()}
    raise ValueError(f"unsupported content type {content_type!r}")
