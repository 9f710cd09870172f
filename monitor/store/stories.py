"""Store mixin: stories, matches and clusters (placeholder, being written)."""

from __future__ import annotations


class StoryStore:
    """Stories, their matches and clusters."""
