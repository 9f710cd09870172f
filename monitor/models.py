"""Plain values passed between the pipeline stages.

Data flows one way: feeds -> fetch -> parse -> normalize -> match -> dedupe -> store -> notify.
Each stage takes and returns the immutable values defined here. This module does no I/O and
holds no behaviour beyond tiny derived properties; the stages own the logic.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum

DEFAULT_INTERVAL_SECONDS = 300


def utcnow() -> datetime:
    """The current time as an aware UTC datetime (the one clock the pipeline uses by default)."""
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Feed:
    """One entry of the feed list (`seeds/feeds.toml`)."""

    url: str
    name: str
    language: str | None = None
    interval: int = DEFAULT_INTERVAL_SECONDS  # seconds between polls
    enabled: bool = True


@dataclass(frozen=True, slots=True)
class FeedState:
    """What the store remembers about a feed between fetches."""

    url: str  # identity, as in the feed list
    fetch_url: str  # where it lives now (a permanent redirect moves it)
    name: str = ""
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    last_fetch: datetime | None = None
    last_status: str | None = None
    last_success: datetime | None = None
    last_error: str | None = None
    consecutive_failures: int = 0
    failing_since: datetime | None = None
    broken: str | None = None  # reason, when the server said the feed is gone
    ttl: int | None = None  # seconds, from the feed's <ttl>
    next_poll: datetime | None = None
    stale_reported: bool = False
    parse_warnings: str | None = None  # what the parser repaired in the last parsed body


class FetchStatus(StrEnum):
    """What one fetch of one feed came to."""

    OK = "ok"  # a new body to parse
    NOT_MODIFIED = "not_modified"  # 304: validators matched, nothing to parse
    UNCHANGED = "unchanged"  # 200 but the body hash equals the last one: nothing to parse
    ERROR = "error"  # transient failure (network, timeout, 5xx, 429, too large): back off, retry
    GONE = "gone"  # 404 / 410: the feed is marked broken with the reason, still retried slowly


@dataclass(frozen=True, slots=True)
class FetchResult:
    """The outcome of fetching one feed. Failures are values, never exceptions."""

    feed: Feed
    status: FetchStatus
    fetched_at: datetime
    http_status: int | None = None
    body: bytes | None = None  # only for OK
    body_hash: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None
    final_url: str | None = None  # the URL that answered, after redirects
    permanent_url: str | None = None  # set when a permanent redirect (301/308) moved the feed
    error: str | None = None  # human-readable reason for ERROR / GONE
    retry_after: float | None = None  # seconds, from Retry-After on 429/503
    max_age: float | None = None  # seconds, from Cache-Control max-age (a lower bound)
    elapsed: float = 0.0  # seconds spent

    @property
    def failed(self) -> bool:
        return self.status in (FetchStatus.ERROR, FetchStatus.GONE)


@dataclass(frozen=True, slots=True)
class Story:
    """One feed entry, as plain text, ready for matching.

    `key` is stable across fetches of the same feed: the guid, else the canonical link,
    else a hash of title and summary.
    """

    feed_url: str
    outlet: str  # the feed's display name
    key: str
    title: str
    summary: str
    published: datetime  # aware, UTC; first-seen time when the feed gave none
    url: str | None = None  # canonical URL, tracking parameters removed
    guid: str | None = None
    language: str | None = None
    dated: bool = True  # False when `published` fell back to the first-seen time


@dataclass(frozen=True, slots=True)
class ParseResult:
    """What the parser made of one body."""

    stories: tuple[Story, ...]
    feed_title: str | None = None
    ttl: int | None = None  # seconds, from RSS <ttl>
    error: str | None = None  # set when the body yielded no entries (and why)
    warnings: tuple[str, ...] = ()  # tolerated breakage (bozo) worth a debug line


@dataclass(frozen=True, slots=True)
class Hit:
    """One piece of evidence: which rule term matched which words of which field."""

    group: str  # the rule group ("what", "where", ...) the term belongs to
    term: str  # the term or entity name as written in the rule file
    field: str  # "title" or "summary"
    words: str  # the words of the field that matched, as they appear there
    weight: float


@dataclass(frozen=True, slots=True)
class TopicMatch:
    """A story matched a topic, with the score and the evidence that explains it."""

    topic: str
    score: float
    hits: tuple[Hit, ...] = ()
    chat: str | None = None  # the rule's own chat, else None for the default chat

    @property
    def terms(self) -> tuple[str, ...]:
        """The distinct rule terms that matched, in order of first appearance."""
        return tuple(dict.fromkeys(hit.term for hit in self.hits))


class DedupeKind(StrEnum):
    NEW = "new"  # a story no one reported before: starts a cluster
    SAME_ITEM = "same_item"  # the same entry seen again (same feed and key), maybe edited
    EXACT = "exact"  # same guid / canonical URL / normalised text elsewhere
    NEAR = "near"  # a syndicated copy with small edits
    CLUSTER = "cluster"  # another outlet's report of the same event


@dataclass(frozen=True, slots=True)
class DedupeDecision:
    kind: DedupeKind
    cluster_id: int | None = None  # the cluster joined; None for NEW
    duplicate_of: int | None = None  # the stored story it duplicates, if any
    score: float = 0.0
    reason: str = ""


@dataclass(frozen=True, slots=True)
class AlertDraft:
    """A message the pipeline wants sent: one per (story cluster, chat), listing its topics.

    The store turns it into an outbox row in the transaction that records the story, unless
    that cluster already has an alert for that chat (then the existing alert is marked for an
    in-place edit instead)."""

    chat_id: str
    topics: tuple[str, ...]
    text: str  # Telegram HTML, within 4096 characters
    kind: str = "alert"


@dataclass(frozen=True, slots=True)
class StoryRecord:
    """Everything the pipeline decided about one new or changed story, stored in one
    transaction: the story, its matches, its dedupe decision and keys, and the alerts."""

    story: Story
    content_hash: str
    decision: DedupeDecision
    matches: tuple[TopicMatch, ...] = ()
    dedupe_keys: tuple[str, ...] = ()
    alerts: tuple[AlertDraft, ...] = ()
    features: bytes | None = None  # dedupe's features of the story, packed (`pack_features`)


@dataclass(frozen=True, slots=True)
class Recorded:
    """What `Store.record_story` did."""

    story_id: int
    cluster_id: int
    new_alerts: int = 0  # outbox rows created
    edits: int = 0  # existing alerts marked for an in-place edit


@dataclass(frozen=True, slots=True)
class Member:
    """One outlet's report within a cluster."""

    outlet: str
    url: str | None
    published: datetime


@dataclass(frozen=True, slots=True)
class FeedOutcome:
    """One feed's part of a poll cycle's result."""

    feed: Feed
    fetch: FetchResult
    parsed: int = 0  # entries parsed
    new: int = 0  # stories not seen before
    matched: int = 0  # new stories that matched a topic
    alerts: int = 0  # alerts queued
    error: str | None = None  # fetch or parse problem, for the report
    topics: tuple[str, ...] = ()  # the topic of each match of a new story (repeats count)


@dataclass(frozen=True, slots=True)
class CycleResult:
    """Everything one poll cycle did, feed by feed."""

    started: datetime
    finished: datetime
    outcomes: tuple[FeedOutcome, ...] = field(default_factory=tuple)

    @property
    def failed(self) -> tuple[FeedOutcome, ...]:
        return tuple(o for o in self.outcomes if o.error)
