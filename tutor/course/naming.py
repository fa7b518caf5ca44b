"""Small text helpers shared by the course layer: slugs, titles, natural order."""

from __future__ import annotations

import re

_NON_WORD = re.compile(r"[^\w]+")
_DIGITS = re.compile(r"(\d+)")


def slugify(title: str) -> str:
    """A lowercase, hyphenated slug that keeps letters of any script."""
    slug = _NON_WORD.sub("-", title.casefold()).strip("-").replace("_", "-")
    return slug or "untitled"


def natural_key(name: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key so that ``2-x.md`` comes before ``10-y.md``."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part.casefold())
        for part in _DIGITS.split(name)
        if part
    )


def title_from_name(name: str) -> str:
    """A readable title from a file or folder name: ``neural-nets`` -> ``Neural nets``."""
    if " " not in name:
        name = re.sub(r"[-_]+", " ", name)
    name = " ".join(name.split())
    return name[:1].upper() + name[1:] if name else "Untitled"


def normalise_title(title: str) -> str:
    """How titles compare when a quiz names a topic: case, spacing and a trailing colon ignored."""
    return " ".join(title.casefold().split()).rstrip(":").rstrip()
