"""Judging a term before it becomes an answer: is it one, what else is it called, is it given away.

The quality rules that every kind of extracted question shares live here:
an answer is never a stop word, a lead-in label ("Note:") or a symbol; its
accepted forms include the parts of "Long name (ABBR)"; and a question whose
prompt already mentions its answer is not asked.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from tutor.course.extract.language import ENGLISH, Language

_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_PARENTHESIS = re.compile(r"(.+?)\s*\(([^()]+)\)")
_SENTENCE_PUNCTUATION = re.compile(r"[.?!;](?:\s|$)")
TRAILING = " :,;"
"""Punctuation a marked term may end with that is not part of it: "**Layers**:" marks "Layers"."""

MAX_TERM_WORDS = 6
MAX_TERM_CHARS = 60


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def alternatives(term: str) -> tuple[str, ...]:
    """The forms a learner may answer: ``ReLU (Rectified Linear Unit)``, ``ReLU``, the long name."""
    term = term.strip()
    match = _PARENTHESIS.fullmatch(term) if term.endswith(")") else None
    if not match:
        return (term,)
    forms = (term, match.group(1).strip(), match.group(2).strip())
    return tuple(dict.fromkeys(form for form in forms if words(form)))


def is_term(text: str, language: Language) -> bool:
    """Whether ``text`` can be an answer: a few words, not only stop words, not a label.

    Emoji and other pictographs, sentence punctuation, and the braces and
    bar of cloze syntax rule it out.
    """
    found = words(text)
    if not found or len(found) > MAX_TERM_WORDS or len(text) > MAX_TERM_CHARS:
        return False
    if any(mark in text for mark in ("{{", "}}", "|")) or _SENTENCE_PUNCTUATION.search(text):
        return False
    if any(unicodedata.category(char) == "So" for char in text):
        return False
    if all(language.is_stop_word(word) or ENGLISH.is_stop_word(word) for word in found):
        return False
    last = found[-1].casefold()
    return last not in language.labels and last not in ENGLISH.labels


def mentions(text: str, term: str) -> bool:
    """Whether ``text`` mentions ``term`` or one of its forms (word endings may differ)."""
    folded = text.casefold()
    found: list[str] | None = None  # the text's words, split only if a form may be there
    for parts in _stems(term):
        if parts[0] not in folded:
            continue  # the quick answer, for most texts
        found = words(folded) if found is None else found
        for start in range(len(found) - len(parts) + 1):
            if all(
                word.startswith(part) and len(word) - len(part) <= 3
                for word, part in zip(found[start : start + len(parts)], parts, strict=True)
            ):
                return True
    return False


@lru_cache(maxsize=8192)
def _stems(term: str) -> tuple[tuple[str, ...], ...]:
    """The stemmed words of each form of ``term`` (a term is looked for in many texts)."""
    forms = (tuple(_stem(word.casefold()) for word in words(form)) for form in alternatives(term))
    return tuple(form for form in forms if form)


def _stem(word: str) -> str:
    """A word without a plural or similar ending, so that "neurons" mentions "neuron"."""
    for ending in ("es", "s", "en", "e"):
        if len(word) > len(ending) + 3 and word.endswith(ending):
            return word[: -len(ending)]
    return word
