"""Logging set-up: one line per event, with level, and never a secret.

python-telegram-bot logs through httpx, and httpx logs every request URL at INFO; a Bot API URL
contains the bot token (`/bot<token>/sendMessage`). So: httpx and httpcore are held at WARNING,
and every record passes a filter that replaces any registered secret, and anything shaped like a
bot token, with `***` before it is formatted.
"""

from __future__ import annotations

import logging
import re
import sys

_TOKEN_SHAPE = re.compile(r"\b\d{5,}:[A-Za-z0-9_-]{30,}\b")
_NOISY = ("httpx", "httpcore", "telegram", "apscheduler", "hpack")


class RedactingFilter(logging.Filter):
    """Rewrites a record's message (and exception text) with secrets replaced by `***`."""

    def __init__(self, secrets: list[str] | None = None):
        super().__init__()
        self.secrets = [s for s in (secrets or []) if s]

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "***")
        return _TOKEN_SHAPE.sub("***", text)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = self.redact(message)
        if redacted != message or record.args:
            record.msg, record.args = redacted, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        return True


def setup(level: str = "INFO", secrets: list[str] | None = None, stream=None) -> RedactingFilter:
    """Configure the root logger: `time level logger: message` on stderr, secrets redacted."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    redactor = RedactingFilter(secrets)
    handler.addFilter(redactor)
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    for name in _NOISY:
        logging.getLogger(name).setLevel(max(logging.WARNING, logging.getLevelName(level)))
    return redactor
