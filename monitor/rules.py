"""Topic rule files: load, validate, and hand over as plain values.

A rules folder holds `entities.yaml` (shared names with their spellings in every language) and
one `<topic-id>.yaml` per topic. `load(folder)` reads them all, checks everything (YAML syntax,
unknown keys, undefined entities, empty groups, term syntax, chat ids, examples...) and either
returns a complete `RuleSet` or raises `RuleError` listing every problem as `file:line: message`.
It never returns half a rule set, so a daemon can keep its last good one when an edit is bad.

The term syntax (see rules/README.md) is parsed here into `Slot` values; compiling terms into
fast lookups and deciding matches is `monitor.match`'s job. No text is matched in this module.
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

ENTITIES_FILE = "entities.yaml"
TOPIC_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ENTITY_NAME = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
CHAT_ID = re.compile(r"^(?:-?\d+|@[A-Za-z][A-Za-z0-9_]{3,})$")
LANGUAGE = re.compile(r"^[a-z]{2,3}$")
GAP = "..."
MIN_AFFIX = 3  # letters a `word*` / `*word` pattern needs, so `a*` cannot match everything

TOPIC_KEYS = (
    "title",
    "description",
    "chat",
    "languages",
    "min_score",
    "focus",
    "context",
    "require",
    "exclude",
    "ignore",
    "examples",
)
ENTITY_KEYS = ("names", "not_in", "note")
EXAMPLE_KEYS = ("match", "no_match")
EXAMPLE_ITEM_KEYS = ("title", "summary", "lang", "note")
_STR = "tag:yaml.org,2002:str"


class RuleError(Exception):
    """The rules folder is invalid. `problems` holds one `file:line: message` per problem."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__(
            f"{len(self.problems)} problem(s) in rule files:\n"
            + "\n".join(f"  {p}" for p in self.problems)
        )


# --- Term syntax ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Word:
    """One word of a term. `kind`: "word" (whole word, inflection endings allowed), "prefix"
    (`Tomahawk*`: starts a longer word), "suffix" (`*gipfel`: ends a longer word) or "infix"
    (`*abtretung*`: anywhere inside a word). `exact`: short capitals like `US`, matched
    case-sensitively and without endings."""

    text: str
    kind: str = "word"
    exact: bool = False


@dataclass(frozen=True, slots=True)
class EntityRef:
    """`<name>`: any spelling of the entity `name` from entities.yaml."""

    name: str


@dataclass(frozen=True, slots=True)
class Gap:
    """`...` between two words of a phrase: up to `Gap.MAX` other words may stand there."""

    MAX = 5


Slot = Word | EntityRef | Gap
_ENTITY_SLOT = re.compile(r"^<([^<>\s]+)>$")
_LETTERS = re.compile(r"^[^\W_]+$")


def parse_term(text: str, allow_entities: bool = True) -> tuple[Slot, ...]:
    """Parse one term as written in a rule file. Raises ValueError with a readable message.

    `Trump` is a word; `land swap` a phrase (consecutive words); `freeze ... front` a phrase
    with a gap; `Tomahawk*` / `*gipfel` / `*abtretung*` compound parts; `<zelensky>` an entity.
    Hyphens and apostrophes split words as they do in texts: `Trump-Putin` = `Trump Putin`.
    """
    if not isinstance(text, str) or not text.strip():
        raise ValueError("empty term")
    raw_parts = text.replace("\u2026", f" {GAP} ").split()
    slots: list[Slot] = []
    for part in raw_parts:
        if part == GAP:
            if not slots or isinstance(slots[-1], Gap):
                raise ValueError(f"term {text!r}: '...' must stand between two words")
            slots.append(Gap())
            continue
        entity = _ENTITY_SLOT.match(part)
        if entity:
            if not allow_entities:
                raise ValueError(f"term {text!r}: not_in phrases cannot refer to entities")
            slots.append(EntityRef(entity.group(1)))
            continue
        if "<" in part or ">" in part:
            raise ValueError(f"term {text!r}: an entity is written <name>, without spaces")
        slots.extend(_parse_word(part, text))
    if isinstance(slots[-1], Gap):
        raise ValueError(f"term {text!r}: '...' must stand between two words")
    return tuple(slots)


