"""A real HTTP feed server on 127.0.0.1 for tests, end-to-end runs and benchmarks.

`FeedServer` runs the standard library's threading HTTP server in a background thread (HTTP/1.1,
keep-alive) and answers from routes that tests configure:

    with FeedServer() as server:
        route = server.serve("/feed.xml", body, etag="auto", last_modified="auto")
        url = server.url("/feed.xml")
        ...
        route.body = new_body               # "one new item": the next request sees it
        server.redirect("/old", "/feed.xml", status=301)
        server.fail("/busy", 429, headers={"Retry-After": "120"})
        server.trickle("/slow", body, interval=0.05)
        server.pieces("/split", [gz[:10], gz[10:]], headers={"Content-Encoding": "gzip"})
        server.gzip_bomb("/bomb", size=2**30)
        server.serve_folder("/real", Path("/work/shared/corpus/real-feeds"))
        server.requests_to("/feed.xml")[-1].headers["if-none-match"]

Every request is recorded (method, path, lower-cased headers) so tests can assert conditional
GET headers and the User-Agent. Behaviours: static bodies with ETag/Last-Modified and 304,
gzip / deflate (zlib and raw) / bogus Content-Encoding, redirects (any status, loops), any error
status with headers, trickling and stalled responses, chunked bodies sent in paced pieces (to
split compressed data at chosen places), oversize bodies (with or without a Content-Length), a
gzip bomb generated incrementally, a connection reset mid-body, and files from a folder.
Import it from tests as `from feedserver import FeedServer` (the tests folder is on sys.path
under pytest), or use the `feed_server` fixture defined here.
"""

from __future__ import annotations

import email.utils
import hashlib
import socket
import struct
import threading
import time
import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

RSS_TYPE = "application/rss+xml; charset=utf-8"


@dataclass(frozen=True, slots=True)
class Request:
    """One request the server received."""

    method: str
    path: str  # with the query string
    headers: dict[str, str]  # names lower-cased
    at: float  # time.monotonic() when it arrived


class Exchange:
    """What a route handler gets: the request, and ways to answer it."""

    def __init__(self, handler: BaseHTTPRequestHandler, request: Request,
                 stopping: threading.Event):
        self._handler = handler
        self.request = request
        self.stopping = stopping

    def respond(self, status: int, body: bytes = b"", headers: Mapping[str, str] | None = None
                ) -> None:
        """A complete response with a Content-Length."""
        headers = dict(headers or {})
        headers.setdefault("Content-Length", str(len(body)))
        self.start(status, headers)
        if self.request.method != "HEAD":
            self.write(body)

    def start(self, status: int, headers: Mapping[str, str] | None = None, *,
              close: bool = False) -> None:
        """Send the status line and headers. `close=True`: the body ends when the connection
        closes (no Content-Length)."""
        handler = self._handler
        handler.send_response(status)
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        if close:
            handler.send_header("Connection", "close")
            handler.close_connection = True
        handler.end_headers()
        handler.wfile.flush()

    def write(self, data: bytes) -> None:
        self._handler.wfile.write(data)
        self._handler.wfile.flush()

    def reset(self) -> None:
        """Abort the connection with a TCP RST (after what was written has left)."""
        time.sleep(0.05)
        conn = self._handler.connection
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        conn.close()
        self._handler.close_connection = True

    def wait(self, seconds: float) -> bool:
        """Sleep, returning early (True) when the server is stopping."""
        return self.stopping.wait(seconds)


Handler = Callable[[Exchange], None]


# --- Routes ---------------------------------------------------------------------------------


@dataclass(slots=True)
class StaticRoute:
    """A body with optional validators and compression; change `body` between requests.

    `etag="auto"` derives a strong ETag from the body; `last_modified="auto"` is the time the
    body was last set. `honor_validators=False` makes a server that ignores them (always 200).
    `encoding` is "gzip", "deflate" (zlib-wrapped), "deflate-raw" (sent as deflate) or any other
    string, sent as the Content-Encoding with the body unchanged (a bogus encoding).
    """

    _body: bytes
    content_type: str = RSS_TYPE
    status: int = 200
    etag: str | None = None
    last_modified: str | None = None
    encoding: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    honor_validators: bool = True
    _modified_at: float = field(default_factory=time.time)

    @property
    def body(self) -> bytes:
        return self._body

    @body.setter
    def body(self, value: bytes) -> None:
        self._body = value
        self._modified_at = time.time()

    def current_etag(self) -> str | None:
        if self.etag == "auto":
            return '"' + hashlib.sha256(self._body).hexdigest()[:16] + '"'
        return self.etag

    def current_last_modified(self) -> str | None:
        if self.last_modified == "auto":
            return email.utils.formatdate(int(self._modified_at), usegmt=True)
        return self.last_modified

    def __call__(self, exchange: Exchange) -> None:
        headers = {"Content-Type": self.content_type, **self.headers}
        etag, modified = self.current_etag(), self.current_last_modified()
        if etag:
            headers["ETag"] = etag
        if modified:
            headers["Last-Modified"] = modified
        if self.honor_validators and self._not_modified(exchange.request, etag, modified):
            headers.pop("Content-Type")
            exchange.respond(304, b"", headers)
            return
        body = self._body
        if self.encoding:
            sent_as = "deflate" if self.encoding == "deflate-raw" else self.encoding
            headers["Content-Encoding"] = sent_as
            body = compress(body, self.encoding)
        exchange.respond(self.status, body, headers)

    @staticmethod
    def _not_modified(request: Request, etag: str | None, modified: str | None) -> bool:
        if_none_match = request.headers.get("if-none-match")
        if if_none_match is not None:
            return etag is not None and etag in [t.strip() for t in if_none_match.split(",")]
        since = request.headers.get("if-modified-since")
        return since is not None and modified is not None and since == modified


