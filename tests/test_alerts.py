"""Which alerts a story produces (window, routing, grouping) and how a burst is collapsed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from fakebotapi import parse_html

from monitor import alerts, render
from monitor.models import Hit, Story, TopicMatch

NOW = datetime(2026, 2, 12, 12, 0, tzinfo=UTC)
WINDOW = timedelta(hours=48)


def story(age=timedelta(minutes=10), title="Tomahawk decision postponed") -> Story:
    return Story(feed_url="http://127.0.0.1/feed.xml", outlet="Spiegel", key="k", title=title,
                 summary="No decision yet.", published=NOW - age, url="https://e/1")


def m(topic, chat=None, term="Tomahawk"):
    return TopicMatch(topic=topic, score=1.0, chat=chat,
                      hits=(Hit(group="what", term=term, field="title", words=term, weight=1),))


def plan(matches, *, age=timedelta(minutes=10), default_chat="-100default"):
    return alerts.plan(story(age), matches, now=NOW, window=WINDOW, default_chat=default_chat,
                       tz=UTC)


ROUTING = {
    "no-matches": ([], []),
    "one-topic-default-chat": ([m("a")], [("-100default", ("a",))]),
    "two-topics-one-message": ([m("a"), m("b")], [("-100default", ("a", "b"))]),
    "topic-with-own-chat": ([m("a"), m("b", chat="@desk")],
                            [("-100default", ("a",)), ("@desk", ("b",))]),
    "two-topics-same-own-chat": ([m("a", chat="@desk"), m("b"), m("c", chat="@desk")],
                                 [("@desk", ("a", "c")), ("-100default", ("b",))]),
}


@pytest.mark.parametrize(("matches", "expected"), ROUTING.values(), ids=ROUTING.keys())
def test_routing_one_draft_per_chat(matches, expected):
    drafts = plan(matches)
    assert [(d.chat_id, d.topics) for d in drafts] == expected
    for draft in drafts:
        shown = parse_html(draft.text)
        assert draft.kind == "alert"
        assert all(topic in shown for topic in draft.topics)
        assert render.tg_len(draft.text) <= render.ALERT_LIMIT


def test_without_telegram_every_topic_goes_to_the_printer():
    drafts = plan([m("a"), m("b", chat="@desk"), m("c", chat="-100other")],
                  default_chat=alerts.DRY_RUN_CHAT)
    assert [(d.chat_id, d.topics) for d in drafts] == [(alerts.DRY_RUN_CHAT, ("a", "b", "c"))]


def test_a_draft_only_names_the_topics_routed_to_its_chat():
    drafts = plan([m("alpha-topic"), m("beta-topic", chat="@desk")])
    assert "beta-topic" not in parse_html(drafts[0].text)
    assert "alpha-topic" not in parse_html(drafts[1].text)


@pytest.mark.parametrize(("age", "alerted"), [
    (timedelta(0), True),
    (timedelta(hours=47, minutes=59), True),
    (WINDOW, True),
    (WINDOW + timedelta(seconds=1), False),
    (timedelta(days=400), False),
    (-timedelta(hours=2), True),  # a publisher's clock ahead of ours
], ids=["just-now", "inside", "at-the-edge", "just-outside", "a-year-old", "future-dated"])
def test_alert_window(age, alerted):
    assert bool(plan([m("a")], age=age)) is alerted


def test_identical_routes_are_stable_in_match_order():
    assert plan([m("b"), m("a")])[0].topics == ("b", "a")


# --- bursts ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Pending:
    id: int
    topics: tuple[str, ...]
    headline: render.Headline | None


def pending(n, topics=("a",), start=1):
    return [Pending(i, topics, render.Headline(f"Story {i}", f"https://e/{i}", "Spiegel", NOW))
            for i in range(start, start + n)]


@pytest.mark.parametrize(("rate", "keep"), [(20, 10), (60, 30), (1, 3), (0.5, 3)],
                         ids=["default", "fast-chat", "slow-chat", "very-slow-chat"])
def test_individual_limit_follows_the_chat_rate(rate, keep):
    assert alerts.individual_limit(rate) == keep


@pytest.mark.parametrize(("count", "collapsed"), [
    (10, 0), (10 + alerts.MIN_OVERFLOW - 1, 0), (10 + alerts.MIN_OVERFLOW, alerts.MIN_OVERFLOW),
    (60, 50)], ids=["at-the-limit", "small-overflow-sent-as-is", "smallest-collapse", "big"])
def test_collapse_only_a_real_overflow(count, collapsed):
    plan = alerts.plan_collapse(pending(count), keep=10, tz=UTC)
    assert sum(len(c.alert_ids) for c in plan) == collapsed


def test_overflow_is_collapsed_per_first_topic_keeping_the_oldest():
    items = pending(10, ("a",)) + pending(5, ("b", "a"), start=11) + pending(3, ("a",), start=16)
    collapses = alerts.plan_collapse(items, keep=10, tz=UTC)
    by_topic = {c.topic: c for c in collapses}
    assert set(by_topic) == {"a", "b"}
    assert by_topic["b"].alert_ids == (11, 12, 13, 14, 15)
    assert by_topic["a"].alert_ids == (16, 17, 18)
    for c in collapses:
        shown = parse_html(c.text)
        assert all(f"Story {i}" in shown for i in c.alert_ids)
        assert "Story 1 " not in shown and "Story 10" not in shown


def test_a_huge_burst_is_split_into_messages_that_each_fit():
    items = pending(10) + [
        Pending(i, ("a",), render.Headline("Long headline " * 20, f"https://e/{i}", "Out", NOW))
        for i in range(11, 311)]
    collapses = alerts.plan_collapse(items, keep=10, tz=UTC)
    assert len(collapses) > 1
    assert sorted(i for c in collapses for i in c.alert_ids) == list(range(11, 311))
    assert all(render.tg_len(c.text) <= render.MAX_MESSAGE for c in collapses)
