"""Commands of the `rules` group (not yet written)."""

from __future__ import annotations


def register(subparsers, parents) -> None:
    """Add this group's subcommands to the `monitor` parser."""
