"""Fetching against a real HTTP server on 127.0.0.1 (tests/feedserver.py): every behaviour of
`monitor.fetch` — conditional GET, caps, compression, redirects, errors — as a value."""

from __future__ import annotations

import asyncio
import email.utils
import hashlib
import socket
import threading
import time
import tracemalloc
import zlib

import pytest
from feedserver import Exchange, FeedServer, compress

from monitor.fetch import Fetcher, FetchFailed, Inflater
from monitor.models import Feed, FeedState, FetchStatus

BODY = (b'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>t</title>'
        + b"<item><title>Tomahawk decision</title><link>https://e.org/1</link></item>" * 40
        + b"</channel></rss>")
BODY_GZ = compress(BODY, "gzip")
NEW_BODY = BODY.replace(b"</channel>", b"<item><title>One more</title></item></channel>")
UA = "monitor-test/1.0 (+https://example.org)"


@pytest.fixture
def server():
    with FeedServer() as srv:
        yield srv


def fetcher(**options) -> Fetcher:
    options.setdefault("user_agent", UA)
    options.setdefault("timeout", 2.0)
    return Fetcher(**options)


async def fetch(server: FeedServer, path: str, state: FeedState | None = None, **options):
    async with fetcher(**options) as f:
        return await f.fetch(Feed(server.url(path), "Test"), state)


def state_after(result, url: str) -> FeedState:
    return FeedState(url=url, fetch_url=url, etag=result.etag, last_modified=result.last_modified,
                     body_hash=result.body_hash)


# --- Plain success and request headers ----------------------------------------------------------


async def test_ok_returns_body_hash_and_metadata(server):
    server.serve("/feed", BODY, etag='"v1"', last_modified="Sat, 18 Oct 2025 08:00:00 GMT",
                 headers={"Cache-Control": "public, max-age=600"})
    result = await fetch(server, "/feed")
    assert result.status is FetchStatus.OK
    assert result.http_status == 200
    assert result.body == BODY
    assert result.body_hash == hashlib.sha256(BODY).hexdigest()
    assert result.etag == '"v1"'
    assert result.last_modified == "Sat, 18 Oct 2025 08:00:00 GMT"
    assert result.content_type.startswith("application/rss+xml")
    assert result.final_url == server.url("/feed")
    assert result.max_age == 600
    assert result.permanent_url is None and result.error is None
    assert result.elapsed > 0


async def test_sends_user_agent_accept_and_encodings(server):
    server.serve("/feed", BODY)
    await fetch(server, "/feed")
    headers = server.requests_to("/feed")[-1].headers
    assert headers["user-agent"] == UA
    assert "application/rss+xml" in headers["accept"]
    assert "application/atom+xml" in headers["accept"]
    assert headers["accept-encoding"] == "gzip, deflate"
    assert "if-none-match" not in headers and "if-modified-since" not in headers


# --- Conditional GET and unchanged bodies ---------------------------------------------------------


@pytest.mark.parametrize(
    ("validators", "sent_header"),
    [
        pytest.param({"etag": "auto"}, "if-none-match", id="etag"),
        pytest.param({"last_modified": "auto"}, "if-modified-since", id="last-modified"),
    ],
)
async def test_conditional_get_gives_not_modified(server, validators, sent_header):
    server.serve("/feed", BODY, **validators)
    url = server.url("/feed")
    async with fetcher() as f:
        first = await f.fetch(Feed(url, "Test"))
        second = await f.fetch(Feed(url, "Test"), state_after(first, url))
    assert first.status is FetchStatus.OK
    request = server.requests_to("/feed")[-1]
    assert request.headers[sent_header] == (first.etag or first.last_modified)
    assert second.status is FetchStatus.NOT_MODIFIED
    assert second.http_status == 304
    assert second.body is None
    assert (second.etag, second.last_modified) == (first.etag, first.last_modified)
    assert second.body_hash == first.body_hash


