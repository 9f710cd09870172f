"""Rule files: loading, validation (every problem as file:line), term syntax, and the
`rules check|test|explain` commands."""

from __future__ import annotations

import argparse
import shutil
import textwrap
from pathlib import Path

import pytest

from monitor import config, rules
from monitor.commands import rules as commands
from monitor.rules import EntityRef, Gap, Word

FIXTURES = Path(__file__).parent / "fixtures" / "rules"
VALID = FIXTURES / "valid"
SHIPPED = Path(__file__).resolve().parent.parent / "rules"

ENTITIES = """\
zelensky: [Zelensky, Selenskyj]
kyiv: [Kyiv, Kiew]
"""
TOPIC = """\
title: Test topic
require:
  who: [<zelensky>]
  what: [summit]
"""


def write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


def problems_for(tmp_path: Path, files: dict[str, str]) -> list[str]:
    with pytest.raises(rules.RuleError) as info:
        rules.load(write(tmp_path, files))
    return info.value.problems


# --- the shipped rules and the fixture ------------------------------------------------------


def test_shipped_rules_load_with_the_three_measured_topics():
    ruleset = rules.load(SHIPPED)
    ids = {t.id for t in ruleset.topics}
    assert {"tomahawk-decision", "budapest-summit", "donbas-concessions"} <= ids
    for topic in ruleset.topics:
        assert topic.examples, f"{topic.id} has no examples"
        assert any(e.expect for e in topic.examples) and any(not e.expect for e in topic.examples)


def test_fixture_loads_every_key():
    ruleset = rules.load(VALID)
    summit = ruleset.topic("summit")
    missiles = ruleset.topic("missiles")
    assert summit.chat == "@summit_alerts" and summit.min_score is None
    assert missiles.languages == ("en", "de", "uk") and missiles.min_score == 2.5
    assert [g.name for g in missiles.groups] == ["weapon", "who"]
    assert [t.text for t in missiles.exclude] == ["steak"]
    assert [t.text for t in missiles.ignore] == ["Tomahawk Wisconsin"]
    assert [(e.title, e.expect) for e in summit.examples][:1] == [
        ("Summit in Budapest planned", True)
    ]
    assert ruleset.entities["budapest"].not_in[0].text == "Budapest Memorandum"
    assert ruleset.entities["places"].names[0].slots == (EntityRef("budapest"),)


# --- term syntax ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("term", "slots"),
    [
        pytest.param("Trump", (Word("Trump"),), id="word"),
        pytest.param("Tomahawk*", (Word("Tomahawk", "prefix"),), id="prefix"),
        pytest.param("*gipfel", (Word("gipfel", "suffix"),), id="suffix"),
        pytest.param("*abtretung*", (Word("abtretung", "infix"),), id="infix"),
        pytest.param("land swap", (Word("land"), Word("swap")), id="phrase"),
        pytest.param("Trump-Putin", (Word("Trump"), Word("Putin")), id="hyphen-is-phrase"),
        pytest.param("freeze ... front", (Word("freeze"), Gap(), Word("front")), id="gap"),
        pytest.param(
            "summit in <budapest>",
            (Word("summit"), Word("in"), EntityRef("budapest")),
            id="entity-in-phrase",
        ),
        pytest.param("US", (Word("US", exact=True),), id="short-capitals-exact"),
        pytest.param("Nato", (Word("Nato"),), id="mixed-case-not-exact"),
    ],
)
def test_parse_term(term, slots):
    assert rules.parse_term(term) == slots


@pytest.mark.parametrize(
    ("term", "message"),
    [
        pytest.param("", "empty term", id="empty"),
        pytest.param("Tom*hawk", "'*' may only stand", id="star-inside"),
        pytest.param("... front", "must stand between", id="leading-gap"),
        pytest.param("front ...", "must stand between", id="trailing-gap"),
        pytest.param("a ... ... b", "must stand between", id="double-gap"),
        pytest.param("ab*", "too short", id="short-prefix"),
        pytest.param("< budapest >", "without spaces", id="spaced-entity"),
        pytest.param("***", "no letters", id="only-stars"),
    ],
)
def test_parse_term_errors(term, message):
    with pytest.raises(ValueError, match=message):
        rules.parse_term(term)


