"""Which topics a story is about, and why: a pure decision over a compiled `RuleSet`.

`Matcher(ruleset)` compiles every term once: each word of a term becomes a set of folded forms
(Ukrainian and Russian transliteration of Cyrillic, umlauts dropped and spelled out), and the
first word of every term goes into lookup tables (whole words and their inflected forms,
compound prefixes, compound suffixes, inner parts; fuzzy spelling for names and long words,
never for common words of 8-10 letters: handover is not hangover). Scanning a
text folds each word once, looks its candidates up (cached per distinct word), checks the rest
of a phrase in place, and collects hits. No term is compared with every word. A term written in
Cyrillic meets only Cyrillic words (its transliteration is not an unrelated Latin word: фронт is
not "front"); a term written in Latin letters meets both scripts.

How a topic decides (the numbers are the module constants below, documented in rules/README.md):
- every group under `require` must be found: once in the title, or in the summary at least
  `1 + summary words // WORDS_PER_EXTRA_HIT` times (a stray word in a long text is not enough);
- groups found only in the summary must also occur together, all within one passage of
  PASSAGE_WORDS words (words of one sentence or paragraph, not the two ends of an article);
- a group scores TITLE_WEIGHT when found in the title, else SUMMARY_WEIGHT, plus
  CORROBORATION_BONUS when it is found at two or more places;
- an `exclude` term costs EXCLUDE_TITLE_PENALTY in the title, EXCLUDE_SUMMARY_PENALTY in the
  summary;
- score = sum of group scores minus penalties; the topic matches when every group is found and
  score >= min_score (default: the number of groups);
- a topic with `context` terms also needs one of them somewhere (they add nothing to the score);
- a topic with `focus` terms or groups is a story's subject only when one of them is in the
  title, in the summary's first sentence, or in two of its sentences; one mention further down
  is the background of another story (see `_in_passing`).
A phrase (consecutive words, or `...` gaps) stays within one sentence of a summary; a title's
parts are read as one.
Occurrences inside an entity's `not_in` phrases or a topic's `ignore` phrases do not count
("Budapest" in "Budapest Memorandum"), while other occurrences in the same text still do.

No I/O; `Matcher` is read-only after construction and safe to share between threads.
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA

from monitor import normalize
from monitor.models import Hit, TopicMatch
from monitor.rules import EntityRef, Gap, RuleSet, Term, Topic, Word, entities_used

TITLE_WEIGHT = 2.0
SUMMARY_WEIGHT = 1.0
CORROBORATION_BONUS = 0.5
EXCLUDE_TITLE_PENALTY = 3.0
EXCLUDE_SUMMARY_PENALTY = 1.0
WORDS_PER_EXTRA_HIT = 800
PASSAGE_WORDS = 60  # groups found only in the summary must meet within this many words
FUZZY_MIN_LENGTH = 8  # shorter names never match by fuzzy spelling
# other words must be this long: a common word of 8-10 letters is one letter from another real
# word (handover/hangover, swapping/snapping); long compounds and names have no such neighbours
FUZZY_WORD_MIN_LENGTH = 11
FUZZY_TWO_EDITS_LENGTH = 11  # words this long may differ by two edits, shorter ones by one
# a compound prefix (Tomahawk*) is compared with the start of a token: one edit at most, since
# its end is open (amerikanisch* is two edits from afrikanisch)
FUZZY_PREFIX_EDITS = 1
MIN_STEM = 4  # a whole-word term takes inflection endings only from this length on

# Inflection endings accepted after a whole-word term (folded, so Cyrillic endings appear in
# both transliterations): German, English, and Ukrainian/Russian case endings.
ENDINGS = frozenset(
    re.findall(
        r"\S+",
        """
