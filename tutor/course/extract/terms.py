"""Judging a term before it becomes an answer: is it one, what else is it called, is it given away.

The quality rules that every kind of extracted question shares live here:
an answer is a short noun phrase of at most four words — never a stop word,
a piece of a word ("Re" of "Re-reading"), a lead-in label ("Note:", "True or
False"), a list label ("Step 3"), a vague noun ("the goal"), a ranking lead-in
("the simplest form of input"), a file name, a command-line option
("--no-color"), a number or a symbol; its accepted forms include the parts of
"Long name (ABBR)"; and a question whose prompt, or the heading path above it,
already shows its answer, even in another form ("{{UseOptionalParams}}" under
"Use optional params"), is not asked.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from tutor.course.extract.language import ENGLISH, Language
from tutor.course.stem import stem

_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_PARENTHESIS = re.compile(r"(.+?)\s*\(([^()]+)\)")
_SENTENCE_PUNCTUATION = re.compile(r"[.?!;](?:\s|$)")
TRAILING = " :,;"
"""Punctuation a marked term may end with that is not part of it: "**Layers**:" marks "Layers"."""

_LIST_LABEL = re.compile(r"[^\W\d_]+\s+\d+[a-z]?[.)]?")  # "Fallacy 2", "Step 3"
# "s1": a column; "--no-color", "-v": a command-line option
_FILE_OR_CODE = re.compile(r"_|\w\.\w|\(\)|[=<>{}\[\]\\/]|\b[a-z]+\d|^\s*--?[A-Za-z]")
_TAG = re.compile(r"(?<![\w#])#[^\W\d]")  # "#microeconomics", not "C#" or "#1"
_QUOTE = re.compile(r"(?:^|\s)['\"“‘«]|['\"”’»](?:\s|$)")
_VERSION = re.compile(
    r"\bv?\d+(?:\.\d+)+(?:[-.]?(?:a|b|rc|alpha|beta|dev|post)\d*)?(?![\w.])"
    r"|\bv\d+\b|\b\d{4}-\d{2}-\d{2}\b",
    re.IGNORECASE,
)  # "v2.1", "3.0.0beta1", "1.2rc1", "2.0", "v3", "2026-07-28"
_RELEASE_WORDS = frozenset({"version", "release", "released", "unreleased"})
"""Words a release's heading may add to its version: "Version 2.1", "Release 2.1 (2024-01-02)"."""
_CAMEL = re.compile(r"[A-Z]{2,}s(?![a-z])|[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")
GENERIC = frozenset(
    {"api", "class", "function", "method", "module", "object", "type", "library", "package"}
    | {"attribute", "property", "interface", "field", "parameter"}
)
"""Words that name what kind of thing a term is, not which: "the Generator {{class}}"."""
MAX_TERM_WORDS = 4
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
    """Whether ``text`` can be an answer: a short noun phrase that names an idea.

    A phrase that opens or ends with a stop word ("For learning rate", "the
    quick red") is a piece of a sentence, not a name. Emoji and other
    pictographs, sentence punctuation, quotes, file names and code, and the
    braces and bar of cloze syntax rule it out too.
    """
    found = words(text)
    if not found or len(found) > MAX_TERM_WORDS or len(text) > MAX_TERM_CHARS:
        return False
    if "," in text or _is_fragment(text.strip()):  # a list ("Linux, FreeBSD"); "Q:", "Re"
        return False
    if text.rstrip().endswith(":"):
        return False  # a label that leads into what is under it: "Sender:", "Client:"
    if any(mark in text for mark in ("{{", "}}", "|")) or _SENTENCE_PUNCTUATION.search(text):
        return False
    if _FILE_OR_CODE.search(text) or _QUOTE.search(text) or _LIST_LABEL.fullmatch(text.strip()):
        return False
    if "#" in text and _TAG.search(text):
        return False  # a tag, drawn as one in the lesson
    if not any(char.isalpha() for char in text) or any(
        unicodedata.category(char) == "So" for char in text
    ):
        return False
    content = [word for word in found if not _is_stop_word(word, language)]
    if not content or (_is_stop_word(found[-1], language) and not found[-1].isupper()):
        return False
    if _is_stop_word(found[0], language) and found[0].casefold() not in language.articles:
        return False
    if (
        language.code == "en"
        and found[0].casefold() in language.articles
        and _POSSESSIVE.search(text)
    ):
        return False  # "The Buyer's": the noun it owns is missing
    if any(_opens_clause_word(word, language) for word in found[1:]):
        return False  # "Tests that a string": a clause, not a name
    if _ranks(found, language):
        return False
    ends = {content[0].casefold(), content[-1].casefold()}
    return not ends & (language.labels | ENGLISH.labels | language.vague | ENGLISH.vague)


