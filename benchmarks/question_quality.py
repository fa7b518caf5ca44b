"""How good the questions extracted from a course's notes are: a sample to read, defects counted.

Run: ``python benchmarks/question_quality.py COURSE [--sample 60] [--seed 1]
[--baseline REV]``. It prints a fixed random sample of the extracted
questions (recall cards aside: they quote nothing), each with the passage it
comes from, for a reader to rate by the rubric in ``docs/question-quality.md``;
then, over every extracted question, how many of each kind there are and how
many show a defect a program can see:

* raw markup — LaTeX, HTML tags, wiki links, highlights, bold, backticks,
  a code span's ``#!lang`` prefix or footnote marks left in what the learner
  reads (a recall card's heading path included);
* answer in heading — a blank or answer that the topic's heading path
  already shows, also in another form (CamelCase, plural, or all its words
  but "class", "API" … among a heading's);
* dangling — a quoted text or explanation that ends in a colon or a lead-in
  ("such as", "the following");
* distractor listed — a wrong choice that is an item of a list in the same
  topic;
* duplicate — a text another extracted question shows too.

``--notes-only`` reads the course's Markdown notes without its quiz files,
so a course that ships quizzes (such as the bundled one) is measured on
what tutor would extract from its notes. Every defect count's target is 0.
``--baseline REV`` counts the same with
the extraction code of a git revision (say, the commit before a change) in
the same run, so the two columns compare like with like.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import textwrap
from collections import Counter
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, os.environ.get("QUALITY_TUTOR_ROOT", str(REPO)))

from tutor.course import (  # noqa: E402
    EXTRACTED,
    Cloze,
    MultipleChoice,
    Question,
    Recall,
    ShortAnswer,
    SingleChoice,
    Topic,
    load_course,
)
from tutor.course.formulas import formulas_plain  # noqa: E402

RAW_MARKUP = re.compile(
    r"\$[^$\s][^$]*\$|\\[a-zA-Z]{2,}|</?[a-zA-Z][^>]*>|\[\[|\]\]|==|\*\*|`|\[\^[^\]]*\]"
    r"|\]\[[^\]]*\]|#![A-Za-z]|(?<!\w)__[^\W_][^_]*\s[^_]*__(?!\w)"
)  # "__bold text__", not an identifier such as "__prefect_kind" or "__init__"
LEAD_IN = re.compile(
    r"(?::|\b(?:such as|like|including|includes|include|following|e\.g\.|for example|as follows))"
    r"[\s\"”»’]*$",
    re.IGNORECASE,
)
LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s+(.*)$", re.MULTILINE)
WORD = re.compile(r"[^\W_]+")
CAMEL = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")
GENERIC = frozenset(
    {"api", "class", "function", "method", "module", "object", "type", "library", "package"}
    | {"attribute", "property", "interface", "field", "parameter"}
)  # what kind of thing, not which: "the Generator class" under "Generator API"
FILLER = frozenset({"a", "an", "the", "of", "and", "or", "for", "to", "in", "on", "with", "by"})
DEFECTS = ("raw markup", "answer in heading", "dangling", "distractor listed", "duplicate")


def extracted(course_path: Path) -> Iterator[tuple[Topic, Question]]:
    """Every extracted question of the course, with its topic, in reading order."""
    course = load_course(course_path)
    for topic in course.walk():
        for question in topic.questions:
            if question.origin == EXTRACTED:
                yield topic, question


def shown(question: Question) -> list[str]:
    """The texts a learner reads: prompt, cloze text, choices, explanation, each as the quiz
    pane shows it (math as Unicode, the source of a formula it cannot render)."""
    texts = [question.prompt, question.explanation]
    match question:
        case Cloze():
            texts.append(question.text)
        case SingleChoice() | MultipleChoice():
            texts.extend(question.choices)
    return [formulas_plain(text) for text in texts if text]


def answers(question: Question) -> list[str]:
    """The right answers: a cloze's blanks, a choice question's right choices, a short answer."""
    match question:
        case Cloze():
            return [blank[0] for blank in question.blanks]
        case SingleChoice():
            return [question.answer]
        case MultipleChoice():
            return sorted(question.answers)
        case ShortAnswer():
            return [str(answer) for answer in question.answers[:1]]
    return []


def words(text: str) -> tuple[str, ...]:
    return tuple(WORD.findall(text.casefold()))


def contains(text: str, part: str) -> bool:
    """Whether the words of ``part`` appear in ``text`` together, in order."""
    found, wanted = words(text), words(part)
    return bool(wanted) and any(
        found[start : start + len(wanted)] == wanted for start in range(len(found))
    )


def heading_words(text: str) -> set[str]:
    """Words as a heading and an identifier written for it compare: CamelCase and
    underscores split, casefolded, a plural's "s" dropped."""
    found = re.findall(r"[^\W_]+", text)
    parts = (part for word in found for part in CAMEL.findall(word) or [word])
    return {singular(part.casefold()) for part in parts}


def singular(word: str) -> str:
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def in_heading(answer: str, title: str) -> bool:
    """Whether ``title`` shows ``answer``, holds it, or gives it away in another form: all
    its words that say which thing it is are among the heading's ("{{AdvancedSQLiteSession}}"
    under "Advanced SQLite sessions", "{{Structured messages}}" under "Text and structured
    user messages", "{{Generator class}}" under "Generator API")."""
    if contains(title, answer) or contains(answer, title):
        return True
    naming = heading_words(answer) - GENERIC - FILLER
    return bool(naming) and naming <= heading_words(title)


