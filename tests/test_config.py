"""Settings: flags over environment over defaults; every problem reported at once."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from monitor import config

TOKEN = "123456789:AAH-secret-token-value-abcdefghijklmnop"


def load(env=None, **flags):
    return config.load({f"setting_{k}": v for k, v in flags.items()}, env or {})


def test_defaults():
    settings = load()
    assert str(settings.feeds) == "seeds/feeds.toml"
    assert str(settings.rules) == "rules"
    assert settings.db == "monitor.sqlite"
    assert settings.telegram_api_url == "https://api.telegram.org"
    assert settings.telegram_token is None
    assert settings.max_body == 10 * 1024 * 1024
    assert settings.alert_window == timedelta(hours=48)
    assert settings.retention == timedelta(days=30)
    assert not settings.telegram_enabled


@pytest.mark.parametrize(("in_checkout", "installed", "editable", "expected"), [
    (True, True, True, "checkout"), (False, True, True, "installed"),
    (False, False, True, "editable"), (False, False, False, "missing"),
], ids=["checkout-first", "installed-copy-elsewhere", "editable-install-elsewhere",
        "neither-named-as-given"])
def test_feed_list_and_rules_default_to_the_copy_installed_with_the_program(
        tmp_path, monkeypatch, in_checkout, installed, editable, expected):
    """`pip install .` puts seeds/feeds.toml and rules/ under <prefix>/share/monitor: they are
    the defaults wherever the program runs, unless the working directory has its own. An
    editable install (no such copy) takes those of the checkout it runs from."""
    work, prefix, source = tmp_path / "work", tmp_path / "prefix", tmp_path / "source"
    for base, make in ((work, in_checkout), (prefix / "share" / "monitor", installed),
                       (source, editable)):
        if make:
            (base / "rules").mkdir(parents=True)
            (base / "seeds").mkdir()
            (base / "seeds" / "feeds.toml").write_text("", encoding="utf-8")
    (source / "pyproject.toml").parent.mkdir(exist_ok=True)
    (source / "pyproject.toml").write_text("", encoding="utf-8")
    work.mkdir(exist_ok=True)
    monkeypatch.chdir(work)
    monkeypatch.setattr(config.sysconfig, "get_path", lambda name: str(prefix))
    monkeypatch.setattr(config.site, "getuserbase", lambda: str(tmp_path / "user"))
    monkeypatch.setattr(config, "_SOURCE_CHECKOUT", source)
    settings = load()
    where = {"checkout": Path("."), "installed": prefix / "share" / "monitor",
             "editable": source, "missing": Path(".")}[expected]
    assert Path(settings.feeds) == where / "seeds" / "feeds.toml"
    assert Path(settings.rules) == where / "rules"


def test_flag_beats_environment_beats_default():
    env = {"MONITOR_DB": "env.sqlite", "MONITOR_RULES": "env-rules"}
    settings = load(env, db="flag.sqlite")
    assert settings.db == "flag.sqlite"
    assert str(settings.rules) == "env-rules"


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        pytest.param({"MONITOR_MAX_BODY": "512K"}, ("max_body", 512 * 1024), id="size-suffix"),
        pytest.param({"MONITOR_ALERT_WINDOW": "7d"}, ("alert_window", timedelta(days=7)),
                     id="days"),
        pytest.param({"MONITOR_LINK_PREVIEW": "yes"}, ("link_preview", True), id="bool"),
        pytest.param({"TELEGRAM_API_URL": "http://127.0.0.1:8081/"},
                     ("telegram_api_url", "http://127.0.0.1:8081"), id="api-url-trailing-slash"),
        pytest.param({"MONITOR_HTTP": "127.0.0.1:9108"}, ("http", ("127.0.0.1", 9108)), id="http"),
    ],
)
def test_values_parsed(env, expected):
    name, value = expected
    assert getattr(load(env), name) == value


def test_every_problem_reported_at_once_naming_the_variable():
    env = {
        "MONITOR_MAX_BODY": "huge",
        "TELEGRAM_API_URL": "ftp://example.org",
        "MONITOR_CONCURRENCY": "0",
        "TELEGRAM_CHAT_ID": "my channel",
    }
    with pytest.raises(config.ConfigError) as info:
        load(env, timeout="soon")
    problems = "\n".join(info.value.problems)
    for name in ("MONITOR_MAX_BODY", "TELEGRAM_API_URL", "MONITOR_CONCURRENCY", "TELEGRAM_CHAT_ID",
                 "--timeout"):
        assert name in problems
    assert len(info.value.problems) == 5


def test_token_without_chat_is_a_problem():
    with pytest.raises(config.ConfigError, match="TELEGRAM_CHAT_ID"):
        load({"TELEGRAM_BOT_TOKEN": TOKEN})


def test_token_never_shown():
    settings = load({"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_CHAT_ID": "-1001"})
    assert settings.telegram_enabled
    assert settings.telegram_token.reveal() == TOKEN
    for text in (repr(settings), str(settings), f"{settings.telegram_token}",
                 str(settings.redacted())):
        assert TOKEN not in text
        assert "AAH-secret" not in text


def test_malformed_token_error_does_not_echo_it():
    bad = "123456789:short"
    with pytest.raises(config.ConfigError) as info:
        load({"TELEGRAM_BOT_TOKEN": bad, "TELEGRAM_CHAT_ID": "-1001"})
    assert "TELEGRAM_BOT_TOKEN" in str(info.value)
    assert bad not in str(info.value)


def test_cli_exits_2_on_bad_settings(tmp_path):
    env = {"MONITOR_MAX_BODY": "huge", "MONITOR_CONCURRENCY": "-1", "PATH": ""}
    proc = subprocess.run([sys.executable, "-m", "monitor", "feeds", "list"], env=env,
                          capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert "invalid settings" in proc.stderr
    assert "MONITOR_MAX_BODY: not a size" in proc.stderr
    assert "MONITOR_CONCURRENCY: must be positive" in proc.stderr