s es e en n er ern em ens ns ed d ing
a u y i o iu yu ia ya ie ye ei ey oi oy ii iy yi yy
om em ov ev iv am ami iamy yamy amy akh iakh yakh ykh ikh ym im oiu oyu ou
ogo oho omu emu ego eho
""",
    )
)
_LONGEST_ENDING = max(len(e) for e in ENDINGS)
_CACHE_LIMIT = 200_000

TITLE, SUMMARY = "title", "summary"


# --- Compiled patterns ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Forms:
    """Folded forms of alternative words, by how they meet a token."""

    words: frozenset[str] = frozenset()  # whole words; inflection endings allowed
    prefixes: tuple[str, ...] = ()  # Tomahawk*: starts a token
    suffixes: tuple[str, ...] = ()  # *gipfel: ends a token (before an ending)
    infixes: tuple[str, ...] = ()  # *abtretung*: anywhere in a token

    def __bool__(self) -> bool:
        return bool(self.words or self.prefixes or self.suffixes or self.infixes)

    def meet(self, folded: str) -> bool:
        words = self.words
        if words and (folded in words or any(stem in words for stem in _stems(folded))):
            return True
        if any(folded.startswith(p) for p in self.prefixes):
            return True
        if self.suffixes and any(
            c.endswith(f) for c in (folded, *_stems(folded)) for f in self.suffixes
        ):
            return True
        return any(f in folded for f in self.infixes)


@dataclass(frozen=True, slots=True)
class _PWord:
    """One word position of a compiled pattern: every folded form that may stand there, by
    how it meets a token. Single-word spellings of an entity share one _PWord, so `in
    <hungary>` is one pattern, not one per spelling.

    Forms of words written in Latin script meet any token; forms of words written in Cyrillic
    meet only tokens written in Cyrillic, so a transliterated Cyrillic term never meets an
    unrelated Latin word (фронт is not the English "front", Росси* is not "Rossi")."""

    latin: _Forms = _Forms()
    cyrillic: _Forms = _Forms()
    exact: frozenset[str] = frozenset()  # short capitals (US): the original token, as written
    names: bool = False  # spellings of an entity (fuzzy from FUZZY_MIN_LENGTH letters)
    # verdicts by token key (see _cache_key): phrase positions test the same words again and
    # again; a lost or repeated entry between threads only costs time
    memo: dict[str, bool] = dataclasses.field(
        default_factory=dict, compare=False, hash=False, repr=False
    )

    def matches(self, original: str, folded: str, key: str | None = None) -> bool:
        if key is None:
            key = _cache_key(original, folded)
        verdict = self.memo.get(key)
        if verdict is None:
            verdict = self._meets(original, folded)
            if len(self.memo) > _CACHE_LIMIT:
                self.memo.clear()
            self.memo[key] = verdict
        return verdict

    def _meets(self, original: str, folded: str) -> bool:
        if original in self.exact:
            return True
        if self.latin.meet(folded):
            return True
        return bool(self.cyrillic) and _is_cyrillic(original) and self.cyrillic.meet(folded)


_CYRILLIC = re.compile("[\u0400-\u04ff]")


def _is_cyrillic(original: str) -> bool:
    """True when a token is written (at least partly) in Cyrillic letters."""
    return not original.isascii() and _CYRILLIC.search(original) is not None


def _stems(folded: str) -> list[str]:
    """`folded` without each inflection ending it has (stems of at least MIN_STEM letters)."""
    out = []
    for length in range(1, min(_LONGEST_ENDING, len(folded) - MIN_STEM) + 1):
        if folded[-length:] in ENDINGS:
            out.append(folded[:-length])
    return out


_GAP = None  # a gap slot inside a compiled pattern


@dataclass(frozen=True, slots=True)
class _Rule:
    """A compiled term and where it belongs."""

    label: str  # the term as written in the rule file
    role: str  # "group", "focus", "context", "exclude" or "mask"
    topic: int  # index into Matcher.topics, or -1 for an entity's not_in mask
    group: int  # index of the group within the topic (role "group")
    owner: str  # mask owner: "topic:<id>" or "entity:<name>"; empty for other roles
    entities: frozenset[str]  # entities whose spellings this term used
    patterns: tuple[tuple[_PWord | None, ...], ...]


@dataclass(frozen=True, slots=True)
class _Found:
    rule: _Rule
    field: str
    start: int  # token index
    end: int  # token index, exclusive


@dataclass(frozen=True, slots=True)
class Evaluation:
    """Everything `explain` needs about one topic for one story."""

    topic: str
    matched: bool
    score: float
    hits: tuple[Hit, ...]
    missing: tuple[str, ...] = ()  # groups without enough evidence
    excluded: tuple[Hit, ...] = ()  # exclusion terms found (group "exclude")
    ignored: tuple[Hit, ...] = ()  # occurrences that did not count (inside not_in / ignore)
    reason: str = ""
    chat: str | None = None
    min_score: float = 0.0
    focus: tuple[Hit, ...] = ()  # focus terms found (group "focus", weight 0; focus groups'
    # hits are among `hits`)
    context: tuple[Hit, ...] = ()  # context terms found (group "context", weight 0)

    def as_match(self) -> TopicMatch:
        return TopicMatch(self.topic, round(self.score, 2), self.hits, self.chat)


@dataclass(frozen=True, slots=True)
class _Field:
    name: str
    text: str  # NFKC text the token offsets refer to
    tokens: list[tuple[str, str, int, int]]
    keys: list[str]  # each token's _cache_key
    # each token's sentence number; None for a title or a text of one sentence (a phrase never
    # spans two of a summary's: "talks in the Emirates. The territorial question ..." is no
    # "talks ... territory")
    sentences: list[int] | None = None


class Matcher:
    """Compiled rules. `match` and `evaluate` are pure; create one per RuleSet."""

    def __init__(self, ruleset: RuleSet):
        self.ruleset = ruleset
        self.topics: tuple[Topic, ...] = ruleset.topics
        self._rules: list[_Rule] = []
        # first words of patterns, by the script their term was written in (see _PWord)
        self._latin = _Index()
        self._cyrillic = _Index()
        self._exact_index: dict[str, list[tuple[_Rule, int]]] = defaultdict(list)
        self._cache: dict[str, tuple[_Candidate, ...]] = {}
        # one compiled position per entity, shared by every term naming it (and its verdicts)
        self._entity_positions: dict[str, list[tuple[_PWord | None, ...]]] = {}
        self._compile()

    # -- compiling --

    def _compile(self) -> None:
        entities = self.ruleset.entities
        for name, entity in entities.items():
            for term in entity.not_in:
                self._add(
                    _Rule(
                        term.text,
                        "mask",
                        -1,
                        -1,
                        f"entity:{name}",
                        frozenset(),
                        self._patterns(term),
                    )
                )
        for t_index, topic in enumerate(self.topics):
            for g_index, group in enumerate(topic.groups):
                for term in group.terms:
                    self._add(self._rule(term, "group", t_index, g_index, ""))
            for term in topic.focus:
                self._add(self._rule(term, "focus", t_index, -1, ""))
            for term in topic.context:
                self._add(self._rule(term, "context", t_index, -1, ""))
            for term in topic.exclude:
                self._add(self._rule(term, "exclude", t_index, -1, ""))
            for term in topic.ignore:
                self._add(self._rule(term, "mask", t_index, -1, f"topic:{topic.id}"))
        self._latin.finish()
        self._cyrillic.finish()

    def _rule(self, term: Term, role: str, topic: int, group: int, owner: str) -> _Rule:
        used = entities_used(term, self.ruleset.entities)
        return _Rule(term.text, role, topic, group, owner, used, self._patterns(term))

    def _patterns(self, term: Term) -> tuple[tuple[_PWord | None, ...], ...]:
        """Every word sequence a term stands for. An entity slot becomes one position holding
        all its single-word spellings, plus one sequence per multi-word spelling; entities
        inside entities are expanded the same way."""
        choices: list[list[tuple[_PWord | None, ...]]] = []
        for slot in term.slots:
            if isinstance(slot, Gap):
                choices.append([(_GAP,)])
            elif isinstance(slot, Word):
                choices.append([(_merge([slot]),)])
            else:
                choices.append(self._entity_choices(slot.name))
        return tuple(
            tuple(itertools.chain.from_iterable(combo)) for combo in itertools.product(*choices)
        )

    def _entity_choices(self, name: str) -> list[tuple[_PWord | None, ...]]:
        cached = self._entity_positions.get(name)
        if cached is None:
            cached = self._entity_positions[name] = self._compile_entity(name)
        return cached

    def _compile_entity(self, name: str) -> list[tuple[_PWord | None, ...]]:
        singles: list[Word] = []
        multi: list[tuple[_PWord | None, ...]] = []
        stack = [name]
        seen = set()
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen.add(current)
            for spelling in self.ruleset.entities[current].names:
                slots = spelling.slots
                if len(slots) == 1 and isinstance(slots[0], Word):
                    singles.append(slots[0])
                elif len(slots) == 1 and isinstance(slots[0], EntityRef):
                    stack.append(slots[0].name)
                else:
                    multi.extend(self._patterns(spelling))
        return ([(_merge(singles, names=True),)] if singles else []) + multi

    def _add(self, rule: _Rule) -> None:
        self._rules.append(rule)
        for p_index, pattern in enumerate(rule.patterns):
            first = pattern[0]
            entry = (rule, p_index)
            for raw in first.exact:
                self._exact_index[raw].append(entry)
            fuzzy_from = FUZZY_MIN_LENGTH if first.names else FUZZY_WORD_MIN_LENGTH
            if len(pattern) > 1:
                fuzzy_from = 0  # phrases never start fuzzily
            self._latin.add(first.latin, entry, fuzzy_from)
            self._cyrillic.add(first.cyrillic, entry, fuzzy_from)

    # -- scanning --

    def _candidates(self, original: str, folded: str) -> tuple[_Candidate, ...]:
        """Patterns whose first word matches this token (cached per distinct token), each
        with what the scan tests first: the word after it, or after the gap that follows."""
        key = _cache_key(original, folded)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        stems = _stems(folded)
        found = self._latin.lookup(folded, stems)
        cyrillic = _is_cyrillic(original)
        if cyrillic:
            found.extend(self._cyrillic.lookup(folded, stems))
        found.extend(self._exact_index.get(original, ()))
        if not found and len(folded) >= FUZZY_MIN_LENGTH - FUZZY_PREFIX_EDITS:
            found.extend(self._latin.fuzzy(folded))
            if cyrillic:
                found.extend(self._cyrillic.fuzzy(folded))
        result = tuple(_candidate(rule, p_index) for rule, p_index in dict.fromkeys(found))
        if len(self._cache) > _CACHE_LIMIT:
            self._cache.clear()
        self._cache[key] = result
        return result

    def _scan(self, field: _Field) -> list[_Found]:
        tokens, keys = field.tokens, field.keys
        found: list[_Found] = []
        cache = self._cache
        last = len(tokens) - 1
        for i, (original, folded, _, _) in enumerate(tokens):
            candidates = cache.get(keys[i])
            if candidates is None:
                candidates = self._candidates(original, folded)
            for rule, pattern, second, reach in candidates:
                if second is None:
                    found.append(_Found(rule, field.name, i, i + 1))
                    continue
                # most phrases fail on their second word (or, after a gap, on the word that
                # follows it): test that here before matching the whole phrase
                stop = i + reach
                if stop > last:
                    stop = last
                for j in range(i + 1, stop + 1):
                    verdict = second.memo.get(keys[j])
                    if verdict is None:
                        verdict = second.matches(tokens[j][0], tokens[j][1], keys[j])
                    if verdict:
                        break
                else:
                    continue
                end = _match_from(pattern, 1, tokens, keys, i + 1, field.sentences)
                if end > 0:
                    found.append(_Found(rule, field.name, i, end))
        return found

    # -- deciding --

    def evaluate(
        self, title: str | None, summary: str | None = None, lang: str | None = None
    ) -> tuple[Evaluation, ...]:
        """Every topic's verdict for one story, in rule order (matched or not, with reasons)."""
        return self._evaluate(title, summary, lang, every_topic=True)

    def match(
        self, title: str | None, summary: str | None = None, lang: str | None = None
    ) -> tuple[TopicMatch, ...]:
        """The topics this story matches, best first, each with its score and evidence."""
        matched = [e for e in self._evaluate(title, summary, lang, every_topic=False) if e.matched]
        matched.sort(key=lambda e: (-e.score, e.topic))
        return tuple(e.as_match() for e in matched)

    def _evaluate(self, title, summary, lang, every_topic: bool) -> tuple[Evaluation, ...]:
        lang = _primary_language(lang)
        fields = (_prepare(TITLE, title, lang), _prepare(SUMMARY, summary, lang))
        found = [f for field in fields for f in self._scan(field)]
        summary_words = len(fields[1].tokens)
        masks = _mask_spans(found)
        per_topic: dict[int, list[_Found]] = defaultdict(list)
        for item in found:
            if item.rule.role != "mask":
                per_topic[item.rule.topic].append(item)
        texts = {f.name: f for f in fields}
        out = []
        for index, topic in enumerate(self.topics):
            items = per_topic.get(index, [])
            if not every_topic and not _every_group_found(topic, items):
                continue  # cannot match: skip building the explanation
            out.append(self._decide(index, topic, items, masks, texts, summary_words, lang))
        return tuple(out)

    def _decide(
        self,
        index: int,
        topic: Topic,
        found: list[_Found],
        masks,
        texts,
        summary_words: int,
        lang: str | None,
    ) -> Evaluation:
        hits: list[Hit] = []
        ignored: list[Hit] = []
        excluded: list[Hit] = []
        places: dict[int, set[tuple[str, int]]] = defaultdict(set)
        seen: set[tuple[int, str, int]] = set()
        focus: set[tuple[str, int]] = set()  # where focus terms and focus groups were found
        focus_hits: list[Hit] = []
        context: list[Hit] = []
        for item in sorted(found, key=lambda f: (f.field != TITLE, f.start, -(f.end - f.start))):
            rule = item.rule
            if rule.role in ("focus", "context"):
                if _masked(item, topic.id, masks):
                    continue
                words = _words(texts[item.field], item.start, item.end)
                hit = Hit(rule.role, rule.label, item.field, words, 0.0)
                if rule.role == "focus":
                    if (item.field, item.start) not in focus:
                        focus.add((item.field, item.start))
                        focus_hits.append(hit)
                elif all(h.field != item.field or h.words != words for h in context):
                    context.append(hit)
                continue
            weight = TITLE_WEIGHT if item.field == TITLE else SUMMARY_WEIGHT
            if rule.role == "exclude":  # an exclusion's weight is what it costs
                weight = -(
                    EXCLUDE_TITLE_PENALTY if item.field == TITLE else EXCLUDE_SUMMARY_PENALTY
                )
            hit = Hit(
                "exclude" if rule.role == "exclude" else topic.groups[rule.group].name,
                rule.label,
                item.field,
                _words(texts[item.field], item.start, item.end),
                weight,
            )
            if _masked(item, topic.id, masks):
                ignored.append(hit)
                continue
            if rule.role == "exclude":
                excluded.append(hit)
                continue
            key = (rule.group, item.field, item.start)
            if key in seen:
                continue
            seen.add(key)
            hits.append(hit)
            places[rule.group].add((item.field, item.start))
            if hit.group in topic.focus_groups:
                focus.add((item.field, item.start))

        needed = 1 + summary_words // WORDS_PER_EXTRA_HIT
        score = 0.0
        missing = []
        summary_only: dict[str, list[int]] = {}
        for g_index, group in enumerate(topic.groups):
            spots = places.get(g_index, set())
            in_title = any(f == TITLE for f, _ in spots)
            in_summary = sorted(p for f, p in spots if f == SUMMARY)
            if in_title:
                score += TITLE_WEIGHT
            elif len(in_summary) >= needed:
                score += SUMMARY_WEIGHT
                summary_only[group.name] = in_summary
            else:
                missing.append(group.name)
                continue
            if len(spots) >= 2:
                score += CORROBORATION_BONUS
        apart = len(summary_only) >= 2 and not _within_passage(summary_only)
        if any(h.field == TITLE for h in excluded):
            score -= EXCLUDE_TITLE_PENALTY
        if any(h.field == SUMMARY for h in excluded):
            score -= EXCLUDE_SUMMARY_PENALTY
        min_score = topic.min_score if topic.min_score is not None else float(len(topic.groups))
        matched, reason = _verdict(topic, missing, score, min_score, lang, needed)
        if matched and topic.context and not context:
            matched = False
            reason = "no context term: the words found are not about this topic's setting"
        if matched and apart:
            matched = False
            reason = (
                f"groups {', '.join(summary_only)} are never within {PASSAGE_WORDS} words "
                "of each other in the summary"
            )
        if matched and _in_passing(topic, focus, texts[SUMMARY]):
            matched = False
            reason = (
                "a passing mention: no focus term in the title, and in the summary only in one "
                "sentence, not the first"
            )
        return Evaluation(
            topic.id,
            matched,
            score,
            tuple(hits),
            tuple(missing),
            tuple(excluded),
            tuple(ignored),
            reason,
            topic.chat,
            min_score,
            tuple(focus_hits),
            tuple(context),
        )


