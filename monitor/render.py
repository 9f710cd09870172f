"""Message text: alerts, burst summaries and notices in Telegram HTML, and a plain-text twin.

Pure functions, no I/O. Every piece of feed text is escaped (`<`, `>`, `&`; link targets also
quotes) and only http(s) links are ever made, so a hostile headline cannot inject markup.
Every message fits Telegram's 4096-character limit whatever the input. We measure in UTF-16
code units (how Telegram counts: an emoji outside the BMP counts 2) over the whole HTML source,
tags included: stricter than Telegram's count after entity parsing, so always safe. Text is
cut as plain text *before* escaping, so a cut never falls inside an entity or a tag, and never
between the halves of an emoji sequence (ZWJ, skin tone, flag, variation selector).

An alert leaves `ALSO_RESERVE` units free so that a later edit can append the "also:" line
listing the other outlets that reported the story (`with_also`).

`plain` turns the HTML made here back into readable text for printing (`notify.PrintSender`).

What this does not do: decide which alerts exist (`alerts`), or send them (`notify`).
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from urllib.parse import urlsplit

from monitor.models import Member, Story, TopicMatch

MAX_MESSAGE = 4096  # Telegram's limit for one text message
ALSO_RESERVE = 400  # kept free in every alert for the "also:" line of later edits
ALERT_LIMIT = MAX_MESSAGE - ALSO_RESERVE
SUMMARY_CHARS = 500  # plain characters of the story's summary shown in an alert
MIN_SUMMARY = 60  # below this much room, drop the summary rather than show a stub
MAX_URL = 1024  # UTF-16 units of an escaped href; longer ones are not linked (they would eat
# the message: escaping makes a `"` six units and an `&` five)
MIN_TITLE = 200  # an alert whose headline would get less room than this drops the link instead
MAX_TOPIC_CHARS = 64
MAX_OUTLET_CHARS = 80
MAX_TERM_CHARS = 60
MAX_TERMS_PER_TOPIC = 8
HEADER_BUDGET = 400  # the topic line
WHY_BUDGET = 600  # the "matched:" line
TAGS_BUDGET = 300  # the hashtag line
SUMMARY_TITLE_CHARS = 200  # a headline inside a burst summary
ELLIPSIS = "…"

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# C0/C1 controls (except tab and newline), which Telegram rejects or shows as boxes; bidi
# embeddings, overrides and isolates, with which a headline could reorder the rest of the
# message (right-to-left text needs none of them); Unicode line and paragraph separators.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")
_SPACES = re.compile(r"[ \t\r\f\v]+")
_HASHTAG_JUNK = re.compile(r"[^\w]+")
_ZWJ = "\u200d"


@dataclass(frozen=True, slots=True)
class Headline:
    """One story as listed in a burst summary."""

    title: str
    url: str | None
    outlet: str
    published: datetime


# --- measuring, cleaning, escaping -----------------------------------------------------------

def tg_len(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def clean(text: str | None) -> str:
    """Feed text made safe to send: no control or bidi-override characters, no lone
    surrogates (which cannot be encoded), runs of spaces collapsed, trimmed. Newlines are
    kept."""
    if not text:
        return ""
    text = _LONE_SURROGATE.sub("\ufffd", text)
    text = _CONTROL.sub(" ", text.replace("\r\n", "\n"))
    return _SPACES.sub(" ", text).strip()


def one_line(text: str | None) -> str:
    return " ".join(clean(text).split())


def escape(text: str) -> str:
    """Plain text to Telegram HTML text (quotes left alone: only attributes need them)."""
    return html.escape(text, quote=False)


def safe_href(url: str | None) -> str | None:
    """An attribute-escaped http(s) URL, or None when it must not be linked (not http(s), or
    longer than `MAX_URL` once escaped)."""
    if not url:
        return None
    url = url.strip()
    if len(url) > MAX_URL or any(ch.isspace() or ord(ch) < 32 for ch in url):
        return None  # (escaping never shortens: too long already)
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    href = html.escape(_LONE_SURROGATE.sub("", url), quote=True)
    return href if tg_len(href) <= MAX_URL else None


def link(text_html: str, url: str | None) -> str:
    href = safe_href(url)
    return f'<a href="{href}">{text_html}</a>' if href else text_html


def hashtag(topic: str) -> str:
    """A topic id as a Telegram hashtag: word characters only (`tomahawk-decision` ->
    `#tomahawk_decision`); one that would be all digits gets a `t_` prefix so it still links."""
    body = _HASHTAG_JUNK.sub("_", one_line(topic)).strip("_")[:MAX_TOPIC_CHARS]
    if not body or body.isdigit():
        body = f"t_{body}"
    return f"#{body}"


def local_time(when: datetime, tz: tzinfo) -> str:
    """`12 Feb 2026, 14:05 CET`, in `tz`, independent of the process locale."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    local = when.astimezone(tz)
    zone = local.tzname() or ""
    return f"{local.day} {_MONTHS[local.month - 1]} {local.year}, {local:%H:%M} {zone}".rstrip()