def _parse_word(part: str, term: str) -> list[Word]:
    starts = part.startswith("*")
    ends = part.endswith("*")
    core = part.strip("*")
    if "*" in core:
        raise ValueError(f"term {term!r}: '*' may only stand at the start or end of a word")
    # Hyphens, apostrophes, dots and slashes split words, as in texts.
    pieces = [p for p in re.split(r"[^\w]+|_", core) if p]
    if not pieces:
        raise ValueError(f"term {term!r}: no letters in {part!r}")
    words: list[Word] = []
    for i, piece in enumerate(pieces):
        first, last = i == 0, i == len(pieces) - 1
        kind = _kind(starts and first, ends and last)
        if kind != "word" and len(piece) < MIN_AFFIX:
            raise ValueError(
                f"term {term!r}: {piece!r} is too short for '*' (at least {MIN_AFFIX} letters)"
            )
        exact = kind == "word" and 2 <= len(piece) <= 3 and piece.isupper() and piece.isalpha()
        words.append(Word(piece, kind, exact))
    return words


def _kind(star_before: bool, star_after: bool) -> str:
    if star_before and star_after:
        return "infix"
    if star_after:
        return "prefix"
    if star_before:
        return "suffix"
    return "word"


# --- Rule values ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Term:
    text: str  # as written in the file
    slots: tuple[Slot, ...]
    line: int = 0


@dataclass(frozen=True, slots=True)
class Group:
    name: str
    terms: tuple[Term, ...]
    line: int = 0


@dataclass(frozen=True, slots=True)
class Entity:
    name: str
    names: tuple[Term, ...]  # spellings; may refer to other entities (a set: <donbas>, <crimea>)
    not_in: tuple[Term, ...] = ()  # phrases in which a spelling does not count
    file: str = ""
    line: int = 0


@dataclass(frozen=True, slots=True)
class Example:
    title: str
    summary: str = ""
    lang: str | None = None
    expect: bool = True  # True: must match the topic; False: must not
    line: int = 0


@dataclass(frozen=True, slots=True)
class Topic:
    id: str
    groups: tuple[Group, ...]
    title: str = ""
    description: str = ""
    chat: str | None = None
    languages: tuple[str, ...] = ()
    min_score: float | None = None  # None: the number of groups (every group found once)
    # terms that say what a story is about: when none is in the title, the summary must have one
    # in its first sentence or in two of its sentences (not a passing mention); () = no check
    focus: tuple[Term, ...] = ()
    focus_groups: tuple[str, ...] = ()  # `focus: - group: <name>`: that group's hits are focus
    # terms of the setting the topic's words need ("land" and "swap" are about the war only
    # next to it): one must be found, in title or summary; they add nothing to the score
    context: tuple[Term, ...] = ()
    exclude: tuple[Term, ...] = ()
    ignore: tuple[Term, ...] = ()
    examples: tuple[Example, ...] = ()
    file: str = ""


@dataclass(frozen=True, slots=True)
class RuleSet:
    topics: tuple[Topic, ...]
    entities: dict[str, Entity] = field(default_factory=dict)
    folder: Path | None = None

    def topic(self, topic_id: str) -> Topic | None:
        return next((t for t in self.topics if t.id == topic_id), None)


# --- Loading --------------------------------------------------------------------------------


def load(path: str | Path) -> RuleSet:
    """Read and validate a rules folder. Raises RuleError with every problem found."""
    folder = Path(path)
    if not folder.is_dir():
        raise RuleError([f"{folder}: not a folder of rule files"])
    problems: list[str] = []
    files = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    entity_files = [p for p in files if p.stem == "entities"]
    topic_files = [p for p in files if p.stem != "entities"]

    entities: dict[str, Entity] = {}
    for path_ in entity_files:
        _Reader(path_, problems).read_entities(entities)
    topics: list[Topic] = []
    seen: dict[str, str] = {}
    for path_ in topic_files:
        topic_id = path_.stem
        if not TOPIC_ID.match(topic_id):
            problems.append(
                f"{path_.name}:1: file name {topic_id!r} is not a valid topic id "
                "(lower-case letters, digits and single hyphens, e.g. budapest-summit)"
            )
            continue
        if topic_id in seen:
            problems.append(
                f"{path_.name}:1: duplicate topic id {topic_id!r} "
                f"(also defined by {seen[topic_id]})"
            )
            continue
        seen[topic_id] = path_.name
        topic = _Reader(path_, problems).read_topic(topic_id)
        if topic is not None:
            topics.append(topic)
    if not topic_files and not problems:
        problems.append(f"{folder}: no topic files (<topic-id>.yaml)")
    _check_references(topics, entities, problems)
    if problems:
        raise RuleError(problems)
    return RuleSet(topics=tuple(topics), entities=entities, folder=folder)


