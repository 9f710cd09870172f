"""Propose rule terms from seed articles: the engine behind `monitor seeds extract`.

For each article text it proposes, for a rule author to review (nothing here edits rules):
- key terms: words frequent in the article but rare in the background (the other inputs, plus
  optional other texts or feeds), scored tf * idf over folded words, shown in their most
  common spelling;
- names: runs of two or more capitalised words not at a sentence start (Donald Trump, Elbridge
  Colby), and single capitalised words that are rare in the background;
- compounds: hyphenated or closed compounds containing a known entity spelling
  (Tomahawk-Lieferungen, Donbass-Frage);
- entities: the known entities of `rules/entities.yaml` found in the text, with counts and the
  spellings used (through the same matcher the pipeline uses, so not_in phrases apply).
A MANIFEST.toml beside the files supplies outlet, date, language, topics and not_topics.

Reads the files it is given; prints nothing (the command does). Records hold single words and
names only, never sentences of the article.
"""

from __future__ import annotations

import json
import math
import re
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from monitor import normalize
from monitor.rules import EntityRef, Group, RuleSet, Term, Topic

MAX_BACKGROUND_FILES = 500
MAX_BACKGROUND_BYTES = 2_000_000

STOPWORDS = frozenset(
    re.findall(
        r"\S+",
        """
a about after again against all also an and any are as at be because been before being but by
can could did do does during each few for from further had has have having he her here hers him
his how i if in into is it its itself just me more most my no nor not now of off on once only or
other our out over own same she should so some such than that the their them then there these
they this those through to too under until up very was we were what when where which while who
whom why will with would you your said says say new one two first last year years time told
aber alle allem allen aller alles als also am an ans auch auf aus bei beim bin bis bisher bist da
dabei dadurch daher damit dann dar daran darauf darin darum das dass dem den denen denn der deren
des dessen die dies diese diesem diesen dieser dieses doch dort du durch ein eine einem einen
einer eines er es etwa euch für gegen hat hatte hätte hier ich ihm ihn ihnen ihr ihre ihrem ihren
ihrer im in ins ist ja jede jedem jeden jeder jedes jedoch jetzt kann kein keine keinem keinen
keiner man mehr mit muss nach nicht noch nun nur ob oder ohne schon sehr sei seien sein seine
seinem seinen seiner seit sich sie sind so soll sollen sondern sowie über um und uns unser unter
vom von vor war waren was weil weiter wenn wer werde werden wie wieder will wir wird wo wurde
wurden zu zum zur zwar zwischen sagte sagt heißt hatten habe haben worden würde würden einen
і й та але що як це на до з із за у в не від для про по його її їх він вона вони ми ви який
яка яке які також вже ще бо чи або коли де тому
и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее мне
было вот от меня еще нет о из ему теперь когда даже ну вдруг ли если уже или ни быть был него до
вас нибудь опять уж вам ведь там потом себя ничего ей может они тут где есть надо ней для мы тебя
их чем была сам чтоб без будто чего раз тоже себе под будет ж тогда кто этот того потому этого
какой совсем ним здесь этом один почти мой тем чтобы нее сейчас были куда зачем всех никогда
можно при наконец два об другой хоть после над больше тот через эти нас про всего них какая
много разве три эту моя впрочем хорошо свою этой перед иногда лучше чуть том нельзя такой им
более всегда конечно всю между
""",
    )
)

_SENTENCE_END = re.compile(r"[.!?:;„“\"»«]\s*$")
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


@dataclass
class SeedRecord:
    file: str
    words: int
    outlet: str | None = None
    published: str | None = None
    language: str | None = None
    topics: list[str] = field(default_factory=list)
    not_topics: list[str] = field(default_factory=list)
    key_terms: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    compounds: list[str] = field(default_factory=list)
    entities: dict[str, int] = field(default_factory=dict)
    spellings: dict[str, list[str]] = field(default_factory=dict)


