"""The digest: what matched in a time window, grouped by topic, each story once with its outlets.

`build` turns stored stories (read from the store by the caller) into a `Digest`; the
`render_*` functions turn a digest into text for a terminal, Markdown, a self-contained HTML
page, JSON, or Telegram HTML messages split under the message limit at story boundaries.
Pure: no I/O here (the digest command reads the store and writes the output).
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from monitor.models import Member
from monitor.render import tg_len
from monitor.store.stories import StoredStory

TELEGRAM_LIMIT = 4096
SUMMARY_CHARS = 280  # summary shown per story in text/markdown/html


@dataclass(frozen=True, slots=True)
class DigestStory:
    cluster_id: int
    title: str
    url: str | None
    summary: str
    published: datetime  # of the first report
    latest: datetime  # of the newest report
    outlets: tuple[str, ...]  # distinct, first reporter first
    topics: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Digest:
    since: datetime
    until: datetime
    tz: tzinfo
    sections: tuple[tuple[str, tuple[DigestStory, ...]], ...] = field(default_factory=tuple)

    @property
    def story_count(self) -> int:
        return len({s.cluster_id for _, stories in self.sections for s in stories})


def build(stories: Iterable[StoredStory], members: Callable[[int], list[Member]], *,
          since: datetime, until: datetime, tz: tzinfo,
          topic_order: Iterable[str] = ()) -> Digest:
    """Group matched stories by cluster (one entry per real-world story, with all its outlets)
    and by topic. Within a topic: most outlets first, then newest first."""
    by_cluster: dict[int, list[StoredStory]] = {}
    for story in stories:
        if story.topics:
            by_cluster.setdefault(story.cluster_id or -story.id, []).append(story)
    entries = [_entry(cid, reports, members(cid) if cid > 0 else []) for cid, reports in
               by_cluster.items()]
    order = {topic: i for i, topic in enumerate(topic_order)}
    topics = sorted({t for e in entries for t in e.topics}, key=lambda t: (order.get(t, 1e9), t))
    sections = []
    for topic in topics:
        chosen = [e for e in entries if topic in e.topics]
        chosen.sort(key=lambda e: (-len(e.outlets), -e.latest.timestamp()))
        sections.append((topic, tuple(chosen)))
    return Digest(since=since, until=until, tz=tz, sections=tuple(sections))


def _entry(cluster_id: int, reports: list[StoredStory], members: list[Member]) -> DigestStory:
    first = min(reports, key=lambda s: (s.first_seen, s.id))
    outlets = tuple(dict.fromkeys([m.outlet for m in members] or [s.outlet for s in reports]))
    times = [m.published for m in members] or [s.published for s in reports]
    topics = tuple(dict.fromkeys(t for s in reports for t in s.topics))
    return DigestStory(cluster_id=cluster_id, title=first.title, url=first.url,
                       summary=first.summary, published=first.published, latest=max(times),
                       outlets=outlets, topics=topics)


def _short(text: str, limit: int = SUMMARY_CHARS) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(" ,.;:-") + " …"


def _when(moment: datetime, tz: tzinfo) -> str:
    return moment.astimezone(tz).strftime("%d %b %H:%M")


MAX_OUTLETS_NAMED = 8  # more outlets than this are counted, not named


def _outlets(story: DigestStory) -> str:
    count = len(story.outlets)
    names = ", ".join(story.outlets[:MAX_OUTLETS_NAMED])
    if count > MAX_OUTLETS_NAMED:
        names += f" and {count - MAX_OUTLETS_NAMED} more"
    return f"{names} ({count} outlets)" if count > 1 else names


def _period(digest: Digest) -> str:
    fmt = "%Y-%m-%d %H:%M"
    return (f"{digest.since.astimezone(digest.tz).strftime(fmt)} to "
            f"{digest.until.astimezone(digest.tz).strftime(fmt)}")


# --- formats ----------------------------------------------------------------------------------

def render_text(digest: Digest) -> str:
    lines = [f"monitor digest, {_period(digest)}: {digest.story_count} stories"]
    if not digest.sections:
        lines.append("\nNothing matched in this period.")
    for topic, stories in digest.sections:
        lines.append(f"\n{topic} ({len(stories)})")
        for s in stories:
            lines.append(f"  * {s.title}")
            lines.append(f"    {_outlets(s)} · {_when(s.published, digest.tz)}")
            if s.url:
                lines.append(f"    {s.url}")
    return "\n".join(lines) + "\n"


def _md_escape(text: str) -> str:
    return "".join("\\" + c if c in "\\`*_{}[]()#+-.!|<>" else c for c in text)


def render_markdown(digest: Digest) -> str:
    lines = ["# monitor digest", "", f"{_period(digest)}: {digest.story_count} stories"]
    if not digest.sections:
        lines += ["", "Nothing matched in this period."]
    for topic, stories in digest.sections:
        lines += ["", f"## {_md_escape(topic)} ({len(stories)})", ""]
        for s in stories:
            title = f"[{_md_escape(s.title)}](<{s.url}>)" if s.url else _md_escape(s.title)
            lines.append(f"- **{title}** — {_md_escape(_outlets(s))}, "
                         f"{_when(s.published, digest.tz)}")
            if s.summary:
                lines.append(f"  {_md_escape(_short(s.summary))}")
    return "\n".join(lines) + "\n"


_PAGE_STYLE = """
body{font:16px/1.5 system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd}
li{margin:.8rem 0}.meta{color:#666;font-size:.9rem}.summary{margin:.2rem 0 0}
a{color:#0645ad}
"""


def render_html(digest: Digest) -> str:
    esc = html.escape
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>monitor digest {esc(_period(digest))}</title>",
        f"<style>{_PAGE_STYLE}</style></head><body>",
        "<h1>monitor digest</h1>",
        f"<p>{esc(_period(digest))}: {digest.story_count} stories</p>",
    ]
    if not digest.sections:
        parts.append("<p>Nothing matched in this period.</p>")
    for topic, stories in digest.sections:
        parts.append(f"<h2>{esc(topic)} ({len(stories)})</h2><ul>")
        for s in stories:
            title = esc(s.title)
            if s.url and s.url.startswith(("http://", "https://")):
                title = f'<a href="{esc(s.url, quote=True)}">{title}</a>'
            parts.append(
                f'<li><strong>{title}</strong><div class="meta">{esc(_outlets(s))} · '
                f"{esc(_when(s.published, digest.tz))}</div>"
                + (f'<p class="summary">{esc(_short(s.summary))}</p>' if s.summary else "")
                + "</li>")
        parts.append("</ul>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def render_json(digest: Digest) -> str:
    doc = {
        "since": digest.since.isoformat(), "until": digest.until.isoformat(),
        "stories": digest.story_count,
        "topics": [{"topic": topic, "stories": [{
            "story": s.cluster_id, "title": s.title, "url": s.url, "summary": s.summary,
            "published": s.published.isoformat(), "latest": s.latest.isoformat(),
            "outlets": list(s.outlets), "topics": list(s.topics),
        } for s in stories]} for topic, stories in digest.sections],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def render_telegram(digest: Digest, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Telegram HTML messages, each under `limit` (in UTF-16 units, as Telegram counts), split
    only between stories (each story block is complete HTML), so no tag is ever broken."""
    esc = html.escape
    blocks = [f"<b>monitor digest</b>\n{esc(_period(digest))}: {digest.story_count} stories"]
    if not digest.sections:
        blocks.append("Nothing matched in this period.")
    for topic, stories in digest.sections:
        tag = "#" + "".join(c if c.isalnum() else "_" for c in topic)
        blocks.append(f"\n<b>{esc(topic)}</b> {tag} ({len(stories)})")
        for s in stories:
            blocks.append(_telegram_story(s, digest.tz, limit))
    return _pack(blocks, limit)


def _telegram_story(s: DigestStory, tz: tzinfo, limit: int) -> str:
    esc = html.escape
    meta = esc(f"{_outlets(s)} · {_when(s.published, tz)}")
    title = s.title
    while True:
        linked = esc(title)
        if s.url and s.url.startswith(("http://", "https://")):
            linked = f'<a href="{esc(s.url, quote=True)}">{linked}</a>'
        block = f"• {linked}\n  <i>{meta}</i>"
        if tg_len(block) <= limit // 2 or len(title) < 20:
            return block
        title = _short(title, len(title) // 2)


def _pack(blocks: list[str], limit: int) -> list[str]:
    messages: list[str] = []
    current = ""
    for block in blocks:
        candidate = f"{current}\n{block}" if current else block
        if tg_len(candidate) <= limit:
            current = candidate
            continue
        if current:
            messages.append(current)
        current = block  # story blocks are kept far below the limit by _telegram_story
    if current:
        messages.append(current)
    return messages


RENDERERS = {"text": render_text, "markdown": render_markdown, "html": render_html,
             "json": render_json}
