# monitor: media-monitoring feed and alerting bot.
#   docker build -t monitor .
#   docker run -d --name monitor -v monitor-data:/data \
#     -e TELEGRAM_BOT_TOKEN=... -e TELEGRAM_CHAT_ID=-100... monitor
# Rules and feed list are baked in from the repository; mount your own over them:
#     -v "$PWD/rules:/app/rules:ro" -v "$PWD/seeds/feeds.toml:/app/seeds/feeds.toml:ro"
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY pyproject.toml README.md ./
COPY monitor ./monitor
# (the package installs a copy of the feed list and rules too: see pyproject's data-files)
COPY rules ./rules
COPY seeds/feeds.toml ./seeds/feeds.toml
RUN pip install . \
    && useradd --system --uid 10001 --no-create-home --home-dir /app monitor \
    && mkdir /data && chown monitor /data

ENV MONITOR_DB=/data/monitor.sqlite \
    MONITOR_RULES=/app/rules \
    MONITOR_FEEDS=/app/seeds/feeds.toml \
    MONITOR_HTTP=0.0.0.0:9108

VOLUME ["/data"]
USER monitor
EXPOSE 9108

# `monitor check` asks the running daemon's /healthz on MONITOR_HTTP.
HEALTHCHECK --interval=60s --timeout=10s --start-period=90s --retries=3 CMD ["monitor", "check"]

CMD ["monitor", "run"]
