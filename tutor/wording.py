"""How tutor words numbers for people: "1 topic", "2 topics"."""

from __future__ import annotations


def count(number: int, noun: str) -> str:
    """``number`` and ``noun``, plural unless it is one (nouns with a plain -s plural)."""
    return f"{number} {noun}{'s' * (number != 1)}"
