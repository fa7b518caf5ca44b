"""Quiz files: every kind of question reads into data, every mistake is reported at its line."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import tomli_w

from tests.conftest import WriteFile
from tutor.course import (
    Cloze,
    Course,
    FreeText,
    MultipleChoice,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
    load_course,
)
from tutor.course.quiz import derived_id

NOTE = """\
# Networks

## Layers

Text.

## Training

### Applications

## Vision

### Applications
"""


def course_with(write: WriteFile, notes: Path, quiz: str, name: str = "net.quiz.toml") -> Course:
    write("net.md", NOTE)
    write(name, textwrap.dedent(quiz))
    return load_course(notes)


def messages(course: Course) -> list[str]:
    return [str(problem) for problem in course.problems]


def test_every_kind_is_read(notes: Path, write: WriteFile) -> None:
    course = course_with(
        write,
        notes,
        """
        [[question]]
        id = "one"
        kind = "single"
        topic = "Layers"
        prompt = "Pick one"
        choices = ["a", "b"]
        answer = "b"
        explanation = "b it is"
        hint = "not a"

        [[question]]
        kind = "multiple"
        topic = "Layers"
        prompt = "Pick all"
        choices = ["a", "b", "c"]
        answers = ["a", "c"]
        explanation = "x"

        [[question]]
        kind = "true_false"
        prompt = "True?"
        answer = true
        explanation = "x"

        [[question]]
        kind = "short"
        topic = "Networks > Training"
        prompt = "Number?"
        answers = [0.5, "one half"]
        tolerance = 0.01
        explanation = "x"

        [[question]]
        kind = "free"
        topic = "Training"
        prompt = "Explain"
        reference = "Because."
        key_points = ["cause", "effect"]
        explanation = "x"

        [[question]]
        kind = "cloze"
        topic = "Vision > Applications"
        text = "A {{cat|kitten}} sat on the {{mat}}."
        explanation = "x"
        """,
    )
    assert messages(course) == []
    by_kind = {type(q): q for q in course.questions}
    single = by_kind[SingleChoice]
    assert (single.id, single.choices, single.answer, single.hint) == (
        "one",
        ("a", "b"),
        "b",
        "not a",
    )
    assert by_kind[MultipleChoice].answers == frozenset({"a", "c"})
    true_false = by_kind[TrueFalse]
    assert true_false.answer is True
    assert true_false.topic_id == "notes/networks"  # defaults to the note beside the quiz
    short = by_kind[ShortAnswer]
    assert short.answers == (0.5, "one half") and short.tolerance == 0.01
    assert short.topic_id == "notes/networks/training"
    assert by_kind[FreeText].key_points == ("cause", "effect")
    cloze = by_kind[Cloze]
    assert cloze.blanks == (("cat", "kitten"), ("mat",))
    assert cloze.masked() == "A _____(1) sat on the _____(2)."
    assert cloze.prompt == "Fill in the blanks."
    assert cloze.topic_id == "notes/networks/vision/applications"
    assert course.topic("notes/networks/layers").questions == [single, by_kind[MultipleChoice]]


def test_derived_ids_are_stable(notes: Path, write: WriteFile) -> None:
    quiz = """
        [[question]]
        kind = "true_false"
        prompt = "Is   this true?"
        answer = true
        explanation = "x"
        """
    first = course_with(write, notes, quiz).questions[0].id
    assert first == derived_id("is this TRUE?") and first.startswith("q-")
    assert course_with(write, notes, "\n# a comment\n" + quiz).questions[0].id == first


def test_quiz_written_by_tomli_w_reads_back(notes: Path, write: WriteFile) -> None:
    data = {
        "question": [
            {
                "id": "gen-1",
                "kind": "single",
                "topic": "Layers",
                "prompt": 'Quotes "inside" and\nnewlines',
                "choices": ["x", "y"],
                "answer": "x",
                "explanation": "because",
            }
        ]
    }
    course = course_with(write, notes, tomli_w.dumps(data))
    assert messages(course) == []
    assert course.questions[0].prompt == 'Quotes "inside" and\nnewlines'


@pytest.mark.parametrize(
    ("question", "line", "message"),
    [
        ('kind = "essay"\nprompt = "x"', 3, "unknown kind 'essay': use one of single, multiple"),
        ('prompt = "x"', 2, "missing `kind`"),
        ('kind = "single"\nprompt = "  "\nchoices = ["a", "b"]\nanswer = "a"', 4, "empty `prompt`"),
        ('kind = "single"\nchoices = ["a", "b"]\nanswer = "a"', 2, "missing `prompt`"),
        ('kind = "single"\nprompt = "p"\nchoices = ["a", "b"]', 2, "missing `answer`"),
        (
            'kind = "single"\nprompt = "p"\nchoices = ["Alpha", "Beta"]\nanswer = "alpha"',
            6,
            "answer 'alpha' is not among the choices; did you mean 'Alpha'?",
        ),
        (
            'kind = "single"\nprompt = "p"\nchoices = ["a", "A"]\nanswer = "a"',
            5,
            "duplicate choice 'A'",
        ),
        ('kind = "single"\nprompt = "p"\nchoices = ["a"]\nanswer = "a"', 5, "at least 2"),
        (
            'kind = "multiple"\nprompt = "p"\nchoices = ["a", "b"]\nanswers = ["a", "z"]',
            6,
            "answer 'z' is not among the choices",
        ),
        (
            'kind = "multiple"\nprompt = "p"\nchoices = ["a", "b"]\nanswer = "a"',
            6,
            "missing `answers` (found `answer`; multiple questions use `answers`)",
        ),
        ('kind = "true_false"\nprompt = "p"\nanswer = "yes"', 5, "`answer` must be true or false"),
        ('kind = "short"\nprompt = "p"\nanswers = []', 5, "`answers` must be a non-empty list"),
        (
            'kind = "short"\nprompt = "p"\nanswers = [1]\ntolerance = -1',
            6,
            "`tolerance` must be a finite number >= 0",
        ),
        ('kind = "short"\nprompt = "p"\nanswers = [nan]', 5, "a finite number"),
        ('kind = "short"\nprompt = "p"\nanswers = [1, inf]', 5, "a finite number"),
        pytest.param(
            'kind = "short"\nprompt = "p"\nanswers = [' + "9" * 5000 + "]",
            5,
            "a number too long to read",
            id="5000 digits",
        ),
        ('kind = "short"\nprompt = "p"\nanswers = [1]\ntolerance = nan', 6, "finite number"),
        ('kind = "cloze"\ntext = "' + "{{x}} " * 13 + '"', 4, "13 blanks; at most 12"),
        ('kind = "free"\nprompt = "p"', 2, "missing `reference`"),
        (
            'kind = "free"\nprompt = "p"\nreference = "r"\nkey_points = ["a", ""]',
            6,
            "`key_points` has an empty entry",
        ),
        ('kind = "cloze"\ntext = "no blank here"', 4, "cloze `text` has no blank"),
        ('kind = "cloze"\ntext = "an {{}} blank"', 4, "empty blank"),
        ('kind = "cloze"\ntext = "an {{open blank"', 4, "unclosed"),
        (
            'kind = "true_false"\nprompt = "p"\nanswer = true\ntopic = "Nowhere"',
            6,
            "no heading titled 'Nowhere'",
        ),
        (
            'kind = "true_false"\nprompt = "p"\nanswer = true\ntopic = "Applications"',
            6,
            "topic 'Applications' matches 2 headings",
        ),
        (
            'kind = "true_false"\nprompt = "p"\nanswer = true\ntopic = "Layer"',
            6,
            "did you mean 'Layers'?",
        ),
        ('id = "has space"\nkind = "true_false"\nprompt = "p"\nanswer = true', 3, "`id` must be"),
        (
            'kind = "single"\nprompt = 3\nchoices = ["a", "b"]\nanswer = "a"',
            4,
            "`prompt` must be a string",
        ),
    ],
)
def test_errors_point_at_the_line(
    notes: Path, write: WriteFile, question: str, line: int, message: str
) -> None:
    quiz = "# quiz\n[[question]]\n" + question + "\n"
    course = course_with(write, notes, quiz)
    assert course.questions == []
    assert len(course.errors) == 1, messages(course)
    error = course.errors[0]
    assert error.path == notes / "net.quiz.toml"
    assert error.line == line, str(error)
    assert message in error.message


def test_toml_syntax_error_is_reported_at_its_line(notes: Path, write: WriteFile) -> None:
    course = course_with(write, notes, '[[question]]\nkind = "single"\nprompt = "unclosed\n')
    assert len(course.errors) == 1
    assert course.errors[0].line == 3
    assert course.errors[0].message.startswith("TOML syntax error")


def test_single_brackets_are_explained(notes: Path, write: WriteFile) -> None:
    course = course_with(write, notes, '[question]\nkind = "true_false"\n')
    assert "double brackets" in course.errors[0].message


def test_warnings_do_not_drop_the_question(notes: Path, write: WriteFile) -> None:
    course = course_with(
        write,
        notes,
        """
        [[question]]
        kind = "true_false"
        prompt = "p"
        answer = true
        explaination = "typo"
        choices = ["a", "b"]
        """,
    )
    assert len(course.questions) == 1 and not course.errors
    assert [(w.line, w.message) for w in course.warnings] == [
        (6, "unknown key `explaination`; did you mean `explanation`?"),
        (7, "`choices` is not used by true_false questions"),
        (2, "no `explanation`: learners see it after answering"),
    ]


def test_a_reference_longer_than_the_grader_reads_is_named(notes: Path, write: WriteFile) -> None:
    reference = "Water moves across the membrane. " * 300  # 9,900 characters
    course = course_with(
        write,
        notes,
        f"""
        [[question]]
        kind = "free"
        prompt = "Explain osmosis."
        explanation = "e"
        reference = "{reference}"
        """,
    )
    assert len(course.questions) == 1
    assert [(w.line, w.message) for w in course.warnings] == [
        (
            6,
            "the prompt, the reference or the key points are longer than the 8,000 characters"
            " the offline grader reads: shorten them, or split the question",
        )
    ]


def test_duplicate_ids_across_files_name_both_places(notes: Path, write: WriteFile) -> None:
    question = (
        '[[question]]\nid = "same"\nkind = "true_false"\nprompt = "p"\nanswer = true\n'
        'explanation = "e"\n'
    )
    write("net.md", NOTE)
    write("a.quiz.toml", 'topic = "Layers"\n' + question)
    write("b.quiz.toml", 'topic = "Layers"\n\n' + question)
    course = load_course(notes)
    assert len(course.questions) == 1
    assert str(course.errors[0]) == (
        f"{notes / 'b.quiz.toml'}:3: duplicate question id 'same' (also at"
        f" {notes / 'a.quiz.toml'}:2); give each question its own id"
    )


def test_quiz_without_a_note_beside_it_needs_a_topic(notes: Path, write: WriteFile) -> None:
    course = course_with(
        write,
        notes,
        '[[question]]\nkind = "true_false"\nprompt = "p"\nanswer = true\n',
        name="loose.quiz.toml",
    )
    assert "no `topic`" in course.errors[0].message


def test_topics_match_nearest_note_first(notes: Path, write: WriteFile) -> None:
    write("a/net.md", NOTE)
    write("b/other.md", "# Other\n\n## Layers\n")
    write(
        "b/other.quiz.toml",
        '[[question]]\ntopic = "Layers"\nkind = "true_false"\nprompt = "p"\nanswer = true\n'
        'explanation = "e"\n',
    )
    course = load_course(notes)
    assert not course.problems
    assert course.questions[0].topic_id == "notes/b/other/layers"


def test_arrays_nested_past_the_parsers_depth_are_an_error_not_a_crash(
    notes: Path, write: WriteFile
) -> None:
    course = course_with(write, notes, "a = " + "[" * 2000 + "]" * 2000 + "\n")
    (error,) = course.errors
    assert error.path == notes / "net.quiz.toml"
    assert error.message.startswith("values nested too deeply")


def test_course_toml_errors_name_their_line(notes: Path, write: WriteFile) -> None:
    write("net.md", NOTE)
    write("course.toml", 'id = "net"\ntitle = "unclosed\n')
    (error,) = load_course(notes).errors
    assert (error.path.name, error.line) == ("course.toml", 2)
    assert error.message.startswith("TOML syntax error")


TWINS = "# Note\n\n## Part\n\n### Examples\n\nFirst.\n\n### Examples\n\nSecond.\n"


def test_sibling_headings_with_one_title_are_named_by_the_end_of_their_ids(
    notes: Path, write: WriteFile
) -> None:
    write("note.md", TWINS)
    question = 'kind = "true_false"\nprompt = "{}?"\nanswer = true\ntopic = "{}"\n'
    write(
        "note.quiz.toml",
        "\n".join(
            "[[question]]\n" + question.format(n, topic)
            for n, topic in enumerate(("part/examples", "examples-2", "Part > Examples"))
        ),
    )
    course = load_course(notes)
    first, second = course.topics[0].children[0].children
    assert (first.id, second.id) == ("notes/note/part/examples", "notes/note/part/examples-2")
    assert [q.prompt for q in first.quiz_questions] == ["0?"]
    assert [q.prompt for q in second.quiz_questions] == ["1?"]
    (error,) = course.errors  # the title path alone names neither
    assert (error.path, error.line) == (notes / "note.quiz.toml", 17)
    assert error.message == (
        "topic 'Part > Examples' matches 2 headings with the same path"
        " ('Note > Part > Examples'): name one by the end of its id,"
        ' "part/examples" or "examples-2"'
    )


def test_a_title_is_matched_before_an_id(notes: Path, write: WriteFile) -> None:
    write("note.md", "# Note\n\n## examples-2\n\nA heading that reads like an id.\n\n" + TWINS)
    write(
        "note.quiz.toml",
        '[[question]]\nkind = "true_false"\nprompt = "p"\nanswer = true\ntopic = "examples-2"\n',
    )
    course = load_course(notes)
    (question,) = course.questions
    assert question.topic_id.endswith("/examples-2") and course.errors == []
    assert course.topic(question.topic_id).title == "examples-2"  # type: ignore[union-attr]
