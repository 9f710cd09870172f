"""The feed list: a TOML file of `[[feed]]` tables, and OPML import/export.

- `load(path)` reads and validates the feed list and returns `Feed` values. Every problem
  (unknown keys, missing url/name, non-http URL, duplicate URLs compared in canonical form, bad
  interval or language, TOML syntax) is collected and raised at once as one `FeedListError`
  naming the file, the entry (index, url and line) and the problem.
- `parse_opml(data)` reads feeds out of an OPML document (nested categories flattened; a
  DOCTYPE or ENTITY declaration is rejected before anything is expanded).
- `merge(path, feeds)` appends the feeds not yet listed to the end of the file's text, so
  comments and order survive; `to_opml(feeds)` writes OPML 2.0.

OPML has no words for a feed's poll interval or for a feed that is listed but switched off, so
the export writes them as attributes in this program's own namespace (`OPML_NS`), which OPML 2.0
allows and other readers ignore: `monitor:enabled="false"` and `monitor:interval="10m"` (only
where they differ from the defaults). Disabled feeds are exported rather than left out: the
export is also how a feed list moves between installations, and a feed left out would be lost,
along with the decision to switch it off. The import reads both back.

This module reads and writes the feed list file only; it does not fetch anything.
"""

from __future__ import annotations

import os
import re
import tempfile
import tomllib
import xml.parsers.expat
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from xml.etree import ElementTree

from monitor.config import parse_duration
from monitor.models import DEFAULT_INTERVAL_SECONDS, Feed
from monitor.normalize import canonical_url

KNOWN_KEYS = ("url", "name", "language", "interval", "enabled")
OPML_NS = "urn:x-monitor:opml"  # the namespace of monitor's own OPML attributes
OPML_PREFIX = "monitor"
MIN_INTERVAL_SECONDS = 10
MAX_INTERVAL_SECONDS = 7 * 86400
_LANGUAGE = re.compile(r"^([A-Za-z]{2})(?:[-_][A-Za-z0-9]{1,8})*$")
_FEED_HEADER = re.compile(r"^[ \t]*\[\[[ \t]*feed[ \t]*\]\]", re.MULTILINE)


class FeedListError(Exception):
    """The feed list (or an OPML file) is unusable. `problems` holds one line per problem."""

    def __init__(self, path: str | os.PathLike[str], problems: list[str]):
        self.path = str(path)
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"{self.path}: invalid feed list:\n{lines}")


# --- Loading --------------------------------------------------------------------------------


def load(path: str | os.PathLike[str], *, default_interval: int | None = None) -> list[Feed]:
    """Read and validate the feed list at `path`. Raises `FeedListError` listing every problem.

    `default_interval` (seconds) applies to entries without an `interval`; it defaults to
    `models.DEFAULT_INTERVAL_SECONDS`.
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FeedListError(path, ["file not found"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise FeedListError(path, [f"cannot read: {exc}"]) from None
    return loads(text, path, default_interval=default_interval)


def loads(text: str, path: str | os.PathLike[str] = "<feed list>", *,
          default_interval: int | None = None) -> list[Feed]:
    """Like `load`, for feed list text already in memory (`path` names it in errors)."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise FeedListError(path, [f"TOML syntax error: {exc}"]) from None
    default = DEFAULT_INTERVAL_SECONDS if default_interval is None else int(default_interval)
    problems: list[str] = []
    for key in document:
        if key != "feed":
            problems.append(f"unknown top-level key {key!r} (expected only [[feed]] tables)")
    entries = document.get("feed", [])
    if not isinstance(entries, list):
        problems.append("'feed' must be a list of [[feed]] tables")
        entries = []
    lines = _entry_lines(text)
    feeds: list[Feed] = []
    seen: dict[str, str] = {}  # canonical url -> label of its first entry
    for index, entry in enumerate(entries, start=1):
        line = lines[index - 1] if len(lines) == len(entries) else None
        feed, entry_problems = _validate_entry(entry, default)
        label = _entry_label(index, entry, line)
        problems.extend(f"{label}: {p}" for p in entry_problems)
        if feed is None:
            continue
        key = feed_key(feed.url)
        if key in seen:
            problems.append(f"{label}: duplicate URL, already listed as {seen[key]}")
            continue
        seen[key] = label
        feeds.append(feed)
    if problems:
        raise FeedListError(path, problems)
    return feeds