async def test_changed_body_is_fetched_again(server):
    route = server.serve("/feed", BODY, etag="auto")
    url = server.url("/feed")
    async with fetcher() as f:
        first = await f.fetch(Feed(url, "Test"))
        route.body = NEW_BODY
        second = await f.fetch(Feed(url, "Test"), state_after(first, url))
    assert second.status is FetchStatus.OK
    assert second.body == NEW_BODY
    assert second.etag != first.etag


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        pytest.param(False, FetchStatus.UNCHANGED, id="same-body-unchanged"),
        pytest.param(True, FetchStatus.OK, id="new-body-ok"),
    ],
)
async def test_server_ignoring_validators_is_caught_by_body_hash(server, change, expected):
    route = server.serve("/feed", BODY, etag="auto", honor_validators=False)
    url = server.url("/feed")
    async with fetcher() as f:
        first = await f.fetch(Feed(url, "Test"))
        if change:
            route.body = NEW_BODY
        second = await f.fetch(Feed(url, "Test"), state_after(first, url))
    assert server.requests_to("/feed")[-1].headers["if-none-match"] == first.etag
    assert second.http_status == 200
    assert second.status is expected
    assert (second.body is None) == (expected is FetchStatus.UNCHANGED)


# --- Compression ------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "deflate-raw"])
async def test_compressed_bodies_are_inflated(server, encoding):
    server.serve("/feed", BODY, encoding=encoding)
    result = await fetch(server, "/feed")
    assert result.status is FetchStatus.OK, result.error
    assert result.body == BODY


@pytest.mark.parametrize(
    ("encoding", "body", "reason"),
    [
        pytest.param("br", BODY, "unknown Content-Encoding 'br'", id="unknown-encoding"),
        pytest.param("gzip, br", BODY, "more than one coding", id="stacked-encodings"),
        pytest.param("gzip-as-text", BODY, "unknown Content-Encoding", id="made-up-encoding"),
    ],
)
async def test_unusable_content_encoding_is_an_error(server, encoding, body, reason):
    server.serve("/feed", body, encoding=encoding)
    result = await fetch(server, "/feed")
    assert result.status is FetchStatus.ERROR
    assert reason in result.error


@pytest.mark.parametrize(
    ("encoding", "data"),
    [
        pytest.param("identity", b"", id="empty-identity"),
        pytest.param("deflate", b"", id="empty-deflate"),
        pytest.param("deflate", zlib.compress(b""), id="zlib-of-nothing"),
        pytest.param("gzip", compress(b"", "gzip"), id="gzip-of-nothing"),
    ],
)
def test_inflater_empty_bodies(encoding, data):
    inflater = Inflater.for_encoding(encoding, 100)
    for byte in data:
        inflater.feed(bytes([byte]))
    inflater.finish()
    assert inflater.body == b""


@pytest.mark.parametrize("encoding", ["gzip", "deflate"])
async def test_corrupt_compressed_data_is_an_error(server, encoding):
    server.route("/feed", lambda ex: ex.respond(200, b"\x1f\x8b\x08\x00garbage-not-deflate" * 10,
                                                {"Content-Encoding": encoding}))
    result = await fetch(server, "/feed")
    assert result.status is FetchStatus.ERROR
    assert f"bad {encoding} data" in result.error


def test_inflater_handles_concatenated_gzip_members_and_trailing_padding():
    inflater = Inflater.for_encoding("gzip", 10_000)
    data = compress(b"first ", "gzip") + compress(b"second", "gzip") + b"\x00" * 16
    for i in range(0, len(data), 7):  # small network chunks
        inflater.feed(data[i:i + 7])
    inflater.finish()
    assert inflater.body == b"first second"


GZ1, GZ2 = compress(b"first ", "gzip"), compress(b"second", "gzip")
ZLIB, RAW = compress(b"deflated body", "deflate"), compress(b"deflated body", "deflate-raw")


def every_byte(data: bytes) -> list[bytes]:
    return [data[i:i + 1] for i in range(len(data))]