def _check_references(
    topics: list[Topic], entities: dict[str, Entity], problems: list[str]
) -> None:
    for entity in entities.values():
        for term in entity.names:
            for slot in term.slots:
                if isinstance(slot, EntityRef) and slot.name not in entities:
                    problems.append(
                        f"{entity.file}:{term.line}: undefined entity <{slot.name}>"
                        f"{_did_you_mean(slot.name, entities)}"
                    )
        if _refers_to_itself(entity.name, entities):
            problems.append(
                f"{entity.file}:{entity.line}: entity {entity.name!r} refers to itself "
                "(directly or through other entities)"
            )
    for topic in topics:
        terms = (
            [t for g in topic.groups for t in g.terms]
            + list(topic.focus)
            + list(topic.context)
            + list(topic.exclude)
            + list(topic.ignore)
        )
        for term in terms:
            for slot in term.slots:
                if isinstance(slot, EntityRef) and slot.name not in entities:
                    problems.append(
                        f"{topic.file}:{term.line}: undefined entity <{slot.name}>"
                        f"{_did_you_mean(slot.name, entities)}"
                    )


def _refers_to_itself(name: str, entities: dict[str, Entity]) -> bool:
    stack, seen = [name], set()
    while stack:
        current = entities.get(stack.pop())
        if current is None:
            continue
        for term in current.names:
            for slot in term.slots:
                if isinstance(slot, EntityRef):
                    if slot.name == name:
                        return True
                    if slot.name not in seen:
                        seen.add(slot.name)
                        stack.append(slot.name)
    return False


def entities_used(term: Term, entities: dict[str, Entity]) -> frozenset[str]:
    """Every entity a term refers to, directly or through other entities."""
    found: set[str] = set()
    stack = [s.name for s in term.slots if isinstance(s, EntityRef)]
    while stack:
        name = stack.pop()
        if name in found or name not in entities:
            continue
        found.add(name)
        for inner in entities[name].names:
            stack.extend(s.name for s in inner.slots if isinstance(s, EntityRef))
    return frozenset(found)


def _did_you_mean(word: str, choices) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