def compress(body: bytes, encoding: str) -> bytes:
    """`body` compressed for a Content-Encoding; unknown encodings leave it unchanged."""
    if encoding == "gzip":
        return _compress(body, 31)
    if encoding == "deflate":
        return _compress(body, 15)
    if encoding == "deflate-raw":
        return _compress(body, -15)
    return body


def _compress(body: bytes, wbits: int) -> bytes:
    compressor = zlib.compressobj(6, zlib.DEFLATED, wbits)
    return compressor.compress(body) + compressor.flush()


def bomb_chunks(size: int, wbits: int = 31, block: int = 1 << 16) -> Iterator[bytes]:
    """Compressed bytes of `size` zero bytes, produced incrementally (never `size` in memory)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, wbits)
    zeros = bytes(block)
    remaining = size
    while remaining > 0:
        n = min(block, remaining)
        out = compressor.compress(zeros if n == block else zeros[:n])
        remaining -= n
        if out:
            yield out
    yield compressor.flush()


# --- The server ----------------------------------------------------------------------------


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    # A listen backlog of 5 (the default) drops SYNs when a cycle opens a dozen connections at
    # once; the client retries after 1 s, which a short test timeout reports as a connect timeout.
    request_queue_size = 128
    owner: FeedServer

    def handle_error(self, request, client_address) -> None:
        pass  # clients hanging up on purpose (caps, deadlines, resets) are not errors here


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format, *args) -> None:
        pass

    def do_GET(self) -> None:
        self._dispatch()

    def do_HEAD(self) -> None:
        self._dispatch()

    def _dispatch(self) -> None:
        owner = self.server.owner
        request = Request(self.command, self.path, {k.lower(): v for k, v in self.headers.items()},
                          time.monotonic())
        owner._record(request)
        exchange = Exchange(self, request, owner._stopping)
        handler = owner._find(self.path)
        try:
            if handler is None:
                exchange.respond(404, b"not found", {"Content-Type": "text/plain"})
            else:
                handler(exchange)
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, OSError):
            self.close_connection = True


class FeedServer:
    """A real HTTP server on 127.0.0.1 (a free port) with configurable routes."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0):
        self._routes: dict[str, Handler] = {}
        self._folders: dict[str, Path] = {}
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self.requests: list[Request] = []
        self._server = _Server((host, port), _Handler)
        self._server.owner = self
        self._thread: threading.Thread | None = None

    # lifecycle
    def start(self) -> FeedServer:
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FeedServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    # requests
    def _record(self, request: Request) -> None:
        with self._lock:
            self.requests.append(request)

    def requests_to(self, path: str) -> list[Request]:
        """Requests whose path (query string ignored unless `path` has one) is `path`."""
        with self._lock:
            return [r for r in self.requests
                    if r.path == path or ("?" not in path and urlsplit(r.path).path == path)]

    # routing
    def route(self, path: str, handler: Handler) -> Handler:
        """Answer requests for `path` (exact path, query string ignored) with `handler`."""
        with self._lock:
            self._routes[path] = handler
        return handler

    def _find(self, raw_path: str) -> Handler | None:
        path = urlsplit(raw_path).path
        with self._lock:
            handler = self._routes.get(raw_path) or self._routes.get(path)
            if handler:
                return handler
            for prefix, folder in self._folders.items():
                if path.startswith(prefix + "/"):
                    return _folder_handler(folder, path[len(prefix) + 1:])
        return None

    # behaviours
    def serve(self, path: str, body: bytes, **options) -> StaticRoute:
        """A static body; see `StaticRoute` for options (etag, last_modified, encoding, ...)."""
        route = StaticRoute(body, **options)
        self.route(path, route)
        return route

    def redirect(self, path: str, location: str, status: int = 301) -> None:
        """Answer `status` with `location` (absolute or relative) as the Location."""
        self.route(path, lambda ex: ex.respond(status, b"", {"Location": location}))

    def fail(self, path: str, status: int, headers: Mapping[str, str] | None = None,
             body: bytes = b"") -> None:
        """Always answer `status` (404, 410, 429, 500, 503, ...) with these headers."""
        self.route(path, lambda ex: ex.respond(status, body, {"Content-Type": "text/plain",
                                                               **(headers or {})}))

    def trickle(self, path: str, body: bytes, *, interval: float = 0.05, chunk: int = 1) -> None:
        """Declare the full length, then send `chunk` bytes every `interval` seconds."""
        def handler(ex: Exchange) -> None:
            ex.start(200, {"Content-Type": RSS_TYPE, "Content-Length": str(len(body))})
            for i in range(0, len(body), chunk):
                if ex.wait(interval):
                    return
                ex.write(body[i:i + chunk])
        self.route(path, handler)

    def stall(self, path: str, *, headers_first: bool = True) -> None:
        """Send headers (or nothing at all) and then nothing until the server stops."""
        def handler(ex: Exchange) -> None:
            if headers_first:
                ex.start(200, {"Content-Type": RSS_TYPE, "Content-Length": "1000"})
            ex.wait(3600)
        self.route(path, handler)

    def oversize(self, path: str, size: int, *, declare_length: bool = True,
                 block: int = 1 << 16) -> None:
        """A body of `size` bytes of XML-ish filler, streamed; with or without Content-Length."""
        def handler(ex: Exchange) -> None:
            headers = {"Content-Type": RSS_TYPE}
            if declare_length:
                headers["Content-Length"] = str(size)
            ex.start(200, headers, close=not declare_length)
            filler = (b"<item><title>x</title></item>\n" * (block // 30 + 1))[:block]
            sent = 0
            while sent < size and not ex.stopping.is_set():
                n = min(block, size - sent)
                ex.write(filler[:n])
                sent += n
        self.route(path, handler)

    def gzip_bomb(self, path: str, size: int = 2**30, *, encoding: str = "gzip") -> None:
        """`size` zero bytes compressed with gzip/deflate/deflate-raw, generated as sent
        (1 GiB of zeros is about 1 MiB compressed); the body ends when the connection closes."""
        wbits = {"gzip": 31, "deflate": 15, "deflate-raw": -15}[encoding]
        header = "deflate" if encoding == "deflate-raw" else encoding

        def handler(ex: Exchange) -> None:
            ex.start(200, {"Content-Type": RSS_TYPE, "Content-Encoding": header}, close=True)
            for piece in bomb_chunks(size, wbits):
                if ex.stopping.is_set():
                    return
                ex.write(piece)
        self.route(path, handler)

    def pieces(self, path: str, pieces: list[bytes], *, interval: float = 0.05,
               headers: Mapping[str, str] | None = None) -> None:
        """A chunked response (Transfer-Encoding: chunked), one HTTP chunk per piece, flushed
        and `interval` seconds apart, so the client reads each piece on its own. Send
        compressed bytes with e.g. `headers={"Content-Encoding": "gzip"}`."""
        def handler(ex: Exchange) -> None:
            ex.start(200, {"Content-Type": RSS_TYPE, "Transfer-Encoding": "chunked",
                           **(headers or {})})
            for piece in pieces:
                if piece:
                    ex.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                if ex.wait(interval):
                    return
            ex.write(b"0\r\n\r\n")
        self.route(path, handler)

    def reset_midbody(self, path: str, body: bytes, *, after: int) -> None:
        """Declare the full length, send `after` bytes, then abort the connection (RST)."""
        def handler(ex: Exchange) -> None:
            ex.start(200, {"Content-Type": RSS_TYPE, "Content-Length": str(len(body))})
            ex.write(body[:after])
            ex.reset()
        self.route(path, handler)

    def serve_folder(self, prefix: str, folder: str | Path) -> None:
        """Serve every file of `folder` at `prefix/<file name>` (application/xml)."""
        with self._lock:
            self._folders[prefix.rstrip("/")] = Path(folder)


def _folder_handler(folder: Path, name: str) -> Handler | None:
    if not name or "/" in name or name.startswith("."):
        return None
    file = folder / name
    if not file.is_file():
        return None

    def handler(ex: Exchange) -> None:
        ex.respond(200, file.read_bytes(), {"Content-Type": "application/xml"})
    return handler


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    """A started `FeedServer`, stopped after the test."""
    with FeedServer() as server:
        yield server
