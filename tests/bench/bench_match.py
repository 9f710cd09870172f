"""Benchmark: matching throughput on one core, in items per second.

    python tests/bench/bench_match.py [--items N] [--repeat R]

Items are the titles and summaries of the real feeds in ../shared/corpus/real-feeds/ (read by
path, parsed with feedparser) when present, plus generated news-like items in four languages.
Two rule sets are measured: the shipped rules/, and the shipped entities with 100 generated
topics (three groups each, drawn from entity names and corpus vocabulary). Each uses a fresh
Matcher: the first pass runs with a cold per-word cache, then --repeat warm passes follow.
Prints figures; asserts nothing (speed is reported, not tested).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from monitor import match, normalize, rules  # noqa: E402
from monitor.rules import Group, RuleSet, Term, Topic, parse_term  # noqa: E402

REAL_FEEDS = ROOT.parent / "shared" / "corpus" / "real-feeds"

TEMPLATES = [
    (
        "en",
        "{a} says {b} talks with {c} could resume next week",
        "Officials in {d} said the {e} was not yet settled, according to people familiar with it.",
    ),
    (
        "de",
        "{a} kündigt Gespräche mit {b} an – {c} reagiert",
        "In {d} hieß es, die Frage der {e} sei noch offen, berichtete die Nachrichtenagentur.",
    ),
    (
        "uk",
        "{a} заявив про переговори з {b}",
        "У {d} повідомили, що питання {e} залишається відкритим.",
    ),
    ("ru", "{a} заявил о переговорах с {b}", "В {d} сообщили, что вопрос {e} остается открытым."),
]
FILL = {
    "a": [
        "Trump",
        "Putin",
        "Zelensky",
        "Merz",
        "Macron",
        "Orbán",
        "Трамп",
        "Путін",
        "Selenskyj",
        "Starmer",
        "Erdogan",
        "Xi",
    ],
    "b": ["Moscow", "Kyiv", "Washington", "Berlin", "Budapest", "Києвом", "Москвою", "Brüssel"],
    "c": ["the Kremlin", "Nato", "the EU", "der Kreml", "Beijing", "Ankara"],
    "d": ["Washington", "Kyiv", "Moskau", "Києві", "Москве", "Paris", "London", "Tokyo"],
    "e": [
        "sanctions",
        "tariffs",
        "Tomahawk missiles",
        "territory",
        "energy prices",
        "Sanktionen",
        "Gebietsabtretungen",
        "санкцій",
        "территорий",
        "migration",
        "the budget",
    ],
}


def real_items(limit: int) -> list[tuple[str, str, str | None]]:
    if not REAL_FEEDS.is_dir():
        return []
    import feedparser

    items = []
    for path in sorted(REAL_FEEDS.iterdir()):
        if path.name.startswith("MANIFEST") or not path.is_file():
            continue
        parsed = feedparser.parse(path.read_bytes())
        for entry in parsed.entries:
            summary = normalize.strip_html(entry.get("summary", ""))[:600]
            items.append((entry.get("title", ""), summary, None))
            if len(items) >= limit:
                return items
    return items


def generated_items(count: int, seed: int = 7) -> list[tuple[str, str, str | None]]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        lang, title, summary = rng.choice(TEMPLATES)
        values = {k: rng.choice(v) for k, v in FILL.items()}
        out.append((title.format(**values), summary.format(**values), lang))
    return out


def generated_ruleset(
    base: RuleSet, vocabulary: list[str], topics: int = 100, seed: int = 11
) -> RuleSet:
    rng = random.Random(seed)
    names = sorted(base.entities)
    made = []
    for i in range(topics):
        groups = []
        for g in range(3):
            terms = []
            for _ in range(rng.randint(4, 10)):
                kind = rng.random()
                if kind < 0.3:
                    text = f"<{rng.choice(names)}>"
                elif kind < 0.5:
                    text = rng.choice(vocabulary)[:6] + "*"
                elif kind < 0.6:
                    text = f"{rng.choice(vocabulary)} ... {rng.choice(vocabulary)}"
                else:
                    text = rng.choice(vocabulary)
                terms.append(Term(text, parse_term(text)))
            groups.append(Group(f"g{g}", tuple(terms)))
        made.append(Topic(id=f"generated-{i:03d}", groups=tuple(groups)))
    return RuleSet(topics=tuple(made), entities=base.entities)


def vocabulary_of(items, size: int = 3000) -> list[str]:
    counts: dict[str, int] = {}
    for title, summary, _ in items:
        for word in normalize.words(f"{title} {summary}"):
            if len(word) >= 6 and word.isalpha():
                counts[word] = counts.get(word, 0) + 1
    return sorted(counts, key=lambda w: -counts[w])[:size] or ["example"]


def measure(label: str, ruleset: RuleSet, items, repeat: int) -> None:
    """First pass with cold caches, then `repeat` warm passes: prints the cold figure and the
    best and median warm figures (the best is least disturbed by other load on the machine)."""
    start = time.perf_counter()
    matcher = match.Matcher(ruleset)
    compile_ms = (time.perf_counter() - start) * 1000
    rates = []
    matched = 0
    for _ in range(1 + repeat):
        matched = 0
        start = time.perf_counter()
        for title, summary, lang in items:
            matched += bool(matcher.match(title, summary, lang))
        rates.append(len(items) / (time.perf_counter() - start))
    warm = sorted(rates[1:])
    print(
        f"{label:<28} cold {rates[0]:8,.0f}  warm best {warm[-1]:8,.0f}  "
        f"median {warm[len(warm) // 2]:8,.0f} items/s  ({len(items)} items/pass, "
        f"{matched} matched, compile {compile_ms:.0f} ms)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=20000, help="real items to use at most")
    parser.add_argument("--generated", type=int, default=5000, help="generated items")
    parser.add_argument("--repeat", type=int, default=5, help="warm passes")
    args = parser.parse_args()
    real = real_items(args.items)
    items = real + generated_items(args.generated)
    words = sum(len(normalize.words(t)) + len(normalize.words(s)) for t, s, _ in items)
    print(
        f"items: {len(real)} real (from {REAL_FEEDS if real else 'none'}) + "
        f"{args.generated} generated; {words / max(1, len(items)):.0f} words per item on average"
    )
    shipped = rules.load(ROOT / "rules")
    measure(f"shipped rules ({len(shipped.topics)} topics)", shipped, items, args.repeat)
    generated = generated_ruleset(shipped, vocabulary_of(items))
    measure("100 generated topics", generated, items, args.repeat)


if __name__ == "__main__":
    main()
