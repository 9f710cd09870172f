"""Feed bodies to `Story` values: feedparser, hardened.

`parse(body, feed, fetched_at=..., base_url=..., content_type=...)` is a pure function of its
inputs (safe to run in worker threads). It:

- decides the character encoding (a body that is valid UTF-8 is UTF-8 whatever the header
  claims; otherwise the HTTP charset, then the XML declaration, then feedparser's fallbacks) and
  re-encodes the body as UTF-8;
- removes any DOCTYPE internal subset and `<!ENTITY>` declaration from the prolog before the
  XML parser sees it, so an entity-expansion payload cannot expand (undefined references that
  remain are left as text by feedparser's lenient parser);
- hands feedparser bytes (never a URL) and the (now UTF-8) content type, but no
  Content-Location: feedparser would resolve opaque guids ("12345") against it too, making
  keys depend on the URL that answered. Links are resolved against `base_url` here instead,
  after feedparser applied any xml:base;
- accepts RSS 0.9x / 1.0 (RDF) / 2.0, Atom, and JSON Feed; tolerates ill-formed feeds that still
  yield entries (recorded as warnings); reports a body with no entries (HTML page, empty body,
  garbage) as `ParseResult(stories=(), error=...)`; an empty but valid feed is not an error.

Each entry becomes a `Story` with plain-text title and summary (HTML stripped, long summaries
cut at a word boundary), a canonical URL, a key stable across fetches (guid, else canonical
link, else a hash of the folded title and summary), an aware UTC publication time (the fetch
time, `dated=False`, when the feed gives none, one more than a day ahead, or one before 1995)
and a primary language subtag. This module does not fetch, match or store.
"""

from __future__ import annotations

import calendar
import hashlib
import io
import json
import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import feedparser
from feedparser.encodings import convert_to_utf8, parse_content_type

from monitor.models import Feed, ParseResult, Story
from monitor.normalize import canonical_url, fold, strip_html

SUMMARY_MAX = 2000  # characters
TITLE_MAX = 500  # characters
FUTURE_TOLERANCE = timedelta(days=1)  # a date further ahead than this is not believed
EARLIEST_DATE = datetime(1995, 1, 1, tzinfo=UTC)  # before this a date is a CMS default, not news
KEY_MAX = 512  # longer guids are replaced by their hash
UTF8_HEADER = "application/xml; charset=utf-8"
# Entries taken from one body, newest first. Real feeds carry 10 to a few hundred (the largest
# of the 200 in the real-feeds corpus: 1,046); storing one costs milliseconds (matching, dedupe,
# a transaction) on the single ingest worker, so a 10,000-entry dump would hold every other
# feed's stories back for a minute. The rest are counted in the result's warnings and logged.
MAX_ENTRIES = 1000
MOSTLY_UTF8 = 2  # valid multi-byte characters per invalid sequence for a UTF-8 body to be repaired

log = logging.getLogger(__name__)


def parse(body: bytes | None, feed: Feed, *, fetched_at: datetime, base_url: str | None = None,
          content_type: str | None = None) -> ParseResult:
    """Parse one fetched body of `feed` into stories. Never raises on bad input."""
    fetched_at = _aware(fetched_at)
    if not body or not body.strip():
        return ParseResult(stories=(), error="empty body")
    base = base_url or feed.url
    if _looks_like_json(body, content_type):
        return _parse_json_feed(body, feed, fetched_at, base)
    data, warnings = to_utf8(body, content_type)
    data, stripped = strip_dtd(data)
    if stripped:
        warnings.append("removed a DOCTYPE internal subset / ENTITY declarations")
        log.warning("feed %s: removed a DOCTYPE internal subset / ENTITY declarations "
                    "(never expanded)", feed.name)
    # No Content-Location on purpose: feedparser would resolve opaque guids ("12345") against
    # it too, making keys depend on the URL that answered. Links are resolved against `base`
    # below (xml:base inside the feed is still applied by feedparser first).
    parsed = feedparser.parse(io.BytesIO(data), response_headers={"content-type": UTF8_HEADER},
                              resolve_relative_uris=False, sanitize_html=False)
    if parsed.get("bozo"):
        warnings.append(f"not well-formed ({_one_line(parsed.get('bozo_exception'))}); "
                        "parsed leniently")
    channel = parsed.get("feed", {})
    feed_title = strip_html(channel.get("title")) or None
    entries = parsed.get("entries", [])
    if not entries:
        error = _no_entries_reason(data, parsed)
        return ParseResult(stories=(), feed_title=feed_title, ttl=_ttl(channel), error=error,
                           warnings=tuple(warnings))
    feed_language = _language(channel.get("language")) or _detail_language(channel, "title")
    entries = _newest(entries, _entry_date, feed, warnings)
    drafts = [_draft(entry, base) for entry in entries]
    stories = _build_stories(drafts, feed, fetched_at, feed_language or feed.language, warnings)
    _log_warnings(feed, warnings)
    return ParseResult(stories=tuple(stories), feed_title=feed_title, ttl=_ttl(channel),
                       warnings=tuple(warnings))


