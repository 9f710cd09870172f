"""The parser against the shared corpora in ../shared/corpus (skipped when absent):

- feedparser's own test suite (~2,100 odd, broken and hostile feeds): nothing may escape
  `parse` as an exception, and no file may take more than `TIME_LIMIT` seconds;
- 200 real feeds captured in February 2026: nearly all must yield stories; the rest are named.
- the real feeds served by the local feed server, fetched and parsed like the pipeline does.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from feedserver import FeedServer

from monitor.fetch import Fetcher
from monitor.models import Feed, FetchStatus
from monitor.parse import parse

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
FEEDPARSER_TESTS = CORPUS / "feedparser-tests"
REAL_FEEDS = CORPUS / "real-feeds"
FETCHED = datetime(2026, 2, 20, 12, 0, tzinfo=UTC)
TIME_LIMIT = 2.0  # seconds per file
MIN_REAL_WITH_STORIES = 0.97  # share of real feeds that must yield stories

pytestmark = pytest.mark.corpus


def feedparser_files() -> list[Path]:
    return sorted(FEEDPARSER_TESTS.rglob("*.xml")) if FEEDPARSER_TESTS.is_dir() else []


def real_feeds() -> dict[str, str]:
    """file name -> URL, from MANIFEST.tsv."""
    manifest = REAL_FEEDS / "MANIFEST.tsv"
    if not manifest.is_file():
        return {}
    rows = [line.split("\t") for line in manifest.read_text(encoding="utf-8").splitlines()[1:]]
    return {row[0]: row[1] for row in rows if len(row) >= 2}


_HEADER = re.compile(rb"Header:\s*Content-type:\s*([^\r\n]+)", re.IGNORECASE)


def declared_content_type(body: bytes) -> str | None:
    """The Content-type a feedparser test file says it is served with, if any."""
    m = _HEADER.search(body[:2048])
    return m.group(1).decode("ascii", "replace").strip() if m else None


@pytest.mark.skipif(not FEEDPARSER_TESTS.is_dir(), reason="feedparser test corpus not present")
@pytest.mark.parametrize("path", feedparser_files(),
                         ids=lambda p: str(p.relative_to(FEEDPARSER_TESTS)))
def test_feedparser_suite_never_raises_and_is_fast(path):
    body = path.read_bytes()
    feed = Feed("http://example.org/feeds/feed.xml", "Corpus")
    started = time.perf_counter()
    result = parse(body, feed, fetched_at=FETCHED, base_url=feed.url,
                   content_type=declared_content_type(body))
    took = time.perf_counter() - started
    assert took < TIME_LIMIT
    assert result.error is None or result.stories == ()
    for story in result.stories:
        assert story.key and story.published.tzinfo is not None
        assert story.title or story.summary


@pytest.fixture(scope="module")
def real_results() -> Iterator[dict[str, tuple[object, float]]]:
    results = {}
    for name, url in real_feeds().items():
        body = (REAL_FEEDS / name).read_bytes()
        started = time.perf_counter()
        result = parse(body, Feed(url, name), fetched_at=FETCHED, base_url=url)
        results[name] = (result, time.perf_counter() - started)
    yield results


@pytest.mark.skipif(not real_feeds(), reason="real-feeds corpus not present")
def test_real_feeds_yield_stories(real_results):
    without = {name: result.error or "no entries"
               for name, (result, _) in real_results.items() if not result.stories}
    manifest = real_feeds()
    for name, reason in without.items():
        print(f"no stories: {name} {manifest[name]}: {reason}")
    share = 1 - len(without) / len(real_results)
    assert share >= MIN_REAL_WITH_STORIES, without
    slow = {name: took for name, (_, took) in real_results.items() if took > 2 * TIME_LIMIT}
    assert not slow


@pytest.mark.skipif(not real_feeds(), reason="real-feeds corpus not present")
def test_real_feed_stories_are_well_formed(real_results):
    total = 0
    for name, (result, _) in real_results.items():
        keys = [s.key for s in result.stories]
        assert len(keys) == len(set(keys)), name
        for story in result.stories:
            assert story.published.tzinfo is not None
            assert story.url is None or story.url.startswith(("http://", "https://"))
            assert len(story.summary) <= 2000
        total += len(result.stories)
    assert total > 5000


@pytest.mark.skipif(not real_feeds(), reason="real-feeds corpus not present")
def test_real_feeds_fetched_from_the_local_server_then_parsed(real_results):
    names = list(real_feeds())

    async def fetch_all(server: FeedServer):
        async with Fetcher(timeout=10.0, concurrency=16, per_host=16) as fetcher:
            feeds = [Feed(server.url(f"/real/{name}"), name) for name in names]
            return await asyncio.gather(*(fetcher.fetch(feed) for feed in feeds))

    with FeedServer() as server:
        server.serve_folder("/real", REAL_FEEDS)
        fetched = asyncio.run(fetch_all(server))
    assert [r.status for r in fetched] == [FetchStatus.OK] * len(names)
    for name, result in zip(names, fetched, strict=True):
        assert result.body == (REAL_FEEDS / name).read_bytes()
        parsed = parse(result.body, result.feed, fetched_at=FETCHED, base_url=result.final_url,
                       content_type=result.content_type)
        assert len(parsed.stories) == len(real_results[name][0].stories), name
