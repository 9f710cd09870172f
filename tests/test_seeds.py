"""Seed articles: each matched as a whole matches exactly its MANIFEST topics; the reviewed
records in seeds/articles/ cover every seed; `seeds extract` proposes terms in that format."""

from __future__ import annotations

import argparse
import tomllib
from pathlib import Path

import pytest

from monitor import config, match, rules, seeds
from monitor.commands import rules as commands

ROOT = Path(__file__).resolve().parent.parent
SHARED_SEEDS = ROOT.parent / "shared" / "seeds"
RECORDS = ROOT / "seeds" / "articles"


def manifest() -> list[dict]:
    path = SHARED_SEEDS / "MANIFEST.toml"
    if not path.is_file():
        return []
    return tomllib.loads(path.read_text(encoding="utf-8"))["seed"]


needs_seeds = pytest.mark.skipif(not manifest(), reason="shared seed articles not present")


def seed_params():
    return [pytest.param(s, id=s["file"][:3]) for s in manifest()] or [
        pytest.param(None, id="absent", marks=pytest.mark.skip(reason="no seed articles"))
    ]


@pytest.fixture(scope="module")
def matcher() -> match.Matcher:
    return match.Matcher(rules.load(ROOT / "rules"))


def title_and_text(seed: dict) -> tuple[str, str]:
    text = (SHARED_SEEDS / seed["file"]).read_text(encoding="utf-8")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return (lines[0] if lines else ""), text


@needs_seeds
@pytest.mark.parametrize("seed", seed_params())
def test_seed_article_matches_exactly_its_topics(matcher, seed):
    title, text = title_and_text(seed)
    found = {m.topic for m in matcher.match(title, text, seed["language"])}
    measured = {"tomahawk-decision", "budapest-summit", "donbas-concessions"}
    assert found & measured == set(seed["topics"])
    assert not found & set(seed.get("not_topics", []))


@needs_seeds
@pytest.mark.parametrize("seed", seed_params())
def test_seed_article_without_title_still_decides_the_same(matcher, seed):
    _, text = title_and_text(seed)
    found = {m.topic for m in matcher.match("", text, seed["language"])}
    assert set(seed["topics"]) <= found
    assert not found & set(seed.get("not_topics", []))


@needs_seeds
def test_every_seed_has_a_reviewed_record():
    for seed in manifest():
        path = RECORDS / f"{Path(seed['file']).stem}.toml"
        record = tomllib.loads(path.read_text(encoding="utf-8"))
        assert record["file"] == seed["file"]
        assert record["topics"] == seed["topics"]
        assert record.get("not_topics", []) == seed.get("not_topics", [])
        assert record["language"] == seed["language"] and record["key_terms"] and record["entities"]


@needs_seeds
def test_records_hold_terms_not_sentences():
    """No string in a record is a run of more than five words (no copied article text)."""
    for path in RECORDS.glob("*.toml"):
        record = tomllib.loads(path.read_text(encoding="utf-8"))
        values = [v for k, v in record.items() if isinstance(v, list) for v in v]
        values += [s for spellings in record.get("spellings", {}).values() for s in spellings]
        assert all(len(str(v).split()) <= 5 for v in values), path.name


def test_extract_proposes_terms_names_compounds_and_entities(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(
        "Gipfel geplant\nDer Präsident Donald Trump sprach mit Wladimir Putin über "
        "Tomahawk-Lieferungen. Die Tomahawks bleiben Thema, sagte Donald Trump. Selenskyj "
        "hofft weiter auf Tomahawks. Ein Gipfeltreffen in Budapest ist geplant.\n",
        encoding="utf-8",
    )
    other = tmp_path / "b.txt"
    other.write_text(
        "Der Präsident sprach über das Wetter. Der Präsident sagte nichts.\n", encoding="utf-8"
    )
    (tmp_path / "MANIFEST.toml").write_text(
        '[[seed]]\nfile = "a.txt"\noutlet = "Test"\npublished = "2025-10-17"\nlanguage = "de"\n'
        'topics = ["budapest-summit"]\nnot_topics = ["donbas-concessions"]\n',
        encoding="utf-8",
    )
    entities = rules.load(ROOT / "rules").entities
    record = seeds.extract([article, other], entities=entities, limit=10)[0]
    assert (
        record.outlet == "Test" and record.language == "de" and record.topics == ["budapest-summit"]
    )
    assert "Tomahawks" in record.key_terms and "Präsident" not in record.key_terms[:2]
    assert "Donald Trump" in record.names and "Wladimir Putin" in record.names
    assert "Tomahawk-Lieferungen" in record.compounds
    assert record.entities["tomahawk"] == 3 and record.entities["trump"] == 2
    assert "Selenskyj" in record.spellings["zelensky"]
    parsed = tomllib.loads(seeds.to_toml(record))
    assert parsed["file"] == "a.txt" and parsed["entities"]["budapest"] == 1


def test_extract_command_prints_toml_records(tmp_path, capsys):
    article = tmp_path / "x.txt"
    article.write_text(
        "Putin fordert den Donbass. Selenskyj lehnt Gebietsabtretungen ab.\n", encoding="utf-8"
    )
    settings = config.load({"setting_rules": str(ROOT / "rules")}, environ={})
    args = argparse.Namespace(paths=[article, tmp_path / "missing.txt"], background=None, terms=5)
    assert commands.cmd_seeds_extract(settings, args) == 1  # one path was missing
    out, err = capsys.readouterr()
    record = tomllib.loads(out)
    assert record["file"] == "x.txt" and record["entities"]["donbas"] == 1
    assert "missing.txt: no such file" in err


def test_background_folder_lowers_common_words(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Regierung Regierung Regierung Tomahawk Tomahawk\n", encoding="utf-8")
    background = tmp_path / "bg"
    background.mkdir()
    for i in range(5):
        (background / f"{i}.xml").write_text(
            f"<rss><item><title>Regierung {i}</title></item></rss>", encoding="utf-8"
        )
    texts = seeds.read_background(background)
    assert len(texts) == 5 and "<" not in texts[0]
    record = seeds.extract([article], background=texts, limit=2)[0]
    assert record.key_terms[0] == "Tomahawk"
