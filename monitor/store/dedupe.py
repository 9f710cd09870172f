"""Store mixin: dedupe candidate lookup (placeholder, being written)."""

from __future__ import annotations


class DedupeStore:
    """Finds the stored stories a new one may duplicate, by key, never by scanning."""
