"""Commands for rule authors: `rules check|test|explain|eval`, `match FILE`, `seeds extract`.

Each handler takes `(settings, args)` and returns the exit code. The work itself is done by
`monitor.rules` (loading, validation), `monitor.match` (decisions) and `monitor.seeds` (term
proposals); this module reads the input files, prints, and computes evaluation figures
(`evaluate_items`, pure, also used by the tests so they go through the same code path).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from monitor import match as match_
from monitor import rules as rules_
from monitor.models import Hit


def register(subparsers, parents) -> None:
    """Add `rules`, `match` and `seeds` to the `monitor` parser."""
    group = subparsers.add_parser(
        "rules", parents=parents, help="check, test and explain topic rules"
    )
    sub = group.add_subparsers(dest="rules_command", metavar="SUBCOMMAND", required=True)

    check = sub.add_parser("check", parents=parents, help="validate every rule file")
    check.set_defaults(handler=cmd_check)

    test = sub.add_parser("test", parents=parents, help="run every topic's examples")
    test.set_defaults(handler=cmd_test)

    explain = sub.add_parser(
        "explain", parents=parents, help="which topics a text matches, and why"
    )
    explain.add_argument("title", help="headline text")
    explain.add_argument("--summary", default="", help="summary / teaser text")
    explain.add_argument("--lang", default=None, help="language code (de, en, uk, ru, ...)")
    explain.add_argument(
        "--all", action="store_true", help="also list topics with no evidence at all"
    )
    explain.set_defaults(handler=cmd_explain)

    evaluate = sub.add_parser(
        "eval", parents=parents, help="precision and recall on a labelled JSONL file"
    )
    evaluate.add_argument(
        "file", help="JSONL with id, title, summary, lang?, topics (gold ids); - for stdin"
    )
    evaluate.add_argument("--json", action="store_true", help="machine-readable output")
    evaluate.set_defaults(handler=cmd_eval)

    match_cmd = subparsers.add_parser(
        "match", parents=parents, help="match the items of a JSONL file against the rules"
    )
    match_cmd.add_argument("file", help="JSONL with id, title, summary, lang?; - for stdin")
    match_cmd.set_defaults(handler=cmd_match)

    seeds = subparsers.add_parser("seeds", parents=parents, help="propose rule terms from articles")
    seeds_sub = seeds.add_subparsers(dest="seeds_command", metavar="SUBCOMMAND", required=True)
    extract = seeds_sub.add_parser(
        "extract", parents=parents, help="key terms and entities of article texts, as TOML records"
    )
    extract.add_argument("paths", nargs="+", type=Path, help="article text files")
    extract.add_argument(
        "--background",
        type=Path,
        default=None,
        help="folder of other texts or feeds to compare word frequencies with",
    )
    extract.add_argument("--terms", type=int, default=25, help="key terms per article (default 25)")
    extract.set_defaults(handler=cmd_seeds_extract)


# --- loading --------------------------------------------------------------------------------


def _load(settings, out: TextIO = sys.stderr) -> rules_.RuleSet | None:
    try:
        return rules_.load(settings.rules)
    except rules_.RuleError as exc:
        for problem in exc.problems:
            print(problem, file=out)
        print(f"{len(exc.problems)} problem(s) in {settings.rules}", file=out)
        return None


# --- rules check ------------------------------------------------------------------------------


def cmd_check(settings, args) -> int:
    ruleset = _load(settings, sys.stdout)
    if ruleset is None:
        return 1
    terms = sum(len(g.terms) for t in ruleset.topics for g in t.groups)
    examples = sum(len(t.examples) for t in ruleset.topics)
    print(
        f"ok: {len(ruleset.topics)} topics ({', '.join(t.id for t in ruleset.topics)}), "
        f"{len(ruleset.entities)} entities, {terms} terms, {examples} examples in {settings.rules}"
    )
    return 0


# --- rules test -------------------------------------------------------------------------------


def cmd_test(settings, args) -> int:
    ruleset = _load(settings)
    if ruleset is None:
        return 1
    failures = run_examples(match_.Matcher(ruleset))
    for failure in failures:
        print(failure)
    total = sum(len(t.examples) for t in ruleset.topics)
    print(f"{total - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


def run_examples(matcher: match_.Matcher) -> list[str]:
    """Every topic example that does not behave as written, as readable failure text."""
    failures = []
    for topic in matcher.topics:
        for example in topic.examples:
            verdict = _evaluation(matcher, topic.id, example.title, example.summary, example.lang)
            if verdict.matched == example.expect:
                continue
            expected = "match" if example.expect else "no match"
            got = "matched" if verdict.matched else "did not match"
            text = example.title + (f" | {example.summary}" if example.summary else "")
            failures.append(
                f"{topic.file}:{example.line}: {topic.id}: expected {expected}, {got}\n"
                f"    text: {text}\n    why:  {verdict.reason}\n"
                + "".join(f"    {line}\n" for line in _hit_lines(verdict.hits + verdict.excluded))
            )
    return failures


def _evaluation(matcher, topic_id, title, summary, lang) -> match_.Evaluation:
    return next(e for e in matcher.evaluate(title, summary, lang) if e.topic == topic_id)


# --- rules explain ----------------------------------------------------------------------------


def cmd_explain(settings, args) -> int:
    ruleset = _load(settings)
    if ruleset is None:
        return 1
    matcher = match_.Matcher(ruleset)
    evaluations = matcher.evaluate(args.title, args.summary, args.lang)
    print(render_explanation(evaluations, show_all=args.all))
    return 0


def render_explanation(evaluations: Iterable[match_.Evaluation], show_all: bool = False) -> str:
    lines = []
    ranked = sorted(evaluations, key=lambda e: (not e.matched, -e.score, e.topic))
    for e in ranked:
        if not e.matched and not e.hits and not e.excluded and not show_all:
            continue
        head = "MATCH   " if e.matched else "no match"
        lines.append(f"{head} {e.topic}  score {e.score:g} (needs {e.min_score:g})  {e.reason}")
        lines.extend(f"    {line}" for line in _hit_lines(e.hits))
        if e.excluded:
            lines.extend(f"    {line}" for line in _hit_lines(e.excluded))
        lines.extend(f"    {line}" for line in _mention_lines(e.focus, "what it is about"))
        lines.extend(f"    {line}" for line in _mention_lines(e.context, "the setting"))
        for hit in e.ignored:
            lines.append(
                f"    (not counted) {hit.field}: {hit.words!r} ({hit.term}, inside an "
                "ignore / not_in phrase)"
            )
        if not e.matched and e.missing:
            lines.append(f"    missing: {', '.join(e.missing)}")
    if not lines:
        lines.append("no topic has any evidence in this text")
    return "\n".join(lines)


def _mention_lines(hits: Iterable[Hit], meaning: str) -> list[str]:
    """Focus and context words: they decide nothing by weight, so show them shortly."""
    found = [f"{hit.words!r} ({hit.field})" for hit in hits]
    if not found:
        return []
    shown = ", ".join(found[:6]) + (f" and {len(found) - 6} more" if len(found) > 6 else "")
    name = hits[0].group if isinstance(hits, tuple) else "terms"
    return [f"{name:>12}: {shown} ({meaning})"]


def _hit_lines(hits: Iterable[Hit]) -> list[str]:
    return [
        f"{hit.group:>12}: {hit.term!r} matched {hit.words!r} in the {hit.field} "
        f"(weight {hit.weight:g})"
        for hit in hits
    ]


# --- match FILE -------------------------------------------------------------------------------


def cmd_match(settings, args) -> int:
    ruleset = _load(settings)
    if ruleset is None:
        return 1
    matcher = match_.Matcher(ruleset)
    if not _readable(args.file):
        return 1
    bad = 0
    for number, item, error in read_items(args.file):
        if error:
            bad += 1
            print(f"{args.file}:{number}: {error}", file=sys.stderr)
            continue
        found = matcher.match(item["title"], item["summary"], item.get("lang"))
        print(
            json.dumps(
                {
                    "id": item["id"],
                    "topics": [m.topic for m in found],
                    "evidence": {m.topic: evidence(m) for m in found},
                },
                ensure_ascii=False,
            ),
            flush=False,
        )
    sys.stdout.flush()
    if bad:
        print(f"{bad} bad line(s) skipped", file=sys.stderr)
    return 1 if bad else 0


def _readable(path: str) -> bool:
    if path == "-" or Path(path).is_file():
        return True
    print(f"{path}: no such file", file=sys.stderr)
    return False


def evidence(found) -> dict:
    return {
        "score": found.score,
        "hits": [
            {
                "group": h.group,
                "term": h.term,
                "field": h.field,
                "words": h.words,
                "weight": h.weight,
            }
            for h in found.hits
        ],
    }


def read_items(path: str, gold: bool = False) -> Iterator[tuple[int, dict | None, str | None]]:
    """`(line number, item, error)` per non-blank line of a JSONL file (`-`: stdin).
    An item has id, title, summary (strings), lang (string or absent) and, with `gold`, topics."""
    # Undecodable bytes become U+FFFD: the line is still read (and reported if it is not JSON).
    stream = sys.stdin if path == "-" else open(path, encoding="utf-8", errors="replace")  # noqa: SIM115
    try:
        for number, line in enumerate(stream, 1):
            if not line.strip():
                continue
            item, error = _parse_item(line, gold)
            yield number, item, error
    finally:
        if stream is not sys.stdin:
            stream.close()


def _parse_item(line: str, gold: bool) -> tuple[dict | None, str | None]:
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        return None, f"not JSON: {exc.msg} (column {exc.colno})"
    if not isinstance(item, dict):
        return None, "not a JSON object"
    if "id" not in item:
        return None, 'missing "id"'
    item.setdefault("summary", "")
    item.setdefault("title", "")
    for key in ("title", "summary"):
        if not isinstance(item[key], str):
            return None, f'"{key}" must be a string'
    if not item["title"] and not item["summary"]:
        return None, 'needs a "title" or a "summary"'
    if item.get("lang") is not None and not isinstance(item["lang"], str):
        return None, '"lang" must be a string'
    if gold:
        topics = item.get("topics")
        if not isinstance(topics, list) or not all(isinstance(t, str) for t in topics):
            return None, '"topics" must be a list of topic ids'
    return item, None


# --- rules eval -------------------------------------------------------------------------------


@dataclass
class TopicScore:
    topic: str
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class EvalReport:
    scores: dict[str, TopicScore] = field(default_factory=dict)
    errors: list[dict] = field(default_factory=list)  # misclassified items
    items: int = 0

    def as_dict(self) -> dict:
        return {
            "items": self.items,
            "topics": {
                t: {
                    "precision": round(s.precision, 4),
                    "recall": round(s.recall, 4),
                    "f1": round(s.f1, 4),
                    "tp": s.tp,
                    "fp": s.fp,
                    "fn": s.fn,
                }
                for t, s in self.scores.items()
            },
            "misclassified": self.errors,
        }


def evaluate_items(matcher: match_.Matcher, items: Iterable[dict]) -> EvalReport:
    """Precision, recall and F1 per topic (every topic in the gold labels or the rules), and
    the items whose predicted topics differ from the gold ones."""
    report = EvalReport()
    for topic in matcher.topics:
        report.scores[topic.id] = TopicScore(topic.id)
    for item in items:
        report.items += 1
        gold = set(item["topics"])
        predicted = {
            m.topic for m in matcher.match(item["title"], item["summary"], item.get("lang"))
        }
        for topic in gold | predicted:
            score = report.scores.setdefault(topic, TopicScore(topic))
            if topic in gold and topic in predicted:
                score.tp += 1
            elif topic in predicted:
                score.fp += 1
            else:
                score.fn += 1
        if gold != predicted:
            report.errors.append(
                {
                    "id": item["id"],
                    "gold": sorted(gold),
                    "predicted": sorted(predicted),
                    "title": item["title"],
                }
            )
    return report


def cmd_eval(settings, args) -> int:
    ruleset = _load(settings)
    if ruleset is None:
        return 1
    if not _readable(args.file):
        return 1
    items, bad = [], 0
    for number, item, error in read_items(args.file, gold=True):
        if error:
            bad += 1
            print(f"{args.file}:{number}: {error}", file=sys.stderr)
        else:
            items.append(item)
    report = evaluate_items(match_.Matcher(ruleset), items)
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        print(render_report(report))
    return 1 if bad else 0


def render_report(report: EvalReport) -> str:
    width = max([len(t) for t in report.scores] + [5])
    lines = [
        f"{report.items} items",
        f"{'topic':<{width}}  precision  recall     f1   tp   fp   fn",
    ]
    for topic, s in sorted(report.scores.items()):
        lines.append(
            f"{topic:<{width}}  {s.precision:9.3f}  {s.recall:6.3f}  {s.f1:5.3f}  "
            f"{s.tp:3d}  {s.fp:3d}  {s.fn:3d}"
        )
    if report.errors:
        lines.append("")
        lines.append(f"misclassified ({len(report.errors)}):")
        for e in report.errors:
            lines.append(f"  {e['id']}: gold {e['gold']} predicted {e['predicted']}  {e['title']}")
    return "\n".join(lines)


# --- seeds extract ----------------------------------------------------------------------------


def cmd_seeds_extract(settings, args) -> int:
    from monitor import seeds

    try:
        ruleset = rules_.load(settings.rules)
        entities = ruleset.entities
    except rules_.RuleError as exc:
        print(
            f"note: rules not loaded ({len(exc.problems)} problem(s)); entities not recognised",
            file=sys.stderr,
        )
        entities = {}
    missing = [p for p in args.paths if not p.is_file()]
    for path in missing:
        print(f"{path}: no such file", file=sys.stderr)
    paths = [p for p in args.paths if p.is_file()]
    if not paths:
        return 1
    background = seeds.read_background(args.background) if args.background else []
    records = seeds.extract(paths, entities=entities, background=background, limit=args.terms)
    print("\n".join(seeds.to_toml(r) for r in records))
    return 1 if missing else 0
