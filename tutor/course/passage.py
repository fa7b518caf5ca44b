"""Where in a lesson a question's answer is: the passage to mark once it is answered.

Questions keep the line of their topic's heading, not of the sentence they
test, and quiz files are written apart from the notes. So the passage is
found by what the question says the answer is: the line of the lesson that
shares most of the answer's words, if it shares enough of them; else the
heading of the question's topic. A recall card's answer is its whole section,
so its heading is the passage.
"""

from __future__ import annotations

import re

from tutor.course.extract.language import Language, guess_language
from tutor.course.kinds import NoteCard, Question, Recall
from tutor.untrusted import text_lines

MIN_SHARED = 0.5
"""The share of the answer's words a line must hold to be the answer's passage."""

MIN_WORDS = 2
"""Fewer shared words than this never make a passage: one word is in too many lines."""

_WORD = re.compile(r"\w{3,}")
_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$")


def passage_line(lesson: str, question: Question, topic_title: str) -> int | None:
    """The 0-based line of ``lesson`` (Markdown) holding ``question``'s answer, if any.

    ``topic_title`` is the title of the question's topic, whose heading is the
    passage when no line holds the answer (or the question is a recall card).
    """
    lines = text_lines(lesson)  # as Markdown counts them, for the lesson pane's blocks
    language = guess_language(lesson)
    clue = _words(question.answer_text(), language) or _words(question.explanation, language)
    if clue and (isinstance(question, NoteCard) or not isinstance(question, Recall)):
        best, shared = None, 0
        for number, line in enumerate(lines):
            if _HEADING.match(line):
                continue
            overlap = len(clue & _words(line, language))
            if overlap > shared:
                best, shared = number, overlap
        if best is not None and shared >= max(MIN_WORDS, MIN_SHARED * len(clue)):
            return best
    return next(
        (
            number
            for number, line in enumerate(lines)
            if (heading := _HEADING.match(line)) and heading.group(1) == topic_title
        ),
        None,
    )


def _words(text: str, language: Language) -> set[str]:
    """The words that can tell one line from another: not "the", "and"..."""
    return {word.casefold() for word in _WORD.findall(text) if not language.is_stop_word(word)}
