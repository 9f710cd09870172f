"""The `monitor` command line: builds the parser, loads settings, sets up logging, dispatches.

Each command group lives in `monitor.commands.<group>` and adds its subcommands through
`register(subparsers, parents)`; a handler takes `(settings, args)` and returns the exit code.
Settings problems exit with code 2 before any command runs.
"""

from __future__ import annotations

import argparse
import signal
import sys

from monitor import __version__, config, logs


def _command_groups() -> tuple:
    # (imported when the parser is built, not with this module: they pull in the whole
    # pipeline, ~1 s, and a stop request during that time is handled by `_stopped_early`)
    from monitor.commands import feeds, pipeline, rules
    return feeds, rules, pipeline


def _stopped_early(signum, frame) -> None:
    """SIGTERM before the command runs (the daemon installs its own handler as it starts):
    nothing has started, so stopping is a clean exit."""
    raise SystemExit(0)


def build_parser() -> argparse.ArgumentParser:
    settings_flags = argparse.ArgumentParser(add_help=False)
    config.add_arguments(settings_flags)
    parser = argparse.ArgumentParser(
        prog="monitor", parents=[settings_flags],
        description="Media monitoring: poll feeds, match topics, deduplicate, alert on Telegram.",
    )
    parser.add_argument("--version", action="version", version=f"monitor {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for group in _command_groups():
        group.register(subparsers, [settings_flags])
    return parser


def main(argv: list[str] | None = None) -> int:
    standalone = argv is None  # run as the program (not called from a test or other code)
    if standalone:
        signal.signal(signal.SIGTERM, _stopped_early)
    parser = build_parser()
    args = parser.parse_args(argv)
    if standalone and args.command != "run":
        signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the other commands stop as they did
    try:
        settings = config.load(args)
    except config.ConfigError as exc:
        print(f"monitor: {exc}", file=sys.stderr)
        return config.EXIT_CONFIG
    token = settings.telegram_token.reveal() if settings.telegram_token else None
    logs.setup(settings.log_level, secrets=[token] if token else None)
    try:
        return int(args.handler(settings, args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `monitor feeds export | head`
        return 0