# --- validation: each problem reported as file:line -------------------------------------------


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param(
            {"t.yaml": "require:\n  who: [<zelensky>\n"},
            "t.yaml:3: invalid YAML",
            id="invalid-yaml",
        ),
        pytest.param(
            {"t.yaml": "require:\n  what:\n    - *gipfel\n"},
            "must be quoted",
            id="unquoted-star-hint",
        ),
        pytest.param(
            {"t.yaml": TOPIC + "requires: x\n"},
            "t.yaml:5: unknown key 'requires' in a topic (did you mean 'require'?)",
            id="unknown-key-did-you-mean",
        ),
        pytest.param(
            {"t.yaml": "require:\n  who: [<zelenskyy>]\n"},
            "t.yaml:2: undefined entity <zelenskyy> (did you mean 'zelensky'?)",
            id="undefined-entity",
        ),
        pytest.param(
            {"t.yaml": "require:\n  who: []\n"},
            "t.yaml:2: group 'who' is empty",
            id="empty-group-list",
        ),
        pytest.param(
            {"t.yaml": "require:\n  who:\n"},
            "t.yaml:2: group 'who' is empty",
            id="empty-group-null",
        ),
        pytest.param(
            {"t.yaml": "require: {}\n"}, "t.yaml:1: `require:` has no groups", id="no-groups"
        ),
        pytest.param(
            {"t.yaml": "title: x\n"}, "t.yaml:1: a topic needs `require:`", id="missing-require"
        ),
        pytest.param(
            {"a.yaml": TOPIC, "a.yml": TOPIC}, "duplicate topic id 'a'", id="duplicate-id"
        ),
        pytest.param(
            {"Bad_Name.yaml": TOPIC},
            "Bad_Name.yaml:1: file name 'Bad_Name' is not a valid",
            id="bad-file-name",
        ),
        pytest.param(
            {"t.yaml": TOPIC + "chat: general\n"},
            "t.yaml:5: chat 'general' is not a Telegram chat id",
            id="bad-chat",
        ),
        pytest.param(
            {"t.yaml": TOPIC + "examples:\n  match:\n    - [a, b]\n"},
            "t.yaml:7: an example in match must be text",
            id="example-not-string",
        ),
        pytest.param(
            {"t.yaml": TOPIC + "examples:\n  match:\n    - 2025\n"},
            "t.yaml:7: an example in match must be text",
            id="example-number",
        ),
        pytest.param(
            {"t.yaml": TOPIC + "examples:\n  match:\n    - titel: x\n"},
            "t.yaml:7: unknown key 'titel' in an example in match (did you mean 'title'?)",
            id="example-unknown-key",
        ),
        pytest.param(
            {"t.yaml": TOPIC + "examples:\n  maybe: [x]\n"},
            "unknown key 'maybe' in examples",
            id="examples-unknown-kind",
        ),
        pytest.param(
            {"t.yaml": TOPIC + "title: again\n"},
            "t.yaml:5: duplicate key 'title'",
            id="duplicate-key",
        ),
        pytest.param(
            {"t.yaml": TOPIC + "min_score: -1\n"},
            "t.yaml:5: min_score must be a positive",
            id="bad-min-score",
        ),
        pytest.param(
            {"t.yaml": TOPIC + "min_score: 1e400\n"},  # infinite: the topic could never match
            "t.yaml:5: min_score must be a positive",
            id="infinite-min-score",
        ),
        pytest.param(
            {"t.yaml": TOPIC + "languages: [german]\n"},
            "t.yaml:5: language 'german' is not a language code",
            id="bad-language",
        ),
        pytest.param(
            {"t.yaml": "require:\n  who: [Tom*hawk]\n"}, "t.yaml:2: term 'Tom*hawk'", id="bad-term"
        ),
        pytest.param(
            {"t.yaml": "require:\n  who:\n    - 2025\n"},
            "t.yaml:3: each entry of group",
            id="term-number",
        ),
        pytest.param(
            {"t.yaml": "- just\n- a list\n"},
            "t.yaml:1: a topic file must be a mapping",
            id="not-a-mapping",
        ),
        pytest.param({"t.yaml": ""}, "t.yaml:1: file is empty", id="empty-file"),
        pytest.param(
            {"t.yaml": TOPIC, "entities.yaml": ENTITIES + "loop: [<loop2>]\nloop2: [<loop>]\n"},
            "entity 'loop' refers to itself",
            id="entity-cycle",
        ),
        pytest.param(
            {"t.yaml": TOPIC, "entities.yaml": ENTITIES + "kyiv: [Kiev]\n"},
            "entities.yaml:3: duplicate key 'kyiv'",
            id="duplicate-entity",
        ),
        pytest.param(
            {"t.yaml": TOPIC, "entities.yaml": ENTITIES + "odesa:\n  name: [Odesa]\n"},
            "unknown key 'name' in entity 'odesa' (did you mean 'names'?)",
            id="entity-unknown-key",
        ),
        pytest.param(
            {
                "t.yaml": TOPIC,
                "entities.yaml": ENTITIES + "x:\n  not_in: [<kyiv> y]\n  names: [x]\n",
            },
            "not_in phrases cannot refer to entities",
            id="entity-not-in-entity",
        ),
        pytest.param(
            {"t.yaml": TOPIC + "focus:\n  - group: whom\n"},
            "t.yaml:6: focus names group 'whom', which is not under `require:` "
            "(did you mean 'who'?)",
            id="focus-unknown-group",
        ),
        pytest.param(
            {"t.yaml": TOPIC + "focus:\n  - groups: who\n"},
            "t.yaml:6: a focus entry is a term, or `group: <name of a group>`",
            id="focus-bad-entry",
        ),
        pytest.param(
            {"t.yaml": TOPIC + "focus: who\n"},
            "t.yaml:5: focus must be a list",
            id="focus-not-a-list",
        ),
        pytest.param(
            {"t.yaml": TOPIC + "context: [<kiev>]\n"},
            "t.yaml:5: undefined entity <kiev> (did you mean 'kyiv'?)",
            id="context-undefined-entity",
        ),
        pytest.param(
            {"t.yaml": TOPIC + "focus: [Tom*hawk]\n"},
            "t.yaml:5: term 'Tom*hawk'",
            id="focus-bad-term",
        ),
        pytest.param({"entities.yaml": ENTITIES}, "no topic files", id="no-topics"),
    ],
)
def test_validation_problem(tmp_path, files, expected):
    files = {"entities.yaml": ENTITIES, **files}
    problems = problems_for(tmp_path, files)
    assert any(expected in p for p in problems), problems