class _Reader:
    """Walks one file's YAML node tree, collecting problems with line numbers."""

    def __init__(self, path: Path, problems: list[str]):
        self.path = path
        self.name = path.name
        self.problems = problems

    def problem(self, node_or_line, message: str) -> None:
        line = node_or_line if isinstance(node_or_line, int) else node_or_line.start_mark.line + 1
        self.problems.append(f"{self.name}:{line}: {message}")

    def compose(self) -> Node | None:
        try:
            text = self.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            self.problems.append(f"{self.name}:1: cannot read: {exc}")
            return None
        try:
            node = yaml.compose(text)
        except RecursionError:  # PyYAML's composer recurses once per nesting level
            self.problems.append(f"{self.name}:1: nested too deeply to be a rule file")
            return None
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
            line = mark.line + 1 if mark else 1
            message = getattr(exc, "problem", None) or str(exc)
            hint = ""
            if (
                "alias" in str(message)
                or "'*'" in str(exc)
                or "'@'" in str(exc)
                or "'%'" in str(exc)
            ):
                hint = ' (a term starting with * or @ must be quoted, e.g. "*gipfel")'
            self.problems.append(f"{self.name}:{line}: invalid YAML: {message}{hint}")
            return None
        if node is None:
            self.problems.append(f"{self.name}:1: file is empty")
        return node

    # -- generic node helpers --

    def mapping(self, node: Node, what: str) -> list[tuple[ScalarNode, Node]] | None:
        if not isinstance(node, MappingNode):
            self.problem(node, f"{what} must be a mapping of `key: value` lines")
            return None
        pairs = []
        seen: dict[str, int] = {}
        for key, value in node.value:
            if not isinstance(key, ScalarNode):
                self.problem(key, f"{what}: keys must be plain names")
                continue
            if key.value in seen:
                self.problem(key, f"duplicate key {key.value!r} (first at line {seen[key.value]})")
                continue
            seen[key.value] = key.start_mark.line + 1
            pairs.append((key, value))
        return pairs

    def check_keys(self, pairs, allowed: tuple[str, ...], what: str) -> None:
        for key, _ in pairs:
            if key.value not in allowed:
                self.problem(
                    key,
                    f"unknown key {key.value!r} in {what}{_did_you_mean(key.value, allowed)}"
                    f" (allowed: {', '.join(allowed)})",
                )

    def text(self, node: Node, what: str) -> str | None:
        if not isinstance(node, ScalarNode) or node.tag != _STR:
            self.problem(node, f"{what} must be text (put it in quotes if it looks like a number)")
            return None
        return node.value

    def text_list(self, node: Node, what: str) -> list[tuple[str, int]]:
        if isinstance(node, ScalarNode) and node.tag == _STR:
            return [(node.value, node.start_mark.line + 1)]
        if not isinstance(node, SequenceNode):
            self.problem(node, f"{what} must be a list (lines starting with '- ')")
            return []
        out = []
        for item in node.value:
            value = self.text(item, f"each entry of {what}")
            if value is not None:
                out.append((value, item.start_mark.line + 1))
        return out

    def terms(self, node: Node, what: str, allow_entities: bool = True) -> list[Term]:
        out = []
        for value, line in self.text_list(node, what):
            try:
                out.append(Term(value, parse_term(value, allow_entities), line))
            except ValueError as exc:
                self.problem(line, str(exc))
        return out

    # -- entities.yaml --

    def read_entities(self, entities: dict[str, Entity]) -> None:
        root = self.compose()
        if root is None:
            return
        pairs = self.mapping(root, "entities.yaml")
        for key, value in pairs or ():
            name = key.value
            if not ENTITY_NAME.match(name):
                self.problem(
                    key, f"entity name {name!r} must be lower-case letters, digits, - or _"
                )
                continue
            if name in entities:
                self.problem(key, f"duplicate entity {name!r}")
                continue
            not_in: list[Term] = []
            if isinstance(value, MappingNode):
                fields_ = self.mapping(value, f"entity {name!r}") or []
                self.check_keys(fields_, ENTITY_KEYS, f"entity {name!r}")
                by_key = {k.value: v for k, v in fields_}
                if "names" not in by_key:
                    self.problem(value, f"entity {name!r} has no `names`")
                    continue
                names = self.terms(by_key["names"], f"names of {name!r}")
                if "not_in" in by_key:
                    not_in = self.terms(
                        by_key["not_in"], f"not_in of {name!r}", allow_entities=False
                    )
            else:
                names = self.terms(value, f"entity {name!r}")
            if not names:
                self.problem(key, f"entity {name!r} has no names")
                continue
            entities[name] = Entity(
                name, tuple(names), tuple(not_in), self.name, key.start_mark.line + 1
            )

    # -- <topic-id>.yaml --

    def read_topic(self, topic_id: str) -> Topic | None:
        root = self.compose()
        if root is None:
            return None
        pairs = self.mapping(root, "a topic file")
        if pairs is None:
            return None
        self.check_keys(pairs, TOPIC_KEYS, "a topic")
        by_key = {k.value: v for k, v in pairs}
        title = self.text(by_key["title"], "title") if "title" in by_key else ""
        description = (
            self.text(by_key["description"], "description") if "description" in by_key else ""
        )
        chat = self._chat(by_key.get("chat"))
        languages = self._languages(by_key.get("languages"))
        min_score = self._min_score(by_key.get("min_score"))
        if "require" not in by_key:
            self.problem(root, "a topic needs `require:` with at least one group of terms")
            groups: list[Group] = []
        else:
            groups = self._groups(by_key["require"])
        focus: list[Term] = []
        focus_groups: list[str] = []
        if "focus" in by_key:
            focus, focus_groups = self._focus(by_key["focus"], groups)
        context = self.terms(by_key["context"], "context") if "context" in by_key else []
        exclude = self.terms(by_key["exclude"], "exclude") if "exclude" in by_key else []
        ignore = self.terms(by_key["ignore"], "ignore") if "ignore" in by_key else []
        examples = self._examples(by_key["examples"]) if "examples" in by_key else []
        # Returned even when this file had problems, so its entity references are checked too
        # (`load` raises when any problem was found: a rule set is never half-loaded).
        return Topic(
            id=topic_id,
            groups=tuple(groups),
            title=title or "",
            description=description or "",
            chat=chat,
            languages=languages,
            min_score=min_score,
            focus=tuple(focus),
            focus_groups=tuple(focus_groups),
            context=tuple(context),
            exclude=tuple(exclude),
            ignore=tuple(ignore),
            examples=tuple(examples),
            file=self.name,
        )

    def _chat(self, node: Node | None) -> str | None:
        if node is None:
            return None
        value = node.value if isinstance(node, ScalarNode) else None
        if value is None or not CHAT_ID.match(str(value).strip()):
            self.problem(
                node,
                f"chat {value!r} is not a Telegram chat id "
                '(a number such as "-1001234567890", or @name)',
            )
            return None
        return str(value).strip()

    def _languages(self, node: Node | None) -> tuple[str, ...]:
        if node is None:
            return ()
        out = []
        for value, line in self.text_list(node, "languages"):
            if not LANGUAGE.match(value):
                self.problem(
                    line, f"language {value!r} is not a language code such as de, en, uk, ru"
                )
            else:
                out.append(value)
        return tuple(out)

    def _min_score(self, node: Node | None) -> float | None:
        if node is None:
            return None
        try:
            value = float(node.value) if isinstance(node, ScalarNode) else None
        except ValueError:
            value = None
        if value is None or not math.isfinite(value) or value <= 0:
            self.problem(node, "min_score must be a positive number")
            return None
        return value

    def _focus(self, node: Node, groups: list[Group]) -> tuple[list[Term], list[str]]:
        """`focus:` terms, and the groups named by `group: <name>` entries (whose hits count
        as focus, so their terms are not compiled twice)."""
        if not isinstance(node, SequenceNode):
            self.problem(node, "focus must be a list (lines starting with '- ')")
            return [], []
        names = [g.name for g in groups]
        out: list[Term] = []
        focus_groups: list[str] = []
        for item in node.value:
            if not isinstance(item, MappingNode):
                out.extend(self.terms(item, "focus"))
                continue
            pairs = self.mapping(item, "a focus entry")
            if not pairs or len(pairs) != 1 or pairs[0][0].value != "group":
                self.problem(item, "a focus entry is a term, or `group: <name of a group>`")
                continue
            name = self.text(pairs[0][1], "group")
            if name is None:
                continue
            if name not in names:
                self.problem(
                    pairs[0][1],
                    f"focus names group {name!r}, which is not under `require:`"
                    + _did_you_mean(name, names),
                )
                continue
            if name not in focus_groups:
                focus_groups.append(name)
        return out, focus_groups

    def _groups(self, node: Node) -> list[Group]:
        pairs = self.mapping(node, "require")
        if pairs is None:
            return []
        if not pairs:
            self.problem(node, "`require:` has no groups")
        groups = []
        for key, value in pairs:
            if isinstance(value, ScalarNode) and value.value in ("", "~", "null"):
                self.problem(key, f"group {key.value!r} is empty: list at least one term")
                continue
            if isinstance(value, SequenceNode) and not value.value:
                self.problem(key, f"group {key.value!r} is empty: list at least one term")
                continue
            terms = self.terms(value, f"group {key.value!r}")
            if terms:
                groups.append(Group(key.value, tuple(terms), key.start_mark.line + 1))
        return groups

    def _examples(self, node: Node) -> list[Example]:
        pairs = self.mapping(node, "examples")
        if pairs is None:
            return []
        self.check_keys(pairs, EXAMPLE_KEYS, "examples")
        out = []
        for key, value in pairs:
            if key.value not in EXAMPLE_KEYS:
                continue
            expect = key.value == "match"
            if not isinstance(value, SequenceNode):
                self.problem(value, f"examples.{key.value} must be a list")
                continue
            for item in value.value:
                example = self._example(item, expect, key.value)
                if example:
                    out.append(example)
        return out

    def _example(self, node: Node, expect: bool, where: str) -> Example | None:
        line = node.start_mark.line + 1
        if isinstance(node, MappingNode):
            pairs = self.mapping(node, f"an example in {where}") or []
            self.check_keys(pairs, EXAMPLE_ITEM_KEYS, f"an example in {where}")
            values = {k.value: self.text(v, f"example {k.value}") for k, v in pairs}
            if not values.get("title") and not values.get("summary"):
                self.problem(node, f"an example in {where} needs a title or a summary")
                return None
            return Example(
                values.get("title") or "",
                values.get("summary") or "",
                values.get("lang"),
                expect,
                line,
            )
        title = self.text(node, f"an example in {where}")
        if title is None:
            return None
        if not title.strip():
            self.problem(node, f"an example in {where} is empty")
            return None
        return Example(title, "", None, expect, line)
