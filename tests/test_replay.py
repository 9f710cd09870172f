"""`monitor replay FILE.jsonl` and the dedupe evaluation agree.

The maintainers measure deduplication by replaying a labelled file with `monitor replay` and
comparing the `story` of the items of each pair. `tests/test_dedupe_eval.py` measures the same
labelled pairs in "stream" mode (every item through one store, as replay does). Here the whole
labelled set is written as a JSON Lines file, replayed in-process through `monitor.cli.main`,
and each pair's merged / not merged outcome must be the one the stream mode measured; an item
is a `duplicate_of` an earlier one exactly when dedupe called it the same item, an exact or a
near copy. Also: how replay items become stories (`replay.story_from_item`).
"""

from __future__ import annotations

import json
import os
import re
from datetime import UTC, datetime, timedelta

import pytest
from test_dedupe_eval import RULES, load_pairs, matcher_of_rules, run_items, stream_items

from monitor import cli, replay
from monitor.models import DedupeKind
from monitor.store.stories import StoredStory

T0 = datetime(2025, 10, 17, 20, 0, tzinfo=UTC)


# --- items as stories -------------------------------------------------------------------------


def test_replay_items_become_stories():
    s = replay.story_from_item({"id": "x1", "title": "T <b>bold</b>", "summary": "<p>S</p>",
                                "source": "Reuters", "url": "https://a.example/x/1?utm_source=rss",
                                "published": "2025-10-17T19:00:00Z", "lang": "en"})
    assert (s.feed_url, s.outlet, s.key) == ("replay:Reuters", "Reuters", "https://a.example/x/1")
    assert (s.title, s.summary, s.language) == ("T bold", "S", "en")
    assert s.published == datetime(2025, 10, 17, 19, tzinfo=UTC) and s.dated


def test_an_item_without_source_url_or_time():
    undated = replay.story_from_item({"id": "x2", "title": "T"}, index=3, default_time=T0)
    assert undated.published == T0 + timedelta(minutes=3) and not undated.dated
    assert undated.feed_url == "replay:?x2"  # no source: a feed of its own
    assert undated.key == "id:x2"  # no URL: keyed by its id


@pytest.mark.parametrize("item", [{"title": "no id"}, {"id": "x"}, ["not", "a", "dict"],
                                  {"id": "x", "title": "T", "published": "yesterday"}],
                         ids=["no-id", "no-title-or-summary", "not-an-object", "bad-time"])
def test_bad_replay_items_are_refused_with_a_reason(item):
    with pytest.raises(ValueError, match="replay item"):
        replay.story_from_item(item)


# --- monitor replay agrees with the evaluation ------------------------------------------------


@pytest.fixture(scope="module")
def pairs() -> list[dict]:
    return load_pairs()


@pytest.fixture(scope="module")
def streamed(pairs, tmp_path_factory):
    """The evaluation's stream mode: item id -> (cluster, decision)."""
    return run_items(stream_items(pairs), tmp_path_factory.mktemp("stream") / "s.db",
                     matcher_of_rules())


@pytest.fixture(scope="module")
def replayed(pairs, tmp_path_factory):
    """`monitor replay` on the same items, in the same order: item id -> output line."""
    folder = tmp_path_factory.mktemp("replay")
    items = folder / "pairs.jsonl"
    items.write_text("".join(json.dumps(item, ensure_ascii=False) + "\n"
                             for item in stream_items(pairs)), encoding="utf-8")
    out = folder / "out.jsonl"
    saved = dict(os.environ)
    try:
        for name in list(os.environ):
            if name.startswith(("MONITOR_", "TELEGRAM_")):
                del os.environ[name]
        os.environ.update({"MONITOR_RULES": str(RULES), "MONITOR_DB": str(folder / "m.sqlite"),
                           "MONITOR_TIMEZONE": "UTC"})
        with out.open("w", encoding="utf-8") as handle:
            code = _main_to(handle, ["replay", str(items)])
    finally:
        os.environ.clear()
        os.environ.update(saved)
    assert code == 0
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return {line["id"]: line for line in lines}


def _main_to(handle, argv: list[str]) -> int:
    """Run the CLI in-process with stdout going to `handle`."""
    import contextlib
    with contextlib.redirect_stdout(handle):
        return cli.main(argv)


def test_replay_reports_every_item_once(pairs, replayed):
    assert set(replayed) == {item["id"] for item in stream_items(pairs)}


