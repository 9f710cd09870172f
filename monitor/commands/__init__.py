"""Command groups of the `monitor` CLI. Each module has `register(subparsers, parents)`."""
