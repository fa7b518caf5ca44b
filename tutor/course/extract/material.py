"""A note read for questions: its sections' paragraphs and lists as plain text with marks.

The text is read as the lesson shows it (:func:`tutor.course.readable.rendered`),
as far as the lesson shows it (:func:`tutor.course.model.start_of`): math as
Unicode text, textbook references as their labels, one tab of a textbook's tab
blocks. Then the notes' furniture is left behind, so no
question can come from it: code, HTML, tables and callout markers are gone
already (see :mod:`tutor.course.extract.blocks`); this drops JSON blobs,
paragraphs or items that are only links, embeds or tags, task-list items,
footnote marks and Obsidian block ids, and whole Excalidraw drawings. A
sentence or item that still shows markup once read as plain text (a formula
that could not be rendered, stray ``**``, ``==`` or backticks, a wiki link or
tag the reader could not settle) is dropped too, and a list with such an
item with it: a question never shows raw markup.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from tutor.course.extract.blocks import Paragraph, blocks
from tutor.course.extract.inline import Inline, inline, sentences
from tutor.course.extract.language import SAMPLE_CHARS, Language, guess_language
from tutor.course.model import Topic, start_of
from tutor.course.naming import normalise_title
from tutor.course.readable import rendered

_EMBED = re.compile(r"!\[\[[^\]]*\]\]|!\[[^\]]*\]\([^)]*\)")
_FOOTNOTE = re.compile(r"\[\^[^\]]+\]")
_BLOCK_ID = re.compile(r"[ \t]\^[A-Za-z0-9-]+[ \t]*$", re.MULTILINE)
_LINK = re.compile(r"\[\[[^\]]*\]\]|\[[^\]]*\]\([^)]*\)|<?https?://\S+>?")
_TAG = re.compile(r"(?<!\S)#[^\s#]+")
_JSON = re.compile(r"\s*(?:\{|\[\s*[\[{\"\d-])")
_TASK = re.compile(r"\[[ xX/\-]\]\s")
_MARKUP = re.compile(r"\*\*|__|==|<")  # bold, highlight, or HTML that may hide either
_RAW = re.compile(
    r"\$[^$\s][^$]*\$|\\[a-zA-Z]{2,}|\*\*|==|`|\[\[|\]\]|\[\^|</?[a-zA-Z][^>]*>|\]\[[^\]]*\]"
    r"|(?<![\w*])\*(?=\w)|(?<=\w)\*(?![\w*])"
)  # a reference link whose definition is elsewhere ("[blocks][admonition]"); an asterisk
# that opened or closed no emphasis ("*Receive training")
_MARKDOWN_LINK = re.compile(r"\[[^\]]+\]\([^)]*\)")


@dataclass(frozen=True, slots=True)
class Segment:
    """A sentence (or list item) and its marked spans, offsets relative to its own text."""

    text: str
    marks: tuple[tuple[int, int], ...]
    linked: bool = False  # holds a link: "FATE: [Microsoft Research](…)" names a resource

    def marked(self, span: tuple[int, int]) -> str:
        return self.text[span[0] : span[1]]


@dataclass(slots=True)
class ListText:
    """A list and what it is about: the term that leads into it, or its section."""

    owner: str  # named in the question: "Pooling Layers", or the section's label
    owner_title: str  # the same without a parent, to tell lists about the same thing
    items: list[Segment]
    ordered: bool = False  # numbered: its items are steps or ranked points
    lead: str = ""  # the sentence that leads into it: "The timeout parameter ensures that:"
    outline: bool = False  # it holds a list in an item, or is held in one


@dataclass(slots=True)
class Section:
    """One topic's usable text."""

    topic: Topic
    title: str  # the heading without a trailing colon
    label: str  # the title, after its parent's title when the note has it twice
    paragraphs: list[list[Segment]] = field(default_factory=list)  # each a list of sentences
    lists: list[ListText] = field(default_factory=list)
    opens_with_paragraph: bool = False  # whether the first paragraph comes before any list

    @property
    def opening(self) -> list[Segment]:
        """The sentences of the paragraph the section opens with (none if it opens otherwise)."""
        return self.paragraphs[0] if self.opens_with_paragraph else []

    def segments(self) -> list[Segment]:
        """Every sentence and list item of the section, in order (paragraphs first)."""
        found = [segment for paragraph in self.paragraphs for segment in paragraph]
        return found + [item for listed in self.lists for item in listed.items]


@dataclass(slots=True)
class NoteText:
    """A note's sections in reading order, and the language it is written in."""

    note: Topic
    language: Language
    sections: list[Section]