def _verdict(
    topic: Topic, missing: list[str], score: float, min_score: float, lang: str | None, needed: int
) -> tuple[bool, str]:
    if topic.languages and lang and lang not in topic.languages:
        return False, f"language {lang!r} is not one of {', '.join(topic.languages)}"
    if missing:
        extra = f" (a long summary needs {needed} hits per group)" if needed > 1 else ""
        return False, f"missing group(s): {', '.join(missing)}{extra}"
    if score < min_score:
        return False, f"score {score:g} below min_score {min_score:g}"
    return True, f"score {score:g} >= {min_score:g}"


def _cache_key(original: str, folded: str) -> str:
    """Candidates depend on the folded word, for short capitals (US) on the original, and on
    whether the original is Cyrillic (Cyrillic-written terms meet only Cyrillic tokens)."""
    if len(original) <= 3 and original.isupper():
        return f"{folded}\x00{original}"
    if _is_cyrillic(original):
        return f"{folded}\x01"
    return folded


def _primary_language(lang: str | None) -> str | None:
    """`de-DE`, `DE`, `de_AT` -> `de`; empty -> None (feeds spell languages many ways)."""
    if not lang or not lang.strip():
        return None
    return lang.strip().replace("_", "-").split("-")[0].lower()


def _every_group_found(topic: Topic, found: list[_Found]) -> bool:
    groups = {f.rule.group for f in found if f.rule.role == "group"}
    return len(groups) == len(topic.groups)


