"""Build a :class:`Course` from a notes folder or a single note.

Notes become topics (folders -> notes -> heading sections), ids are assigned
from heading slugs, then quiz files are read and their questions attached to
the topics they name: hand-written ones first, then those ``tutor generate``
wrote (beside the notes or in the user data folder, see
:mod:`tutor.course.generated`). Topics that no quiz file asks about get
questions extracted from their text when first asked for them
(:mod:`tutor.course.extract`). Given a cache (:mod:`tutor.course.cache`),
notes unchanged since it was saved are not read or extracted again.
Nothing here raises for a bad file: problems are collected on the course.
Only a path that cannot be a course at all raises :class:`CourseError`.
"""

from __future__ import annotations

import contextlib
import difflib
import gc
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from tutor.course.cache import NoteCache
from tutor.course.controls import name_warnings, question_warnings, text_warnings, title_warnings
from tutor.course.extract import NoteQuestions
from tutor.course.generated import (
    QuizFile,
    beside_note,
    generated_beside,
    is_generated,
    stored_quizzes,
)
from tutor.course.kinds import Question
from tutor.course.library import Library
from tutor.course.model import Course, Topic
from tutor.course.naming import normalise_title, slugify, title_from_name
from tutor.course.notes import NoteOutline, parse_note
from tutor.course.problems import CourseError, Problem, warning
from tutor.course.quiz import ResolveError, TopicResolver, load_quiz
from tutor.course.sources import (
    COURSE_FILE,
    NOTE_SUFFIXES,
    QUIZ_SUFFIX,
    Folder,
    UnreadableFile,
    find_sources,
    is_note,
    read_text,
)
from tutor.tomltext import TomlError, read_toml

_COURSE_ID = re.compile(r"[a-z0-9][a-z0-9._-]*")


def outline_note(path: Path, problems: list[Problem]) -> NoteOutline | None:
    """Read and parse one note, adding to ``problems`` the control characters it holds;
    None, with the problem added, if it cannot be read."""
    try:
        text = read_text(path)
    except UnreadableFile as unreadable:
        problems.append(unreadable.problem)
        return None
    problems.extend(text_warnings(path, text))
    return parse_note(text)


def _outlines(
    notes: list[Path], problems: list[Problem], cache: NoteCache | None
) -> dict[Path, NoteOutline]:
    """Every readable note's outline: from the cache where the note has not changed,
    else read and parsed (and kept in the cache)."""
    outlines: dict[Path, NoteOutline] = {}
    with cache.reading() if cache is not None else contextlib.nullcontext():
        for note in notes:
            cached = cache.outline(note) if cache is not None else None
            if cached is not None:
                outline, found = cached
            else:
                found = []
                outline = outline_note(note, found)
                if outline is not None and cache is not None:
                    cache.keep(note, outline, found)
            problems.extend(found)
            if outline is not None:
                outlines[note] = outline
                if not outline.preamble.strip() and not outline.sections:
                    problems.append(warning(note, None, "empty note: it has no text to study"))
    return outlines


def note_topic(path: Path, outline: NoteOutline) -> Topic:
    """A note's topic with its sections nested under it by heading level.

    A note whose first heading is its only top-level heading *is* that
    section; otherwise the note is titled from its file name and every heading
    nests under it. A ``title:`` in front matter names the note either way.
    """
    sections = outline.sections
    top_level = min((section.level for section in sections), default=0)
    merge = bool(sections) and [s.level for s in sections].count(top_level) == 1
    merge = merge and sections[0].level == top_level
    if merge:
        head, rest = sections[0], sections[1:]
        body = "\n\n".join(part for part in (outline.preamble, head.body) if part.strip())
        note = Topic(id="", title=head.title, path=(), body=body, source=path, line=head.line)
        base_level = head.level
    else:
        rest = sections
        title = title_from_name(path.stem)
        note = Topic(id="", title=title, path=(), body=outline.preamble, source=path, line=1)
        base_level = 0
    if outline.front_matter_title:
        note.title = outline.front_matter_title
    note.tags = outline.front_matter_tags
    made: list[tuple[Topic, list[Topic]]] = [(note, [])]  # each topic and its sub-sections
    stack: list[tuple[int, list[Topic]]] = [(base_level, made[0][1])]
    for section in rest:
        while len(stack) > 1 and stack[-1][0] >= section.level:
            stack.pop()
        topic = Topic(
            id="",
            title=section.title,
            path=(),
            body=section.body,
            source=path,
            line=section.line,
            level=section.level,
        )
        stack[-1][1].append(topic)
        made.append((topic, []))
        stack.append((section.level, made[-1][1]))
    for topic, below in made:
        if below:
            topic.children = tuple(below)
    return note


