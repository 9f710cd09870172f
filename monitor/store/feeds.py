"""Store mixin: the feed list's entries and their fetch state (placeholder, being written)."""

from __future__ import annotations


class FeedStore:
    """Feed rows and fetch state."""
