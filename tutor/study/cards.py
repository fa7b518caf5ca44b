"""A question as a spaced-repetition card: its FSRS state and its last reviews, as stored.

These are plain, immutable records, like the rest of the progress file (FSRS's
own ``fsrs.Card`` is mutable): :mod:`tutor.study.schedule` turns a
:class:`CardState` into an ``fsrs.Card`` and back when a card is reviewed. In
the file a question's record carries them as ``card = { ... }`` and
``log = [{ ... }, ...]``; absent values (a card in the review state has no
learning ``step``) are absent keys, as TOML has no null.

A ``card`` table is what py-fsrs's ``Card.to_dict()`` gives, less the card id
(derived from the question's id) and with TOML datetimes for its ISO strings;
``tests/test_schedule.py`` holds the two to the same fields. The record is not
an ``fsrs.Card`` itself because it also keeps the keys it does not know
(``extra``: a newer tutor's, or a hand edit's), which a save writes back.

They are named tuples rather than frozen dataclasses: the statistics of a
large course build some 200,000 reviews, and a named tuple is built three
times faster. Being tuples, they must never reach the TOML writer as they
are (it would write an array): their layouts' writers turn them into tables.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from types import MappingProxyType
from typing import Any, NamedTuple, Protocol, overload

from fsrs import Rating, State

from tutor.study import record_layout
from tutor.study.record_layout import DamagedRecord, Layout

LOG_SIZE = 20
"""Reviews kept per card: enough to show its history and judge recent accuracy,
small enough that 10,000 cards stay quick to load and save."""


NO_EXTRA: Mapping[str, Any] = MappingProxyType({})
"""No unknown keys (a read-only mapping: a named tuple's default is shared)."""


class CardState(NamedTuple):
    """A card's FSRS state after its latest review, exactly as FSRS left it."""

    due: datetime
    state: int  # an fsrs.State: 1 learning, 2 review, 3 relearning
    step: int | None = None  # learning or relearning step; None in the review state
    stability: float | None = None
    difficulty: float | None = None
    last_review: datetime | None = None
    extra: Mapping[str, Any] = NO_EXTRA

    def to_toml(self) -> dict[str, Any]:
        return _CARD.write(self)


def check_card(card: CardState) -> CardState:
    """``card`` if FSRS can schedule from it, else DamagedRecord: a card past its first
    review has a stability and a difficulty, and one relearning has a step.
    """
    if card.state != State.Learning and (card.stability is None or card.difficulty is None):
        raise DamagedRecord("a card in review has a stability and a difficulty")
    if card.state == State.Relearning and card.step is None:
        raise DamagedRecord("a relearning card has a step")
    return card


def read_card(value: Any) -> CardState:
    """The field check for a ``card`` table."""
    return check_card(_CARD.read(value))


_CARD = Layout(
    CardState,
    {
        "due": record_layout.moment,
        "state": record_layout.one_of(*State),
        "step": record_layout.whole_number,
        "stability": record_layout.positive,
        "difficulty": record_layout.positive,
        "last_review": record_layout.moment,
    },
)


def _true_or_nothing(flag: bool) -> bool | None:
    """A flag as the log writes it: only when set, to keep the many reviews short."""
    return True if flag else None


class Review(NamedTuple):
    """One review in a card's log. The keys are short because there are many of them.

    ``before`` is the card as it was before this review, kept on the latest
    review only, so that the learner can re-rate it (1-4 after the feedback)
    and the card is scheduled as if that rating had been given; None there
    means the card was new. ``rerated`` says the learner chose the rating,
    which a later grade (a model's) then leaves alone; ``overruled`` says the
    learner overruled the grader ("I was right"), and the score is theirs.
    """

    t: datetime  # when
    rating: int  # an fsrs.Rating: 1 again, 2 hard, 3 good, 4 easy
    score: float  # the grade, 0 to 1
    secs: int | None = None  # time taken to answer, when known
    rerated: bool = False
    overruled: bool = False
    before: CardState | None = None
    extra: Mapping[str, Any] = NO_EXTRA


_REVIEW = Layout(
    Review,
    {
        "t": record_layout.moment,
        "rating": record_layout.one_of(*Rating),
        "score": record_layout.score,
        "secs": record_layout.whole_number,
        "rerated": record_layout.flag,
        "overruled": record_layout.flag,
        "before": read_card,
    },
    writers={
        "rerated": _true_or_nothing,
        "overruled": _true_or_nothing,
        "before": CardState.to_toml,
    },
)


def reviews_from_toml(raw: list[Any]) -> tuple[Review, ...]:
    """The reviews in a log read from the file. An entry that cannot be read is left
    out: the log is history, and the card's state does not depend on it.
    """
    reviews = []
    for entry in raw:
        try:
            reviews.append(_REVIEW.read(entry))
        except DamagedRecord:
            continue
    return tuple(reviews)


class UnreadableLog(ValueError):
    """A review log that is not TOML; ``text`` is the log as written."""

    def __init__(self, text: str) -> None:
        super().__init__("the review log is not valid TOML")
        self.text = text


class History(Sequence[Review]):
    """A card's last reviews, oldest first (at most :data:`LOG_SIZE` once reviewed here).

    A file with 10,000 cards holds up to 200,000 reviews, far too many to
    decode at start-up, when only due dates matter. So a history read from
    the file may hold a function that decodes it, called the first time the
    reviews are looked at (the statistics, a new review of that card).
    """

    __slots__ = ("_decode", "_reviews", "_unread")

    def __init__(
        self,
        reviews: Iterable[Review] = (),
        decode: Callable[[], tuple[Review, ...]] | None = None,
        unread: str = "",
    ) -> None:
        self._reviews: tuple[Review, ...] | None = None if decode else tuple(reviews)
        self._decode = decode
        self._unread = unread

    @property
    def reviews(self) -> tuple[Review, ...]:
        if self._reviews is None:
            assert self._decode is not None
            try:
                self._reviews = self._decode()
            except UnreadableLog as unreadable:
                self._reviews, self._unread = (), unreadable.text
            self._decode = None
        return self._reviews

    def with_reviews(self, reviews: Iterable[Review]) -> History:
        """Another history of ``reviews``, keeping any log text that could not be read."""
        return History(reviews, unread=self.unread)

    @property
    def unread(self) -> str:
        """The log's text as found, when it could not be read (a hand edit gone wrong):
        kept, so that the history is still there to mend, and written back with the record
        (as ``unread_log``) when the record changes."""
        if self._reviews is None:
            self.reviews  # noqa: B018 - decoding is what finds the log unreadable
        return self._unread

    @overload
    def __getitem__(self, index: int) -> Review: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Review]: ...
    def __getitem__(self, index: int | slice) -> Review | Sequence[Review]:
        return self.reviews[index]

    def __len__(self) -> int:
        return len(self.reviews)

    def __iter__(self) -> Iterator[Review]:
        return iter(self.reviews)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, History):
            return NotImplemented
        return self.reviews == other.reviews

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"History({list(self.reviews)!r})"

    def to_toml(self) -> list[dict[str, Any]] | None:
        """The log as the file holds it; None (no ``log`` key) when there is no review."""
        return [_REVIEW.write(review) for review in self.reviews] or None


def read_history(value: Any) -> History:
    """The field check for a question's ``log``."""
    if type(value) is not list:
        raise DamagedRecord(f"{value!r} is not a list of reviews")
    return History(reviews_from_toml(value))


class CardScheduler(Protocol):
    """What schedules cards (FSRS, in :mod:`tutor.study.schedule`)."""

    def next_card(
        self, question_id: str, card: CardState | None, rating: int, when: datetime
    ) -> CardState:
        """The question's card after a review rated ``rating`` at ``when`` (None: a new card)."""
        ...


ScheduleCard = Callable[[CardState | None, int, datetime], CardState]
"""One question's ``next_card``: what a record is rescheduled with."""