def _in_passing(topic: Topic, focus: set[tuple[str, int]], summary: _Field) -> bool:
    """True when a story only mentions the topic in passing.

    A story is about a topic when its title has one of the topic's focus terms, or its summary
    has one in the lead (first sentence) or comes back to them (two sentences). Focus terms
    found only once, in a later sentence of the summary, are the background of another story
    ("The move came a day after Trump shelved the summit in Budapest")."""
    if not topic.focus and not topic.focus_groups:
        return False
    if any(field == TITLE for field, _ in focus):
        return False
    of = summary.sentences
    sentences = {of[p] if of else 0 for _, p in focus}
    return 0 not in sentences and len(sentences) < 2


def _within_passage(positions: dict[str, list[int]]) -> bool:
    """True when one window of PASSAGE_WORDS tokens holds a position of every group."""
    events = sorted((pos, name) for name, spots in positions.items() for pos in spots)
    counts: dict[str, int] = defaultdict(int)
    left = 0
    for pos, name in events:
        counts[name] += 1
        while events[left][0] < pos - PASSAGE_WORDS + 1:
            counts[events[left][1]] -= 1
            left += 1
        if sum(1 for c in counts.values() if c > 0) == len(positions):
            return True
    return False


def _merge(words: list[Word], names: bool = False) -> _PWord:
    """One pattern position for alternative words: their folded forms sorted by how they
    meet a token, and by the script they were written in."""
    latin: dict[str, set[str]] = defaultdict(set)
    cyrillic: dict[str, set[str]] = defaultdict(set)
    exact: set[str] = set()
    for word in words:
        if word.exact:
            exact.add(word.text)
            continue
        by_kind = cyrillic if _CYRILLIC.search(word.text) else latin
        for form in normalize.term_folds(word.text):
            for piece in normalize.words(form)[:1]:  # a ligature could fold into two pieces
                by_kind[word.kind].add(piece)
    return _PWord(_forms(latin), _forms(cyrillic), frozenset(exact), names)


