"""Digest building and rendering (pure): grouping, ordering, escaping, Telegram splitting."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser

import pytest

from monitor import digest
from monitor.models import Member
from monitor.render import tg_len
from monitor.store.stories import StoredStory

T0 = datetime(2025, 10, 17, 12, 0, tzinfo=UTC)


def stored(id, cluster, title, outlet="Spiegel", topics=("tomahawk-decision",), minutes=0,
           url=None):
    when = T0 + timedelta(minutes=minutes)
    return StoredStory(id=id, feed_url=f"http://{outlet}/feed", outlet=outlet, key=str(id),
                       guid=None, url=url or f"https://example.org/{id}", title=title,
                       summary=f"Summary of {title}", language="de", published=when,
                       first_seen=when, cluster_id=cluster, dedupe_kind="new",
                       duplicate_of=None, topics=tuple(topics))


def members_of(stories):
    by_cluster = {}
    for s in stories:
        by_cluster.setdefault(s.cluster_id, []).append(
            Member(outlet=s.outlet, url=s.url, published=s.published))
    return lambda cid: by_cluster.get(cid, [])


def build(stories, **kw):
    return digest.build(stories, members_of(stories), since=T0 - timedelta(days=1),
                        until=T0 + timedelta(hours=1), tz=UTC, **kw)


def test_one_entry_per_cluster_with_all_outlets():
    stories = [stored(1, 10, "Trump zögert bei Tomahawks", "Spiegel"),
               stored(2, 10, "Trump hesitates on Tomahawks", "BBC", minutes=5),
               stored(3, 10, "Trump zögert", "tagesschau", topics=(), minutes=7)]
    built = build(stories)
    ((topic, entries),) = built.sections
    assert topic == "tomahawk-decision"
    assert len(entries) == 1
    assert entries[0].outlets == ("Spiegel", "BBC", "tagesschau")
    assert entries[0].title == "Trump zögert bei Tomahawks"  # the first report's headline
    assert built.story_count == 1


def test_most_covered_then_newest_first_and_topic_order():
    stories = [stored(1, 1, "old single", minutes=0),
               stored(2, 2, "new single", minutes=50),
               stored(3, 3, "covered", minutes=10), stored(4, 3, "covered copy", "BBC", minutes=11),
               stored(5, 5, "summit", topics=("budapest-summit", "tomahawk-decision"),
                      minutes=20)]
    built = build(stories, topic_order=["budapest-summit", "tomahawk-decision"])
    assert [t for t, _ in built.sections] == ["budapest-summit", "tomahawk-decision"]
    titles = [e.title for e in dict(built.sections)["tomahawk-decision"]]
    assert titles == ["covered", "new single", "summit", "old single"]
    assert built.story_count == 4


def test_unmatched_stories_are_left_out():
    built = build([stored(1, 1, "weather", topics=())])
    assert built.sections == ()
    assert "Nothing matched" in digest.render_text(built)


HOSTILE = 'Trump <script>alert(1)</script> & "Tomahawks" <b>'


@pytest.mark.parametrize("fmt", ["html", "markdown", "text", "json"])
def test_every_format_renders_hostile_titles_safely(fmt):
    built = build([stored(1, 1, HOSTILE, url='https://ex.org/a?x="><script>')])
    out = digest.RENDERERS[fmt](built)
    assert "Tomahawks" in out
    if fmt == "html":
        assert "<script>" not in out
        assert "&lt;script&gt;" in out
        assert 'href="https://ex.org/a?x=&quot;&gt;&lt;script&gt;"' in out
    if fmt == "json":
        doc = json.loads(out)
        assert doc["topics"][0]["stories"][0]["title"] == HOSTILE


class _TagChecker(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack = []

    def handle_starttag(self, tag, attrs):
        self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack.pop() == tag, f"unbalanced </{tag}>"


def test_telegram_split_under_limit_at_story_boundaries():
    stories = [stored(i, i, f"Story number {i} " + "about Tomahawks & <missiles> " * 8,
                      outlet=f"Outlet{i % 7}") for i in range(1, 120)]
    messages = digest.render_telegram(build(stories))
    assert len(messages) > 1
    seen = set()
    for message in messages:
        assert tg_len(message) <= digest.TELEGRAM_LIMIT
        checker = _TagChecker()
        checker.feed(message)
        assert checker.stack == [], "a tag was left open"
        seen.update(re.findall(r"Story number (\d+) ", message))
    assert seen == {str(i) for i in range(1, 120)}  # every story in exactly some message


def test_telegram_huge_title_still_fits():
    messages = digest.render_telegram(build([stored(1, 1, "Tomahawk 🚀 " * 2000)]))
    assert all(tg_len(m) <= digest.TELEGRAM_LIMIT for m in messages)
