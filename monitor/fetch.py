"""Fetching feeds over HTTP: the only module that does feed HTTP.

`Fetcher` holds one shared `httpx.AsyncClient` and fetches one feed at a time per call, with:

- bounded concurrency overall and per host (semaphores);
- connect/read/write/pool timeouts, plus an overall deadline per fetch, so a server that
  trickles bytes forever is cut off;
- redirects followed by hand (at most `max_redirects`; a loop is an error) so the fetcher
  knows whether every hop was permanent (301/308) and the feed has moved (`permanent_url`);
- conditional GET with the stored ETag / Last-Modified (304 -> NOT_MODIFIED), and a body
  hash check for servers that ignore validators (same sha256 -> UNCHANGED);
- a hard cap on the body size after decompression: the fetcher asks for gzip/deflate itself,
  streams the raw bytes and inflates them incrementally with a bounded output size, so a
  gzip bomb is cut off at the cap without ever holding more than the cap in memory;
- Retry-After (seconds or HTTP date) and Cache-Control max-age read as scheduling hints.

A failure is a value: `fetch` returns a `FetchResult` with status ERROR or GONE and a one-line
reason, and never raises (except for cancellation). This module does not parse or store.
"""

from __future__ import annotations

import asyncio
import errno
import hashlib
import logging
import re
import socket
import time
import zlib
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import httpx

from monitor.config import USER_AGENT_DEFAULT
from monitor.models import Feed, FeedState, FetchResult, FetchStatus, utcnow

log = logging.getLogger(__name__)

ACCEPT = ("application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, "
          "application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5")
ACCEPT_ENCODING = "gzip, deflate"
PERMANENT_REDIRECTS = frozenset({301, 308})
REDIRECTS = frozenset({301, 302, 303, 307, 308})
GONE_STATUSES = frozenset({404, 410})
RETRY_AFTER_STATUSES = frozenset({429, 503})
INFLATE_STEP = 64 * 1024  # most output one decompress call may produce
GZIP_MAGIC = b"\x1f\x8b"  # the first two bytes of every gzip member (RFC 1952)


class FetchFailed(Exception):
    """Internal: a fetch came to an error; carries the reason. Never leaves this module."""

    def __init__(self, reason: str, status: FetchStatus = FetchStatus.ERROR,
                 http_status: int | None = None, retry_after: float | None = None):
        super().__init__(reason)
        self.reason = reason
        self.status = status
        self.http_status = http_status
        self.retry_after = retry_after


