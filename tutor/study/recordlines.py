"""Question lines in tutor's layout: recognised at load, decoded when first used.

Loading 10,000 cards must take under 100 ms (see :mod:`tutor.study.recordmap`
for why records wait to be used before they are decoded). At load a line is
only recognised: it starts ``id = { attempts = <number>, last_score =`` and
ends ``}``, as every question record tutor writes does::

    id = { attempts = 2, ..., last_answer = "...", card = { due = ..., state = 2, ... },
           log = [{ t = ..., rating = 3, score = 0.8, secs = 12 }, ...] }

(on one line). When the record is first used, one regular expression reads
the line and the record is built at once, with the same checks the slow way
applies; a line in any other layout (edited by hand, or from a newer tutor)
is read by tomllib and the record's layout instead, which give the same
record or find it damaged. The log is left undecoded even then: its text is
decoded the first time it is looked at (see :class:`~tutor.study.cards.History`),
as listing due cards needs no past reviews. What cannot be read of a log then
is left out of it, as a damaged log entry is anywhere.
"""

from __future__ import annotations

import math
import re
import tomllib
from datetime import datetime
from functools import partial

from tutor.study.cards import (
    CardState,
    History,
    Review,
    UnreadableLog,
    check_card,
    reviews_from_toml,
)
from tutor.study.record_layout import DamagedRecord
from tutor.study.recordmap import UnreadRecord
from tutor.study.records import QuestionRecord
from tutor.study.tomlread import COUNT, KEY, NUMBER, STRING, UTC_DATETIME, NeedsTomllib

_TIME = UTC_DATETIME.pattern
_CARD = (
    rf"\{{ due = ({_TIME}), state = ([1-3])(?:, step = ({COUNT.pattern}))?,"
    rf" stability = ({NUMBER.pattern}), difficulty = ({NUMBER.pattern}),"
    rf" last_review = ({_TIME}) \}}"
)
_HEAD = (
    rf"({KEY.pattern}) = \{{ attempts = ({COUNT.pattern}), last_score = ({NUMBER.pattern}),"
    rf" best_score = ({NUMBER.pattern}), last_verdict = \"(correct|partial|wrong)\","
    rf" last_answered = ({_TIME}), last_answer = ({STRING.pattern})(?:, card = {_CARD})?"
)
_START = re.compile(rf"({KEY.pattern}) = \{{ attempts = (?:{COUNT.pattern}), last_score = ")
_RECORD_HEAD = re.compile(_HEAD)
_RECORD_WITHOUT_LOG = re.compile(_HEAD + r" \}[ \t]*")
_LOG_START = ", log = ["
_BEFORE_START = ", before = "
_REVIEW = re.compile(  # up to the next review, the end, or the card before the latest one
    rf"\{{ t = ({_TIME}), rating = ([1-4]), score = (0(?:\.[0-9]+)?|1(?:\.0+)?)"
    rf"(?:, secs = ({COUNT.pattern}))?(, rerated = true)?(, overruled = true)?"
    rf"( \}}, | \}}\]\Z|{_BEFORE_START})"
)
_BEFORE = re.compile(rf"{_CARD} \}}\]")

_moment = datetime.fromisoformat  # raises ValueError for a date that does not exist


def _card(
    due: str | None,
    state: str,
    step: str | None,
    stability: str,
    difficulty: str,
    last_review: str,
) -> CardState | None:
    """The card in a ``card`` (or ``before``) table's groups; raises ValueError or
    DamagedRecord when the slow way must decide.
    """
    if due is None:
        return None
    stable, difficult = float(stability), float(difficulty)
    if not (0 < stable < math.inf and 0 < difficult < math.inf):
        raise DamagedRecord("stability and difficulty are numbers > 0")
    step_number = None if step is None else int(step)
    card = CardState(_moment(due), int(state), step_number, stable, difficult, _moment(last_review))
    return check_card(card)