def feed_key(url: str) -> str:
    """The form two feed URLs are compared in (canonical URL, else the stripped text)."""
    return canonical_url(url) or url.strip()


def _entry_lines(text: str) -> list[int]:
    """Line numbers of the `[[feed]]` headers, in order (used to point at entries)."""
    return [text.count("\n", 0, m.start()) + 1 for m in _FEED_HEADER.finditer(text)]


def _entry_label(index: int, entry: Any, line: int | None) -> str:
    parts = [f"feed #{index}"]
    if line is not None:
        parts.append(f"line {line}")
    if isinstance(entry, Mapping) and isinstance(entry.get("url"), str):
        parts.append(entry["url"])
    return f"{parts[0]} ({', '.join(parts[1:])})" if len(parts) > 1 else parts[0]


def _validate_entry(entry: Any, default_interval: int) -> tuple[Feed | None, list[str]]:
    if not isinstance(entry, Mapping):
        return None, ["must be a table with url and name"]
    problems = [f"unknown key {key!r} (known: {', '.join(KNOWN_KEYS)})"
                for key in entry if key not in KNOWN_KEYS]
    url = _check_url(entry.get("url"), problems)
    name = _check_name(entry.get("name"), problems)
    language = _check_language(entry.get("language"), problems)
    interval = _check_interval(entry.get("interval"), default_interval, problems)
    enabled = entry.get("enabled", True)
    if not isinstance(enabled, bool):
        problems.append(f"enabled must be true or false, got {enabled!r}")
    if problems:
        return None, problems
    return Feed(url=url, name=name, language=language, interval=interval, enabled=enabled), []


def _check_url(value: Any, problems: list[str]) -> str:
    if value is None:
        problems.append("missing url")
        return ""
    if not isinstance(value, str):
        problems.append(f"url must be a string, got {value!r}")
        return ""
    url = value.strip()
    reason = url_problem(url)
    if reason:
        problems.append(reason)
    return url


def url_problem(url: str) -> str | None:
    """Why `url` cannot be a feed URL, or None when it can."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises ValueError on a bad port)
    except ValueError:
        return f"not a valid URL: {url!r}"
    if parts.scheme.lower() not in ("http", "https"):
        return f"not an http(s) URL: {url!r}"
    if not parts.hostname:
        return f"URL has no host: {url!r}"
    if any(c.isspace() for c in url):
        return f"URL contains whitespace: {url!r}"
    return None


def _check_name(value: Any, problems: list[str]) -> str:
    if value is None:
        problems.append("missing name")
        return ""
    if not isinstance(value, str) or not value.strip():
        problems.append(f"name must be a non-empty string, got {value!r}")
        return ""
    return " ".join(value.split())


def _check_language(value: Any, problems: list[str]) -> str | None:
    if value is None:
        return None
    language = primary_language(value) if isinstance(value, str) else None
    if language is None:
        problems.append(f"language must be an ISO 639-1 code such as \"de\", got {value!r}")
    return language


def primary_language(value: str | None) -> str | None:
    """`"de-DE"` -> `"de"`; None for anything that is not a two-letter language tag."""
    if not value:
        return None
    m = _LANGUAGE.match(value.strip())
    return m.group(1).lower() if m else None


def _check_interval(value: Any, default: int, problems: list[str]) -> int:
    if value is None:
        return default
    try:
        seconds = parse_interval(value)
    except ValueError as exc:
        problems.append(f"bad interval: {exc}")
        return default
    return seconds


def parse_interval(value: Any) -> int:
    """A feed's interval: whole seconds (a number) or a duration string ("90s", "10m", "1h")."""
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a duration")
    if isinstance(value, int | float):
        seconds = float(value)
    elif isinstance(value, str):
        seconds = parse_duration(value).total_seconds()
    else:
        raise ValueError(f"{value!r} is not a duration (use e.g. \"10m\" or 600)")
    if not MIN_INTERVAL_SECONDS <= seconds <= MAX_INTERVAL_SECONDS:
        raise ValueError(f"{value!r} is out of range (allowed {MIN_INTERVAL_SECONDS}s to "
                         f"{MAX_INTERVAL_SECONDS // 86400}d)")
    return round(seconds)