def assign_ids(parent_id: str, parent_path: tuple[str, ...], topics: list[Topic]) -> None:
    """Give each topic its id and path; repeated sibling slugs get -2, -3, ... in order."""
    seen: dict[str, int] = {}
    for topic in topics:
        slug = slugify(topic.title)
        count = seen[slug] = seen.get(slug, 0) + 1
        if count > 1:
            slug = f"{slug}-{count}"
        topic.id = f"{parent_id}/{slug}"
        topic.path = (*parent_path, topic.title)
        if topic.children:  # most topics have none: a 13,000-note vault has 80,000
            assign_ids(topic.id, topic.path, topic.children)


def _folder_topics(folder: Folder, notes: dict[Path, Topic]) -> list[Topic]:
    topics = []
    for item in folder.items:
        if isinstance(item, Folder):
            children = _folder_topics(item, notes)
            if children:
                topics.append(
                    Topic(
                        id="",
                        title=title_from_name(item.path.name),
                        path=(),
                        children=tuple(children),
                    )
                )
        elif item in notes:
            topics.append(notes[item])
    return topics


def _attach(notes: Iterable[Topic], library: Library, cache: NoteCache | None) -> None:
    """Give every topic of each note the course's library and the note's extractor (ids
    must be assigned: the cache keeps a note's questions only while its place in the
    course is the same)."""
    for note in notes:
        note.library = library  # the cache keys a note's questions by what its library shows
        extract = cache.questions(note) if cache is not None else NoteQuestions(note)
        for topic in note.walk():
            topic.library = library
            topic.extract = extract


def _course_file(
    folder: Path, problems: list[Problem]
) -> tuple[str | None, str | None, str | None]:
    """The ``id``, ``title`` and textbook ``tab`` from an optional ``course.toml``."""
    path = folder / COURSE_FILE
    if not path.is_file():
        return None, None, None
    try:
        data = read_toml(read_text(path, limit=64 * 1024))
    except UnreadableFile as unreadable:
        problems.append(unreadable.problem)
        return None, None, None
    except TomlError as error:
        problems.append(Problem(path, error.line, error.message))
        return None, None, None
    course_id, title, tab = data.get("id"), data.get("title"), data.get("tab")
    for key in data.keys() - {"id", "title", "tab"}:
        problems.append(
            warning(path, None, f"unknown key `{key}` (course.toml takes id, title and tab)")
        )
    if course_id is not None and not (
        isinstance(course_id, str) and _COURSE_ID.fullmatch(course_id)
    ):
        problems.append(
            Problem(
                path,
                None,
                "`id` must be lowercase letters, digits, '.', '_' or '-'; using the folder name",
            )
        )
        course_id = None
    if title is not None and not (isinstance(title, str) and title.strip()):
        problems.append(Problem(path, None, "`title` must be a non-empty string"))
        title = None
    if title is not None:
        problems.extend(title_warnings(path, title))
    if tab is not None and not (isinstance(tab, str) and tab.strip()):
        problems.append(
            Problem(path, None, '`tab` must name a tab of the book, e.g. tab = "pytorch"')
        )
        tab = None
    return course_id, title, tab