# How network chunks may split a gzip body; each must inflate to the whole text.
GZIP_SPLITS = [
    pytest.param([GZ1, b"\x00" * 16], b"first ", id="padding-in-its-own-chunk"),
    pytest.param([GZ1, b"\x00", b"\x00" * 7], b"first ", id="padding-split-after-one-byte"),
    pytest.param([GZ1 + b"\x00" * 3, b"\x00" * 5], b"first ", id="padding-across-chunks"),
    pytest.param([GZ1, GZ2], b"first second", id="members-in-separate-chunks"),
    pytest.param([GZ1 + GZ2[:1], GZ2[1:]], b"first second", id="second-header-split-after-1f"),
    pytest.param([GZ1 + GZ2[:2], GZ2[2:5], GZ2[5:]], b"first second",
                 id="second-header-split-after-magic"),
    pytest.param([GZ1 + GZ2[:1], GZ2[1:2], GZ2[2:] + b"\x00\x00"], b"first second",
                 id="magic-bytes-in-three-chunks-then-padding"),
    pytest.param(every_byte(GZ1 + GZ2 + b"\x00" * 4), b"first second", id="every-byte-alone"),
    pytest.param([GZ1, b"\x1f"], b"first ", id="lone-1f-at-the-end-is-padding"),
    pytest.param([GZ1 + b"\x00", GZ2], b"first ", id="member-after-padding-is-padding-too"),
]


@pytest.mark.parametrize(("chunks", "expected"), GZIP_SPLITS)
def test_inflater_gzip_whatever_the_chunk_boundaries(chunks, expected):
    inflater = Inflater.for_encoding("gzip", 10_000)
    for chunk in chunks:
        inflater.feed(chunk)
    inflater.finish()
    assert inflater.body == expected


