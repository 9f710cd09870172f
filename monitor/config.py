"""Settings: command-line flags first, then environment variables, then defaults.

Every setting is declared once in `SETTINGS` (name, flag, variable, default, parser). Loading
checks them all and reports every problem at once (`ConfigError`, exit code 2), naming the flag or
variable. The bot token is held in a `Secret` that never shows itself in a repr, log or error.

This module reads no files other than what `os.environ` holds; it does not validate the feed list
or rule files (their own modules do).
"""

from __future__ import annotations

import argparse
import os
import re
import site
import sysconfig
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

EXIT_CONFIG = 2
TELEGRAM_API_DEFAULT = "https://api.telegram.org"
USER_AGENT_DEFAULT = (
    "monitor/0.1 (self-hosted media monitor; +https://github.com/monitor-news/monitor)"
)


class ConfigError(Exception):
    """One or more settings are invalid. `problems` holds one line per problem."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("invalid settings:\n" + "\n".join(f"  - {p}" for p in problems))


class Secret:
    """A string that never reveals itself in repr/str/format. Use `.reveal()` where needed."""

    __slots__ = ("_value",)

    def __init__(self, value: str):
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        return "***"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)

    def __bool__(self) -> bool:
        return bool(self._value)


_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$", re.IGNORECASE)
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_duration(text: str) -> timedelta:
    """`90`, `90s`, `15m`, `24h`, `7d`, `2w` -> timedelta. Raises ValueError otherwise."""
    m = _DURATION.match(str(text))
    if not m:
        raise ValueError(f"not a duration: {text!r} (use e.g. 90s, 15m, 24h, 7d)")
    seconds = float(m.group(1)) * _UNIT_SECONDS[m.group(2).lower()]
    return timedelta(seconds=seconds)


def _positive_duration(text: str) -> timedelta:
    value = parse_duration(text)
    if value <= timedelta(0):
        raise ValueError(f"must be positive, got {text!r}")
    return value


def _positive_int(text: str) -> int:
    try:
        value = int(str(text).strip())
    except ValueError:
        raise ValueError(f"not a whole number: {text!r}") from None
    if value <= 0:
        raise ValueError(f"must be positive, got {value}")
    return value


def _positive_float(text: str) -> float:
    try:
        value = float(str(text).strip())
    except ValueError:
        raise ValueError(f"not a number: {text!r}") from None
    if value <= 0:
        raise ValueError(f"must be positive, got {value}")
    return value


def _size(text: str) -> int:
    """Bytes, with an optional K/M/G (binary) suffix: `10M` = 10 MiB."""
    m = re.match(r"^\s*(\d+)\s*([kmg]?)i?b?\s*$", str(text), re.IGNORECASE)
    if not m:
        raise ValueError(f"not a size: {text!r} (use e.g. 10M, 512K, 1048576)")
    value = int(m.group(1)) * {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[m.group(2).lower()]
    if value <= 0:
        raise ValueError(f"must be positive, got {text!r}")
    return value


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _bool(text: str) -> bool:
    lowered = str(text).strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ValueError(f"not a yes/no value: {text!r} (use true or false)")


def _http_url(text: str) -> str:
    parts = urlsplit(str(text).strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"not an http(s) URL: {text!r}")
    return str(text).strip().rstrip("/")


def _chat_id(text: str) -> str:
    value = str(text).strip()
    if re.fullmatch(r"-?\d+", value) or re.fullmatch(r"@[A-Za-z][A-Za-z0-9_]{3,}", value):
        return value
    raise ValueError(
        f"not a Telegram chat id: {text!r} (a number such as -1001234567890, or @name)"
    )


_TOKEN = re.compile(r"^\d+:[A-Za-z0-9_-]{20,}$")


def _token(text: str) -> Secret:
    value = str(text).strip()
    if not _TOKEN.match(value):
        # Never echo the value: it may be a real token with a typo.
        raise ValueError("does not look like a bot token (expected <digits>:<30+ characters>)")
    return Secret(value)


def _host_port(text: str) -> tuple[str, int]:
    host, sep, port = str(text).strip().rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(f"not host:port: {text!r} (e.g. 127.0.0.1:9108)")
    return host.strip("[]"), int(port)


def _timezone(text: str) -> ZoneInfo:
    try:
        return ZoneInfo(str(text).strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone: {text!r} (e.g. Europe/Berlin, UTC)") from None


def _log_level(text: str) -> str:
    value = str(text).strip().upper()
    if value not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
        raise ValueError(f"not a log level: {text!r} (DEBUG, INFO, WARNING or ERROR)")
    return value


def _local_timezone_name() -> str:
    try:
        from tzlocal import get_localzone_name  # installed with apscheduler 3

        return get_localzone_name() or "UTC"
    except Exception:
        return "UTC"


@dataclass(frozen=True, slots=True)
class Spec:
    """One setting: where it comes from and how its text becomes a value."""

    name: str
    env: str
    flag: str | None
    default: Any  # a string (parsed like user input), a callable producing one, or None
    parse: Callable[[str], Any]
    help: str


# The checkout the program runs from, when it does (an editable install, `pip install -e .`,
# which installs no data-files): the folder above the package, if it holds the project file.
_SOURCE_CHECKOUT = Path(__file__).resolve().parent.parent


def _shipped(relative: str) -> Callable[[], str]:
    """A default path: as given, in the working directory (a checkout of the project), else
    the copy `pip install` put beside the program (<prefix>/share/monitor/, see pyproject's
    data-files), else the one in the checkout an editable install runs from, else as given
    (then reported missing, naming it)."""
    def default() -> str:
        if Path(relative).exists():
            return relative
        for base in dict.fromkeys((sysconfig.get_path("data"), site.getuserbase())):
            shipped = Path(base, "share", "monitor", relative)
            if shipped.exists():
                return str(shipped)
        if (_SOURCE_CHECKOUT / "pyproject.toml").is_file() and (
                _SOURCE_CHECKOUT / relative).exists():
            return str(_SOURCE_CHECKOUT / relative)
        return relative
    return default


SETTINGS: tuple[Spec, ...] = (
    Spec("feeds", "MONITOR_FEEDS", "--feeds", _shipped("seeds/feeds.toml"), Path,
         "feed list file (TOML)"),
    Spec("rules", "MONITOR_RULES", "--rules", _shipped("rules"), Path,
         "folder of topic rule files"),
    Spec("db", "MONITOR_DB", "--db", "monitor.sqlite", str, "SQLite file (or SQLAlchemy URL)"),
    Spec("telegram_token", "TELEGRAM_BOT_TOKEN", None, None, _token, "bot token (env only)"),
    Spec(
        "telegram_chat_id",
        "TELEGRAM_CHAT_ID",
        "--chat-id",
        None,
        _chat_id,
        "default chat for alerts",
    ),
    Spec(
        "telegram_admin_chat_id",
        "TELEGRAM_ADMIN_CHAT_ID",
        "--admin-chat-id",
        None,
        _chat_id,
        "chat for operator notices (broken feeds, bad rule edits)",
    ),
    Spec(
        "telegram_api_url",
        "TELEGRAM_API_URL",
        "--telegram-api-url",
        TELEGRAM_API_DEFAULT,
        _http_url,
        "Bot API base URL (self-hosted Bot API server or a test server)",
    ),
    Spec(
        "user_agent",
        "MONITOR_USER_AGENT",
        "--user-agent",
        USER_AGENT_DEFAULT,
        str,
        "HTTP User-Agent",
    ),
    Spec(
        "retention",
        "MONITOR_RETENTION",
        "--retention",
        "30d",
        _positive_duration,
        "forget stories not seen in their feed for this long",
    ),
    Spec(
        "alert_window",
        "MONITOR_ALERT_WINDOW",
        "--alert-window",
        "48h",
        _positive_duration,
        "stories older than this are stored but never alerted",
    ),
    Spec(
        "max_body",
        "MONITOR_MAX_BODY",
        "--max-body",
        "10M",
        _size,
        "cap on a feed body after decompression",
    ),
    Spec(
        "timeout", "MONITOR_TIMEOUT", "--timeout", "30s", _positive_duration, "per-request timeout"
    ),
    Spec(
        "concurrency",
        "MONITOR_CONCURRENCY",
        "--concurrency",
        "16",
        _positive_int,
        "fetches at once, overall",
    ),
    Spec(
        "per_host",
        "MONITOR_PER_HOST",
        "--per-host",
        "2",
        _positive_int,
        "fetches at once, per host",
    ),
    Spec(
        "default_interval",
        "MONITOR_INTERVAL",
        "--interval",
        "5m",
        _positive_duration,
        "poll interval for feeds that set none",
    ),
    Spec(
        "chat_rate",
        "MONITOR_CHAT_RATE",
        "--chat-rate",
        "20",
        _positive_float,
        "messages per minute per chat (Telegram allows about 20 in groups and channels)",
    ),
    Spec(
        "global_rate",
        "MONITOR_GLOBAL_RATE",
        "--global-rate",
        "25",
        _positive_float,
        "messages per second overall (Telegram allows about 30)",
    ),
    Spec(
        "link_preview",
        "MONITOR_LINK_PREVIEW",
        "--link-preview",
        "false",
        _bool,
        "let Telegram show link previews under alerts",
    ),
    Spec(
        "timezone",
        "MONITOR_TIMEZONE",
        "--timezone",
        _local_timezone_name,
        _timezone,
        "time zone for alerts, digests and --since dates without an offset",
    ),
    Spec(
        "log_level",
        "MONITOR_LOG_LEVEL",
        "--log-level",
        "INFO",
        _log_level,
        "DEBUG, INFO, WARNING, ERROR",
    ),
    Spec(
        "http",
        "MONITOR_HTTP",
        "--http",
        None,
        _host_port,
        "serve /healthz and /metrics on host:port",
    ),
)


@dataclass(frozen=True, slots=True)
class Settings:
    feeds: Path
    rules: Path
    db: str
    telegram_token: Secret | None
    telegram_chat_id: str | None
    telegram_admin_chat_id: str | None
    telegram_api_url: str
    user_agent: str
    retention: timedelta
    alert_window: timedelta
    max_body: int
    timeout: timedelta
    concurrency: int
    per_host: int
    default_interval: timedelta
    chat_rate: float
    global_rate: float
    link_preview: bool
    timezone: ZoneInfo
    log_level: str
    http: tuple[str, int] | None

    @property
    def telegram_enabled(self) -> bool:
        return self.telegram_token is not None and self.telegram_chat_id is not None

    def redacted(self) -> dict[str, str]:
        """Every setting as display text, the token replaced: for `status` and logs."""
        return {
            f.name: (
                "***"
                if f.name == "telegram_token" and getattr(self, f.name)
                else str(getattr(self, f.name))
            )
            for f in fields(self)
        }


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add one flag per setting that has a flag. Values stay raw text until `load`.

    Absent flags leave no attribute (SUPPRESS), so the same flags can sit on the main parser
    and on every subcommand: `monitor --db x once` and `monitor once --db x` both work.
    """
    group = parser.add_argument_group("settings (flag, else environment variable, else default)")
    for spec in SETTINGS:
        if spec.flag:
            group.add_argument(
                spec.flag,
                dest=f"setting_{spec.name}",
                metavar=spec.env,
                default=argparse.SUPPRESS,
                help=f"{spec.help} [env {spec.env}]",
            )