def test_replay_merges_exactly_the_pairs_the_stream_evaluation_merges(pairs, streamed,
                                                                      replayed):
    differ = []
    for pair in pairs:
        a, b = pair["a"]["id"], pair["b"]["id"]
        in_replay = replayed[a]["story"] == replayed[b]["story"]
        in_stream = streamed[a][0] == streamed[b][0]
        if in_replay != in_stream:
            differ.append(f"{pair['pair']}: replay {in_replay}, stream {in_stream}")
    assert not differ, "\n".join(differ)


def test_replay_names_the_duplicated_item_for_copies_only(pairs, streamed, replayed):
    items = stream_items(pairs)
    first_item_of_story: dict[int, str] = {}
    for item in items:
        replay_line = replayed[item["id"]]
        decision = streamed[item["id"]][1]
        if decision.kind in (DedupeKind.SAME_ITEM, DedupeKind.EXACT, DedupeKind.NEAR):
            assert replay_line["duplicate_of"] is not None, item["id"]
        else:
            assert replay_line["duplicate_of"] is None, item["id"]
        first_item_of_story.setdefault(replay_line["story"], item["id"])
    assert len(first_item_of_story) < len(items)  # some items did join another one's story


def test_replay_says_why_in_the_items_own_names(pairs, streamed, replayed):
    """Each line carries the dedupe decision and its reason, where the stored stories it names
    are the replayed items ("item b5rew-01a"), never the store's own numbers."""
    for item in stream_items(pairs):
        line, decision = replayed[item["id"]], streamed[item["id"]][1]
        assert line["dedupe"] == str(decision.kind), item["id"]
        assert line["why"] and not re.search(r"\bstory \d", line["why"]), line
        if decision.kind is DedupeKind.NEW and line["why"].startswith(
                "no stored story matches (closest"):
            named = re.search(r"closest, item (\S+):", line["why"])
            assert named and named[1] in replayed, line


# --- replay --since: which stored stories would really alert ---------------------------------

def _stored(id, *, cluster, topics=("t",), published_h=0.0, seen_h=0.0, kind="new",
            duplicate_of=None):
    return StoredStory(id=id, feed_url="f", outlet="o", key=str(id), guid=None, url=None,
                       title=f"story {id}", summary="", language="de",
                       published=T0 + timedelta(hours=published_h),
                       first_seen=T0 + timedelta(hours=seen_h), cluster_id=cluster,
                       dedupe_kind=kind, duplicate_of=duplicate_of, topics=tuple(topics))


@pytest.mark.parametrize(
    ("stories", "expected"),
    [
        pytest.param([_stored(1, cluster=1)], {1: None}, id="first-report-alerts"),
        pytest.param([_stored(1, cluster=1, topics=())], {1: "matches no topic"},
                     id="no-topic-no-alert"),
        pytest.param([_stored(1, cluster=1, published_h=-49)],
                     {1: "published more than the alert window (48 h) before it was fetched"},
                     id="outside-alert-window"),
        pytest.param([_stored(1, cluster=1, published_h=-47)], {1: None},
                     id="inside-alert-window"),
        pytest.param([_stored(2, cluster=1, seen_h=1, kind="near", duplicate_of=1),
                      _stored(1, cluster=1)],
                     {1: None, 2: "a copy of story 1, whose alert it joins"},
                     id="copy-joins-the-first-reports-alert"),
        pytest.param([_stored(1, cluster=1), _stored(2, cluster=1, seen_h=1, kind="cluster")],
                     {1: None, 2: "joins the alert of an earlier report (story 1)"},
                     id="later-report-joins"),
        pytest.param([_stored(1, cluster=1, topics=()),
                      _stored(2, cluster=1, seen_h=1, kind="near", duplicate_of=1)],
                     {1: "matches no topic", 2: None},
                     id="first-matching-report-alerts-even-a-copy"),
        pytest.param([_stored(1, cluster=1, published_h=-50),
                      _stored(2, cluster=1, seen_h=1, kind="cluster")],
                     {1: "published more than the alert window (48 h) before it was fetched",
                      2: None}, id="old-first-report-later-fresh-report-alerts"),
        pytest.param([_stored(1, cluster=None), _stored(2, cluster=None, seen_h=1)],
                     {1: None, 2: None}, id="no-cluster-each-its-own"),
    ],
)
def test_alerting_stories(stories, expected):
    verdicts = replay.alerting_stories(stories, lambda s: s.topics, window=timedelta(hours=48))
    assert verdicts == expected