def format_interval(seconds: int) -> str:
    """600 -> "10m", 5400 -> "90m", 7200 -> "2h", 45 -> "45s" (the shortest exact form)."""
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


# --- OPML -----------------------------------------------------------------------------------


@dataclass(slots=True)
class OpmlFeeds:
    """What an OPML document held: usable feeds, and outlines that could not be used (why).
    `timed`: URLs of the feeds whose outline gave an interval (kept in the feed list even when
    it equals the default, which may differ where it is imported)."""

    feeds: list[Feed] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    timed: set[str] = field(default_factory=set)


class _ForbiddenDeclaration(Exception):
    pass


def parse_opml(data: bytes, source: str = "<opml>") -> OpmlFeeds:
    """Feeds from an OPML document: every `<outline>` with an `xmlUrl`, at any depth, with
    `monitor:enabled` / `monitor:interval` when present (any prefix bound to `OPML_NS`).

    Raises `FeedListError` for malformed XML, a document that is not OPML, or one with a
    DOCTYPE/ENTITY declaration (refused before any entity could be expanded).
    """
    result = OpmlFeeds()
    state = {"root": None, "in_body": False}
    prefixes: set[str] = set()  # bound to OPML_NS (scoping ignored: one vocabulary)
    parser = xml.parsers.expat.ParserCreate()
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def forbid(*_args: Any) -> None:
        raise _ForbiddenDeclaration

    def start(tag: str, attrs: dict[str, str]) -> None:
        prefixes.update(name[6:].lower() for name, value in attrs.items()
                        if name.startswith("xmlns:") and value.strip() == OPML_NS)
        if state["root"] is None:
            state["root"] = tag
        if tag == "body":
            state["in_body"] = True
        elif tag == "outline" and state["in_body"]:
            _read_outline(attrs, result, prefixes)

    parser.StartDoctypeDeclHandler = forbid
    parser.EntityDeclHandler = forbid
    parser.StartElementHandler = start
    try:
        parser.Parse(data, True)
    except _ForbiddenDeclaration:
        raise FeedListError(source, ["OPML with a DOCTYPE or ENTITY declaration is not accepted"]
                            ) from None
    except xml.parsers.expat.ExpatError as exc:
        raise FeedListError(source, [f"not well-formed XML: {exc}"]) from None
    if state["root"] != "opml":
        raise FeedListError(source, [f"not an OPML document (root element {state['root']!r})"])
    return result


def _read_outline(attrs: dict[str, str], result: OpmlFeeds, prefixes: set[str]) -> None:
    lowered = {k.lower(): v for k, v in attrs.items()}
    url = (lowered.get("xmlurl") or "").strip()
    if not url:
        return  # a category (or a plain outline): its children are read on their own
    name = " ".join((lowered.get("title") or lowered.get("text") or "").split())
    reason = url_problem(url)
    if reason:
        result.rejected.append(f"{name or url}: {reason}")
        return
    if not name:
        name = urlsplit(url).hostname or url
    language = primary_language(lowered.get("language"))
    own = {key.split(":", 1)[1]: value for key, value in lowered.items()
           if ":" in key and key.split(":", 1)[0] in prefixes}
    enabled, interval = True, DEFAULT_INTERVAL_SECONDS
    try:
        if "enabled" in own:
            enabled = _opml_bool(own["enabled"])
        if "interval" in own:
            interval = parse_interval(own["interval"].strip())
            result.timed.add(url)
    except ValueError as exc:
        result.rejected.append(f"{name}: {exc}")
        return
    result.feeds.append(Feed(url=url, name=name, language=language, interval=interval,
                             enabled=enabled))


