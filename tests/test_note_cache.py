"""The notes cache: unchanged notes are not read again, and a bad cache is never an error."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from itertools import chain
from pathlib import Path

import pytest
from textual.widgets import Static

import tutor
from tests.conftest import WriteFile, offline_config
from tutor.course import NoteCache, cachefile, load_cached, load_course
from tutor.course import cache as cache_module
from tutor.course import loader as loader_module
from tutor.course.extract import note as note_module
from tutor.study.progress import ProgressStore
from tutor.ui import study_screen
from tutor.ui.app import create_app

NOTE = """# {title}

**Gradient descent**: an optimiser that follows the slope of the loss downhill.

**Momentum**: a running average of past gradients that smooths every update.

**Dropout**: switching off random units while training so that none dominates.

## Layers

- input layer
- hidden layer
- output layer
"""


@pytest.fixture
def vault(write: WriteFile, notes: Path) -> Path:
    for number in range(1, 4):
        write(f"part/{number}-note.md", NOTE.format(title=f"Note {number}"))
    return notes


def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the notes the loader reads from disk from now on."""
    read: list[str] = []
    real = loader_module.read_text

    def recording(path: Path, *args: object, **kwargs: object) -> str:
        read.append(path.name)
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(loader_module, "read_text", recording)
    return read