def _forms(by_kind: dict[str, set[str]]) -> _Forms:
    return _Forms(
        frozenset(by_kind["word"]),
        tuple(sorted(by_kind["prefix"])),
        tuple(sorted(by_kind["suffix"])),
        tuple(sorted(by_kind["infix"])),
    )


class _Index:
    """Lookup tables from a token to the patterns whose first word it may be: whole words and
    their inflected forms, compound prefixes and suffixes, inner parts, fuzzy spelling."""

    def __init__(self) -> None:
        self.words: dict[str, list[tuple[_Rule, int]]] = defaultdict(list)
        self.stems: dict[str, list[tuple[_Rule, int]]] = defaultdict(list)
        self.prefixes: dict[str, list[tuple[_Rule, int]]] = defaultdict(list)
        self.suffixes: dict[str, list[tuple[_Rule, int]]] = defaultdict(list)
        self.infixes: list[tuple[str, _Rule, int]] = []
        self.fuzzy_buckets: dict[tuple[str, int], list[str]] = defaultdict(list)
        self.fuzzy_prefixes: dict[str, list[str]] = defaultdict(list)  # by first letter
        self.prefix_lengths: list[int] = []
        self.suffix_lengths: list[int] = []

    def add(self, forms: _Forms, entry: tuple[_Rule, int], fuzzy_from: int) -> None:
        """Index `forms` under `entry`; whole words of `fuzzy_from` letters or more (0: none)
        also meet tokens within a small edit distance."""
        rule, p_index = entry
        for form in forms.words:
            self.words[form].append(entry)
            if len(form) >= MIN_STEM:
                self.stems[form].append(entry)
            if fuzzy_from and len(form) >= fuzzy_from and form.isalpha():
                self.fuzzy_buckets[(form[0], len(form))].append(form)
        for form in forms.prefixes:
            self.prefixes[form].append(entry)
            if fuzzy_from and len(form) >= fuzzy_from and form.isalpha():
                self.fuzzy_prefixes[form[0]].append(form)
        for form in forms.suffixes:
            self.suffixes[form].append(entry)
        for form in forms.infixes:
            self.infixes.append((form, rule, p_index))

    def finish(self) -> None:
        for key in self.fuzzy_buckets:
            self.fuzzy_buckets[key] = sorted(set(self.fuzzy_buckets[key]))
        for key in self.fuzzy_prefixes:
            self.fuzzy_prefixes[key] = sorted(set(self.fuzzy_prefixes[key]))
        self.prefix_lengths = sorted({len(k) for k in self.prefixes})
        self.suffix_lengths = sorted({len(k) for k in self.suffixes})

    def lookup(self, folded: str, stems: list[str]) -> list[tuple[_Rule, int]]:
        found: list[tuple[_Rule, int]] = list(self.words.get(folded, ()))
        for stem in stems:
            found.extend(self.stems.get(stem, ()))
        for length in self.prefix_lengths:
            if length > len(folded):
                break
            found.extend(self.prefixes.get(folded[:length], ()))
        if self.suffix_lengths:
            for stem in {folded, *stems}:
                for length in self.suffix_lengths:
                    if length > len(stem):
                        break
                    found.extend(self.suffixes.get(stem[-length:], ()))
        for form, rule, p_index in self.infixes:
            if form in folded:
                found.append((rule, p_index))
        return found

    def fuzzy(self, folded: str) -> list[tuple[_Rule, int]]:
        """Terms within a small edit distance (same first letter, similar length; a swap of two
        neighbouring letters is one edit): whole words, and compound prefixes (Tomahawk*)
        compared with the start of the token (Tomahwaks, Tomahawklieferung)."""
        out: list[tuple[_Rule, int]] = []
        if len(folded) >= FUZZY_MIN_LENGTH:
            max_edits = 2 if len(folded) >= FUZZY_TWO_EDITS_LENGTH else 1
            choices: list[str] = []
            for length in range(len(folded) - max_edits, len(folded) + max_edits + 1):
                choices.extend(self.fuzzy_buckets.get((folded[0], length), ()))
            if choices:
                for form, distance, _ in process.extract(
                    folded, choices, scorer=OSA.distance, score_cutoff=max_edits, limit=None
                ):
                    allowed = 2 if len(form) >= FUZZY_TWO_EDITS_LENGTH else 1
                    if distance <= allowed:
                        out.extend(self.words.get(form, ()))
        for form in self.fuzzy_prefixes.get(folded[0], ()):
            size = len(form)
            for length in range(size - FUZZY_PREFIX_EDITS, size + FUZZY_PREFIX_EDITS + 1):
                if length > len(folded):
                    break
                start = folded[:length]
                if OSA.distance(start, form, score_cutoff=FUZZY_PREFIX_EDITS) <= FUZZY_PREFIX_EDITS:
                    out.extend(self.prefixes.get(form, ()))
                    break
        return out