_POSSESSIVE = re.compile(r"\w['’ʼ]s?\s*$")
"""A phrase that ends in an English possessive: "The Buyer's", "the students'" (in Dutch
"de foto's" is a plural)."""


def _is_fragment(text: str) -> bool:
    """Whether a term is too short to name anything but an abbreviation: an FAQ's "Q",
    or "Re" marked in "**Re** - **R** eading". Two letters name an idea only as
    capitals ("AI", "ML")."""
    return len(text) < 2 or (len(text) == 2 and not text.isupper())


def _ranks(found: list[str], language: Language) -> bool:
    """Whether a phrase opens (after an article) with a word that ranks what follows: "the
    simplest form of input", "main benefit" lead into what a sentence says and name no
    idea. A ranking word alone ("Primary", a colour's role) can be a name."""
    if found[0].casefold() in language.articles:
        found = found[1:]
    return len(found) > 1 and found[0].casefold() in language.rankings | ENGLISH.rankings


def _is_stop_word(word: str, language: Language) -> bool:
    return language.is_stop_word(word) or ENGLISH.is_stop_word(word)


def in_headings(term: str, path: tuple[str, ...]) -> bool:
    """Whether a heading of ``path`` (the topic's or a parent's) gives ``term`` away.

    It does when it shows ``term`` or ``term`` holds its title ("{{Word
    embeddings}}" under "Embeddings" is half answered by the screen), or in
    another form: when every word of ``term`` that says which thing it is is
    among the heading's words, compared as :func:`_plain_words` reads them, so
    "{{AdvancedSQLiteSession}}" under "Advanced SQLite sessions", "{{Structured
    messages}}" under "Text and structured user messages" and "The {{Generator
    class}}" under "Generator API" are given away; or when a one-word term is part
    of a heading's longer word ("{{thread}}" under "Multithreaded processes").
    """
    term = term.replace("-", " ")  # "web-app" is shown by "Web App"
    titles = [title.replace("-", " ") for title in path]
    if any(alike(title, term) for title in titles):
        return True
    return any(shows_words_of(term, title) or _inside_a_word(term, title) for title in titles)


MIN_INNER_WORD = 5
"""A word of at least this many letters is seen inside a longer one: "thread" in
"Multithreaded" (not "art" in "Particles")."""
_INFLECTIONS = ("", "s", "es", "d", "ed", "ing", "er", "ers")
"""What may follow a term inside a heading's word that holds it: "Multi|thread|ed"."""
MIN_PREFIX = 3
"""A prefix before the term must be a word's part of at least this many letters, not
one of the letters around a shorter word hidden in another ("f|actor|s")."""


def _inside_a_word(term: str, title: str) -> bool:
    """Whether ``term``, one word, is part of a longer word of ``title``, a prefix before
    it and at most an ending after it: "{{thread}}" under "Multithreaded processes" is
    answered by the heading, "{{ratio}}" under "Iterations" is not."""
    word = term.strip().casefold()
    if len(word) < MIN_INNER_WORD or not word.isalpha():
        return False
    for shown in map(str.casefold, words(title)):
        at = shown.find(word)
        if at < 0 or shown == word:
            continue
        prefix, ending = shown[:at], shown[at + len(word) :]
        if (not prefix or len(prefix) >= MIN_PREFIX) and ending in _INFLECTIONS:
            return True
    return False


def shows_words_of(term: str, text: str) -> bool:
    """Whether ``text`` holds every word of ``term`` that says which thing it is, in
    any form and order: "Initial board state" gives "Initial state" away."""
    naming = _plain_words(term) - _UNNAMING
    return bool(naming) and naming <= _shown_words(text)


_UNNAMING = frozenset(stem(word) for word in GENERIC | ENGLISH.stop_words)
"""The stems of words that name no particular thing: generic kinds and stop words."""


def _plain_words(text: str) -> frozenset[str]:
    """The words of ``text`` with identifiers split ("UseOptionalParams": use, optional,
    param), casefolded and stemmed: how a heading and an identifier written for it are
    compared."""
    return frozenset(stem(part) for part in _parts(text))


