"""Store mixin: the outbox of alerts to send (placeholder, being written)."""

from __future__ import annotations


class OutboxStore:
    """Alerts waiting to be sent, sent, failed or collapsed."""