def plain(item: str) -> str:
    return " ".join(words(re.sub(r"[*_=`]", "", item)))


def defects(topic: Topic, question: Question) -> list[str]:
    """The defects of one question a program can see (duplicates are counted across questions)."""
    found = []
    if any(RAW_MARKUP.search(text) for text in shown(question)):
        found.append("raw markup")
    if any(in_heading(answer, title) for answer in answers(question) for title in topic.path):
        found.append("answer in heading")
    quoted = re.findall(r"“([^”]*)”", question.prompt)
    if any(LEAD_IN.search(text.strip()) for text in (*quoted, question.explanation) if text):
        found.append("dangling")
    if isinstance(question, MultipleChoice):
        listed = {plain(item) for item in LIST_ITEM.findall(topic.body)}
        wrong = (choice for choice in question.choices if choice not in question.answers)
        if any(plain(choice) in listed for choice in wrong):
            found.append("distractor listed")
    return found


def display(question: Question) -> str:
    return question.text if isinstance(question, Cloze) else question.prompt


def counts(course_path: Path) -> dict[str, dict[str, int]]:
    """Questions per kind and defects per name, over every extracted question."""
    kinds: Counter[str] = Counter()
    found: Counter[str] = Counter({name: 0 for name in DEFECTS})
    texts: Counter[str] = Counter()
    for topic, question in extracted(course_path):
        kinds[question.kind] += 1
        if isinstance(question, Recall):  # its prompt is the heading path: only markup counts
            found["raw markup"] += any(RAW_MARKUP.search(text) for text in shown(question))
            continue
        found.update(defects(topic, question))
        texts[" ".join(words(display(question)))] += 1
    found["duplicate"] = sum(count - 1 for count in texts.values())
    return {"kinds": dict(kinds), "defects": dict(found)}


def baseline_counts(course_path: Path, revision: str) -> dict[str, dict[str, int]]:
    """:func:`counts` with the ``tutor`` package of a git revision, in a child process."""
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", revision, "tutor"],
        check=True,
        capture_output=True,
    ).stdout
    with tempfile.TemporaryDirectory() as folder:
        with tarfile.open(fileobj=BytesIO(archive)) as tar:
            tar.extractall(folder, filter="data")
        result = subprocess.run(
            [sys.executable, __file__, str(course_path), "--json"],
            check=True,
            capture_output=True,
            text=True,
            env={**os.environ, "QUALITY_TUTOR_ROOT": folder},
        )
    return json.loads(result.stdout)


def notes_only(course_path: Path, folder: Path) -> Path:
    """A copy of the course's Markdown notes in ``folder``, without its quiz files."""
    for note in course_path.rglob("*.md"):
        copy = folder / note.relative_to(course_path)
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(note, copy)
    return folder


def print_sample(course_path: Path, size: int, seed: int) -> None:
    asked = [(t, q) for t, q in extracted(course_path) if not isinstance(q, Recall)]
    chosen = random.Random(seed).sample(asked, min(size, len(asked)))
    for number, (topic, question) in enumerate(chosen, 1):
        print(f"--- {number}. [{question.kind}] {' › '.join(topic.path)}")
        print(f"  Q: {display(question) if isinstance(question, Cloze) else question.prompt}")
        if isinstance(question, SingleChoice | MultipleChoice):
            right = set(answers(question))
            for choice in question.choices:
                print(f"     {'*' if choice in right else ' '} {choice}")
        elif isinstance(question, ShortAnswer):
            print(f"     = {' | '.join(map(str, question.answers))}")
        passage = " ".join(topic.body.split())
        print(textwrap.indent(textwrap.fill(passage[:700], 100), "  | "))
        if found := defects(topic, question):
            print(f"  defects: {', '.join(found)}")
    print()


def print_counts(now: dict[str, dict[str, int]], before: dict[str, dict[str, int]] | None) -> None:
    header = f"{'':22}{'now':>7}" + (f"{'baseline':>10}" if before else "")
    for part, title in (("kinds", "questions by kind"), ("defects", "defects (target 0)")):
        print(f"{title}\n{header}")
        names = sorted(set(now[part]) | set(before[part] if before else ()))
        if part == "defects":
            names = list(DEFECTS)
        for name in names:
            line = f"  {name:20}{now[part].get(name, 0):7}"
            if before:
                line += f"{before[part].get(name, 0):10}"
            print(line)
        total = sum(now[part].values())
        print(f"  {'total':20}{total:7}" + (f"{sum(before[part].values()):10}" if before else ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("course", type=Path)
    parser.add_argument("--sample", type=int, default=60, help="questions to print (0: none)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--baseline", metavar="REV", help="also count with this git revision")
    parser.add_argument("--json", action="store_true", help="print only the counts, as JSON")
    parser.add_argument("--notes-only", action="store_true", help="leave the quiz files out")
    args = parser.parse_args()
    if args.notes_only:
        with tempfile.TemporaryDirectory() as folder:
            args.course = notes_only(args.course, Path(folder) / args.course.resolve().name)
            report(args)
    else:
        report(args)


def report(args: argparse.Namespace) -> None:
    if args.json:
        print(json.dumps(counts(args.course)))
        return
    if args.sample:
        print_sample(args.course, args.sample, args.seed)
    before = baseline_counts(args.course, args.baseline) if args.baseline else None
    print_counts(counts(args.course), before)


if __name__ == "__main__":
    main()