def load(
    flags: Mapping[str, Any] | argparse.Namespace | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Resolve every setting: flag, else environment variable, else default.

    Collects every problem and raises one `ConfigError` listing them all.
    """
    if isinstance(flags, argparse.Namespace):
        flags = vars(flags)
    flags = flags or {}
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    problems: list[str] = []
    for spec in SETTINGS:
        raw, source = _raw_value(spec, flags, environ)
        if raw is None:
            values[spec.name] = None
            continue
        try:
            values[spec.name] = spec.parse(raw)
        except ValueError as exc:
            problems.append(f"{source}: {exc}")
    if (
        values.get("telegram_token")
        and not values.get("telegram_chat_id")
        and not any(p.startswith(("TELEGRAM_CHAT_ID", "--chat-id")) for p in problems)
    ):
        problems.append("TELEGRAM_CHAT_ID: required when TELEGRAM_BOT_TOKEN is set")
    if problems:
        raise ConfigError(problems)
    return Settings(**values)


def _raw_value(
    spec: Spec, flags: Mapping[str, Any], environ: Mapping[str, str]
) -> tuple[str | None, str]:
    flag_value = flags.get(f"setting_{spec.name}")
    if flag_value is not None:
        return str(flag_value), spec.flag or spec.env
    env_value = environ.get(spec.env)
    if env_value is not None and env_value.strip() != "":
        return env_value, spec.env
    default = spec.default() if callable(spec.default) else spec.default
    return default, f"default of {spec.env}"