def _opml_bool(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in ("true", "1"):
        return True
    if lowered in ("false", "0"):
        return False
    raise ValueError(f"{OPML_PREFIX}:enabled must be true or false, got {value!r}")


def to_opml(feeds: Iterable[Feed], *, title: str = "monitor feeds",
            now: datetime | None = None, default_interval: int | None = None) -> bytes:
    """OPML 2.0 for `feeds` (UTF-8, escaped by the XML writer). A disabled feed carries
    `monitor:enabled="false"`, a feed whose interval is not `default_interval` (the default in
    effect where the list was loaded; `models.DEFAULT_INTERVAL_SECONDS` unless given)
    `monitor:interval`; the namespace is declared only when one of them is written."""
    default = DEFAULT_INTERVAL_SECONDS if default_interval is None else int(default_interval)
    root = ElementTree.Element("opml", version="2.0")
    head = ElementTree.SubElement(root, "head")
    ElementTree.SubElement(head, "title").text = title
    ElementTree.SubElement(head, "dateCreated").text = format_datetime(now or datetime.now(UTC),
                                                                        usegmt=True)
    body = ElementTree.SubElement(root, "body")
    own_attributes = False
    for feed in feeds:
        attrs = {"type": "rss", "text": feed.name, "title": feed.name, "xmlUrl": feed.url}
        if feed.language:
            attrs["language"] = feed.language
        own = {}
        if not feed.enabled:
            own["enabled"] = "false"
        if feed.interval != default:
            own["interval"] = format_interval(feed.interval)
        attrs.update((f"{OPML_PREFIX}:{key}", value) for key, value in own.items())
        own_attributes = own_attributes or bool(own)
        ElementTree.SubElement(body, "outline", attrs)
    if own_attributes:
        root.set(f"xmlns:{OPML_PREFIX}", OPML_NS)
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


# --- Merging into the feed list file ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MergeResult:
    added: tuple[Feed, ...]
    skipped: tuple[tuple[Feed, str], ...]  # (feed, reason)


def merge(path: str | os.PathLike[str], feeds: Iterable[Feed], *,
          timed: Collection[str] = ()) -> MergeResult:
    """Append the feeds whose canonical URL is not yet listed to the end of the file's text.

    Comments and order of the existing file survive. The file is created when missing; an
    existing file must be a valid feed list (else `FeedListError`). The result is validated
    before it replaces the file (atomically). Feeds whose URL is in `timed` keep their
    interval in the file even when it is the default (see `OpmlFeeds.timed`).
    """
    target = Path(path)
    text = target.read_text(encoding="utf-8") if target.exists() else _NEW_FILE_HEADER
    existing = loads(text, path)
    listed = {feed_key(f.url) for f in existing}
    added: list[Feed] = []
    skipped: list[tuple[Feed, str]] = []
    for feed in feeds:
        key = feed_key(feed.url)
        if key in listed:
            skipped.append((feed, "already listed"))
            continue
        listed.add(key)
        added.append(feed)
    if added:
        new_text = text if text.endswith("\n") or not text else text + "\n"
        new_text += "".join(toml_block(f, interval=f.url in timed) for f in added)
        loads(new_text, path)  # never write a file we could not read back
        _write_atomically(target, new_text)
    elif not target.exists():
        _write_atomically(target, text)
    return MergeResult(tuple(added), tuple(skipped))


_NEW_FILE_HEADER = """\
# Feed list for monitor (see seeds/feeds.toml for the documented format).
"""


def toml_block(feed: Feed, *, interval: bool = False) -> str:
    """One `[[feed]]` table for `feed`, preceded by a blank line; the interval is written when
    it is not the default, or always with `interval=True`."""
    lines = ["", "[[feed]]", f"url = {toml_string(feed.url)}", f"name = {toml_string(feed.name)}"]
    if feed.language:
        lines.append(f"language = {toml_string(feed.language)}")
    if interval or feed.interval != DEFAULT_INTERVAL_SECONDS:
        lines.append(f"interval = {toml_string(format_interval(feed.interval))}")
    if not feed.enabled:
        lines.append("enabled = false")
    return "\n".join(lines) + "\n"


_TOML_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f",
                 "\r": "\\r"}


def toml_string(value: str) -> str:
    """`value` as a TOML basic string (quotes, backslashes and control characters escaped)."""
    out = []
    for char in value:
        if char in _TOML_ESCAPES:
            out.append(_TOML_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _write_atomically(target: Path, text: str) -> None:
    handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent or ".")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.chmod(temp, target.stat().st_mode & 0o777 if target.exists() else 0o644)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
