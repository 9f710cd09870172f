"""The outbox on a real SQLite file: queuing with stories, one alert per cluster and chat, edit
marks, notices, claims and leases, collapse atomicity, chat migration.

`World` (also used by test_notify) records real stories through `Store.record_story`, with
alert drafts planned by `alerts.plan`, so the outbox is exercised exactly as the pipeline
drives it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from monitor import alerts
from monitor.alerts import Collapse
from monitor.models import (
    DedupeDecision,
    DedupeKind,
    Feed,
    Hit,
    Recorded,
    Story,
    StoryRecord,
    TopicMatch,
)
from monitor.store import Store
from monitor.store.outbox import alert_key

T0 = datetime(2026, 2, 12, 12, 0, tzinfo=UTC)
CHAT = "-1001000000001"
DESK = "-1001000000002"
OUTLETS = ("Spiegel", "BBC", "tagesschau", "Reuters", "Kyiv Independent", "Meduza")
LEASE = timedelta(seconds=60)


def feed_url(outlet: str) -> str:
    return f"http://127.0.0.1/{outlet.replace(' ', '-').lower()}.xml"


class World:
    """Stories recorded through the real store, alerts planned by the real `alerts.plan`."""

    def __init__(self, store: Store, *, default_chat: str = CHAT, now: datetime = T0):
        self.store = store
        self.default_chat = default_chat
        self.now = now
        self.count = 0
        store.sync_feeds([Feed(url=feed_url(o), name=o) for o in OUTLETS])

    def story(self, outlet: str = "Spiegel", title: str | None = None, **kw) -> Story:
        self.count += 1
        n = self.count
        return Story(feed_url=feed_url(outlet), outlet=outlet, key=kw.pop("key", f"k{n}"),
                     title=title or f"Story {n}: talks on Tomahawk missiles",
                     summary=kw.pop("summary", f"Summary of story {n}."),
                     published=kw.pop("published", self.now - timedelta(minutes=5)),
                     url=kw.pop("url", f"https://{outlet.replace(' ', '').lower()}.example/{n}"),
                     **kw)

    def record(self, story: Story, topics=("tomahawk-decision",), *, chats=None,
               join: int | None = None, same_as: Recorded | None = None,
               alert: bool = True) -> Recorded:
        chats = chats or {}
        matches = tuple(
            TopicMatch(topic=t, score=1.0, chat=chats.get(t),
                       hits=(Hit(group="what", term="Tomahawk", field="title", words="Tomahawk",
                                 weight=1.0),))
            for t in topics)
        drafts = alerts.plan(story, matches, now=self.now, window=timedelta(hours=48),
                             default_chat=self.default_chat, tz=UTC) if alert else ()
        if same_as is not None:
            decision = DedupeDecision(DedupeKind.SAME_ITEM, cluster_id=same_as.cluster_id,
                                      duplicate_of=same_as.story_id, score=1.0)
        elif join is not None:
            decision = DedupeDecision(DedupeKind.CLUSTER, cluster_id=join, score=0.8)
        else:
            decision = DedupeDecision(DedupeKind.NEW)
        record = StoryRecord(story=story, content_hash=f"h{self.count}", decision=decision,
                             matches=matches, alerts=drafts)
        return self.store.record_story(story.feed_url, record, now=self.now)

    def alert(self, outlet="Spiegel", topics=("tomahawk-decision",), **kw) -> Recorded:
        return self.record(self.story(outlet), topics, **kw)

    def deliver(self, item_id: int, message_id: int = 1, now: datetime | None = None) -> None:
        """What the notifier does for a successful send."""
        now = now or self.now
        item = self.store.claim(item_id, now=now, lease=LEASE)
        assert item is not None
        self.store.mark_sent(item_id, message_id=message_id, text=item.text, now=now)


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "monitor.sqlite", clock=lambda: T0) as store:
        yield store


@pytest.fixture
def world(store):
    return World(store)


def rows(store, **kw):
    return store.outbox_items(**kw)


# --- queuing with the story ------------------------------------------------------------------

def test_matched_story_queues_one_pending_alert_per_chat(world, store):
    recorded = world.alert(topics=("tomahawk-decision", "ukraine-aid"),
                           chats={"ukraine-aid": DESK})
    assert (recorded.new_alerts, recorded.edits) == (2, 0)
    items = rows(store)
    assert [(i.chat_id, i.topics, i.status, i.kind) for i in items] == [
        (CHAT, ("tomahawk-decision",), "pending", "alert"),
        (DESK, ("ukraine-aid",), "pending", "alert")]
    assert all(i.cluster_id == recorded.cluster_id and i.story_id == recorded.story_id
               for i in items)
    assert items[0].headline.title.startswith("Story 1") and items[0].headline.outlet == "Spiegel"


def test_unmatched_or_old_story_queues_nothing(world, store):
    world.record(world.story(), topics=())
    world.record(world.story(published=T0 - timedelta(days=3)))
    assert rows(store) == []


def test_second_outlet_joining_an_unsent_alert_creates_nothing(world, store):
    first = world.alert("Spiegel")
    joined = world.alert("BBC", join=first.cluster_id)
    assert (joined.new_alerts, joined.edits) == (0, 0)
    assert len(rows(store)) == 1
    assert [m.outlet for m in store.alert_members(first.cluster_id)] == ["Spiegel", "BBC"]


def test_joining_a_sent_alert_marks_it_for_an_edit_in_every_chat(world, store):
    first = world.alert("Spiegel", topics=("tomahawk-decision", "ukraine-aid"),
                        chats={"ukraine-aid": DESK})
    for i, item in enumerate(rows(store), start=1):
        world.deliver(item.id, message_id=i)
    joined = world.alert("BBC", topics=("tomahawk-decision",), join=first.cluster_id)
    assert (joined.new_alerts, joined.edits) == (0, 2)
    assert [(i.chat_id, i.status, i.edit_pending) for i in rows(store)] == [
        (CHAT, "sent", True), (DESK, "sent", True)]
    assert {i.id for i in store.due_heads(T0)} == {i.id for i in rows(store)}


def test_joining_story_without_its_own_alert_still_marks_the_edit(world, store):
    first = world.alert("Spiegel")
    world.deliver(rows(store)[0].id)
    joined = world.record(world.story("BBC"), topics=(), join=first.cluster_id)
    assert joined.edits == 1 and rows(store)[0].edit_pending


def test_new_chat_for_a_cluster_gets_its_own_alert(world, store):
    first = world.alert("Spiegel")
    world.deliver(rows(store)[0].id)
    joined = world.alert("BBC", topics=("ukraine-aid",), chats={"ukraine-aid": DESK},
                         join=first.cluster_id)
    assert (joined.new_alerts, joined.edits) == (1, 1)
    assert [(i.chat_id, i.status) for i in rows(store)] == [(CHAT, "sent"), (DESK, "pending")]


def test_publisher_edit_of_the_alerted_story_replaces_the_text(world, store):
    story = world.story("Spiegel", title="Old headline about Tomahawk")
    first = world.record(story)
    world.deliver(rows(store)[0].id)
    changed = world.story("Spiegel", title="Corrected headline about Tomahawk", key=story.key)
    again = world.record(changed, same_as=first)
    assert (again.new_alerts, again.edits) == (0, 1)
    item = rows(store)[0]
    assert "Corrected headline" in item.text and "Old headline" in item.sent_text
    assert item.edit_pending


def test_edit_cap_stops_marking(world, store):
    first = world.alert("Spiegel")
    item_id = rows(store)[0].id
    world.deliver(item_id)
    for n in range(alerts.MAX_EDITS_PER_MESSAGE):
        world.alert(OUTLETS[1 + n % 5], join=first.cluster_id)
        lease = store.claim_edit(item_id, now=T0, lease=LEASE)
        assert lease is not None
        store.finish_edit(item_id, text=f"edit {n}", lease_until=lease)
    assert rows(store)[0].edits == alerts.MAX_EDITS_PER_MESSAGE
    late = world.alert("Meduza", join=first.cluster_id)
    assert late.edits == 0 and not rows(store)[0].edit_pending


# --- notices -----------------------------------------------------------------------------------

def test_notice_key_dedupes(store):
    assert store.queue_notice(CHAT, "feed down: <http://x>", key="feed-down:x:1")
    assert not store.queue_notice(CHAT, "feed down again", key="feed-down:x:1")
    assert store.queue_notice(CHAT, "no key")
    assert store.queue_notice(CHAT, "no key")
    items = rows(store)
    assert [i.kind for i in items] == ["notice"] * 3
    assert items[0].text == "feed down: &lt;http://x&gt;"  # plain text, escaped


def test_notice_in_valid_html_is_kept(store):
    store.queue_notice(CHAT, "<b>monitor digest</b>\n• a &amp; b", key="digest:1")
    assert rows(store)[0].text == "<b>monitor digest</b>\n• a &amp; b"


# --- claiming and recording ----------------------------------------------------------------------

def test_claim_is_compare_and_set_and_counts_the_attempt(world, store):
    world.alert()
    item_id = rows(store)[0].id
    claimed = store.claim(item_id, now=T0, lease=LEASE)
    assert claimed.status == "sending" and claimed.attempts == 1
    assert store.claim(item_id, now=T0, lease=LEASE) is None  # someone holds it
    assert store.due_heads(T0 + LEASE - timedelta(seconds=1)) == []
    expired = store.due_heads(T0 + LEASE)  # the claimer died: the row is due again
    assert [(i.id, i.status) for i in expired] == [(item_id, "sending")]
    assert store.claim(item_id, now=T0 + LEASE, lease=LEASE).attempts == 2


@pytest.mark.parametrize(("refund", "attempts"), [(True, 0), (False, 1)],
                         ids=["flood-wait-refunded", "transient-counted"])
def test_release_makes_it_pending_again_later(world, store, refund, attempts):
    world.alert()
    item_id = rows(store)[0].id
    store.claim(item_id, now=T0, lease=LEASE)
    later = T0 + timedelta(seconds=7)
    store.release(item_id, retry_at=later, error="flood control", refund=refund)
    item = store.outbox_item(item_id)
    assert (item.status, item.next_attempt, item.attempts, item.last_error) == (
        "pending", later, attempts, "flood control")
    assert store.due_heads(later - timedelta(microseconds=1)) == []
    assert store.next_due() == later


def test_failed_and_sent_are_final(world, store):
    world.alert()
    world.alert("BBC")
    a, b = (i.id for i in rows(store))
    store.claim(a, now=T0, lease=LEASE)
    store.mark_failed(a, error="bad request: chat not found")
    world.deliver(b, message_id=42)
    later = T0 + timedelta(days=1)
    assert store.due_heads(later) == [] and store.next_due() is None
    assert store.claim(a, now=later, lease=LEASE) is None
    assert store.claim(b, now=later, lease=LEASE) is None
    assert store.outbox_counts() == {"failed": 1, "sent": 1}
    assert store.outbox_item(b).message_id == 42


def test_due_heads_gives_each_chat_its_oldest_due_row(world, store):
    world.alert("Spiegel")
    world.alert("BBC")
    world.alert("Reuters", topics=("ukraine-aid",), chats={"ukraine-aid": DESK})
    heads = store.due_heads(T0)
    assert [(h.chat_id, h.headline.outlet) for h in heads] == [(CHAT, "Spiegel"),
                                                               (DESK, "Reuters")]


def _oldest_waits_in_backoff(store, oldest):
    store.claim(oldest, now=T0, lease=LEASE)
    store.release(oldest, retry_at=T0 + timedelta(seconds=40), error="502")
    return T0 + timedelta(seconds=40)


def _oldest_waits_for_a_flood_wait(store, oldest):
    store.claim(oldest, now=T0, lease=LEASE)
    store.release(oldest, retry_at=T0 + timedelta(seconds=7), error="429", refund=True)
    return T0 + timedelta(seconds=7)


def _oldest_is_claimed_by_a_stopped_process(store, oldest):
    store.claim(oldest, now=T0, lease=LEASE)
    return T0 + LEASE


OLDEST_WAITS = {
    "retry-backoff": _oldest_waits_in_backoff,
    "flood-wait": _oldest_waits_for_a_flood_wait,
    "live-claim": _oldest_is_claimed_by_a_stopped_process,
}


@pytest.mark.parametrize("make_it_wait", OLDEST_WAITS.values(), ids=OLDEST_WAITS.keys())
def test_a_chat_sends_nothing_newer_while_its_oldest_message_waits(world, store, make_it_wait):
    world.alert("Spiegel")
    world.alert("BBC")
    world.alert("Reuters", topics=("ukraine-aid",), chats={"ukraine-aid": DESK})
    oldest, newer, other = (i.id for i in rows(store))
    due_at = make_it_wait(store, oldest)
    assert [h.id for h in store.due_heads(T0)] == [other]  # not `newer`, though it is due
    assert store.next_due() == T0  # the other chat's message
    store.claim(other, now=T0, lease=LEASE)
    store.mark_sent(other, message_id=1, text="t", now=T0)
    assert store.next_due() == due_at  # not T0: `newer` is not next in its chat
    assert store.due_heads(due_at - timedelta(microseconds=1)) == []
    assert [h.id for h in store.due_heads(due_at)] == [oldest]
    assert newer not in {h.id for h in store.due_heads(due_at + timedelta(days=1))}


def test_edits_are_ranked_apart_from_new_messages(world, store):
    first = world.alert("Spiegel")
    world.deliver(rows(store)[0].id)
    world.alert("BBC", join=first.cluster_id)  # an edit of the sent alert, due now
    world.alert("Reuters")  # a new message, held back:
    waiting = rows(store)[1].id
    _oldest_waits_in_backoff(store, waiting)
    assert [(h.id, h.is_edit) for h in store.due_heads(T0)] == [(rows(store)[0].id, True)]
    lease = store.claim_edit(rows(store)[0].id, now=T0, lease=LEASE)
    store.retry_edit(rows(store)[0].id, retry_at=T0 + timedelta(hours=1), error="500")
    assert lease and [h.id for h in store.due_heads(T0 + timedelta(seconds=40))] == [waiting]
    assert store.next_due() == T0 + timedelta(seconds=40)


def test_due_heads_can_be_limited_to_some_chats(world, store):
    world.alert("Spiegel")
    world.alert("Reuters", topics=("ukraine-aid",), chats={"ukraine-aid": DESK})
    assert [h.chat_id for h in store.due_heads(T0, chats=[DESK])] == [DESK]
    assert store.due_heads(T0, chats=["stdout"]) == [] and store.next_due(chats=["stdout"]) is None
    assert [h.chat_id for h in store.due_heads(T0, skip_chats=[DESK])] == [CHAT]


def test_hold_chat_delays_every_waiting_message_and_edit_of_that_chat_only(world, store):
    first = world.alert("Spiegel")
    world.deliver(rows(store)[0].id)
    world.alert("BBC", join=first.cluster_id)  # edit due now
    world.alert("Reuters")
    world.alert("Meduza", topics=("ukraine-aid",), chats={"ukraine-aid": DESK})
    until = T0 + timedelta(seconds=30)
    assert store.hold_chat(CHAT, until) == 2
    assert [(i.chat_id, i.next_attempt) for i in rows(store)] == [
        (CHAT, until), (CHAT, until), (DESK, T0)]
    assert store.hold_chat(CHAT, T0 + timedelta(seconds=5)) == 0  # never shortens a wait


def test_fail_chat_fails_its_backlog_and_drops_its_edits(world, store):
    first = world.alert("Spiegel")
    world.deliver(rows(store)[0].id)
    world.alert("BBC", join=first.cluster_id)
    world.alert("Reuters")
    world.alert("Meduza")
    store.claim(rows(store)[2].id, now=T0, lease=LEASE)  # someone is sending it right now
    world.alert("Kyiv Independent", topics=("ukraine-aid",), chats={"ukraine-aid": DESK})
    assert store.fail_chat(CHAT, error="refused: kicked", now=T0) == (1, 1)
    assert [(i.chat_id, i.status, i.edit_pending, i.last_error) for i in rows(store)] == [
        (CHAT, "sent", False, "edit dropped with the chat: refused: kicked"),
        (CHAT, "failed", False, "refused: kicked"),
        (CHAT, "sending", False, None), (DESK, "pending", False, None)]
    # once the claim has expired (its process stopped), it fails with the rest
    assert store.fail_chat(CHAT, error="refused: kicked", now=T0 + LEASE) == (1, 0)
    # the fix: the messages and the dropped edit are due again; another chat's stay failed
    later = T0 + timedelta(hours=2)
    assert store.retry_failed(now=later, chat_id=CHAT) == (2, 1)
    sent = rows(store)[0]
    assert (sent.status, sent.edit_pending, sent.last_error) == ("sent", True, None)
    assert rows(store)[0].id in [i.id for i in store.due_heads(later)]


def test_a_refused_edit_of_one_message_is_not_retried_with_the_chat(world, store):
    first = world.alert("Spiegel")
    world.deliver(rows(store)[0].id)
    world.alert("BBC", join=first.cluster_id)
    store.drop_edit(rows(store)[0].id, error="message can't be edited")
    store.fail_chat(CHAT, error="refused: kicked", now=T0)
    assert store.retry_failed(now=T0 + timedelta(hours=2)) == (0, 0)
    assert rows(store)[0].edit_pending is False


def test_retry_failed_requeues_only_failed_rows_of_the_chat_asked(world, store):
    first = world.alert("Spiegel")
    world.deliver(rows(store)[0].id)
    world.alert("BBC")
    world.alert("Reuters")
    world.alert("Kyiv Independent", topics=("ukraine-aid",), chats={"ukraine-aid": DESK})
    store.fail_chat(CHAT, error="refused: kicked", now=T0)
    store.fail_chat(DESK, error="refused: chat not found", now=T0)
    later = T0 + timedelta(hours=2)
    assert store.retry_failed(now=later, chat_id=CHAT) == (2, 0)
    assert [(i.chat_id, i.status, i.attempts) for i in rows(store)] == [
        (CHAT, "sent", 1), (CHAT, "pending", 0), (CHAT, "pending", 0), (DESK, "failed", 0)]
    assert [i.id for i in store.due_heads(later)][:1] == [rows(store)[1].id]  # oldest first
    assert store.retry_failed(now=later) == (1, 0)  # every chat
    assert store.retry_failed(now=later) == (0, 0)
    assert rows(store)[0].cluster_id == first.cluster_id  # sent rows are left alone


def test_last_sent_per_chat(world, store):
    world.alert("Spiegel")
    world.alert("BBC")
    world.alert("Reuters", topics=("ukraine-aid",), chats={"ukraine-aid": DESK})
    a, b, c = (i.id for i in rows(store))
    world.deliver(a, now=T0)
    world.deliver(b, now=T0 + timedelta(seconds=3))
    store.claim(c, now=T0, lease=LEASE)
    store.mark_sent(c, message_id=1, text="t", now=T0 - timedelta(hours=1))  # long ago
    assert store.last_sent(since=T0 - timedelta(minutes=1)) == {CHAT: T0 + timedelta(seconds=3)}


def test_move_chat_moves_only_unsent_rows(world, store):
    world.alert("Spiegel")
    world.alert("BBC")
    world.deliver(rows(store)[0].id)
    assert store.move_chat(CHAT, "-100999") == 1
    assert [(i.chat_id, i.status) for i in rows(store)] == [(CHAT, "sent"), ("-100999", "pending")]


def test_finish_edit_keeps_the_mark_when_another_outlet_joined_meanwhile(world, store):
    first = world.alert("Spiegel")
    item_id = rows(store)[0].id
    world.deliver(item_id)
    world.alert("BBC", join=first.cluster_id)
    lease = store.claim_edit(item_id, now=T0, lease=LEASE)
    world.now = T0 + timedelta(seconds=1)
    world.alert("Reuters", join=first.cluster_id)  # arrives while the edit is under way
    store.finish_edit(item_id, text="with BBC", lease_until=lease)
    item = store.outbox_item(item_id)
    assert item.edit_pending and item.edits == 1 and item.sent_text == "with BBC"
    lease = store.claim_edit(item_id, now=world.now, lease=LEASE)
    store.finish_edit(item_id, text="with BBC and Reuters", lease_until=lease)
    assert not store.outbox_item(item_id).edit_pending


def test_join_during_the_send_makes_an_edit_due_once_sent(world, store):
    first = world.alert("Spiegel")
    item_id = rows(store)[0].id
    claimed = store.claim(item_id, now=T0, lease=LEASE)
    assert world.alert("BBC", join=first.cluster_id).edits == 1
    store.mark_sent(item_id, message_id=5, text=claimed.text, now=T0)
    assert [h.id for h in store.due_heads(T0) if h.is_edit] == [item_id]


# --- collapsing ----------------------------------------------------------------------------------

def test_collapse_is_one_transaction(world, store):
    for _ in range(5):
        world.alert()
    ids = [i.id for i in rows(store)]
    assert store.burst_chats(keep=2) == [CHAT]
    moved = store.collapse(CHAT, [Collapse("tomahawk-decision", "summary", tuple(ids[2:]))],
                           now=T0)
    assert moved == 3
    items = rows(store)
    summary = [i for i in items if i.kind == "summary"]
    assert len(summary) == 1 and summary[0].status == "pending"
    assert [i.status for i in items if i.kind == "alert"] == ["pending"] * 2 + ["collapsed"] * 3
    assert store.burst_chats(keep=2) == []


def test_collapse_changes_nothing_if_a_row_was_taken_meanwhile(world, store):
    for _ in range(4):
        world.alert()
    ids = [i.id for i in rows(store)]
    store.claim(ids[3], now=T0, lease=LEASE)  # another notifier is sending it
    plan = [Collapse("tomahawk-decision", "s1", (ids[1],)),
            Collapse("tomahawk-decision", "s2", (ids[2], ids[3]))]
    assert store.collapse(CHAT, plan, now=T0) == 0
    assert [i.status for i in rows(store)] == ["pending", "pending", "pending", "sending"]


def test_outbox_survives_reopening(tmp_path):
    path = tmp_path / "monitor.sqlite"
    with Store.open(path) as store:
        World(store).alert()
        store.queue_notice(CHAT, "hello", key="k")
    with Store.open(path) as store:
        assert [(i.kind, i.status) for i in store.outbox_items()] == [("alert", "pending"),
                                                                      ("notice", "pending")]
        assert not store.queue_notice(CHAT, "hello", key="k")
        assert alert_key(1, CHAT) == f"cluster:1:{CHAT}"