def _newest(items: list[Any], date_of: Callable[[Any], datetime | None], feed: Feed,
            warnings: list[str]) -> list[Any]:
    """At most `MAX_ENTRIES` of `items`: the newest by date (undated ones count as oldest,
    ties and undated keep the feed's order, usually newest first), in the feed's order. The
    rest are counted in `warnings` and logged."""
    if len(items) <= MAX_ENTRIES:
        return items
    dates = [date_of(item) for item in items]

    def rank(i: int) -> tuple[int, float, int]:
        date = dates[i]
        return (1, 0.0, i) if date is None else (0, -date.timestamp(), i)

    ranked = sorted(range(len(items)), key=rank)
    keep = sorted(ranked[:MAX_ENTRIES])
    skipped = len(items) - MAX_ENTRIES
    message = (f"{len(items):,} entries: only the newest {MAX_ENTRIES:,} processed, "
               f"{skipped:,} older ones skipped")
    warnings.append(message)
    log.warning("feed %s: %s", feed.name, message)
    return [items[i] for i in keep]


def _log_warnings(feed: Feed, warnings: list[str]) -> None:
    if warnings and log.isEnabledFor(logging.DEBUG):
        log.debug("feed %s: %s", feed.name, "; ".join(warnings))


# --- Encoding and DTD hardening --------------------------------------------------------------

_SINGLE_BYTE_NAMES = ("utf-8", "utf8", "us-ascii", "ascii")


def to_utf8(body: bytes, content_type: str | None) -> tuple[bytes, list[str]]:
    """`body` re-encoded as UTF-8 (with a matching XML declaration), and warnings.

    A body that decodes as strict UTF-8 is read as UTF-8 even when the header or the XML
    declaration names a legacy charset (a common server misconfiguration; genuine legacy text
    is practically never valid UTF-8); so is one that is UTF-8 but for a few invalid bytes
    (those become U+FFFD, see `_mostly_utf8`). Otherwise the HTTP charset wins, then the XML
    declaration, then feedparser's fallbacks. Byte order marks and UTF-16/32 are honoured.
    """
    warnings: list[str] = []
    _, charset = parse_content_type(content_type or "")
    if not body.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
        utf8 = _is_utf8(body)
        if not utf8 and (repaired := _mostly_utf8(body)) is not None:
            body, bad = repaired
            utf8 = True
            warnings.append(f"{bad} invalid UTF-8 byte sequence(s) in a UTF-8 body; replaced "
                            "with U+FFFD")
        if utf8:
            if charset and charset.lower() not in _SINGLE_BYTE_NAMES:
                warnings.append(f"declared charset {charset!r} but the body is UTF-8; "
                                "read as UTF-8")
            charset = "utf-8"
    headers = {"content-type": f"application/xml; charset={charset}" if charset
               else "application/xml"}
    info: dict[str, Any] = {}
    data = convert_to_utf8(headers, body, info)
    if not info.get("encoding"):
        warnings.append("character encoding unknown; undecodable bytes replaced")
        return body.decode("utf-8", "replace").encode("utf-8"), warnings
    if info.get("bozo"):
        warnings.append(_one_line(info.get("bozo_exception")))
    return data, warnings