def test_focus_and_context_load(tmp_path):
    """`focus:` takes terms and `group: <name>` (that group's hits count as focus); `context:`
    takes terms."""
    folder = write(
        tmp_path,
        {
            "entities.yaml": ENTITIES,
            "t.yaml": TOPIC + "focus:\n  - group: what\n  - Gipfel*\ncontext: [<kyiv>, war]\n",
        },
    )
    topic = rules.load(folder).topic("t")
    assert [t.text for t in topic.focus] == ["Gipfel*"]
    assert topic.focus_groups == ("what",)
    assert [t.text for t in topic.context] == ["<kyiv>", "war"]
    assert rules.load(VALID).topic("summit").focus == ()


def test_all_problems_are_reported_at_once(tmp_path):
    problems = problems_for(
        tmp_path,
        {
            "entities.yaml": ENTITIES,
            "one.yaml": TOPIC + "chat: nope\n",
            "two.yaml": "require:\n  who: [<kiev>]\n  what: []\n",
        },
    )
    assert any(p.startswith("one.yaml:5: chat") for p in problems)
    assert any(
        p.startswith("two.yaml:2: undefined entity <kiev> (did you mean 'kyiv'?)") for p in problems
    )
    assert any(p.startswith("two.yaml:3: group 'what' is empty") for p in problems)


