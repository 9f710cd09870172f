"""monitor: a self-hosted media-monitoring feed and alerting bot."""

__version__ = "0.1.0"