class TopicIndex:
    """Finds the topic a quiz question names, looking nearest to the quiz file first.

    A question names its topic by heading titles (``"Part > Examples"``), or, where
    sibling headings share a title, by the end of the topic's id, whose slugs tell
    them apart (``"part/examples-2"``): titles are tried first, ids when no title
    matches.
    """

    def __init__(self, course: Course) -> None:
        self.by_title: dict[str, list[Topic]] = {}
        self.by_slug: dict[str, list[Topic]] = {}
        self.notes: dict[Path, Topic] = {}
        for topic in course.walk():
            self.by_title.setdefault(normalise_title(topic.title), []).append(topic)
            self.by_slug.setdefault(_id_parts(topic.id)[-1], []).append(topic)
            if topic.source is not None and topic.source not in self.notes:
                self.notes[topic.source] = topic

    def sibling_note(self, note_stem: Path) -> Topic | None:
        """The top topic of the note ``note_stem`` plus a note suffix, if the course has one."""
        for suffix in NOTE_SUFFIXES:
            note = self.notes.get(note_stem.with_name(note_stem.name + suffix))
            if note is not None:
                return note
        return None

    def spec(self, topic: Topic, quiz: QuizFile) -> str | None:
        """How a question in ``quiz`` names ``topic``: its heading path from its note's
        title down, or, where sibling headings share that path, the end of its id."""
        note = self.notes.get(topic.source) if topic.source is not None else None
        if note is None:
            return None
        path = " > ".join(topic.path[len(note.path) - 1 :])
        near, sibling = quiz.note_stem.parent, self.sibling_note(quiz.note_stem)
        if [found.id for found in self._matches(path, near, sibling)] == [topic.id]:
            return path
        return self._name(topic, near, sibling)

    def resolver(self, quiz: QuizFile) -> TopicResolver:
        """Resolves the ``topic`` of a question in ``quiz`` (None: the file's own note)."""
        sibling = self.sibling_note(quiz.note_stem)

        def resolve(spec: str | None) -> str | ResolveError:
            if spec is None:
                if sibling is not None:
                    return sibling.id
                return ResolveError(
                    'no `topic`: name the heading this question tests, e.g. topic = "Overview"'
                )
            return self.find(spec, quiz.note_stem.parent, sibling)

        return resolve

    def find(self, spec: str, near: Path, sibling: Topic | None) -> str | ResolveError:
        wanted = [normalise_title(part) for part in spec.split(">")]
        if not all(wanted):
            return ResolveError(f"`topic` {spec!r} has an empty part")
        found = self._matches(spec, near, sibling)
        if len(found) == 1:
            return found[0].id
        if found:
            paths = [" > ".join(topic.path) for topic in found[:4]]
            names = [self._name(topic, near, sibling) for topic in found[:4]]
            ids = " or ".join(f'"{name}"' for name in names if name is not None)
            if ids and len(set(paths)) < len(paths):  # sibling headings with one title
                return ResolveError(
                    f"topic {spec!r} matches {len(found)} headings with the same path"
                    f" ({paths[0]!r}): name one by the end of its id, {ids}"
                )
            return ResolveError(
                f"topic {spec!r} matches {len(found)} headings"
                f" ({', '.join(map(repr, paths))}): write more of its path,"
                ' e.g. "Parent > Child"'
            )
        close = difflib.get_close_matches(
            normalise_title(spec.split(">")[-1]), list(self.by_title), n=1
        )
        hint = f"; did you mean {self.by_title[close[0]][0].title!r}?" if close else ""
        return ResolveError(f"no heading titled {spec!r} in the notes{hint}")

    def _name(self, topic: Topic, near: Path, sibling: Topic | None) -> str | None:
        """The shortest end of ``topic``'s id that names it alone from a quiz file in
        ``near`` (beside ``sibling``), if one does."""
        parts = topic.id.split("/")
        for length in range(1, len(parts) + 1):
            tail = "/".join(parts[-length:])
            if [found.id for found in self._matches(tail, near, sibling)] == [topic.id]:
                return tail
        return None

    def _matches(self, spec: str, near: Path, sibling: Topic | None) -> list[Topic]:
        """The topics ``spec`` names, by title path, else by the end of an id, in the
        nearest scope that has any: the sibling note, the quiz file's folder, the course."""
        wanted = [normalise_title(part) for part in spec.split(">")]
        candidates = [
            topic
            for topic in self.by_title.get(wanted[-1], [])
            if [normalise_title(title) for title in topic.path[-len(wanted) :]] == wanted
        ]
        if not candidates:
            tail = _id_parts(spec)
            candidates = [
                topic
                for topic in self.by_slug.get(tail[-1], [])
                if _id_parts(topic.id)[-len(tail) :] == tail
            ]
        scopes = [
            [t for t in candidates if sibling is not None and t.source == sibling.source],
            [t for t in candidates if t.source is not None and t.source.is_relative_to(near)],
        ]
        return next((scope for scope in scopes if scope), candidates)


def _id_parts(topic_id: str) -> list[str]:
    """A topic id's slugs, as ids compare: without regard to case or spacing."""
    return [part.strip().casefold() for part in topic_id.split("/")]


