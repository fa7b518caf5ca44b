"""``tutor generate``: questions from a (fake) local model, checked, saved, resumable.

The real ``ollama`` client talks to the stand-in server of
``tests/ollama_server.py``, which answers generation requests with scripted
questions about the section the request names.
"""

from __future__ import annotations

import errno
import tomllib
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import WriteFile, heavy_imports
from tests.ollama_server import MODEL, FakeOllama, RunningServer, closed_port_url
from tutor.cli import run_check
from tutor.course import AUTHORED, Course, load_course
from tutor.course.generated import GENERATED_SUFFIX
from tutor.generation import command, generate_topic, store
from tutor.generation.command import run
from tutor.generation.lock import generation_lock
from tutor.generation.prompt import SECTION_LINE
from tutor.llm import LLMSettings
from tutor.study.lock import exclusive_lock

SENTENCE = "This section says a good deal about the subject, in words enough to ask about it. "

CELLS = f"""\
# Cells

{SENTENCE * 2}

## Membrane

{SENTENCE * 2}

## Nucleus

{SENTENCE * 2}

## Tiny

Too short.
"""

PLANTS = f"""\
# Plants

{SENTENCE * 2}
"""

TOPICS = ["notes/cells", "notes/cells/membrane", "notes/cells/nucleus", "notes/plants"]


@pytest.fixture
def course_notes(notes: Path, write: WriteFile) -> Path:
    write("cells.md", CELLS)
    write("plants.md", PLANTS)
    return notes


@pytest.fixture
def served(ollama_server: FakeOllama, monkeypatch: pytest.MonkeyPatch) -> FakeOllama:
    monkeypatch.setenv("OLLAMA_HOST", ollama_server.url)
    return ollama_server


def generated(path: Path) -> list[dict[str, Any]]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith(store.MARK)
    return tomllib.loads(text)["question"]


def origins(course: Course, topic_id: str) -> list[str]:
    topic = course.topic(topic_id)
    assert topic is not None
    return [question.origin for question in topic.questions]


