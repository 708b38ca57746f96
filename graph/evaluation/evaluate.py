"""``newskg evaluate GOLD...``: score the extraction against gold annotations.

Two gold formats. The seed format (a JSON object with "statements", as in
``tests/data/seed-gold.json``) is compared statement by statement with
:mod:`newskg.graph.evaluation.seedscore`. The Wikinews format (JSON Lines, one article with its "quotes" a line) is scored with the shared
task's token-span metric of :mod:`newskg.graph.evaluation.spanscore`. Precision, recall and F1 are
printed per part; ``--diff`` lists each quotation with what was read wrong.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from newskg.graph.evaluation.seedscore import SeedResult, compare_seed
from newskg.graph.evaluation.spanscore import diff_article, score, statements_to_quotes
from newskg.graph.evaluation.speakers import format_table, tally
from newskg.graph.model import Document
from newskg.graph.pipeline import analyze


class GoldError(Exception):
    """A gold file cannot be read; the message says which and why."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``newskg evaluate``."""
    parser.add_argument("gold", nargs="+", metavar="GOLD",
                        help="gold file: seed format (.json) or Wikinews JSON Lines (.jsonl)")
    parser.add_argument("--text", metavar="FILE",
                        help="article text for a seed-format gold file (default: the file "
                        "its \"document\" names, beside it)")
    parser.add_argument("--published", metavar="YYYY-MM-DD",
                        help="publication date (default: the gold file's \"published\")")
    parser.add_argument("--diff", action="store_true", help="per-quotation diff of errors")
    parser.add_argument("--limit", type=int, metavar="N",
                        help="only the first N articles of a JSON Lines file")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")


def run(args: argparse.Namespace) -> int:
    """Evaluate every gold file; 0 on success, 1 with one error line when input is bad."""
    if args.limit is not None and args.limit < 1:
        sys.stderr.write("newskg: error: --limit must be at least 1\n")
        return 1
    try:
        results = [evaluate_file(Path(path), args) for path in args.gold]
    except GoldError as err:
        sys.stderr.write(f"newskg: error: {err}\n")
        return 1
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=1))
        return 0
    for result in results:
        print(format_result(result, show_diff=args.diff))
    return 0


def evaluate_file(path: Path, args: argparse.Namespace) -> dict:
    """Results of one gold file as a plain dict (format, parts, diff)."""
    if not path.is_file():
        raise GoldError(f"gold file not found: {path}")
    raw = path.read_text(encoding="utf-8", errors="replace")
    stripped = raw.lstrip()
    if path.suffix == ".jsonl" or (stripped.startswith("{") and "\n{" in stripped.rstrip()):
        articles = _read_jsonl(path, raw, args.limit)
        return evaluate_wikinews(articles, str(path), with_diff=args.diff)
    try:
        gold = json.loads(raw)
    except json.JSONDecodeError as err:
        raise GoldError(f"{path} is not JSON: {err.msg} (line {err.lineno})") from None
    if not isinstance(gold, dict) or not isinstance(gold.get("statements"), list):
        raise GoldError(f"{path}: a seed-format gold file is an object with \"statements\"")
    _check_seed_gold(gold, path)
    text_path = Path(args.text) if args.text else path.parent / str(gold.get("document", ""))
    if not text_path.is_file():
        raise GoldError(f"article text not found: {text_path} (give it with --text)")
    published = _date(args.published or gold.get("published"), path)
    text = text_path.read_text(encoding="utf-8")
    result = evaluate_seed(gold, text, published, doc_id=text_path.stem)
    return {
        "gold": str(path),
        "format": "seed",
        "parts": {name: part.as_dict() for name, part in result.parts.items()},
        "diff": result.diff,
    }


#: Keys every statement of a seed-format gold file must have.
SEED_KEYS = ("speaker", "kind", "cue", "direct_quote", "content")


def _check_seed_gold(gold: dict, path: Path) -> None:
    for number, statement in enumerate(gold["statements"]):
        if not isinstance(statement, dict):
            raise GoldError(f"{path}: statement {number} is not an object")
        missing = [key for key in SEED_KEYS if not isinstance(statement.get(key), str)]
        if missing:
            raise GoldError(f"{path}: statement {number} lacks {', '.join(missing)}")
        for item in statement.get("numbers") or []:
            if not isinstance(item, dict) or not isinstance(item.get("value"), int | float):
                raise GoldError(f"{path}: statement {number} has a number without a value")
    for key in ("organizations", "countries_or_governments"):
        if not all(isinstance(o, dict) and isinstance(o.get("name"), str)
                   for o in gold.get(key) or []):
            raise GoldError(f"{path}: every entry of \"{key}\" needs a name")
    for person in gold.get("persons") or []:
        if not isinstance(person, dict) or not isinstance(person.get("name"), str) or not all(
            isinstance(r, dict) and isinstance(r.get("title"), str) for r in person.get("roles", [])
        ):
            raise GoldError(f"{path}: a person needs a name and roles with titles")


def _date(value: str | None, path: Path) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise GoldError(f"{path}: publication date {value!r} is not YYYY-MM-DD") from None