def _prepare(name: str, text: str | None, lang: str | None) -> _Field:
    plain = normalize.strip_html(text or "")
    nfkc = unicodedata.normalize("NFKC", plain)
    tokens = normalize.tokens(nfkc, lang, spans=True)
    keys = []
    cyrillic = _CYRILLIC.search
    for original, folded, _, _ in tokens:  # _cache_key, inlined: it runs for every word
        if len(original) <= 3 and original.isupper():
            keys.append(f"{folded}\x00{original}")
        elif not original.isascii() and cyrillic(original) is not None:
            keys.append(f"{folded}\x01")
        else:
            keys.append(folded)
    # (a headline's parts are read as one: "Why Budapest? Trump's choice of venue")
    starts = normalize.sentence_starts(nfkc) if name != TITLE and len(tokens) > 1 else ()
    sentences = [bisect.bisect_right(starts, start) for _, _, start, _ in tokens] if starts \
        else None
    return _Field(name, nfkc, tokens, keys, sentences)


# a candidate pattern for a token: (rule, pattern, the word the scan tests first or None for a
# single word, how many tokens ahead it may stand)
_Candidate = tuple[_Rule, tuple, "_PWord | None", int]


def _candidate(rule: _Rule, p_index: int) -> _Candidate:
    pattern = rule.patterns[p_index]
    if len(pattern) == 1:
        return (rule, pattern, None, 0)
    if pattern[1] is _GAP:
        return (rule, pattern, pattern[2], 1 + Gap.MAX)
    return (rule, pattern, pattern[1], 1)


