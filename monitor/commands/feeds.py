"""Commands of the `feeds` group: `list`, `import FILE.opml`, `export`.

They read (and, for `import`, append to) the feed list file named by the `feeds` setting.
A missing or invalid feed list or OPML file is reported on stderr with exit code 2.
"""

from __future__ import annotations

import sys
from pathlib import Path

from monitor import feedlist
from monitor.config import EXIT_CONFIG
from monitor.models import Feed


def register(subparsers, parents) -> None:
    """Add this group's subcommands to the `monitor` parser."""
    group = subparsers.add_parser("feeds", parents=parents,
                                  help="show, import and export the feed list",
                                  description="Show, import and export the feed list.")
    commands = group.add_subparsers(dest="feeds_command", metavar="ACTION", required=True)

    listing = commands.add_parser("list", parents=parents, help="the feed list as a table")
    listing.set_defaults(handler=list_feeds)

    importing = commands.add_parser(
        "import", parents=parents, help="merge feeds from an OPML file into the feed list",
        description="Append the OPML file's feeds that are not yet listed (compared by canonical "
                    "URL) to the end of the feed list file; comments and order are kept.")
    importing.add_argument("opml", metavar="FILE.opml", type=Path, help="OPML file to import")
    importing.set_defaults(handler=import_feeds)

    exporting = commands.add_parser("export", parents=parents,
                                    help="the feed list as OPML 2.0 on stdout")
    exporting.set_defaults(handler=export_feeds)


def _load(settings) -> list[Feed] | None:
    try:
        return feedlist.load(settings.feeds, default_interval=_default_interval(settings))
    except feedlist.FeedListError as exc:
        print(f"monitor: {exc}", file=sys.stderr)
        return None


def _default_interval(settings) -> int | None:
    interval = getattr(settings, "default_interval", None)
    return round(interval.total_seconds()) if interval is not None else None


def list_feeds(settings, args) -> int:
    feeds = _load(settings)
    if feeds is None:
        return EXIT_CONFIG
    print(render_table(feeds))
    enabled = sum(f.enabled for f in feeds)
    print(f"\n{len(feeds)} feeds, {enabled} enabled ({settings.feeds})")
    return 0


def render_table(feeds: list[Feed]) -> str:
    """A plain-text table: name, language, interval, enabled, url."""
    header = ("NAME", "LANG", "INTERVAL", "ENABLED", "URL")
    rows = [(f.name, f.language or "-", feedlist.format_interval(f.interval),
             "yes" if f.enabled else "no", f.url) for f in feeds]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header) - 1)]
    lines = []
    for row in [header, *rows]:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        lines.append("  ".join([*cells, row[-1]]))
    return "\n".join(lines)


def import_feeds(settings, args) -> int:
    try:
        data = args.opml.read_bytes()
    except OSError as exc:
        print(f"monitor: cannot read {args.opml}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_CONFIG
    try:
        opml = feedlist.parse_opml(data, str(args.opml))
        result = feedlist.merge(settings.feeds, opml.feeds, timed=opml.timed)
    except feedlist.FeedListError as exc:
        print(f"monitor: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    except OSError as exc:
        print(f"monitor: cannot write {settings.feeds}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_CONFIG
    for feed in result.added:
        print(f"added    {feed.name}  {feed.url}")
    for feed, reason in result.skipped:
        print(f"skipped  {feed.name}  {feed.url}  ({reason})")
    for reason in opml.rejected:
        print(f"rejected {reason}")
    print(f"{len(result.added)} added, {len(result.skipped)} skipped, {len(opml.rejected)} rejected"
          f" -> {settings.feeds}")
    return 0


def export_feeds(settings, args) -> int:
    feeds = _load(settings)
    if feeds is None:
        return EXIT_CONFIG
    sys.stdout.flush()
    sys.stdout.buffer.write(feedlist.to_opml(feeds, default_interval=_default_interval(settings)))
    sys.stdout.buffer.flush()
    return 0
