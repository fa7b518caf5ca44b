"""Search: `/` finds words in lessons and questions, marks them in the lesson, and `n`/`N`
go from one to the next; the palette ranks topics by how well their titles match."""

from __future__ import annotations

from textual.fuzzy import Matcher

from tests.conftest import offline_config
from tutor.course import bundled_course_path, load_course
from tutor.study.progress import ProgressStore
from tutor.ui.app import create_app
from tutor.ui.commands import _relevance, _Searched, _short_path
from tutor.ui.lesson import CURRENT_MATCH_STYLE, LessonPane, _occurrences
from tutor.ui.topic_tree import TopicTree

CNNS = "ml-concepts/advanced-machine-learning-concepts/convolutional-neural-networks-cnns"


def test_words_are_found_in_any_case_without_overlaps() -> None:
    text = "Gradients flow; the gradient vanishes. GRADIENT!"
    assert _occurrences(text, ["gradient"]) == [(0, 8), (20, 28), (39, 47)]
    assert _occurrences(text, ["grad", "gradients"]) == [(0, 9), (20, 24), (39, 43)]
    assert _occurrences(text, []) == []


def test_a_title_that_matches_ranks_above_letters_scattered_over_a_path() -> None:
    def rank(query: str, title: str, path: str) -> float:
        matcher = Matcher(query)
        best = matcher.match(query)
        return _relevance(matcher.match(title) / best, matcher.match(path) / best)

    long_path = (
        "Advanced Machine Learning Concepts › Generative Adversarial Networks (GANs)"
        " › Training Process:"
    )
    assert rank("gradient", "Gradient Descent", "Optimisation › Gradient Descent") > 0.6
    assert 0 < rank("gradient", "Training Process:", long_path) < 0.25  # below any lesson found
    assert rank("rnn", "Recurrent Neural Networks (RNNs)", "RNNs") > rank(
        "rnn", "Training", long_path
    )


def test_a_long_path_keeps_the_titles_nearest_the_topic_on_one_line() -> None:
    course = load_course(bundled_course_path())
    topic = course.topic(CNNS + "/architecture-components")
    assert topic is not None
    assert _short_path(topic, 200) == " › ".join(topic.path)
    short = _short_path(topic, 50)
    assert short.startswith("… › ") and short.endswith(topic.title) and len(short) <= 50
    assert _short_path(topic, 10) == topic.title[:9] + "…"


def test_a_found_topic_shows_the_words_in_context_from_its_text_or_a_question() -> None:
    course = load_course(bundled_course_path())
    topic = course.topic(CNNS)
    assert topic is not None
    entry = _Searched.of(topic, "CNNs")
    in_text = entry.snippet(topic, "designed")
    assert "designed" in in_text.casefold() and not in_text.startswith("Question: ")
    assert entry.count(["designed"]) >= 2  # once in its text, once in a question
    prompt = topic.questions[0].prompt
    word = next(w for w in prompt.casefold().split() if w not in entry.folded_text)
    assert entry.snippet(topic, word).startswith("Question: ")


async def test_slash_finds_question_text_marks_the_lesson_and_n_moves() -> None:
    course = load_course(bundled_course_path())
    app = create_app(course, ProgressStore.open(), offline_config(), blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash", *"specially designed")  # in a question, not the text
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        lesson = app.query_one(LessonPane)
        assert app.query_one(TopicTree).cursor_node.data.id == CNNS
        assert app.focused is lesson and len(lesson.matches) >= 1  # "designed" is in its text
        first = lesson.current
        assert CURRENT_MATCH_STYLE in str(lesson.matches[first].block.content.spans)
        await pilot.press("n")
        assert lesson.current == (first + 1) % len(lesson.matches)
        await pilot.press("N")
        assert lesson.current == first
        app.query_one(TopicTree).focus()  # where n is the next topic again
        await pilot.press("n")
        await pilot.pause()
        assert app.query_one(TopicTree).cursor_node.data.id != CNNS
        assert lesson.matches == []  # a new lesson, no marks