# Bodies that end inside a compressed stream: an error, never a silently shorter body.
TRUNCATED = [
    pytest.param("gzip", GZ1[:5], id="gzip-header-only"),
    pytest.param("gzip", GZ1[:len(GZ1) // 2], id="gzip-cut-in-the-data"),
    pytest.param("gzip", GZ1[:-3], id="gzip-cut-in-the-trailer"),
    pytest.param("gzip", GZ1 + GZ2[:2], id="gzip-second-member-magic-only"),
    pytest.param("gzip", GZ1 + GZ2[:-1], id="gzip-second-member-cut"),
    pytest.param("deflate", ZLIB[:-2], id="zlib-cut-in-the-checksum"),
    pytest.param("deflate", ZLIB[:len(ZLIB) // 2], id="zlib-cut-in-the-data"),
    pytest.param("deflate", RAW[:-1], id="raw-deflate-cut"),
    pytest.param("deflate", RAW[:1], id="raw-deflate-one-byte"),
]


@pytest.mark.parametrize(("encoding", "data"), TRUNCATED)
@pytest.mark.parametrize("chunking", ["one-chunk", "bytewise"])
def test_inflater_truncated_stream_is_an_error(encoding, data, chunking):
    inflater = Inflater.for_encoding(encoding, 10_000)
    for chunk in ([data] if chunking == "one-chunk" else every_byte(data)):
        inflater.feed(chunk)
    with pytest.raises(FetchFailed, match=f"truncated {encoding} data"):
        inflater.finish()


@pytest.mark.parametrize(
    ("pieces", "expected"),
    [
        pytest.param([BODY_GZ, b"\x00" * 8], BODY, id="padding-in-its-own-http-chunk"),
        pytest.param([BODY_GZ + GZ2[:1], GZ2[1:]], BODY + b"second",
                     id="second-member-header-split-across-http-chunks"),
        pytest.param([BODY_GZ[:7], BODY_GZ[7:]], BODY, id="first-header-split"),
        pytest.param([BODY_GZ[:-4]], "truncated gzip data", id="truncated-body"),
        pytest.param([BODY_GZ[:100], BODY_GZ[100:-9]], "truncated gzip data",
                     id="truncated-in-the-trailer"),
    ],
)
async def test_chunked_gzip_from_the_server(server, pieces, expected):
    server.pieces("/feed", pieces, headers={"Content-Encoding": "gzip"})
    result = await fetch(server, "/feed")
    if isinstance(expected, bytes):
        assert result.status is FetchStatus.OK, result.error
        assert result.body == expected
    else:
        assert result.status is FetchStatus.ERROR
        assert expected in result.error
        assert result.http_status == 200 and result.body is None


def test_inflater_never_produces_more_than_the_cap_from_one_chunk():
    bomb = zlib.compress(bytes(50 * 2**20), 9)  # 50 MiB of zeros in ~50 KB, one chunk
    inflater = Inflater.for_encoding("deflate", 2**20)
    tracemalloc.start()
    with pytest.raises(FetchFailed, match="after decompression"):
        inflater.feed(bomb)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 3 * 2**20


# --- Size caps and the gzip bomb -----------------------------------------------------------------


async def test_oversize_content_length_rejected_before_reading(server):
    server.oversize("/big", 64 * 2**20, declare_length=True)
    started = time.monotonic()
    result = await fetch(server, "/big", max_body=2**20)
    assert result.status is FetchStatus.ERROR
    assert "Content-Length 67,108,864 bytes is over the 1 MiB cap" in result.error
    assert time.monotonic() - started < 1.0


async def test_oversize_identity_body_cut_while_streaming(server):
    server.oversize("/big", 64 * 2**20, declare_length=False)
    result = await fetch(server, "/big", max_body=2**20)
    assert result.status is FetchStatus.ERROR
    assert "body too large: over the 1 MiB cap" in result.error


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "deflate-raw"])
async def test_compression_bomb_is_cut_at_the_cap_with_bounded_memory(server, encoding):
    cap = 4 * 2**20
    server.gzip_bomb("/bomb", size=2**30, encoding=encoding)  # 1 GiB of zeros
    async with fetcher(max_body=cap) as f:
        tracemalloc.start()
        result = await f.fetch(Feed(server.url("/bomb"), "Bomb"))
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert result.status is FetchStatus.ERROR
    assert "after decompression" in result.error
    assert result.body is None
    assert peak < 3 * cap, f"peak {peak:,} bytes"
    print(f"compression bomb ({encoding}): peak {peak:,} bytes for a {cap:,} byte cap")


# --- Redirects -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("chain", "permanent"),
    [
        pytest.param([301], True, id="301"),
        pytest.param([308], True, id="308"),
        pytest.param([301, 308, 301], True, id="all-permanent"),
        pytest.param([302], False, id="302"),
        pytest.param([307], False, id="307"),
        pytest.param([301, 302], False, id="permanent-then-temporary"),
        pytest.param([303, 301], False, id="temporary-then-permanent"),
    ],
)
async def test_redirects_followed_and_permanent_moves_reported(server, chain, permanent):
    server.serve("/final", BODY)
    for i, status in enumerate(chain):
        target = f"/hop{i + 1}" if i + 1 < len(chain) else "/final"
        server.redirect(f"/hop{i}", target, status)
    result = await fetch(server, "/hop0")
    assert result.status is FetchStatus.OK, result.error
    assert result.body == BODY
    assert result.final_url == server.url("/final")
    assert result.permanent_url == (server.url("/final") if permanent else None)


async def test_relative_and_absolute_locations(server):
    server.serve("/dir/final", BODY)
    server.redirect("/a", "dir/step", 302)  # relative to /a
    server.redirect("/dir/step", server.url("/dir/final"), 302)
    result = await fetch(server, "/a")
    assert result.status is FetchStatus.OK
    assert result.final_url == server.url("/dir/final")


@pytest.mark.parametrize(
    ("routes", "start", "reason"),
    [
        pytest.param({"/l1": "/l2", "/l2": "/l1"}, "/l1", "redirect loop", id="loop"),
        pytest.param({"/self": "/self"}, "/self", "redirect loop", id="self-loop"),
        pytest.param({f"/r{i}": f"/r{i + 1}" for i in range(8)}, "/r0",
                     "too many redirects (more than 5)", id="too-many"),
        pytest.param({"/x": "ftp://example.org/feed"}, "/x", "redirect to an unusable URL",
                     id="non-http-target"),
    ],
)
async def test_bad_redirects_are_errors(server, routes, start, reason):
    for path, target in routes.items():
        server.redirect(path, target, 302)
    result = await fetch(server, start)
    assert result.status is FetchStatus.ERROR
    assert reason in result.error
    assert result.permanent_url is None


async def test_redirect_without_location_is_an_error(server):
    server.route("/r", lambda ex: ex.respond(301, b""))
    result = await fetch(server, "/r")
    assert result.status is FetchStatus.ERROR
    assert "without a Location" in result.error


async def test_fetches_from_the_moved_location_in_state(server):
    server.serve("/new", BODY)
    feed = Feed(server.url("/old"), "Moved")
    state = FeedState(url=feed.url, fetch_url=server.url("/new"))
    async with fetcher() as f:
        result = await f.fetch(feed, state)
    assert result.status is FetchStatus.OK
    assert server.requests_to("/old") == []
    assert result.feed is feed


# --- HTTP errors and hints ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "headers", "expected", "reason", "retry_after"),
    [
        pytest.param(404, {}, FetchStatus.GONE, "HTTP 404 Not Found", None, id="404-gone"),
        pytest.param(410, {}, FetchStatus.GONE, "HTTP 410 Gone", None, id="410-gone"),
        pytest.param(500, {}, FetchStatus.ERROR, "HTTP 500 Internal Server Error", None, id="500"),
        pytest.param(403, {}, FetchStatus.ERROR, "HTTP 403 Forbidden", None, id="403"),
        pytest.param(429, {"Retry-After": "120"}, FetchStatus.ERROR, "HTTP 429 Too Many Requests",
                     120.0, id="429-retry-after-seconds"),
        pytest.param(503, {"Retry-After": "soon"}, FetchStatus.ERROR,
                     "HTTP 503 Service Unavailable", None, id="503-bad-retry-after"),
        pytest.param(429, {}, FetchStatus.ERROR, "HTTP 429", None, id="429-no-retry-after"),
    ],
)
async def test_http_errors_are_values(server, status, headers, expected, reason, retry_after):
    server.fail("/feed", status, headers)
    result = await fetch(server, "/feed")
    assert result.status is expected
    assert result.failed
    assert result.http_status == status
    assert result.error.startswith(reason)
    assert result.retry_after == retry_after
    assert result.body is None