def _match_from(pattern, k: int, tokens, keys, pos: int,
                sentences: list[int] | None = None) -> int:
    """The end of `pattern`'s match from its slot `k` on at token `pos` (0: no match), within
    the sentence of the token before `pos`."""
    if k == len(pattern):
        return pos
    slot = pattern[k]
    if slot is _GAP:
        nxt = pattern[k + 1]
        for skip in range(0, Gap.MAX + 1):
            j = pos + skip
            if j >= len(tokens) or (sentences is not None and sentences[j] != sentences[pos - 1]):
                return 0
            original, folded, _, _ = tokens[j]
            if nxt.matches(original, folded, keys[j]):
                end = _match_from(pattern, k + 2, tokens, keys, j + 1, sentences)
                if end:
                    return end
        return 0
    if pos >= len(tokens) or (sentences is not None and sentences[pos] != sentences[pos - 1]):
        return 0
    original, folded, _, _ = tokens[pos]
    if not slot.matches(original, folded, keys[pos]):
        return 0
    return _match_from(pattern, k + 1, tokens, keys, pos + 1, sentences)


def _mask_spans(found: list[_Found]) -> dict[str, list[tuple[str, int, int]]]:
    spans: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    for item in found:
        if item.rule.role == "mask":
            spans[item.rule.owner].append((item.field, item.start, item.end))
    return spans


def _masked(item: _Found, topic_id: str, masks) -> bool:
    owners = [f"topic:{topic_id}"] + [f"entity:{name}" for name in item.rule.entities]
    for owner in owners:
        for field, start, end in masks.get(owner, ()):
            if field == item.field and start < item.end and item.start < end:
                return True
    return False


def _words(field: _Field, start: int, end: int) -> str:
    return field.text[field.tokens[start][2] : field.tokens[end - 1][3]]