# --- cutting ---------------------------------------------------------------------------------

def _joins_previous(ch: str) -> bool:
    """Characters that belong to the character before them (cutting before them would split
    an emoji sequence or an accented letter)."""
    cp = ord(ch)
    return (ch == _ZWJ or unicodedata.combining(ch) != 0 or 0xFE00 <= cp <= 0xFE0F
            or 0x1F3FB <= cp <= 0x1F3FF or 0xE0020 <= cp <= 0xE007F)


def _is_regional(ch: str) -> bool:
    return 0x1F1E6 <= ord(ch) <= 0x1F1FF


def _safe_end(text: str, end: int) -> int:
    """Move a cut position left until it falls between two whole user-visible characters."""
    while end > 0 and (
        (end < len(text) and _joins_previous(text[end])) or text[end - 1] == _ZWJ
    ):
        end -= 1
    run = 0  # flags are pairs of regional indicators: never keep half of one
    while run < end and _is_regional(text[end - 1 - run]):
        run += 1
    if run % 2 and end < len(text) and _is_regional(text[end]):
        end -= 1
    return end


def fit(text: str, budget: int) -> str:
    """Escaped HTML of the longest prefix of plain `text` that fits `budget` UTF-16 units,
    with an ellipsis when cut (at a word boundary when one is near). Empty if nothing fits."""
    escaped = escape(text)
    if tg_len(escaped) <= budget:
        return escaped
    room = budget - tg_len(ELLIPSIS)
    if room <= 0:
        return ""
    used = end = 0
    for i, ch in enumerate(text):
        cost = tg_len(escape(ch))
        if used + cost > room:
            break
        used += cost
        end = i + 1
    end = _safe_end(text, end)
    space = text.rfind(" ", 0, end)
    if space > end * 0.7:
        end = space
    prefix = text[:end].rstrip()
    return escape(prefix) + ELLIPSIS if prefix else ""


def shorten(text: str, chars: int) -> str:
    """Plain text cut to about `chars` characters at a word boundary, with an ellipsis."""
    if len(text) <= chars:
        return text
    end = _safe_end(text, chars)
    space = text.rfind(" ", 0, end)
    if space > end * 0.7:
        end = space
    return text[:end].rstrip() + ELLIPSIS


def _join_within(pieces: Iterable[str], sep: str, budget: int) -> str:
    """Join HTML pieces while they fit in `budget`; mark what was left out with `…`."""
    out = ""
    for piece in pieces:
        candidate = f"{out}{sep}{piece}" if out else piece
        if tg_len(candidate) > budget - 2:
            return f"{out}{sep}{ELLIPSIS}" if out else ELLIPSIS
        out = candidate
    return out


# --- alerts ----------------------------------------------------------------------------------

def _topic_line(matches: Sequence[TopicMatch]) -> str:
    names = (f"<b>{escape(shorten(one_line(m.topic), MAX_TOPIC_CHARS))}</b>" for m in matches)
    return "🔔 " + _join_within(names, " · ", HEADER_BUDGET - 2)


_RULE_SYNTAX = re.compile(r"[<>*\"]")  # entity brackets, wildcards and quotes of the rule syntax


def _term_text(match: TopicMatch) -> list[str]:
    """Why a topic matched: the words found in the story, each followed by the rule term
    (entity names without their `<>`, patterns without `*`) when that differs, e.g.
    `Kiew (kyiv)`, `Tomahawks`."""
    shown: list[str] = []
    seen: set[str] = set()
    for hit in match.hits:
        term = one_line(hit.term)
        name = _RULE_SYNTAX.sub("", term).strip() or term
        words = one_line(hit.words) or name
        key = words.casefold()
        if not words or key in seen:
            continue
        seen.add(key)
        piece = escape(shorten(words, MAX_TERM_CHARS))
        if name and name.casefold() not in key:
            piece += f" ({escape(shorten(name, MAX_TERM_CHARS))})"
        shown.append(piece)
        if len(shown) >= MAX_TERMS_PER_TOPIC:
            break
    return shown