def read_manifest(folder: Path) -> dict[str, dict]:
    """`file name -> [[seed]] table` from a MANIFEST.toml in `folder` (empty when absent)."""
    path = folder / "MANIFEST.toml"
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError):
        return {}
    return {str(s.get("file")): s for s in data.get("seed", []) if isinstance(s, dict)}


def read_background(folder: Path) -> list[str]:
    """Plain texts of up to MAX_BACKGROUND_FILES files under `folder` (feeds: tags stripped)."""
    texts = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if len(texts) >= MAX_BACKGROUND_FILES:
            break
        try:
            raw = path.read_bytes()[:MAX_BACKGROUND_BYTES].decode("utf-8", errors="replace")
        except OSError:
            continue
        texts.append(normalize.strip_html(raw) if "<" in raw[:2000] else raw)
    return texts


def extract(
    paths: list[Path],
    entities: dict | None = None,
    background: list[str] | None = None,
    limit: int = 25,
) -> list[SeedRecord]:
    """One record per article. Background frequencies come from the other articles plus
    `background` texts."""
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in paths]
    docs = [set(normalize.words(t)) for t in texts] + [
        set(normalize.words(t)) for t in background or []
    ]
    df = Counter(w for doc in docs for w in doc)
    finder = _EntityFinder(entities or {})
    manifests: dict[Path, dict[str, dict]] = {}
    records = []
    for path, text in zip(paths, texts, strict=True):
        folder = path.parent
        if folder not in manifests:
            manifests[folder] = read_manifest(folder)
        meta = manifests[folder].get(path.name, {})
        tokens = _WORD.findall(text)
        record = SeedRecord(
            file=path.name,
            words=len(normalize.words(text)),
            outlet=meta.get("outlet"),
            published=str(meta["published"]) if meta.get("published") else None,
            language=meta.get("language"),
            topics=list(meta.get("topics", [])),
            not_topics=list(meta.get("not_topics", [])),
        )
        record.key_terms = key_terms(tokens, df, len(docs), limit)
        record.names = proper_names(text, df, len(docs), limit)
        record.entities, record.spellings = finder.find(text, record.language)
        record.compounds = compounds(tokens, finder.spellings(), limit)
        records.append(record)
    return records


def key_terms(tokens: list[str], df: Counter, n_docs: int, limit: int) -> list[str]:
    """Words frequent here and rare in the background, in their most common spelling."""
    spellings: dict[str, Counter] = {}
    tf: Counter = Counter()
    for token in tokens:
        folded = normalize.fold(token)
        if len(folded) < 4 or token.lower() in STOPWORDS or folded in STOPWORDS:
            continue
        for piece in re.split(r"[-'’]", token):
            part = normalize.fold(piece)
            if len(part) < 4 or part in STOPWORDS:
                continue
            tf[part] += 1
            spellings.setdefault(part, Counter())[piece] += 1
    scored = sorted(tf, key=lambda w: (-tf[w] * _idf(w, df, n_docs), w))
    out = []
    for word in scored[:limit]:
        out.append(spellings[word].most_common(1)[0][0])
    return out


def _idf(word: str, df: Counter, n_docs: int) -> float:
    return math.log((1 + n_docs) / (1 + df.get(word, 0))) + 1.0