def _mostly_utf8(data: bytes) -> tuple[bytes, int] | None:
    """A body that is UTF-8 but for a few invalid bytes (one item pasted in Latin-1, a cut
    multi-byte character), repaired with U+FFFD, and how many sequences were replaced; None
    when most of its non-ASCII text is not UTF-8 (a legacy encoding: cp1251, Latin-1 ...).

    Reading such a body in a legacy encoding would garble every umlaut and every Cyrillic
    letter in the feed for the sake of the few bad bytes. Single-byte legacy text (Latin-1,
    cp1251, KOI8-R) almost never forms a valid UTF-8 sequence; multi-byte and Thai ones
    (EUC-JP, EUC-KR, GB2312, Big5, Shift-JIS, TIS-620) do, up to 0.4 valid per invalid one in
    feedparser's samples. So a body is taken as UTF-8 when its valid multi-byte characters
    outnumber its invalid sequences at least `MOSTLY_UTF8` to one. Bodies with NUL bytes
    (UTF-16/32 without a byte order mark) are left alone."""
    if b"\x00" in data:
        return None
    text = data.decode("utf-8", "replace")
    replaced = text.count("\ufffd") - data.count("\ufffd".encode())
    valid = len(text) - len(text.encode("ascii", "ignore")) - text.count("\ufffd")
    if replaced <= 0 or valid < MOSTLY_UTF8 * replaced:
        return None
    return text.encode("utf-8"), replaced


def _is_utf8(data: bytes) -> bool:
    """Strict UTF-8 without NUL bytes (UTF-16/32 text is often valid UTF-8 byte-wise)."""
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


_PROLOG_TOKEN = re.compile(rb"<(\?|!--|!DOCTYPE|!ENTITY|!)?", re.IGNORECASE)
_SUBSET_TOKEN = re.compile(rb"[\"'\]]|<!--")
_DECL_TOKEN = re.compile(rb"[\"'>]")


def strip_dtd(data: bytes) -> tuple[bytes, bool]:
    """Remove DOCTYPE internal subsets and ENTITY declarations from the prolog.

    `<!DOCTYPE rss PUBLIC "..." "..." [ ... ]>` becomes `<!DOCTYPE rss PUBLIC "..." "...">`
    (feedparser still sees e.g. the Netscape RSS 0.91 doctype); stray `<!ENTITY ...>`
    declarations are dropped. The scan stops at the first element, so content is untouched.
    Returns the data and whether anything was removed.
    """
    if b"<!" not in data:
        return data, False
    pieces: list[bytes] = []
    copied = 0  # data[copied:] is not yet in `pieces`
    pos = 0
    while (m := _PROLOG_TOKEN.search(data, pos)) is not None:
        kind = (m.group(1) or b"").upper()
        if kind == b"?":
            pos = _find_end(data, b"?>", m.end())
        elif kind == b"!--":
            pos = _find_end(data, b"-->", m.end())
        elif kind == b"!DOCTYPE":
            pos, subset = _doctype_extent(data, m.end())
            if subset is not None:
                pieces.append(data[copied:subset[0]].rstrip() + b">")
                copied = pos
        elif kind == b"!ENTITY":
            pieces.append(data[copied:m.start()])
            pos = copied = _declaration_end(data, m.end())
        elif kind == b"!":
            pos = _declaration_end(data, m.end())
        else:
            break  # the first element: the prolog is over
    if not pieces:
        return data, False
    pieces.append(data[copied:])
    return b"".join(pieces), True


def _find_end(data: bytes, terminator: bytes, start: int) -> int:
    index = data.find(terminator, start)
    return len(data) if index < 0 else index + len(terminator)


def _skip_quoted(data: bytes, quote_at: int) -> int:
    """Index after the closing quote of the quoted string starting at `quote_at`."""
    quote = data[quote_at:quote_at + 1]
    end = data.find(quote, quote_at + 1)
    return len(data) if end < 0 else end + 1


def _declaration_end(data: bytes, start: int) -> int:
    """Index after the `>` closing a markup declaration (quotes respected)."""
    pos = start
    while True:
        m = _DECL_TOKEN.search(data, pos)
        if m is None:
            return len(data)
        if m.group() == b">":
            return m.end()
        pos = _skip_quoted(data, m.start())


def _doctype_extent(data: bytes, start: int) -> tuple[int, tuple[int, int] | None]:
    """End of a DOCTYPE declaration, and the span of its internal subset `[...]` if any."""
    pos = start
    token = re.compile(rb"[\"'\[>]")
    while True:
        m = token.search(data, pos)
        if m is None:
            return len(data), None
        char = m.group()
        if char == b">":
            return m.end(), None
        if char == b"[":
            subset_start = m.start()
            subset_end = _subset_end(data, m.end())
            end = _find_end(data, b">", subset_end)
            return end, (subset_start, end)
        pos = _skip_quoted(data, m.start())