def _read_jsonl(path: Path, raw: str, limit: int | None) -> list[dict]:
    articles = []
    for number, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            article = json.loads(line)
        except json.JSONDecodeError as err:
            raise GoldError(f"{path} line {number} is not JSON: {err.msg}") from None
        if not isinstance(article, dict) or "text" not in article or "quotes" not in article:
            raise GoldError(f"{path} line {number}: an article needs \"text\" and \"quotes\"")
        article.setdefault("id", str(number))
        _check_quotes(article, f"{path} line {number}")
        articles.append(article)
        if limit is not None and len(articles) >= limit:
            break
    return articles


def _check_quotes(article: dict, where: str) -> None:
    """Every role of every quotation has spans inside the text."""
    if not isinstance(article["text"], str) or not isinstance(article["quotes"], list):
        raise GoldError(f"{where}: \"text\" must be a string and \"quotes\" a list")
    size = len(article["text"])
    for quote in article["quotes"]:
        if not isinstance(quote, dict):
            raise GoldError(f"{where}: a quotation is not an object")
        for role in ("quote", "speaker", "cue", "addressee"):
            value = quote.get(role)
            if value is None:
                continue
            spans = value.get("spans") if isinstance(value, dict) else None
            if not isinstance(spans, list) or not all(
                isinstance(span, list) and len(span) == 2
                and all(isinstance(x, int) for x in span) and 0 <= span[0] <= span[1] <= size
                for span in spans
            ):
                raise GoldError(f"{where}: the {role} of a quotation has bad spans")


def _analyze(doc_id: str, text: str, published: date | None, title: str | None = None):
    return analyze(Document(id=doc_id, text=text, published=published, title=title))


# -- Wikinews: the shared task's span metric -------------------------------------------------


def evaluate_wikinews(articles: list[dict], name: str, with_diff: bool = False) -> dict:
    """Score the pipeline on Wikinews-format articles with the shared task's metric."""
    predicted: dict[str, list[dict]] = {}
    diff: list[dict] = []
    by_kind: dict[str, dict[str, int]] = {}
    for article in articles:
        published = None
        if article.get("published"):
            try:
                published = date.fromisoformat(str(article["published"])[:10])
            except ValueError:
                published = None
        analysis = _analyze(str(article["id"]), article["text"], published)
        quotes = statements_to_quotes(analysis)
        predicted[str(article["id"])] = quotes
        tally(by_kind, article, analysis, quotes)
        if with_diff:
            for row in diff_article(article, quotes):
                if row.status != "pair" or row.message_overlap < 1 or (
                    row.gold_speaker != row.predicted_speaker
                ):
                    diff.append({"article": str(article["id"]), **row.__dict__})
    scores = score(articles, predicted).as_dict()
    parts = {
        role: {
            "precision": scores[f"{role}_precision"],
            "recall": scores[f"{role}_recall"],
            "f1": scores[f"{role}_f1"],
        }
        for role in ("message", "speaker", "joint")
    }
    counts = {k: scores[k] for k in ("articles", "gold_quotations", "predicted_quotations",
                                     "paired")}
    return {"gold": name, "format": "wikinews", "parts": parts, "counts": counts,
            "speakers_by_kind": by_kind, "diff": diff}


def evaluate_seed(
    gold: dict, text: str, published: date | None, doc_id: str = "seed"
) -> SeedResult:
    """Compare the pipeline's reading of one article with its seed-format gold."""
    analysis = _analyze(doc_id, text, published)
    return compare_seed(gold, analysis)


# -- printing --------------------------------------------------------------------------------


def format_result(result: dict, show_diff: bool = False) -> str:
    """A readable table of one file's results, and its diff when asked."""
    lines = [f"{result['gold']} ({result['format']} format)"]
    if "counts" in result:
        lines.append("  " + ", ".join(f"{k}: {v}" for k, v in result["counts"].items()))
    lines.append(f"  {'part':<15}{'P':>8}{'R':>8}{'F1':>8}")
    for name, part in result["parts"].items():
        counts = ""
        if "correct" in part:
            counts = f"   ({part['correct']} of {part['predicted']} predicted, {part['gold']} gold)"
        lines.append(
            f"  {name:<15}{part['precision']:>8.1f}{part['recall']:>8.1f}{part['f1']:>8.1f}"
            + counts
        )
    if result.get("speakers_by_kind"):
        lines.extend(format_table(result["speakers_by_kind"]))
    if show_diff:
        lines.append("  diff:")
        lines.extend("    " + line for line in _diff_lines(result))
    return "\n".join(lines)


def _diff_lines(result: dict) -> list[str]:
    lines = []
    for row in result["diff"]:
        if result["format"] == "wikinews":
            lines.append(
                f"[{row['article']}] {row['status']} overlap={row['message_overlap']}: "
                f"gold={_cut(row['gold_message'])!r} ({row['gold_speaker']}) | "
                f"predicted={_cut(row['predicted_message'])!r} ({row['predicted_speaker']})"
            )
        elif row["status"] == "pair":
            if not row["errors"]:
                lines.append(f"ok       {_cut(row['content'])!r}")
                continue
            lines.append(f"errors   {_cut(row['content'])!r}")
            for name, values in row["errors"].items():
                lines.append(f"           {name}: gold={values['gold']!r} "
                             f"predicted={values['predicted']!r}")
        else:
            lines.append(f"{row['status']:<9}{_cut(row['content'])!r} ({row['speaker']})")
    return lines


def _cut(text: str | None, width: int = 70) -> str | None:
    if text is None or len(text) <= width:
        return text
    return text[: width - 1] + "…"