def test_load_never_returns_a_partial_ruleset(tmp_path):
    write(tmp_path, {"entities.yaml": ENTITIES, "good.yaml": TOPIC, "bad.yaml": "require: [x]\n"})
    with pytest.raises(rules.RuleError) as info:
        rules.load(tmp_path)
    assert [p.split(":")[0] for p in info.value.problems] == ["bad.yaml"]


def test_not_a_folder(tmp_path):
    with pytest.raises(rules.RuleError, match="not a folder"):
        rules.load(tmp_path / "missing")


def test_other_files_are_ignored(tmp_path):
    write(tmp_path, {"entities.yaml": ENTITIES, "t.yaml": TOPIC, "README.md": "# notes\n"})
    assert [t.id for t in rules.load(tmp_path).topics] == ["t"]


# --- commands: rules check / test / explain ---------------------------------------------------


def run(handler, folder: Path, **args) -> int:
    settings = config.load({"setting_rules": str(folder)}, environ={})
    return handler(settings, argparse.Namespace(**args))


def test_check_ok_prints_one_line_summary(capsys):
    assert run(commands.cmd_check, VALID) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and out[0].startswith("ok: 2 topics (missiles, summit)")


def test_check_reports_problems_and_fails(tmp_path, capsys):
    write(tmp_path, {"entities.yaml": ENTITIES, "t.yaml": "require:\n  who: [<kyiw>]\n"})
    assert run(commands.cmd_check, tmp_path) == 1
    out = capsys.readouterr().out
    assert "t.yaml:2: undefined entity <kyiw> (did you mean 'kyiv'?)" in out


def test_test_runs_examples(capsys):
    assert run(commands.cmd_test, VALID) == 0
    assert "5 passed, 0 failed" in capsys.readouterr().out


def test_test_reports_failures_with_why(tmp_path, capsys):
    shutil.copytree(VALID, tmp_path, dirs_exist_ok=True)
    with (tmp_path / "summit.yaml").open("a", encoding="utf-8") as f:
        f.write("    - Budapest summit set for next week\n")  # a no_match that does match
    assert run(commands.cmd_test, tmp_path) == 1
    out = capsys.readouterr().out
    assert "summit.yaml:12: summit: expected no match, matched" in out
    assert "text: Budapest summit set for next week" in out
    assert "'summit*' matched 'summit'" in out
    assert "5 passed, 1 failed" in out


def test_shipped_examples_all_pass(capsys):
    assert run(commands.cmd_test, SHIPPED) == 0, capsys.readouterr().out


def test_explain_shows_match_evidence_and_near_miss(capsys):
    code = run(
        commands.cmd_explain,
        VALID,
        title="Zelensky invokes Budapest Memorandum",
        summary="A summit in Ungarn is planned.",
        lang=None,
        all=False,
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "MATCH    summit" in out
    assert "'Ungarn' in the summary" in out
    assert "(not counted) title: 'Budapest'" in out
    assert "no match missiles" in out and "missing: weapon" in out


def test_explain_with_no_evidence(capsys):
    run(commands.cmd_explain, VALID, title="Weather", summary="", lang=None, all=False)
    assert "no topic has any evidence" in capsys.readouterr().out


def test_cli_settings_flags_work_after_the_subcommand(capsys):
    from monitor import cli

    assert cli.main(["rules", "check", "--rules", str(VALID)]) == 0
    assert capsys.readouterr().out.startswith("ok: 2 topics")
    assert cli.main(["rules", "explain", "Summit in Budapest", "--rules", str(VALID)]) == 0
    assert "MATCH    summit" in capsys.readouterr().out
