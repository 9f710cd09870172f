"""Logging set-up: one line per event, with level, and never a secret.

python-telegram-bot logs through httpx, and httpx logs every request URL at INFO; a Bot API URL
contains the bot token (`/bot<token>/sendMessage`). So: httpx and httpcore are held at WARNING,
and every record passes a filter that replaces any registered secret, and anything shaped like a
bot token (digits, a colon, 30 or more token characters, also inside `/bot<token>/`), with `***`
in its message, its exception text and its stack, before it is formatted.

Every record is one line: the formatter writes a line break inside a message or a traceback as
the two characters `\\n` (other line separators likewise as escapes), so a traceback reads as
one line with `\\n` markers, a log line is a whole event for `grep`, journald and log
shippers, and a feed title cannot forge a log line.

What this does not do: decide what is logged (each module does), or rotate files.
"""

from __future__ import annotations

import logging
import re
import sys

# A bot token: the bot's numeric id, a colon (or its URL escape), 30+ characters of secret.
# No `\b` before it: inside `/bot123456:AA...` a word character precedes the digits.
_TOKEN_SHAPE = re.compile(r"(?<!\d)\d{5,}(?::|%3[Aa])[A-Za-z0-9_-]{30,}")
_NOISY = ("httpx", "httpcore", "telegram", "apscheduler", "hpack")
# Everything `str.splitlines` breaks at, written as an escape.
_LINE_BREAKS = str.maketrans({"\n": "\\n", "\r": "\\r", "\v": "\\v", "\f": "\\f",
                              "\x1c": "\\x1c", "\x1d": "\\x1d", "\x1e": "\\x1e",
                              "\x85": "\\x85", "\u2028": "\\u2028", "\u2029": "\\u2029"})
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class RedactingFilter(logging.Filter):
    """Rewrites a record's message, exception text and stack with secrets replaced by `***`."""

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
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


def one_line(text: str) -> str:
    """`text` with its line breaks escaped: always a single line."""
    return text.translate(_LINE_BREAKS)


class OneLineFormatter(logging.Formatter):
    """The standard formatter, with the whole record (message, traceback, stack) on one line."""

    def format(self, record: logging.LogRecord) -> str:
        return one_line(super().format(record))


def setup(level: str = "INFO", secrets: list[str] | None = None, stream=None) -> RedactingFilter:
    """Configure the root logger: `time level logger: message` on stderr, one line per record,
    secrets redacted."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(OneLineFormatter(FORMAT))
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