def _subset_end(data: bytes, start: int) -> int:
    """Index after the `]` closing an internal subset (quotes and comments respected)."""
    pos = start
    while True:
        m = _SUBSET_TOKEN.search(data, pos)
        if m is None:
            return len(data)
        token = m.group()
        if token == b"]":
            return m.end()
        if token == b"<!--":
            pos = _find_end(data, b"-->", m.end())
        else:
            pos = _skip_quoted(data, m.start())


# --- Entries to stories ----------------------------------------------------------------------


class _Draft:
    """What one entry gave, before keys are settled across the whole body."""

    __slots__ = ("guid", "language", "published", "summary", "title", "url")

    def __init__(self, title: str, summary: str, url: str | None, guid: str | None,
                 published: datetime | None, language: str | None):
        self.title, self.summary, self.url = title, summary, url
        self.guid, self.published, self.language = guid, published, language


def _draft(entry: Mapping[str, Any], base: str) -> _Draft:
    return _Draft(
        title=_cap(strip_html(entry.get("title")), TITLE_MAX),
        summary=_cap(strip_html(_summary_html(entry)), SUMMARY_MAX),
        url=canonical_url(_link(entry), base),
        guid=_clean_guid(entry.get("id")),
        published=_entry_date(entry),
        language=(_language(entry.get("language")) or _detail_language(entry, "title")
                  or _detail_language(entry, "summary")),
    )


def _build_stories(drafts: list[_Draft], feed: Feed, fetched_at: datetime,
                   default_language: str | None, warnings: list[str]) -> list[Story]:
    guid_counts = Counter(d.guid for d in drafts if d.guid)
    shared = {g for g, n in guid_counts.items() if n > 1}
    if shared:
        warnings.append(f"{len(shared)} guid(s) shared by several entries; those keyed by link")
    stories: list[Story] = []
    seen: set[str] = set()
    skipped_empty = duplicates = 0
    for draft in drafts:
        if not draft.title and not draft.summary:
            skipped_empty += 1
            continue
        guid = draft.guid if draft.guid not in shared else None
        key = guid or draft.url or content_key(draft.title, draft.summary)
        if key in seen:
            duplicates += 1
            continue
        seen.add(key)
        published, dated = _believable(draft.published, fetched_at)
        stories.append(Story(
            feed_url=feed.url, outlet=feed.name, key=key, title=draft.title,
            summary=draft.summary, published=published, url=draft.url, guid=draft.guid,
            language=draft.language or default_language, dated=dated,
        ))
    if skipped_empty:
        warnings.append(f"{skipped_empty} entries without title or summary skipped")
    if duplicates:
        warnings.append(f"{duplicates} repeated entries dropped")
    return stories