class QuestionLine:
    """The :class:`~tutor.study.tomlread.LineReader` for question records."""

    def match(self, text: str, start: int, end: int) -> tuple[str, UnreadRecord] | None:
        found = _START.match(text, start, end)
        if found is None:
            return None
        last = end - 1
        while text[last] in " \t":
            last -= 1
        if text[last] != "}":
            return None
        return KEY.convert(found.group(1)), UnreadRecord(text, start, end, read_question)


def read_question(text: str, start: int, end: int) -> QuestionRecord:
    """The record on a question's line, ``text[start:end]``; raises DamagedRecord."""
    record = _read_fast(text, start, end)
    if record is not None:
        return record
    try:
        (raw,) = tomllib.loads(text[start:end]).values()
    except tomllib.TOMLDecodeError as error:
        raise DamagedRecord(f"not TOML: {error}") from None
    return QuestionRecord.from_toml(raw)


def _read_fast(text: str, start: int, end: int) -> QuestionRecord | None:
    """The record, if the line is in tutor's own layout and its values are sound.
    It is read in place: a line with its log is some 2 KB, slow to copy around.
    """
    found, log = None, History()
    log_start = text.rfind(_LOG_START, start, end)  # the log comes last and holds no string
    if log_start >= 0:
        first = log_start + len(_LOG_START) - 1  # the log's [
        last = end
        while text[last - 1] in " \t":
            last -= 1
        if text.endswith("] }", first, last) and _plain_list(text, first, last - 2):
            found = _RECORD_HEAD.fullmatch(text, start, log_start)
            log = History(decode=partial(read_log, text[first : last - 2]))
    if found is None:
        found, log = _RECORD_WITHOUT_LOG.fullmatch(text, start, end), History()
    if found is None:
        return None
    _, attempts, last_score, best_score, verdict, answered, answer, *card = found.groups()
    scores = float(last_score), float(best_score)
    if not (0 <= scores[0] <= 1 and 0 <= scores[1] <= 1):
        return None
    try:
        return QuestionRecord(
            int(attempts),
            *scores,
            verdict,
            _moment(answered),
            STRING.convert(answer),
            _card(*card),
            log,
        )
    except (ValueError, DamagedRecord, NeedsTomllib):
        return None


def _plain_list(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]``, a ``[...]``, holds no string, comment or nested
    list, as tutor's logs do.
    """
    return all(text.find(mark, start + 1, end - 1) < 0 for mark in "\"'#[]")


def read_log(text: str) -> tuple[Review, ...]:
    """The reviews in a log's TOML text, ``[{ t = ..., ... }, ...]``.

    The reviews are read one after the other from the ``[``, each starting where
    the last ended, so a review in another layout (``{t = ...}``, as a TOML
    formatter writes it) sends the whole log to tomllib rather than being skipped.
    """
    reviews: list[Review] = []
    position = 1  # after the [
    try:
        while (found := _REVIEW.match(text, position)) is not None:
            t, rating, score, secs, rerated, overruled, after = found.groups()
            seconds = int(secs) if secs else None
            reviews.append(
                Review(
                    _moment(t), int(rating), float(score), seconds, bool(rerated), bool(overruled)
                )
            )
            position = found.end()
            if after == _BEFORE_START:  # the card before the latest review ends the log
                card = _BEFORE.fullmatch(text, position)
                if card is None:
                    break
                reviews[-1] = reviews[-1]._replace(before=_card(*card.groups()))
                return tuple(reviews)
            if after != " }, ":  # " }]" at the very end
                return tuple(reviews)
    except (ValueError, DamagedRecord):
        pass
    return _read_log_slowly(text)


def _read_log_slowly(text: str) -> tuple[Review, ...]:
    """A log not in tutor's own layout (edited by hand, or from a newer tutor); raises
    UnreadableLog if it is not TOML, so that its text is kept rather than lost."""
    try:
        raw = tomllib.loads(f"log = {text}")["log"]
    except (tomllib.TOMLDecodeError, RecursionError):
        raise UnreadableLog(text) from None
    return reviews_from_toml(raw) if type(raw) is list else ()