async def test_retry_after_http_date(server):
    when = email.utils.formatdate(time.time() + 3600, usegmt=True)
    server.fail("/feed", 503, {"Retry-After": when})
    result = await fetch(server, "/feed")
    assert result.status is FetchStatus.ERROR
    assert 3500 < result.retry_after <= 3600


# --- Timeouts, deadline and broken connections ---------------------------------------------------


@pytest.mark.parametrize("start", ["/slow", "/via-redirect"])
async def test_trickling_server_cut_off_by_the_deadline(server, start):
    # One byte every 50 ms: the read timeout never fires, the whole body would take minutes.
    server.trickle("/slow", BODY, interval=0.05)
    server.redirect("/via-redirect", "/slow", 302)
    started = time.monotonic()
    result = await fetch(server, start, timeout=0.5, deadline=1.0)
    took = time.monotonic() - started
    assert result.status is FetchStatus.ERROR
    assert "deadline" in result.error
    assert 0.9 < took < 2.0


async def test_stalled_server_hits_the_read_timeout(server):
    # (1 s, not less: on a loaded machine a loopback connect once took over 0.3 s and the
    # fetch failed on the connect timeout instead, stop 34)
    server.stall("/stall")
    result = await fetch(server, "/stall", timeout=1.0)
    assert result.status is FetchStatus.ERROR
    assert result.error == "read timeout: no data for 1s"