def proper_names(text: str, df: Counter, n_docs: int, limit: int) -> list[str]:
    """Runs of capitalised words not opening a sentence, multi-word names first."""
    runs: Counter = Counter()
    singles: Counter = Counter()
    for line in text.splitlines():
        words = list(re.finditer(r"[^\W\d_][\w'’-]*", line))
        run: list[str] = []
        for i, m in enumerate(words):
            word = m.group(0)
            gap = line[words[i - 1].end() : m.start()] if i else ""
            at_start = i == 0 or bool(_SENTENCE_END.search(gap))
            if run and gap.strip():  # punctuation between two words ends a name
                _flush(run, runs, singles)
            if word[0].isupper() and not at_start and word.lower() not in STOPWORDS:
                run.append(word)
                continue
            _flush(run, runs, singles)
            run = [word] if word[0].isupper() and word.lower() not in STOPWORDS else []
        _flush(run, runs, singles)
    multi = [name for name, count in runs.most_common() if count >= 1]
    rare = sorted(singles, key=lambda w: (-singles[w] * _idf(normalize.fold(w), df, n_docs), w))
    return (multi[: limit // 2] + [w for w in rare if w not in " ".join(multi)])[:limit]


def _flush(run: list[str], runs: Counter, singles: Counter) -> None:
    if len(run) >= 2:
        runs[" ".join(run)] += 1
    elif len(run) == 1:
        singles[run[0]] += 1
    run.clear()


def compounds(tokens: list[str], known: set[str], limit: int) -> list[str]:
    """Hyphenated or closed compounds that contain a known spelling plus another word
    (Tomahawk-Lieferungen, Donbassfrage), not mere inflections (Trumps)."""
    out: Counter = Counter()
    for token in tokens:
        folded = normalize.fold(token).replace("-", "").replace("'", "")
        if len(folded) < 8:
            continue
        if any(k in folded and len(folded) >= len(k) + 5 for k in known if len(k) >= 4):
            out[token] += 1
    return [w for w, _ in out.most_common(limit)]


class _EntityFinder:
    """Finds known entities with the pipeline's own matcher (one pseudo-topic per entity)."""

    def __init__(self, entities: dict):
        from monitor.match import Matcher

        self.entities = entities
        topics = tuple(
            Topic(id=name, groups=(Group(name, (Term(f"<{name}>", (EntityRef(name),)),)),))
            for name in entities
        )
        self.matcher = Matcher(RuleSet(topics=topics, entities=dict(entities))) if topics else None

    def find(self, text: str, lang: str | None) -> tuple[dict[str, int], dict[str, list[str]]]:
        if self.matcher is None:
            return {}, {}
        counts: dict[str, int] = {}
        spellings: dict[str, list[str]] = {}
        for evaluation in self.matcher.evaluate("", text, lang):
            if not evaluation.hits:
                continue
            counts[evaluation.topic] = len(evaluation.hits)
            spellings[evaluation.topic] = sorted({h.words for h in evaluation.hits})
        order = sorted(counts, key=lambda k: (-counts[k], k))
        return {k: counts[k] for k in order}, {k: spellings[k] for k in order}

    def spellings(self) -> set[str]:
        out = set()
        for entity in self.entities.values():
            for name in entity.names:
                slot = name.slots[0]
                # Latin spellings only: Cyrillic stems (Україн*) fold to stems of adjectives.
                if len(name.slots) == 1 and hasattr(slot, "text") and slot.text.isascii():
                    out.add(normalize.fold(slot.text))
        return out


def to_toml(record: SeedRecord) -> str:
    """A record as TOML, in the format of `seeds/articles/<file-stem>.toml`."""
    lines = [
        "# proposed by `monitor seeds extract`; review before use in rules/",
        f"file = {_s(record.file)}",
    ]
    for key in ("outlet", "published", "language"):
        value = getattr(record, key)
        if value:
            lines.append(f"{key} = {_s(value)}")
    lines.append(f"words = {record.words}")
    for key in ("topics", "not_topics", "key_terms", "names", "compounds"):
        lines.append(f"{key} = {_list(getattr(record, key))}")
    lines.append("")
    lines.append("[entities]  # known entities found: mentions")
    lines.extend(f"{name} = {count}" for name, count in record.entities.items())
    lines.append("")
    lines.append("[spellings]  # how the text spells each entity")
    lines.extend(f"{name} = {_list(values)}" for name, values in record.spellings.items())
    return "\n".join(lines) + "\n"


def _s(value: str) -> str:
    return json.dumps(str(value), ensure_ascii=False)


def _list(values: list[str]) -> str:
    return "[" + ", ".join(_s(v) for v in values) + "]"