def _why_line(matches: Sequence[TopicMatch]) -> str:
    if len(matches) == 1:
        terms = _term_text(matches[0])
        return "<i>matched:</i> " + _join_within(terms, ", ", WHY_BUDGET - 20) if terms else ""
    parts = []
    for m in matches:
        terms = _term_text(m)
        if terms:
            topic = escape(shorten(one_line(m.topic), MAX_TOPIC_CHARS))
            parts.append(f"{topic}: " + ", ".join(terms))
    return "<i>matched:</i> " + _join_within(parts, "; ", WHY_BUDGET - 20) if parts else ""


def _meta_line(story: Story, tz: tzinfo) -> str:
    outlet = escape(shorten(one_line(story.outlet), MAX_OUTLET_CHARS)) or "unknown outlet"
    when = local_time(story.published, tz)
    return f"<i>{outlet}</i> · {when}" + ("" if story.dated else " (first seen)")


def _story_summary(story: Story, title: str) -> str:
    summary = clean(story.summary)
    if summary.casefold().startswith(title.casefold()):  # many feeds repeat the headline
        summary = summary[len(title):].lstrip(" .:-–—")
    return shorten(summary, SUMMARY_CHARS)


def alert_html(story: Story, matches: Sequence[TopicMatch], *, tz: tzinfo,
               limit: int = ALERT_LIMIT) -> str:
    """One alert in Telegram HTML: topics, linked headline, outlet and local time, a short
    summary, why it matched, hashtags. Within `limit` (default: room left for an edit); the
    headline keeps at least `MIN_TITLE` units of room (or all it needs), else the link goes."""
    title = one_line(story.title) or "(no title)"
    summary = _story_summary(story, title)
    tags = _join_within(dict.fromkeys(hashtag(m.topic) for m in matches), " ", TAGS_BUDGET)
    head, meta, why = _topic_line(matches), _meta_line(story, tz), _why_line(matches)
    href = safe_href(story.url)

    def compose(title_html: str, summary_html: str) -> str:
        linked = f'<a href="{href}">{title_html}</a>' if href else title_html
        lines = [head, f"<b>{linked}</b>", meta, summary_html, why, tags]
        return "\n".join(line for line in lines if line)

    budget = limit - tg_len(compose("", "")) - 1  # the summary's newline
    if href and budget < min(MIN_TITLE, tg_len(escape(title))):
        href = None  # the headline matters more than its link
        budget = limit - tg_len(compose("", "")) - 1
    title_html, summary_html = escape(title), escape(summary)
    if tg_len(title_html) + tg_len(summary_html) > budget:
        room = budget - tg_len(title_html)
        summary_html = fit(summary, room) if room >= MIN_SUMMARY else ""
        if not summary_html:
            title_html = fit(title, budget + 1)
    return compose(title_html, summary_html)


# --- the "also:" line of an edited alert -----------------------------------------------------

def outlets_besides(members: Sequence[Member], lead_outlet: str | None) -> list[Member]:
    """One member per outlet other than the alerted one, in the order they reported."""
    seen = {lead_outlet.casefold()} if lead_outlet else set()
    others = []
    for member in members:
        key = member.outlet.casefold()
        if key not in seen:
            seen.add(key)
            others.append(member)
    return others


def also_line(members: Sequence[Member], lead_outlet: str | None,
              budget: int = ALSO_RESERVE) -> str:
    """`also: Spiegel, BBC, tagesschau (4 outlets)`, outlet names linked to their reports;
    empty when no other outlet reported the story."""
    others = outlets_besides(members, lead_outlet)
    if not others:
        return ""
    total = len(others) + (1 if lead_outlet else 0)
    tail = f" ({total} outlets)"
    shown: list[str] = []
    for i, member in enumerate(others):
        name = escape(shorten(one_line(member.outlet), 40)) or "?"
        piece = link(name, member.url)
        rest = len(others) - i - 1
        more = f", +{rest} more" if rest else ""
        if tg_len("also: " + ", ".join([*shown, piece]) + more + tail) > budget - 1:
            piece = name  # try without the link
            if tg_len("also: " + ", ".join([*shown, piece]) + more + tail) > budget - 1:
                more = f", +{len(others) - i} more" if shown else ""
                return "also: " + ", ".join(shown) + more + tail if shown else ""
        shown.append(piece)
    return "also: " + ", ".join(shown) + tail