class Fetcher:
    """Fetches feeds with one shared HTTP client. Use as `async with Fetcher(...) as f:`.

    `timeout` (seconds, or a timedelta) bounds each connect, read, write and wait for a pooled
    connection; `deadline` (default twice `timeout`) bounds the time one fetch spends on the
    wire in total, all redirect hops together (waiting for a free slot does not count).
    `max_body` caps the body after decompression. `concurrency` and `per_host` bound the
    fetches in flight overall and per host. `transport` is for tests that need an httpx
    transport instead of a real server. Each hop waits for its host's slot first and only then
    for an overall slot, so feeds queued behind their host never hold an overall slot. A
    result's `elapsed` is the time from first holding both slots to the result (`fetched_at`
    is that moment too).
    """

    def __init__(self, *, user_agent: str = USER_AGENT_DEFAULT, timeout: float | timedelta = 30.0,
                 max_body: int = 10 * 2**20, concurrency: int = 16, per_host: int = 2,
                 transport: httpx.AsyncBaseTransport | None = None, max_redirects: int = 5,
                 deadline: float | timedelta | None = None):
        self.timeout = _seconds(timeout)
        self.deadline = _seconds(deadline) if deadline is not None else 2 * self.timeout
        self.max_body = int(max_body)
        self.max_redirects = int(max_redirects)
        self.per_host = int(per_host)
        self._overall = asyncio.Semaphore(int(concurrency))
        self._hosts: dict[str, asyncio.Semaphore] = {}
        self._client = httpx.AsyncClient(
            headers={"User-Agent": user_agent, "Accept": ACCEPT,
                     "Accept-Encoding": ACCEPT_ENCODING},
            timeout=httpx.Timeout(self.timeout),
            limits=httpx.Limits(max_connections=max(int(concurrency), 1),
                                max_keepalive_connections=max(int(concurrency), 1)),
            follow_redirects=False,
            transport=transport,
        )

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._client.aclose()

    async def fetch(self, feed: Feed, state: FeedState | None = None) -> FetchResult:
        """Fetch `feed` (from `state.fetch_url` when the feed has moved). Never raises."""
        url = (state.fetch_url if state and state.fetch_url else None) or feed.url
        clock = _Clock()
        try:
            result = await self._fetch(feed, url, state, clock)
        except FetchFailed as failed:
            result = FetchResult(feed=feed, status=failed.status, fetched_at=clock.fetched_at,
                                 http_status=failed.http_status, error=failed.reason,
                                 retry_after=failed.retry_after)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a failure is a value, whatever it was
            log.warning("unexpected error fetching %s", url, exc_info=True)
            result = FetchResult(feed=feed, status=FetchStatus.ERROR, fetched_at=clock.fetched_at,
                                 error=f"unexpected error: {_describe(exc)}")
        return _with_elapsed(result, clock.elapsed())

    async def _fetch(self, feed: Feed, url: str, state: FeedState | None,
                     clock: _Clock) -> FetchResult:
        if problem := _url_problem(url):
            raise FetchFailed(problem)
        headers = _conditional_headers(state)
        visited = [url]
        all_permanent = True
        budget = self.deadline
        while True:
            # The host's slot first, an overall slot inside it: a feed queued behind others of
            # its host (six Google News searches) must not sit on an overall slot meanwhile,
            # starving feeds of other hosts.
            async with self._host_slot(url), self._overall:
                clock.start()
                hop_started = time.monotonic()
                try:
                    async with asyncio.timeout(budget):
                        outcome = await self._request(url, headers, state, feed,
                                                      clock.fetched_at)
                except TimeoutError:
                    raise FetchFailed(f"took longer than the {self.deadline:g}s deadline "
                                      "(server too slow)") from None
                budget -= time.monotonic() - hop_started
            if isinstance(outcome, FetchResult):
                if all_permanent and len(visited) > 1 and outcome.status in (
                        FetchStatus.OK, FetchStatus.NOT_MODIFIED, FetchStatus.UNCHANGED):
                    outcome = replace(outcome, permanent_url=url)
                return outcome
            status, location = outcome
            all_permanent = all_permanent and status in PERMANENT_REDIRECTS
            url = self._next_hop(visited, status, location)
            visited.append(url)

    def _next_hop(self, visited: list[str], status: int, location: str | None) -> str:
        if not location:
            raise FetchFailed(f"HTTP {status} redirect without a Location header",
                              http_status=status)
        target = urljoin(visited[-1], location.strip())
        if problem := _url_problem(target):
            raise FetchFailed(f"redirect to an unusable URL: {problem}", http_status=status)
        if target in visited:
            chain = " -> ".join([*visited[visited.index(target):], target])
            raise FetchFailed(f"redirect loop: {chain}", http_status=status)
        if len(visited) > self.max_redirects:
            raise FetchFailed(f"too many redirects (more than {self.max_redirects})",
                              http_status=status)
        return target

    def _host_slot(self, url: str) -> asyncio.Semaphore:
        parts = urlsplit(url)
        host = f"{parts.hostname}:{parts.port or parts.scheme}"
        if host not in self._hosts:
            self._hosts[host] = asyncio.Semaphore(self.per_host)
        return self._hosts[host]

    async def _request(self, url: str, headers: dict[str, str], state: FeedState | None,
                       feed: Feed, fetched_at: datetime) -> FetchResult | tuple[int, str | None]:
        """One HTTP exchange: a finished result, or (status, Location) for a redirect."""
        try:
            request = self._client.build_request("GET", url, headers=headers)
            response = await self._client.send(request, stream=True)
        except httpx.HTTPError as exc:
            raise FetchFailed(self._transport_reason(exc)) from None
        try:
            return await self._handle(response, state, feed, fetched_at)
        except httpx.HTTPError as exc:
            raise FetchFailed(self._transport_reason(exc), http_status=response.status_code
                              ) from None
        finally:
            await response.aclose()

    async def _handle(self, response: httpx.Response, state: FeedState | None, feed: Feed,
                      fetched_at: datetime) -> FetchResult | tuple[int, str | None]:
        status = response.status_code
        if status in REDIRECTS:
            return status, response.headers.get("location")
        common = {"feed": feed, "fetched_at": fetched_at, "http_status": status,
                  "final_url": str(response.url),
                  "content_type": response.headers.get("content-type"),
                  "max_age": _max_age(response.headers.get("cache-control"))}
        validators = {"etag": response.headers.get("etag"),
                      "last_modified": response.headers.get("last-modified")}
        if status == 304:
            return FetchResult(status=FetchStatus.NOT_MODIFIED, **common,
                               **_keep_known(validators, state),
                               body_hash=state.body_hash if state else None)
        if status in GONE_STATUSES:
            raise FetchFailed(_http_reason(status), FetchStatus.GONE, http_status=status)
        if status in RETRY_AFTER_STATUSES:
            raise FetchFailed(_http_reason(status), http_status=status,
                              retry_after=_retry_after(response.headers.get("retry-after")))
        if not 200 <= status < 300:
            raise FetchFailed(_http_reason(status), http_status=status)
        body = await self._read_body(response)
        digest = hashlib.sha256(body).hexdigest()
        if state is not None and state.body_hash == digest:
            return FetchResult(status=FetchStatus.UNCHANGED, **common,
                               **_keep_known(validators, state), body_hash=digest)
        return FetchResult(status=FetchStatus.OK, **common, **validators, body=body,
                           body_hash=digest)

    async def _read_body(self, response: httpx.Response) -> bytes:
        """The body, decompressed, at most `max_body` bytes; else FetchFailed."""
        declared = response.headers.get("content-length", "").strip()
        if declared.isdigit() and int(declared) > self.max_body:
            raise FetchFailed(f"body too large: Content-Length {int(declared):,} bytes is over "
                              f"the {_size(self.max_body)} cap", http_status=response.status_code)
        inflater = Inflater.for_encoding(response.headers.get("content-encoding"), self.max_body)
        return await inflater.collect(response.aiter_raw(), response.status_code)

    def _transport_reason(self, exc: httpx.HTTPError) -> str:
        return transport_reason(exc, self.timeout)