def _shown_words(text: str) -> frozenset[str]:
    """:func:`_plain_words` of what a learner reads, each plural also read as its
    singular: the stemmer leaves "buses" as "buse" and an abbreviation's "PLs" as
    "pls", so "{{bus}}" under "Buses" and "{{functional PL}}" under "Functional PLs"
    were asked."""
    found = set()
    for part in _parts(text):
        found.add(stem(part))
        for ending in ("es", "s"):
            if part.endswith(ending) and len(part) > len(ending) + 1:
                found.add(stem(part.removesuffix(ending)))
    return frozenset(found)


def _parts(text: str) -> list[str]:
    """The casefolded words of ``text``, identifiers split into theirs."""
    return [part.casefold() for word in words(text) for part in _CAMEL.findall(word) or (word,)]


def advises(title: str, language: Language) -> bool:
    """Whether a topic's own heading introduces merits or advice: "Benefits of COSP",
    "When to use it", "Best practices", "Limitations".

    Bold leads there are selling points and tips ("**Better type safety**:
    Improved IDE support"), named for the argument, not ideas with a
    definition. Only the topic's own heading counts: the sections under
    "Benefits" may well define terms. Headings that describe or explain
    ("Characteristics of cells", "Use cases", "Why …", "… considerations") are
    not taken for advice: a lesson's definitions stand there too, and on the
    measured collections these words kept out no bad question.
    """
    folded = " " + " ".join(word.casefold() for word in words(title)) + " "
    return any(f" {phrase} " in folded for phrase in language.advice)


def gives_examples(title: str, language: Language) -> bool:
    """Whether a topic's own heading introduces examples: "Security-critical examples:
    Banking". Bold leads there name the example's cases ("**ATM**: External + internal
    threats → PINs, cards"), described for the example, not defined; a sentence there
    may still name an idea, so only definitions heed this."""
    return any(word.casefold() in language.examples for word in words(title))


def tracks_changes(path: tuple[str, ...]) -> bool:
    """Whether a heading of ``path`` is a release's: "3.0.0beta1", "v2.1", "2026-07-28",
    "Version 2.1", "Release 2.1 (2024-01-02)", and the sections under one.

    Release notes and change logs say what changed, in words that name a
    release's features, not ideas a note explains. A heading whose version or
    date only numbers or dates its subject ("1.2.1 Organelles", "2.3
    Derivatives", "Lecture 3 (2024-09-12)") heads a lesson, not a release.
    """
    return any(_is_release(title) for title in path)


def _is_release(title: str) -> bool:
    """Whether a version or a date is all a heading says, besides "version" or "release"."""
    if not _VERSION.search(title):
        return False
    rest = words(_VERSION.sub(" ", title))
    return all(word.casefold() in _RELEASE_WORDS for word in rest)


def offers(lead_in: str, language: Language) -> bool:
    """Whether a sentence leading into a list says what something gives or makes sure of:
    "The timeout parameter ensures that:", "When Instructor patches a client, it adds:".

    Its items are benefits or features, named after the sentence's subject
    ("**Predictable behavior**: A 3-second timeout stays 3 seconds"), not
    terms with a definition of their own.
    """
    found = [word.casefold() for word in words(lead_in)]
    return bool(found) and (found[-1] in language.completers or bool(language.offering & {*found}))


def _opens_clause_word(word: str, language: Language) -> bool:
    """Whether ``word`` is a copula or a relative word: inside a phrase, it makes it a clause."""
    folded = word.casefold()
    return folded in language.copulas or folded in language.relatives


def mentions(text: str, term: str) -> bool:
    """Whether ``text`` mentions ``term`` or one of its forms (word endings may differ).

    Words are compared by their stems (:mod:`tutor.course.stem`, the grader's
    stemmer), so "neurons" mentions "neuron" and "trained" mentions "training".
    """
    folded = text.casefold()
    found: list[str] | None = None  # the text's stems, made only if a form may be there
    for parts in _stems(term):
        if parts[0][:-1] not in folded:
            continue  # the quick answer, for most texts (a stem may end in "i" for "y")
        found = [stem(word) for word in words(folded)] if found is None else found
        size = len(parts)
        if any(tuple(found[start : start + size]) == parts for start in range(len(found))):
            return True
    return False


def alike(one: str, other: str) -> bool:
    """Whether either mentions the other in some form ("Foliated", "Foliation";
    "Word embeddings", "Embeddings")."""
    return mentions(one, other) or mentions(other, one)


@lru_cache(maxsize=8192)
def _stems(term: str) -> tuple[tuple[str, ...], ...]:
    """The stemmed words of each form of ``term`` (a term is looked for in many texts)."""
    forms = (tuple(stem(word.casefold()) for word in words(form)) for form in alternatives(term))
    return tuple(form for form in forms if form)