def with_also(alert: str, members: Sequence[Member], lead_outlet: str | None) -> str:
    """The alert with its "also:" line (if any other outlet reported it), within the limit."""
    line = also_line(members, lead_outlet)
    if not line:
        return alert
    combined = f"{alert}\n{line}"
    return combined if tg_len(combined) <= MAX_MESSAGE else alert


# --- burst summaries -------------------------------------------------------------------------

def _headline_line(item: Headline, tz: tzinfo) -> str:
    title = escape(shorten(one_line(item.title) or "(no title)", SUMMARY_TITLE_CHARS))
    outlet = escape(shorten(one_line(item.outlet), MAX_OUTLET_CHARS))
    return f"• {link(title, item.url)} — <i>{outlet}</i>, {local_time(item.published, tz)}"


def summary_messages(topic: str, items: Sequence[Headline], *, tz: tzinfo,
                     limit: int = MAX_MESSAGE) -> list[tuple[str, int]]:
    """A burst of stories on one topic as few messages as fit: (text, how many of `items`,
    in order, it lists). One message unless the headlines exceed `limit`."""
    name = escape(shorten(one_line(topic), MAX_TOPIC_CHARS))
    tag = hashtag(topic)
    lines = [_headline_line(item, tz) for item in items]
    groups: list[list[str]] = [[]]
    reserve = 200  # the header and the hashtag line
    for line in lines:
        current = groups[-1]
        if current and tg_len("\n".join([*current, line])) > limit - reserve:
            groups.append([])
        groups[-1].append(line)
    out = []
    for i, group in enumerate(groups):
        part = f" (part {i + 1} of {len(groups)})" if len(groups) > 1 else ""
        count = len(items)
        header = (f"📚 <b>{name}</b>: {count} more {'story' if count == 1 else 'stories'} "
                  f"at once, listed together{part}")
        out.append(("\n".join([header, *group, tag]), len(group)))
    return out


# --- notices ---------------------------------------------------------------------------------

_TAG_TOKEN = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z-]+\s*=\s*\"[^\"<>]*\")*)\s*>")
_ENTITY = re.compile(r"&(?:lt|gt|amp|quot|#\d{1,7}|#x[0-9a-fA-F]{1,6});")
_ALLOWED_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre",
                 "tg-spoiler", "span", "blockquote", "tg-emoji"}


def is_telegram_html(text: str) -> bool:
    """Whether `text` is well-formed Telegram HTML: allowed tags, properly nested, and every
    `<`, `>`, `&` part of a tag or an entity."""
    stack: list[str] = []
    pos = 0
    while pos < len(text):
        ch = text[pos]
        if ch == "<":
            m = _TAG_TOKEN.match(text, pos)
            if not m or m.group(2).lower() not in _ALLOWED_TAGS:
                return False
            name = m.group(2).lower()
            if m.group(1):
                if not stack or stack.pop() != name:
                    return False
            else:
                stack.append(name)
            pos = m.end()
        elif ch == "&":
            m = _ENTITY.match(text, pos)
            if not m:
                return False
            pos = m.end()
        elif ch == ">":
            return False
        else:
            pos += 1
    return not stack


def notice_html(text: str) -> str:
    """An operator notice as Telegram HTML: kept as is when it already is well-formed Telegram
    HTML (a digest), else treated as plain text and escaped, and fitted to the limit."""
    if is_telegram_html(text) and tg_len(text) <= MAX_MESSAGE:
        return text
    plain_text = clean(text) if not is_telegram_html(text) else plain(text)
    return fit(plain_text, MAX_MESSAGE)


# --- plain text ------------------------------------------------------------------------------

_LINK = re.compile(r'<a href="([^"]*)">(.*?)</a>', re.DOTALL)
_ANY_TAG = re.compile(r"<[^<>]*>")


def plain(text_html: str) -> str:
    """Telegram HTML made here as readable plain text: tags dropped, entities decoded, each
    link written as `text <url>`."""

    def unlink(m: re.Match) -> str:
        url = html.unescape(m.group(1))
        label = html.unescape(_ANY_TAG.sub("", m.group(2)))
        return url if label == url else f"{label} <{url}>"

    text = _LINK.sub(lambda m: escape(unlink(m)), text_html)
    return html.unescape(_ANY_TAG.sub("", text))