async def test_server_silent_before_headers_hits_the_read_timeout(server):
    server.stall("/mute", headers_first=False)
    result = await fetch(server, "/mute", timeout=0.3)
    assert result.status is FetchStatus.ERROR
    assert "timeout" in result.error


async def test_connection_refused_is_a_value():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again before the fetch: nobody listens
    async with fetcher() as f:
        result = await f.fetch(Feed(f"http://127.0.0.1:{port}/feed", "Nobody"))
    assert result.status is FetchStatus.ERROR
    assert result.error == "connection refused"


async def test_connection_reset_mid_body_is_a_value(server):
    server.reset_midbody("/reset", BODY * 50, after=1000)
    result = await fetch(server, "/reset")
    assert result.status is FetchStatus.ERROR
    assert "reset" in result.error or "closed early" in result.error


@pytest.mark.parametrize(
    "url",
    [
        pytest.param("ftp://example.org/feed.xml", id="ftp"),
        pytest.param("file:///etc/passwd", id="file"),
        pytest.param("http://[::1/feed", id="malformed"),
        pytest.param("http://127.0.0.1:99999/feed", id="bad-port"),
    ],
)
async def test_unusable_urls_are_errors_not_exceptions(url):
    async with fetcher() as f:
        result = await f.fetch(Feed(url, "Bad"))
    assert result.status is FetchStatus.ERROR
    assert "URL" in result.error


async def test_cancellation_propagates(server):
    server.stall("/stall")
    async with fetcher(timeout=30) as f:
        task = asyncio.create_task(f.fetch(Feed(server.url("/stall"), "Stall")))
        await asyncio.sleep(0.2)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task


# --- Concurrency limits --------------------------------------------------------------------------


class InFlight:
    """A route that holds each request briefly and records the most served at once."""

    def __init__(self, hold: float = 0.2):
        self.hold = hold
        self.now = 0
        self.most = 0
        self.lock = threading.Lock()

    def __call__(self, ex: Exchange) -> None:
        with self.lock:
            self.now += 1
            self.most = max(self.most, self.now)
        try:
            ex.wait(self.hold)
            ex.respond(200, BODY, {"Content-Type": "application/rss+xml"})
        finally:
            with self.lock:
                self.now -= 1


@pytest.mark.parametrize(
    ("concurrency", "per_host", "expected_most"),
    [
        pytest.param(16, 2, 2, id="per-host-limit"),
        pytest.param(3, 16, 3, id="overall-limit"),
    ],
)
async def test_concurrency_is_bounded(server, concurrency, per_host, expected_most):
    counter = server.route("/held", InFlight())
    async with fetcher(concurrency=concurrency, per_host=per_host) as f:
        results = await asyncio.gather(*(f.fetch(Feed(server.url(f"/held?n={i}"), f"F{i}"))
                                         for i in range(8)))
    assert all(r.status is FetchStatus.OK for r in results)
    assert counter.most == expected_most


async def test_feeds_queued_for_their_host_do_not_starve_other_hosts():
    """Six feeds on one busy host and one feed elsewhere, three overall slots, two per host:
    the four waiting for the busy host's slots must not hold overall slots meanwhile, so the
    other host's feed is fetched at once, not after the first busy fetch ends."""
    hold = 0.4
    with FeedServer() as busy, FeedServer() as other:
        counter = busy.route("/held", InFlight(hold=hold))
        other.serve("/feed", BODY)
        feeds = [Feed(busy.url(f"/held?n={i}"), f"Busy {i}") for i in range(6)]
        feeds.append(Feed(other.url("/feed"), "Other host"))
        async with fetcher(concurrency=3, per_host=2) as f:
            started = time.monotonic()
            results = await asyncio.gather(*(f.fetch(feed) for feed in feeds))
        (request,) = other.requests_to("/feed")
    assert all(r.status is FetchStatus.OK for r in results), [r.error for r in results]
    assert counter.most == 2  # the per-host bound still holds
    assert request.at - started < hold / 2, "the other host waited for a busy host's fetch"