def read_note(note: Topic) -> NoteText | None:
    """The note's usable text; None for a note that is a drawing, not text."""
    topics = list(note.walk())
    sample = _sample(topics)
    if _is_drawing(note, topics, sample):
        return None
    titles = Counter(normalise_title(topic.title) for topic in topics)
    parents = {child.id: topic for topic in topics for child in topic.children}
    sections = []
    for topic in topics:
        title = clean_title(topic.title)
        parent = parents.get(topic.id)
        label = title
        if parent is not None and titles[normalise_title(topic.title)] > 1:
            label = f"{clean_title(parent.title)} › {title}"
        sections.append(_section(topic, title, label))
    return NoteText(note, guess_language(sample), sections)


def clean_title(title: str) -> str:
    """A heading as a question names it: "Key Components:" is "Key Components".

    It reads as plain text: no footnote mark ("Why SVR? [^1]"), bold or
    backticks shows.
    """
    text = inline(_FOOTNOTE.sub("", title) if "[^" in title else title).text
    return text.strip().rstrip(":").rstrip()


def _sample(topics: list[Topic]) -> str:
    parts, size = [], 0
    for topic in topics:
        parts.append(topic.body)
        size += len(topic.body)
        if size >= SAMPLE_CHARS:
            break
    return "\n".join(parts)


def _is_drawing(note: Topic, topics: list[Topic], sample: str) -> bool:
    """An Excalidraw drawing saved as Markdown: its text elements are labels, not notes."""
    name = note.source.name.casefold() if note.source else ""
    return (
        name.endswith(".excalidraw.md")
        or "EXCALIDRAW VIEW" in sample
        or any(normalise_title(topic.title) == "excalidraw data" for topic in topics)
    )


def _section(topic: Topic, title: str, label: str) -> Section:
    section = Section(topic, title, label)
    lead_in: Segment | None = None  # the last sentence of the paragraph just before
    tab = topic.library.tab if topic.library is not None else None
    # Only what the lesson can show: a question on the rest could never be read.
    for block in blocks(rendered(start_of(topic.body), tab)):
        if isinstance(block, Paragraph):
            if section.paragraphs and not _MARKUP.search(block.text):
                # past the opening, only marked terms make questions; a sentence that
                # leads into a list is read all the same, for what it says of the list
                lead_in = _leading(block.text)
                continue
            text = _usable(block.text)
            paragraph = _segments(inline(text)) if text else []
            if paragraph:
                section.opens_with_paragraph |= not section.paragraphs and not section.lists
                section.paragraphs.append(paragraph)
            lead_in = paragraph[-1] if paragraph else None
            continue
        items = [
            item
            for raw in block.items
            if not _TASK.match(raw)
            and (text := _usable(raw))
            and (item := _item(text, bool(_MARKDOWN_LINK.search(text))))
        ]
        if len(items) == len(block.items) and items:
            owner = _owner(lead_in) or label
            owner_title = _owner(lead_in) or title
            lead = lead_in.text if lead_in is not None and lead_in.text.endswith(":") else ""
            section.lists.append(
                ListText(owner, owner_title, items, block.ordered, lead, block.outline)
            )
        lead_in = None
    return section


def _usable(raw: str) -> str:
    """The text without embeds, footnote marks and block ids; empty if nothing worth asking."""
    if "$$" in raw or _JSON.match(raw):
        return ""
    text = _EMBED.sub("", _FOOTNOTE.sub("", raw)) if "[" in raw else raw
    text = _BLOCK_ID.sub("", text).strip() if "^" in text else text.strip()
    rest = _LINK.sub("", text) if "[" in text or "http" in text else text
    rest = _TAG.sub("", rest) if "#" in rest else rest
    return text if any(char.isalnum() for char in rest) else ""


def _segments(paragraph: Inline) -> list[Segment]:
    """The paragraph's sentences, except those that show raw markup."""
    return [
        Segment(paragraph.text[start:end], _within(paragraph.marks, start, end))
        for start, end in sentences(paragraph.text, paragraph.marks)
        if not _RAW.search(paragraph.text[start:end])
    ]


def _item(text: str, linked: bool) -> Segment | None:
    """A list item as plain text with marks; None if it shows raw markup."""
    item = inline(text)
    return None if _RAW.search(item.text) else Segment(item.text, item.marks, linked)


def _within(
    marks: tuple[tuple[int, int], ...], start: int, end: int
) -> tuple[tuple[int, int], ...]:
    return tuple((a - start, b - start) for a, b in marks if start <= a and b <= end)


def _leading(raw: str) -> Segment | None:
    """The last sentence of a paragraph, if it leads into what follows (ends in a colon)."""
    if not raw.rstrip().endswith(":") or not (text := _usable(raw)):
        return None
    found = _segments(inline(text))
    return found[-1] if found else None


def _owner(lead_in: Segment | None) -> str | None:
    """The term a list belongs to, from a lead-in such as ``**Pooling Layers**: … :``."""
    if lead_in is None or not lead_in.text.endswith(":") or not lead_in.marks:
        return None
    start, end = lead_in.marks[0]
    if start != 0:
        return None
    term = clean_title(lead_in.marked((start, end)))
    return term or None