def content_key(title: str, summary: str) -> str:
    """The key of an entry with neither guid nor link: a hash of its folded text."""
    text = fold(title) + "\n" + fold(summary)
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def _clean_guid(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    guid = value.strip()
    if not guid:
        return None
    if len(guid) > KEY_MAX:
        return "sha256:" + hashlib.sha256(guid.encode("utf-8")).hexdigest()
    return guid


def _link(entry: Mapping[str, Any]) -> str | None:
    link = entry.get("link")
    if link and entry.get("guidislink") and link == entry.get("id") and ":" not in link:
        return None  # feedparser copied an opaque guid ("12345") into the link: not a URL
    if link:
        return link
    for candidate in entry.get("links", []) or []:
        if candidate.get("href") and candidate.get("rel", "alternate") == "alternate":
            return candidate["href"]
    return None


def _summary_html(entry: Mapping[str, Any]) -> str:
    summary = entry.get("summary")
    if summary:
        return summary
    for content in entry.get("content", []) or []:
        if content.get("value"):
            return content["value"]
    return ""


def _cap(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters at a word boundary, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-") + "…"


def _entry_date(entry: Mapping[str, Any]) -> datetime | None:
    for name in ("published_parsed", "updated_parsed", "created_parsed"):
        value = dict.get(entry, name)  # plain lookup: no feedparser key aliasing
        if value:
            try:
                return datetime.fromtimestamp(calendar.timegm(value), UTC)
            except (OverflowError, ValueError, OSError, TypeError):
                continue
    return None


def _believable(published: datetime | None, fetched_at: datetime) -> tuple[datetime, bool]:
    """The story's time: the feed's when plausible, else the fetch time (undated)."""
    if published is None or published > fetched_at + FUTURE_TOLERANCE or published < EARLIEST_DATE:
        return fetched_at, False
    return published, True


_LANGUAGE_TAG = re.compile(r"^\s*([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*\s*$")


def _language(value: Any) -> str | None:
    """A language tag reduced to its lower-case primary subtag ("de-DE" -> "de")."""
    if not isinstance(value, str):
        return None
    m = _LANGUAGE_TAG.match(value)
    return m.group(1).lower() if m else None


def _detail_language(entry: Mapping[str, Any], name: str) -> str | None:
    detail = entry.get(f"{name}_detail")
    return _language(detail.get("language")) if isinstance(detail, Mapping) else None


def _ttl(channel: Mapping[str, Any]) -> int | None:
    """RSS `<ttl>` (minutes) in seconds; None when absent or not a positive number."""
    value = channel.get("ttl")
    try:
        minutes = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return minutes * 60 if minutes > 0 else None


# --- Errors --------------------------------------------------------------------------------

_HTML_START = re.compile(rb"<(?:!doctype\s+html|html[\s>])", re.IGNORECASE)


def _no_entries_reason(data: bytes, parsed: Mapping[str, Any]) -> str | None:
    """Why a body gave no entries, or None for a valid feed that is simply empty."""
    if parsed.get("version"):
        return None
    if _HTML_START.search(data[:4096]):
        return "not a feed: the body is an HTML page"
    detail = parsed.get("bozo_exception")
    suffix = f" ({_one_line(detail)})" if detail else ""
    return f"not a feed: no RSS, Atom or JSON Feed document found{suffix}"


def _one_line(value: Any, limit: int = 200) -> str:
    text = " ".join(str(value).split()) or type(value).__name__
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


# --- JSON Feed (https://www.jsonfeed.org/version/1.1/) -----------------------------------------


def _looks_like_json(body: bytes, content_type: str | None) -> bool:
    head = body.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    mime, _ = parse_content_type(content_type or "")
    return head == b"{" or (mime.endswith("json") and head in (b"{", b"["))


def _parse_json_feed(body: bytes, feed: Feed, fetched_at: datetime, base: str) -> ParseResult:
    try:
        document = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        return ParseResult(stories=(), error=f"not a feed: invalid JSON ({_one_line(exc)})")
    if not isinstance(document, dict) or "jsonfeed.org" not in str(document.get("version", "")):
        return ParseResult(stories=(), error="not a feed: JSON without a JSON Feed version")
    items = document.get("items")
    items = items if isinstance(items, list) else []
    feed_language = _language(document.get("language"))
    warnings: list[str] = []
    items = _newest([item for item in items if isinstance(item, dict)], _json_date, feed, warnings)
    drafts = [_json_draft(item, base) for item in items]
    stories = _build_stories(drafts, feed, fetched_at, feed_language or feed.language, warnings)
    _log_warnings(feed, warnings)
    title = document.get("title")
    feed_title = strip_html(title) if isinstance(title, str) else None
    return ParseResult(stories=tuple(stories), feed_title=feed_title or None,
                       warnings=tuple(warnings))


def _json_draft(item: Mapping[str, Any], base: str) -> _Draft:
    link = item.get("url") or item.get("external_url")
    summary = _first_text(item.get(k) for k in ("summary", "content_html", "content_text"))
    guid = item.get("id")
    return _Draft(
        title=_cap(strip_html(_first_text([item.get("title")])), TITLE_MAX),
        summary=_cap(strip_html(summary), SUMMARY_MAX),
        url=canonical_url(link, base) if isinstance(link, str) else None,
        guid=_clean_guid(str(guid) if isinstance(guid, int | str) else None),
        published=_json_date(item),
        language=_language(item.get("language")),
    )


def _json_date(item: Mapping[str, Any]) -> datetime | None:
    return _iso_date(item.get("date_published")) or _iso_date(item.get("date_modified"))


def _first_text(values: Iterable[Any]) -> str:
    return next((v for v in values if isinstance(v, str) and v.strip()), "")


def _iso_date(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return _aware(datetime.fromisoformat(value.strip()))
    except (ValueError, OverflowError):  # OverflowError: year 1 or 9999 moved to UTC
        return None