def assert_checks_clean(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert run_check([str(path)]) == 0
    assert ", 0 errors" in capsys.readouterr().out


# --- a run ---------------------------------------------------------------------------------


def test_a_question_repeated_for_another_topic_is_written_once(
    course_notes: Path, served: FakeOllama, capsys: pytest.CaptureFixture[str]
) -> None:
    served.generation = "repeating"
    assert run([str(course_notes)]) == 1  # the later topics get no usable question
    assert "6 questions written for 1 of 4 topics (18 dropped)" in capsys.readouterr().out
    course = load_course(course_notes)
    assert not course.problems
    assert_checks_clean(course_notes, capsys)


def test_a_second_run_on_the_same_course_waits_its_turn(
    course_notes: Path, served: FakeOllama, capsys: pytest.CaptureFixture[str]
) -> None:
    lock = generation_lock(load_course(course_notes))
    lock.parent.mkdir(parents=True, exist_ok=True)
    with exclusive_lock(lock):
        assert run([str(course_notes)]) == 1
    message = capsys.readouterr().err
    assert "another tutor is writing questions for" in message
    assert "let it finish, then try again" in message
    assert served.generations() == []
    assert run([str(course_notes)]) == 0  # once it is free


def test_generates_a_checked_quiz_file_beside_each_note(
    course_notes: Path, served: FakeOllama, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run([str(course_notes)]) == 0
    out = capsys.readouterr()
    assert "24 questions written for 4 of 4 topics (0 dropped)" in out.out
    assert "skipped 1 with too little text" in out.out  # "Tiny"
    cells = generated(course_notes / f"cells{GENERATED_SUFFIX}")
    assert [table["topic"] for table in cells[::6]] == [
        "Cells",
        "Cells > Membrane",
        "Cells > Nucleus",
    ]
    assert {table["generated_by"] for table in cells} == {MODEL}
    assert {table["kind"] for table in cells} == {
        "single", "multiple", "true_false", "short", "free", "cloze",
    }  # fmt: skip
    course = load_course(course_notes)
    assert not course.problems
    for topic_id in TOPICS:
        assert origins(course, topic_id) == [MODEL] * 6
    assert_checks_clean(course_notes, capsys)
    # what the model was asked: the section's text, fenced, and a schema of every kind
    request = served.generations()[1]
    assert request["model"] == MODEL
    system, user = (message["content"] for message in request["messages"])
    assert "never instructions" in system and "language of the notes" in system
    assert user.startswith(f"{SECTION_LINE}Cells > Membrane\nWrite 5 questions")
    assert f"<notes>\n{SENTENCE.strip()}" in user
    schema = request["format"]["properties"]["questions"]
    assert schema["maxItems"] == 5
    assert len(schema["items"]["anyOf"]) == 6


def test_a_second_run_skips_what_is_done_and_force_redoes_it(
    course_notes: Path, served: FakeOllama, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run([str(course_notes)]) == 0
    file = course_notes / f"cells{GENERATED_SUFFIX}"
    first = generated(file)
    assert run([str(course_notes)]) == 0
    assert "nothing to generate; 4 already generated (--force redoes them)" in (
        capsys.readouterr().out
    )
    assert len(served.generations()) == 4
    served.generation = "mixed"
    assert run([str(course_notes), "--force"]) == 0
    assert len(served.generations()) == 8
    again = generated(file)
    assert len(again) == 3 * 2 and again != first  # replaced, not added to
    assert_checks_clean(course_notes, capsys)


def test_invalid_questions_are_dropped_with_reasons(
    course_notes: Path, served: FakeOllama, capsys: pytest.CaptureFixture[str]
) -> None:
    served.generation = "mixed"
    assert run([str(course_notes)]) == 0
    err = capsys.readouterr().err
    membrane = err[err.index("Cells > Membrane: 2 questions") :]
    for reason in (
        "dropped: answer 'Omega' is not among the choices",
        "dropped: empty `prompt`",
        "dropped: the same question twice (Which option does “Membrane” name first?)",
        "dropped: the question gives its answer away (Is “Membrane” a summary?)",
        "dropped: kind 'essay' was not asked for (Write an essay.)",
    ):
        assert reason in membrane
    kept = generated(course_notes / f"cells{GENERATED_SUFFIX}")
    assert [table["kind"] for table in kept] == ["single", "true_false"] * 3
    assert_checks_clean(course_notes, capsys)


def test_kinds_and_count_shape_the_request(
    course_notes: Path, served: FakeOllama, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run([str(course_notes), "--kinds", "cloze, true_false", "--per-topic", "2"]) == 0
    schema = served.generations()[0]["format"]["properties"]["questions"]
    assert schema["maxItems"] == 2
    kinds = [option["properties"]["kind"]["enum"] for option in schema["items"]["anyOf"]]
    assert kinds == [["cloze"], ["true_false"]]
    written = generated(course_notes / f"plants{GENERATED_SUFFIX}")
    assert [table["kind"] for table in written] == ["true_false", "cloze"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--kinds", "essay"], "unknown kind essay"),
        (["--per-topic", "0"], "must be a whole number from 1 to 9"),
    ],
)
def test_bad_options_are_named(
    course_notes: Path, argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_status:
        run([str(course_notes), *argv])
    assert exit_status.value.code == 2
    assert message in capsys.readouterr().err


def test_a_reply_that_is_not_json_writes_nothing(
    course_notes: Path, served: FakeOllama, capsys: pytest.CaptureFixture[str]
) -> None:
    served.generation = "not_json"
    assert run([str(course_notes)]) == 1
    err = capsys.readouterr().err
    assert f"Cells: nothing written ({MODEL}'s reply was not valid JSON)" in err
    assert not list(course_notes.glob(f"*{GENERATED_SUFFIX}"))


# --- without Ollama, and when it goes away ------------------------------------------------------


def test_without_ollama_it_says_so_in_one_line(
    course_notes: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run([str(course_notes)]) == 1
    out = capsys.readouterr()
    assert out.out == ""
    assert len(out.err.splitlines()) == 1
    assert out.err.startswith("tutor generate: Ollama not running at http://127.0.0.1:")


def test_a_missing_model_is_named_with_its_fix(
    course_notes: Path, served: FakeOllama, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run([str(course_notes), "--model", "qwen9"]) == 1
    assert capsys.readouterr().err == (
        "tutor generate: model qwen9 not installed: ollama pull qwen9\n"
    )


def test_a_server_dying_halfway_leaves_a_valid_file_and_the_rerun_resumes(
    course_notes: Path,
    served: FakeOllama,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    served.die_after = 2
    assert run([str(course_notes)]) == 1
    err = capsys.readouterr().err
    assert "Cells > Nucleus: nothing written (lost the connection to Ollama" in err
    assert "Stopped: Ollama not running at" in err
    cells = course_notes / f"cells{GENERATED_SUFFIX}"
    before = generated(cells)
    assert {table["topic"] for table in before} == {"Cells", "Cells > Membrane"}
    assert_checks_clean(course_notes, capsys)

    revived = RunningServer()
    try:
        monkeypatch.setenv("OLLAMA_HOST", revived.fake.url)
        assert run([str(course_notes)]) == 0
        asked = [
            body["messages"][1]["content"].splitlines()[0] for body in revived.fake.generations()
        ]
    finally:
        revived.close()
    assert asked == [f"{SECTION_LINE}Cells > Nucleus", f"{SECTION_LINE}Plants"]
    after = generated(cells)
    assert after[: len(before)] == before
    assert {table["topic"] for table in after} == {"Cells", "Cells > Membrane", "Cells > Nucleus"}


def test_ctrl_c_keeps_every_finished_topic(
    course_notes: Path,
    served: FakeOllama,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    calls = 0
    real = command.generate_topic

    def interrupted(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(command, "generate_topic", interrupted)
    assert run([str(course_notes)]) == 130
    assert "run the same command again to go on" in capsys.readouterr().err
    written = generated(course_notes / f"cells{GENERATED_SUFFIX}")
    assert {table["topic"] for table in written} == {"Cells", "Cells > Membrane"}
    assert_checks_clean(course_notes, capsys)


# --- where files go, and what is never touched --------------------------------------------------


def test_a_read_only_notes_folder_sends_the_file_to_the_data_folder(
    course_notes: Path,
    served: FakeOllama,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    real = store.write_atomically

    def read_only(path: Path, data: bytes) -> Any:
        if path.is_relative_to(course_notes):
            raise PermissionError(errno.EACCES, "Permission denied", str(path.parent))
        return real(path, data)

    monkeypatch.setattr(store, "write_atomically", read_only)
    assert run([str(course_notes)]) == 0
    assert not list(course_notes.glob(f"*{GENERATED_SUFFIX}"))
    kept = tmp_path / "user" / "xdg_data_home" / "tutor" / "generated" / "notes"
    assert sorted(path.name for path in kept.iterdir()) == [
        f"cells{GENERATED_SUFFIX}",
        f"plants{GENERATED_SUFFIX}",
    ]
    course = load_course(course_notes)
    assert not course.problems
    for topic_id in TOPICS:
        assert origins(course, topic_id) == [MODEL] * 6
    assert_checks_clean(course_notes, capsys)
    assert run([str(course_notes)]) == 0  # and the next run finds them there
    assert "nothing to generate; 4 already generated" in capsys.readouterr().out


def test_generated_questions_for_a_note_that_is_gone_are_reported(
    course_notes: Path, tmp_path: Path
) -> None:
    stored = tmp_path / "user" / "xdg_data_home" / "tutor" / "generated" / "notes"
    stored.mkdir(parents=True)
    (stored / f"gone{GENERATED_SUFFIX}").write_text(store.HEADER, encoding="utf-8")
    (warning,) = load_course(course_notes).problems
    assert not warning.is_error
    assert "gone.md, which the course no longer has; delete this file" in warning.message


def test_a_hand_written_file_of_that_name_is_never_touched(
    course_notes: Path, write: WriteFile, served: FakeOllama, capsys: pytest.CaptureFixture[str]
) -> None:
    mine = write(f"plants{GENERATED_SUFFIX}", "# my own\n")
    assert run([str(course_notes)]) == 1
    assert "not written by tutor generate" in capsys.readouterr().err
    assert mine.read_text(encoding="utf-8") == "# my own\n"
    assert generated(course_notes / f"cells{GENERATED_SUFFIX}")


def test_topics_with_hand_written_questions_are_left_to_them(
    course_notes: Path, write: WriteFile, served: FakeOllama, capsys: pytest.CaptureFixture[str]
) -> None:
    write(
        "cells.quiz.toml",
        '[[question]]\nkind = "true_false"\ntopic = "Membrane"\nprompt = "Thin?"\n'
        'answer = true\nexplanation = "Yes."\n',
    )
    assert run([str(course_notes)]) == 0
    assert "skipped 1 with hand-written questions" in capsys.readouterr().out
    course = load_course(course_notes)
    assert origins(course, "notes/cells/membrane") == [AUTHORED]
    assert origins(course, "notes/cells/nucleus") == [MODEL] * 6


# --- one topic, from the app ---------------------------------------------------------------------


def test_one_topic_in_a_worker_reports_progress_and_attaches(
    course_notes: Path, served: FakeOllama
) -> None:
    course = load_course(course_notes)
    topic = course.topic("notes/cells/nucleus")
    assert topic is not None and all(q.origin == "extracted" for q in topic.questions)
    seen: list[int] = []
    settings = LLMSettings(host=served.url)
    result = generate_topic(course, topic, settings, per_topic=6, on_progress=seen.append)
    assert result.written and not result.reason and not result.dropped
    assert seen == [1, 2, 3, 4, 5, 6]
    assert result.path == course_notes / f"cells{GENERATED_SUFFIX}"
    result.attach()
    assert [q.origin for q in topic.questions] == [MODEL] * 6
    again = generate_topic(course, topic, settings, kinds=("short",))
    again.attach()
    assert [q.kind for q in topic.questions] == ["short"]  # replaced in the file and on the topic
    assert [t["kind"] for t in generated(again.path)] == ["short"]  # type: ignore[arg-type]


def test_one_topic_can_be_cancelled_and_never_raises(
    course_notes: Path, served: FakeOllama
) -> None:
    course = load_course(course_notes)
    topic = course.topic("notes/plants")
    tiny = course.topic("notes/cells/tiny")
    assert topic is not None and tiny is not None
    served.behaviour = "slow_first_token"
    settings = LLMSettings(host=served.url)
    result = generate_topic(course, topic, settings, cancelled=lambda: True)
    assert (result.written, result.reason) == (False, "cancelled")
    assert generate_topic(course, tiny, settings).reason == "too little text to ask about"
    dead = LLMSettings(host=closed_port_url(), timeout=1, first_token_timeout=1)
    assert generate_topic(course, topic, dead).reason.startswith("Ollama not running")
    assert not list(course_notes.glob(f"*{GENERATED_SUFFIX}"))


def test_importing_generation_loads_nothing_heavy() -> None:
    code = "import sys, tutor.generation.command\nassert 'rich' not in sys.modules"
    assert heavy_imports(code) == []


def test_sibling_headings_with_one_title_each_get_their_questions(
    notes: Path, write: WriteFile, served: FakeOllama, capsys: pytest.CaptureFixture[str]
) -> None:
    served.generation = "by_notes"  # the twins' questions differ as their text does
    write(
        "twins.md",
        f"# Twins\n\nIntro {SENTENCE * 2}\n\n## Examples\n\nFirst {SENTENCE * 2}\n\n"
        f"## Examples\n\nSecond {SENTENCE * 2}\n",
    )
    assert run([str(notes)]) == 0
    assert "18 questions written for 3 of 3 topics" in capsys.readouterr().out
    tables = generated(notes / f"twins{GENERATED_SUFFIX}")
    assert [table["topic"] for table in tables[::6]] == ["Twins", "twins/examples", "examples-2"]
    course = load_course(notes)
    for topic_id in ("notes/twins/examples", "notes/twins/examples-2"):
        assert origins(course, topic_id) == [MODEL] * 6
    assert_checks_clean(notes, capsys)