def extractions(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The titles of the notes whose questions are extracted from now on."""
    made: list[str] = []
    real = note_module.extract_note

    def recording(note: tutor.course.Topic) -> dict[str, list[tutor.course.Question]]:
        made.append(note.title)
        return real(note)

    monkeypatch.setattr(note_module, "extract_note", recording)
    return made


def open_and_save(root: Path) -> tuple[tutor.course.Course, NoteCache]:
    course, cache = load_cached(root)
    assert course.questions  # every question made, so that the cache keeps them
    cache.save()
    return course, cache


def test_a_warm_open_reads_and_extracts_nothing_and_gives_the_same_course(
    vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cold, _ = open_and_save(vault)
    read, made = reads(monkeypatch), extractions(monkeypatch)
    warm, cache = load_cached(vault)
    assert cache.hits == 3 and read == []
    assert [t.lesson() for t in warm.walk()] == [t.lesson() for t in cold.walk()]
    assert [t.id for t in warm.walk()] == [t.id for t in cold.walk()]
    assert warm.questions == cold.questions and made == []
    assert {q.source for q in warm.questions} == {q.source for q in cold.questions}


def test_a_changed_note_is_read_again_and_the_others_are_not(
    vault: Path, write: WriteFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_and_save(vault)
    edited = write("part/2-note.md", NOTE.format(title="Note 2") + "\n## Added\n\nNew text.\n")
    read, made = reads(monkeypatch), extractions(monkeypatch)
    course, cache = open_and_save(vault)
    assert read == ["2-note.md"] and made == ["Note 2"] and cache.hits == 2
    assert [t.title for t in course.walk() if t.source == edited][-1] == "Added"

    # the same size, a new modification time: read again too
    text = edited.read_text(encoding="utf-8").replace("New text.", "Old text.")
    edited.write_text(text, encoding="utf-8")
    status = edited.stat()
    os.utime(edited, ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000_000))
    read.clear()
    course, _ = load_cached(vault)
    assert read == ["2-note.md"]
    assert "Old text." in course.topics[0].children[1].lesson()


def test_questions_are_extracted_again_when_a_note_moves_in_the_course(
    vault: Path, write: WriteFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A question's id and topic come from the note's place in the course: a new course
    id changes them, though no note changed."""
    open_and_save(vault)
    write("course.toml", 'id = "renamed"\n')
    made = extractions(monkeypatch)
    course, cache = load_cached(vault)
    assert cache.hits == 3
    assert {q.topic_id.split("/")[0] for q in course.questions} == {"renamed"}
    assert len(made) == 3


def test_questions_are_extracted_again_when_the_course_shows_another_tab(
    vault: Path, write: WriteFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A textbook's tab blocks show one tab, and questions come from what is shown."""
    write(
        "part/4-book.md",
        "# Book\n\n:begin_tab:`mxnet`\nThe **NDArray** is the array type of MXNet.\n"
        ":end_tab:\n\n:begin_tab:`pytorch`\nThe **Tensor** is the array type of PyTorch.\n"
        ":end_tab:\n",
    )
    open_and_save(vault)
    write("course.toml", 'tab = "pytorch"\n')
    made = extractions(monkeypatch)
    course, _ = load_cached(vault)
    asked = [question.text for question in course.questions if hasattr(question, "text")]
    assert "The {{Tensor}} is the array type of PyTorch." in asked
    assert len(made) == 4


def test_warnings_in_a_note_are_kept_with_it(vault: Path, write: WriteFile) -> None:
    write("part/1-note.md", "# Note 1\n\nA bell \x07 here.\n")
    cold, _ = open_and_save(vault)
    warm, cache = load_cached(vault)
    assert cache.hits == 3
    assert [str(p) for p in warm.problems] == [str(p) for p in cold.problems]
    assert any("U+0007" in str(problem) for problem in warm.problems)


def stored(cache: NoteCache) -> dict[str, cachefile.Entry]:
    """The entries in the cache's file, by note."""
    with cache.file.open("rb") as file:
        return dict(cachefile.read_blocks(file, cache_module._header()))


def test_a_save_streams_the_unchanged_notes_back_as_they_were(
    vault: Path, write: WriteFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, cache = open_and_save(vault)
    before = stored(cache)
    write("part/2-note.md", NOTE.format(title="Note 2, edited"))
    _, cache = open_and_save(vault)
    after = stored(cache)
    assert list(after) == ["part/1-note.md", "part/3-note.md", "part/2-note.md"]
    assert {key: after[key] for key in before if key != "part/2-note.md"} == {
        key: entry for key, entry in before.items() if key != "part/2-note.md"
    }
    assert after["part/2-note.md"] != before["part/2-note.md"]
    read, made = reads(monkeypatch), extractions(monkeypatch)
    warm, cache = load_cached(vault)
    assert cache.hits == 3 and read == [] and warm.questions and made == []
    fresh = load_course(vault)
    assert [t.lesson() for t in warm.walk()] == [t.lesson() for t in fresh.walk()]
    assert warm.questions == fresh.questions


def test_a_deleted_note_is_dropped_from_the_file(vault: Path) -> None:
    open_and_save(vault)
    (vault / "part" / "3-note.md").unlink()
    _, cache = open_and_save(vault)
    assert list(stored(cache)) == ["part/1-note.md", "part/2-note.md"]


def test_questions_made_after_a_save_are_kept_by_the_next_save(
    vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    course, cache = load_cached(vault)
    cache.save()  # the outlines only: no question asked yet
    assert all(entry[4] is None for entry in stored(cache).values())
    assert course.questions
    cache.save()
    assert all(entry[4] for entry in stored(cache).values())
    made = extractions(monkeypatch)
    warm, cache = load_cached(vault)
    assert warm.questions == course.questions and made == [] and cache.hits == 3


@pytest.mark.parametrize("look_ahead", [1, 2, 3])
def test_notes_stored_in_another_order_are_found_or_read_again(
    vault: Path, monkeypatch: pytest.MonkeyPatch, look_ahead: int
) -> None:
    """The loader asks in the order the file was written; a file in another order
    gives what it can within reach, and the notes past it are read again."""
    cold, cache = open_and_save(vault)
    reverse = list(reversed(stored(cache).items()))
    cache.file.write_bytes(b"".join(cachefile.write_blocks(cache_module._header(), reverse)))
    monkeypatch.setattr(cachefile, "LOOK_AHEAD", look_ahead)
    read = reads(monkeypatch)
    warm, cache = load_cached(vault)
    assert cache.hits + len(read) == 3 and cache.hits >= min(look_ahead, 2)
    assert [t.lesson() for t in warm.walk()] == [t.lesson() for t in cold.walk()]
    assert warm.questions == cold.questions


def test_a_cache_file_that_fails_to_read_midway_gives_what_it_read(
    vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cold, _ = open_and_save(vault)
    real = cache_module.read_blocks

    def failing(*args: object) -> Iterator[tuple[str, cachefile.Entry]]:
        yield next(real(*args))  # type: ignore[arg-type]
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(cache_module, "read_blocks", failing)
    read = reads(monkeypatch)
    warm, cache = load_cached(vault)
    assert cache.hits == 1 and len(read) == 2
    assert [t.lesson() for t in warm.walk()] == [t.lesson() for t in cold.walk()]


@pytest.mark.parametrize(
    "spoil",
    [
        lambda data: b"garbage",
        lambda data: data[: len(data) // 2],  # cut short by a crash or a full disk
        lambda data: data[:-99] + bytes([data[-99] ^ 1]) + data[-98:],  # a bit flipped on disk
        lambda data: b"",
    ],
    ids=["garbage", "truncated", "corrupt", "empty"],
)
def test_a_spoilt_cache_file_is_ignored_and_rebuilt(
    vault: Path, monkeypatch: pytest.MonkeyPatch, spoil
) -> None:
    _, cache = open_and_save(vault)
    cache.file.write_bytes(spoil(cache.file.read_bytes()))
    read = reads(monkeypatch)
    course, cache = open_and_save(vault)
    assert cache.hits == 0 and len(read) == 3 and course.questions
    assert load_cached(vault)[1].hits == 3


def test_a_cache_from_another_version_of_tutor_is_ignored(
    vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_and_save(vault)
    monkeypatch.setattr(tutor, "__version__", "99.0")
    assert load_cached(vault)[1].hits == 0


def test_a_cache_folder_that_cannot_be_written_is_no_error(
    vault: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setattr(cache_module, "cache_folder", lambda: blocked / "notes")
    course, cache = open_and_save(vault)
    assert course.questions and cache.hits == 0
    assert load_cached(vault)[1].hits == 0


def test_the_cache_folder_stays_under_its_limit_least_recently_opened_first(
    write: WriteFile, notes: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    courses = []
    for name in ("old", "mid", "new"):
        write(f"{name}/a.md", NOTE.format(title=name))
        courses.append(notes / name)
    files = []
    for age, course in enumerate(courses):
        _, cache = open_and_save(course)
        os.utime(cache.file, (1_000_000 + age, 1_000_000 + age))
        files.append(cache.file)
    size = files[0].stat().st_size
    monkeypatch.setattr(cache_module, "MAX_CACHE_BYTES", 2 * size + size // 2)
    write("old/a.md", NOTE.format(title="old, edited"))
    open_and_save(courses[0])  # opened last now, and bigger: the oldest other one goes
    assert [file.exists() for file in files] == [True, False, True]


def test_two_processes_saving_the_same_course_leave_a_whole_file(vault: Path) -> None:
    first, first_cache = load_cached(vault)
    second, second_cache = load_cached(vault)
    assert first.questions and second.questions
    first_cache.save()
    second_cache.save()
    assert load_cached(vault)[1].hits == 3


def test_a_course_opened_without_a_cache_writes_none(vault: Path) -> None:
    assert load_course(vault).questions
    assert not cache_module.cache_folder().exists()


async def test_a_large_course_shows_its_tree_first_and_its_counts_when_made(
    vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(study_screen, "LARGE_COURSE", 3)
    go_on = threading.Event()
    real = note_module.extract_note

    def waiting(note: tutor.course.Topic) -> dict[str, list[tutor.course.Question]]:
        if threading.current_thread() is not threading.main_thread():
            go_on.wait(timeout=10)  # the worker's: the topic shown makes its own at once
        return real(note)

    monkeypatch.setattr(note_module, "extract_note", waiting)
    course, cache = load_cached(vault)
    app = create_app(course, ProgressStore.open(), offline_config(), blink=False, notes_cache=cache)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, study_screen.StudyScreen)
        shown = {topic.id for topic in course.walk() if len(topic.path) <= 2}  # notes closed
        assert set(screen.topic_tree.nodes_by_id) == shown
        assert screen.counting and not screen.sub_title
        assert app.query("#counting") and not cache.file.exists()
        first = screen.topic_tree.nodes_by_id[course.topics[0].id]
        assert str(first.label) == "Part"  # no mark until counted
        intro = app.query_one("#quiz-prompt", Static)
        counting = "The questions of the topics below are being counted"
        assert counting in str(intro.content)  # not "no questions on this topic"
        go_on.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not screen.counting and not app.query("#counting")
        assert screen.sub_title.startswith(f"0/{len(course.questions)} answered")
        assert str(first.label) == "· Part"
        below = len(list(chain.from_iterable(t.questions for t in course.topics[0].walk())))
        assert f"{below} questions in the topics below" in str(intro.content)
    assert load_cached(vault)[1].hits == 3