class _Clock:
    """When a fetch first held its slots (its `fetched_at`), and the time since."""

    __slots__ = ("_started", "fetched_at")

    def __init__(self) -> None:
        self.fetched_at = utcnow()  # until a slot is held (an unusable URL never waits)
        self._started: float | None = None

    def start(self) -> None:
        if self._started is None:
            self.fetched_at = utcnow()
            self._started = time.monotonic()

    def elapsed(self) -> float:
        return 0.0 if self._started is None else time.monotonic() - self._started


class Inflater:
    """Turns a stream of raw body bytes into the body, never holding more than `cap` bytes of
    output: gzip (one or more members), deflate (zlib-wrapped or raw), or identity.

    Network chunks may split anything anywhere: a member's header, the gap between two
    members, the trailing padding some servers add. Bytes after a gzip member are kept until
    they tell a next member (the magic bytes 1f 8b) from padding (anything else, ignored).
    A body that ends inside a compressed stream is an error (`finish`), not a short body.
    """

    def __init__(self, encoding: str, cap: int):
        self.encoding = encoding  # "gzip", "deflate" or "identity"
        self.cap = cap
        self._decoder: zlib._Decompress | None = None
        # deflate: the first bytes, to tell zlib-wrapped from raw; gzip: bytes after a member
        # too few to tell another member from padding
        self._header = b""
        self._members = 0  # gzip members started
        self._out = bytearray()
        self._raw = 0
        self._ignore_rest = False  # after the end of the compressed data: padding, ignored

    @classmethod
    def for_encoding(cls, header: str | None, cap: int) -> Inflater:
        codings = [c.strip().lower() for c in (header or "").split(",") if c.strip()]
        codings = [c for c in codings if c != "identity"]
        if not codings:
            return cls("identity", cap)
        if len(codings) > 1:
            raise FetchFailed(f"unsupported Content-Encoding {header!r} (more than one coding)")
        coding = {"gzip": "gzip", "x-gzip": "gzip", "deflate": "deflate"}.get(codings[0])
        if coding is None:
            raise FetchFailed(f"unknown Content-Encoding {codings[0]!r} "
                              "(only gzip and deflate were asked for)")
        return cls(coding, cap)

    async def collect(self, chunks: AsyncIterator[bytes], http_status: int | None = None) -> bytes:
        try:
            async for chunk in chunks:
                self.feed(chunk)
            self.finish()
        except zlib.error as exc:
            raise FetchFailed(f"bad {self.encoding} data: {exc}", http_status=http_status) from None
        except FetchFailed as failed:
            failed.http_status = http_status
            raise
        return self.body

    @property
    def body(self) -> bytes:
        return bytes(self._out)

    def finish(self) -> None:
        """End of input. A deflate body too short to tell its header is inflated as raw; a
        compressed stream that has not reached its end is an error (a truncated body)."""
        if self.encoding == "deflate" and self._decoder is None and self._header:
            header, self._header = self._header, b""
            self._decoder = zlib.decompressobj(-zlib.MAX_WBITS)
            try:
                self._inflate(header)
            except zlib.error as exc:
                raise FetchFailed(f"bad deflate data: {exc}") from None
        if self._decoder is not None and not self._decoder.eof:
            raise FetchFailed(f"truncated {self.encoding} data: the body ended before the end of "
                              "the compressed stream")

    def feed(self, chunk: bytes) -> None:
        self._raw += len(chunk)
        if self._raw > self.cap:
            raise FetchFailed(f"body too large: over the {_size(self.cap)} cap")
        if self._ignore_rest:
            return
        if self.encoding == "identity":
            self._emit(chunk)
        elif self.encoding == "gzip":
            self._inflate_gzip(chunk)
        else:
            self._inflate_deflate(chunk)

    def _emit(self, data: bytes) -> None:
        if len(self._out) + len(data) > self.cap:
            raise FetchFailed(f"body too large: over the {_size(self.cap)} cap"
                              + ("" if self.encoding == "identity" else " after decompression"))
        self._out += data

    def _inflate(self, data: bytes) -> None:
        """Feed `data` to the current decoder, taking output in bounded steps."""
        decoder = self._decoder
        while True:
            step = min(INFLATE_STEP, self.cap - len(self._out) + 1)
            out = decoder.decompress(data, step)
            self._emit(out)
            data = decoder.unconsumed_tail
            if decoder.eof or (not data and len(out) < step):
                return

    def _inflate_gzip(self, chunk: bytes) -> None:
        data = self._header + chunk if self._header else chunk
        self._header = b""
        while data:
            if self._decoder is None:
                if self._members and not data.startswith(GZIP_MAGIC):
                    if GZIP_MAGIC.startswith(data):  # b"\x1f": wait for the next byte
                        self._header = data
                    else:  # after the last member: trailing padding (zeros, junk), ignored
                        self._ignore_rest = True
                    return
                # The first member, or another after it (concatenated gzip is valid). zlib
                # buffers a header split across chunks itself; a bad one is a zlib.error.
                self._decoder = zlib.decompressobj(16 + zlib.MAX_WBITS)
                self._members += 1
            self._inflate(data)
            if not self._decoder.eof:
                return
            data = self._decoder.unused_data
            self._decoder = None

    def _inflate_deflate(self, chunk: bytes) -> None:
        if self._decoder is None:
            self._header += chunk
            if len(self._header) < 2:
                return
            chunk, self._header = self._header, b""
            self._decoder = zlib.decompressobj(zlib.MAX_WBITS if _is_zlib_header(chunk)
                                               else -zlib.MAX_WBITS)
        if self._decoder.eof:
            self._ignore_rest = True
        else:
            self._inflate(chunk)