def _attach_questions(course: Course, quizzes: list[QuizFile]) -> None:
    if not quizzes:
        return
    index = TopicIndex(course)
    first_seen: dict[str, Question] = {}
    for quiz in quizzes:
        questions, problems = load_quiz(quiz.path, index.resolver(quiz))
        course.problems.extend(problems)
        for question in questions:
            course.problems.extend(question_warnings(quiz.path, question))
            earlier = first_seen.get(question.id)
            if earlier is not None:
                course.problems.append(
                    Problem(
                        quiz.path,
                        question.line,
                        f"duplicate question id {question.id!r}"
                        f" (also at {earlier.source}:{earlier.line});"
                        " give each question its own id",
                    )
                )
                continue
            first_seen[question.id] = question
    # the resolver only returns ids of topics the course has
    course.add_questions(first_seen.values())


def _quiz_files(
    quizzes: list[Path], notes: list[Path], folder: Path, course_id: str, problems: list[Problem]
) -> list[QuizFile]:
    """The course's quiz files in the order they are read: hand-written before generated.

    Generated files kept in the user data folder for a note the course no
    longer has are left out with a warning.
    """
    beside = [beside_note(quiz) for quiz in quizzes]
    kept = stored_quizzes(folder, course_id)
    stems = {note.with_suffix("") for note in notes} if kept else set()
    stored = []
    for quiz in kept:
        if quiz.note_stem in stems:
            stored.append(quiz)
        else:
            problems.append(
                warning(
                    quiz.path,
                    None,
                    f"generated questions for {quiz.note_stem}.md, which the course no longer"
                    " has; delete this file",
                )
            )
    return sorted(beside, key=lambda quiz: is_generated(quiz.path)) + stored


def load_course(path: Path, cache: NoteCache | None = None) -> Course:
    """Open a notes folder or a single ``.md`` note as a course.

    With a ``cache`` (:meth:`NoteCache.for_course`), notes that have not
    changed since it was saved are not read again; saving it is the caller's
    choice, once the questions it wants kept have been extracted.
    """
    with _collector_paused():
        return _load(path, cache)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector paused: a course's objects are made at once and kept
    (a million of them for 13,000 notes), so a collection in between finds nothing
    and only walks them again, which took a third of a warm open's load."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _load(path: Path, cache: NoteCache | None) -> Course:
    path = Path(os.path.expanduser(path))
    if not path.exists():
        raise CourseError(f"{path}: no such file or folder")
    problems: list[Problem] = []
    if path.is_dir():
        sources = find_sources(path)
        problems.extend(sources.problems)
        notes, quizzes, folder = sources.root.notes(), sources.quizzes, sources.root
        course_id, title, tab = _course_file(path, problems)
        name = path.resolve().name
    elif is_note(path):
        notes, folder = [path], Folder(path.parent, [path])
        candidates = (path.with_name(path.stem + QUIZ_SUFFIX), generated_beside(path))
        quizzes = [quiz for quiz in candidates if quiz.is_file()]
        course_id, title, tab, name = None, None, None, path.stem
    else:
        raise CourseError(
            f"{path}: not a Markdown note; give a folder of .md notes or one .md file"
        )
    if not notes:
        raise CourseError(f"{path}: no Markdown notes (.md files) in this folder")

    problems.extend(name_warnings(folder.path, [*notes, *quizzes]))
    outlines = _outlines(notes, problems, cache)
    note_topics = {note: note_topic(note, outline) for note, outline in outlines.items()}
    topics = _folder_topics(folder, note_topics)
    if not topics:
        raise CourseError(f"{path}: no readable notes ({problems[0] if problems else 'all empty'})")
    if title is None:
        title = topics[0].title if path.is_file() else title_from_name(name)
    course_id = course_id or slugify(name)
    assign_ids(course_id, (), topics)
    library = Library(list(note_topics.values()), folder.path, tab)
    _attach(note_topics.values(), library, cache)
    quiz_files = _quiz_files(quizzes, notes, folder.path, course_id, problems)
    course = Course(id=course_id, title=title, root=path, topics=topics, problems=problems)
    _attach_questions(course, quiz_files)
    return course


def load_cached(path: Path) -> tuple[Course, NoteCache]:
    """Open a course with the user's cache of its notes; the caller saves the cache
    (:meth:`NoteCache.save`) once it has what it wants kept, its questions counted."""
    cache = NoteCache.for_course(path)
    return load_course(path, cache), cache