def _is_zlib_header(data: bytes) -> bool:
    """True when `data` starts with a zlib header (RFC 1950), else it is raw deflate."""
    cmf, flg = data[0], data[1]
    return cmf & 0x0F == 8 and cmf >> 4 <= 7 and (cmf * 256 + flg) % 31 == 0


def transport_reason(exc: httpx.HTTPError, timeout: float) -> str:
    """A one-line reason for a transport-level failure."""
    if isinstance(exc, httpx.ConnectTimeout):
        return f"connect timeout after {timeout:g}s"
    if isinstance(exc, httpx.ReadTimeout):
        return f"read timeout: no data for {timeout:g}s"
    if isinstance(exc, httpx.WriteTimeout):
        return f"write timeout after {timeout:g}s"
    if isinstance(exc, httpx.PoolTimeout):
        return f"no free connection within {timeout:g}s"
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return f"unusable URL: {_describe(exc)}"
    cause = _os_error(exc)
    if cause is not None:
        return _os_reason(cause)
    if isinstance(exc, httpx.ConnectError):
        return f"connection failed: {_describe(exc)}"
    if isinstance(exc, httpx.RemoteProtocolError):
        return f"connection closed early or bad HTTP from the server: {_describe(exc)}"
    if isinstance(exc, httpx.ReadError | httpx.WriteError):
        return f"connection error: {_describe(exc)}"
    return f"HTTP error: {_describe(exc)}"


_ERRNO_REASONS = {
    errno.ECONNREFUSED: "connection refused",
    errno.ECONNRESET: "connection reset by the server",
    errno.ECONNABORTED: "connection aborted",
    errno.EPIPE: "connection closed by the server while sending",
    errno.ETIMEDOUT: "connection timed out",
    errno.EHOSTUNREACH: "host unreachable",
    errno.ENETUNREACH: "network unreachable",
}


def _os_error(exc: BaseException) -> OSError | None:
    """The operating-system error at the root of an httpx error, if any."""
    seen = 0
    current: BaseException | None = exc
    while current is not None and seen < 10:
        if isinstance(current, OSError) and (current.errno or isinstance(current, socket.gaierror)):
            return current
        current = current.__cause__ or current.__context__
        seen += 1
    return None


def _os_reason(error: OSError) -> str:
    if isinstance(error, socket.gaierror):
        return f"cannot resolve host: {error.strerror or error}"
    return _ERRNO_REASONS.get(error.errno, f"network error: {error.strerror or error}")


def _describe(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _url_problem(url: str) -> str | None:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises ValueError on a bad port)
    except ValueError:
        return f"not a valid URL: {url!r}"
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return f"not an http(s) URL: {url!r}"
    return None


def _conditional_headers(state: FeedState | None) -> dict[str, str]:
    headers: dict[str, str] = {}
    if state is not None and state.etag:
        headers["If-None-Match"] = state.etag
    if state is not None and state.last_modified:
        headers["If-Modified-Since"] = state.last_modified
    return headers


def _keep_known(validators: dict[str, str | None], state: FeedState | None
                ) -> dict[str, str | None]:
    """Validators of a 304 / unchanged answer: the response's, else the ones already stored."""
    return {"etag": validators["etag"] or (state.etag if state else None),
            "last_modified": (validators["last_modified"]
                              or (state.last_modified if state else None))}


def _http_reason(status: int) -> str:
    phrase = httpx.codes.get_reason_phrase(status)
    return f"HTTP {status} {phrase}".rstrip()


_MAX_AGE = re.compile(r"(?:^|[,\s])max-age\s*=\s*\"?(\d+)\"?", re.IGNORECASE)


def _max_age(header: str | None) -> float | None:
    """Seconds from `Cache-Control: max-age=N`, else None."""
    if not header:
        return None
    m = _MAX_AGE.search(header)
    return float(m.group(1)) if m else None


def _retry_after(header: str | None, now: datetime | None = None) -> float | None:
    """Seconds from a Retry-After header: delay-seconds or an HTTP date; None when absent/bad."""
    if not header:
        return None
    value = header.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, (when - (now or utcnow())).total_seconds())


def _seconds(value: float | timedelta) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def _size(n: int) -> str:
    for unit, size in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if n >= size:
            return f"{n / size:g} {unit}"
    return f"{n} bytes"


def _with_elapsed(result: FetchResult, elapsed: float) -> FetchResult:
    return replace(result, elapsed=round(elapsed, 6))
