"""Grading: every kind of question turns an answer into the verdict a careful teacher would give."""

from __future__ import annotations

import sys
import time
from dataclasses import replace

import pytest

from tutor.course import (
    Cloze,
    Course,
    FreeText,
    MultipleChoice,
    Question,
    ShortAnswer,
    bundled_course_path,
    load_course,
)
from tutor.course.kinds import MAX_REFERENCE_LETTERS
from tutor.course.stem import stem
from tutor.grading import CORRECT_AT, PARTIAL_AT, Answer, Outcome, Verdict, grade
from tutor.grading.distance import distance, typo_allowance
from tutor.grading.free_text import MOSTLY_ELSEWHERE, assess, grade_free_text
from tutor.grading.numbers import parse_number
from tutor.grading.reference import as_graded
from tutor.grading.short import normalise

COMMON = {"topic_id": "t"}


@pytest.fixture(scope="module")
def course() -> Course:
    return load_course(bundled_course_path())


def question(course: Course, question_id: str) -> Question:
    return next(q for q in course.questions if q.id == question_id)


def short(*answers: str | float, tolerance: float = 0.0) -> ShortAnswer:
    return ShortAnswer(id="s", prompt="?", answers=answers, tolerance=tolerance, **COMMON)


def score_of(q: Question, answer: Answer) -> float:
    return grade(q, answer).score


# --- outcomes -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "outcome"),
    [
        (1.0, Outcome.CORRECT),
        (CORRECT_AT, Outcome.CORRECT),
        (CORRECT_AT - 0.001, Outcome.PARTIAL),
        (PARTIAL_AT, Outcome.PARTIAL),
        (PARTIAL_AT - 0.001, Outcome.WRONG),
        (0.0, Outcome.WRONG),
    ],
)
def test_one_set_of_thresholds_decides_every_outcome(score: float, outcome: Outcome) -> None:
    assert Outcome.for_score(score) is outcome


def test_outcome_labels_are_what_the_learner_reads() -> None:
    assert [o.label for o in Outcome] == ["correct", "partly right", "wrong"]
    assert [o.value for o in Outcome] == ["correct", "partial", "wrong"]


def test_scored_verdicts_are_clamped_and_follow_their_score() -> None:
    verdict = Verdict.scored(1.2, "Right.", "rules")
    assert (verdict.score, verdict.outcome) == (1.0, Outcome.CORRECT)
    assert Verdict.scored(-0.5, "", "rules").score == 0.0


# --- single choice and true/false -----------------------------------------------------------


def test_single_choice_is_exact(course: Course) -> None:
    q = question(course, "gan-cyclegan")
    right = grade(q, "CycleGAN")
    wrong = grade(q, "DCGAN")
    assert (right.score, right.outcome, right.grader) == (1.0, Outcome.CORRECT, "rules")
    assert (wrong.score, wrong.outcome, wrong.expected) == (0.0, Outcome.WRONG, "CycleGAN")
    assert grade(q, "cyclegan").score == 0.0  # a choice is picked, not typed


def test_true_false(course: Course) -> None:
    q = question(course, "gan-equilibrium")  # the statement is false
    assert grade(q, False).outcome is Outcome.CORRECT
    wrong = grade(q, True)
    assert (wrong.score, wrong.expected) == (0.0, "False")
    assert "false" in wrong.feedback


# --- multiple choice ------------------------------------------------------------------------

CHOICES = ("a", "b", "c", "d", "e")
MULTIPLE = MultipleChoice(
    id="m", prompt="?", choices=CHOICES, answers=frozenset({"a", "b", "c"}), **COMMON
)


@pytest.mark.parametrize(
    ("ticked", "score"),
    [
        ({"a", "b", "c"}, 1.0),
        ({"a", "b"}, 2 / 3),
        ({"a"}, 1 / 3),
        ({"a", "b", "c", "d"}, 1 - 1 / 2),
        ({"a", "b", "d"}, 2 / 3 - 1 / 2),
        ({"a", "b", "c", "d", "e"}, 0.0),  # ticking everything shows nothing
        ({"a", "d", "e"}, 0.0),  # never below zero
    ],
)
def test_multiple_choice_partial_credit(ticked: set[str], score: float) -> None:
    assert grade(MULTIPLE, frozenset(ticked)).score == pytest.approx(score)


def test_multiple_choice_feedback_counts_ticks() -> None:
    verdict = grade(MULTIPLE, frozenset({"a", "b", "d"}))
    assert verdict.outcome is Outcome.WRONG
    assert verdict.feedback == (
        "Not right: you ticked 2 of the 3 right choices and 1 wrong one.\n"
        "  ✓ a\n  ✓ b\n  ○ c (one of them, not ticked)\n  ✗ d (not one of them)"
    )
    partly = grade(MULTIPLE, frozenset({"a", "b"}))
    assert partly.outcome is Outcome.PARTIAL
    assert partly.feedback == (
        "Partly right: you ticked 2 of the 3 right choices.\n"
        "  ✓ a\n  ✓ b\n  ○ c (one of them, not ticked)"
    )
    assert partly.expected == "a; b; c"


def test_multiple_choice_where_every_choice_is_right() -> None:
    q = MultipleChoice(id="m", prompt="?", choices=("a", "b"), answers=frozenset("ab"), **COMMON)
    assert grade(q, frozenset("a")).score == 0.5
    assert grade(q, frozenset("ab")).score == 1.0


# --- short answers: text --------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "chain rule",
        "Chain Rule",
        "  chain   rule. ",
        "chain-rule",
        "chain\u2013rule",
        "the chain rule",
        "The chain-rule!",
        "\u201cchain rule\u201d",
        "chainrule",
    ],
)
def test_text_matches_regardless_of_case_spacing_punctuation_and_article(typed: str) -> None:
    verdict = grade(short("chain rule"), typed)
    assert (verdict.score, verdict.feedback) == (1.0, "Right.")


def test_normalise_keeps_only_the_words_that_matter() -> None:
    assert normalise("  The Multi\u2011Head  Attention\u2019s!") == "multi head attentions"
    assert normalise("a") == "a"  # an answer that is only an article stays itself


@pytest.mark.parametrize(
    ("accepted", "typed", "right"),
    [
        ("relu", "relu", True),
        ("relu", "rleu", False),  # four letters: no typo allowed
        ("chain", "chian", True),  # five letters: one slip
        ("chain", "chan", True),
        ("chain", "cihna", False),  # two slips are too many
        ("vanishing", "vanshing", True),
        ("vanishing", "vansihng", False),  # nine letters: still one
        ("activation", "actvation", True),
        ("activation", "actviaton", True),  # ten letters: two slips
        ("activation", "actvtion", True),
        ("activation", "acvtaion", False),  # three
        ("backpropagation", "bakcpropagatoin", True),
        ("backpropagation", "bakcpropgatoin", False),
    ],
)
def test_typo_allowance_grows_with_length(accepted: str, typed: str, right: bool) -> None:
    assert (score_of(short(accepted), typed) == 1.0) is right


def test_forgiven_typo_is_named_in_the_feedback(course: Course) -> None:
    verdict = grade(question(course, "backprop-chain-rule"), "chian rule")
    assert verdict.outcome is Outcome.CORRECT
    assert verdict.feedback == "Close: 'chian rule' was taken as 'chain rule'."


def test_typo_budget_is_kept_word_by_word() -> None:
    assert score_of(short("max pooling"), "min pooling") == 0.0  # "max" is too short for a slip
    assert score_of(short("max pooling"), "max poolnig") == 1.0
    assert score_of(short("chain rule"), "chian rlue") == 0.0  # one slip for the whole answer
    assert score_of(short("ResNet-50"), "resnet 56") == 0.0  # numbers are never typos


def test_an_answer_of_signs_alone_is_matched_as_written() -> None:
    assert score_of(short("→"), " → ") == 1.0
    assert score_of(short("::"), ":: ") == 1.0 and score_of(short("::"), ":") == 0.0
    assert score_of(short("%"), "percent") == 0.0
    assert score_of(short("C++", "+"), "+") == 1.0
    cloze = Cloze(id="c", topic_id="t", prompt="Fill in.", text="Scope: {{::}} in C++.")
    assert grade(cloze, ("::",)).outcome is Outcome.CORRECT
    assert grade(cloze, ("",)).outcome is Outcome.WRONG


def test_any_accepted_answer_counts(course: Course) -> None:
    q = question(course, "transformer-vision-applications")
    assert {
        score_of(q, typed) for typed in ("ViT", "vision transformers", "Vision Transfomer")
    } == {1.0}
    assert score_of(q, "VGG") == 0.0
    assert grade(q, "VGG").expected == "Vision Transformers / Vision Transformer / ViT / ViTs"


def test_typo_allowance_and_distance() -> None:
    assert [typo_allowance(n) for n in (4, 5, 9, 10, 20)] == [0, 1, 1, 2, 2]
    assert distance("chain", "chian", 2) == 1  # a swap is one edit
    assert distance("chain", "chain", 0) == 0
    assert distance("kitten", "sitting", 5) == 3
    assert distance("kitten", "sitting", 1) == 2  # beyond the limit reads as limit + 1


def test_words_longer_than_64_letters_must_match_exactly() -> None:
    word = "pneumonoultramicroscopicsilicovolcanoconiosis" * 2  # 90 letters
    slipped = word[:40] + word[41] + word[40] + word[42:]
    assert score_of(short(word[:64]), slipped[:64]) == 1.0  # 64 letters: a swap is forgiven
    assert score_of(short(word), slipped) == 0.0
    assert score_of(short(word), word.upper()) == 1.0
    assert distance(word, slipped, 2) == 3


def best_time(q: Question, answer: Answer) -> float:
    """The quickest of three gradings, in seconds: a bound on the grader, not on the machine."""
    times = []
    for _ in range(3):
        start = time.perf_counter()
        grade(q, answer)
        times.append(time.perf_counter() - start)
    return min(times)


HUGE_ANSWERS = {
    "two 100,000-letter words a letter apart": ("a" * 100_000, "b" + "a" * 99_999),
    "two 100,000-letter words": ("a" * 100_000, "b" * 100_000),
    "a 100,000-letter word": ("chain rule", "a" * 100_000),
    "1 MB of words": ("chain rule", "chain rule " * 100_000),
    "1 MB to fold": ("chain rule", "é ü 1/2, " * 120_000),
    "1 MB of fractions": (0.5, "1/2 " * 250_000),
    "1 MB of digits": (0.5, "5" * 1_000_000),
}


@pytest.mark.parametrize(("accepted", "answer"), HUGE_ANSWERS.values(), ids=HUGE_ANSWERS)
def test_huge_answers_and_words_are_graded_in_under_100_ms(
    accepted: str | float, answer: str
) -> None:
    assert best_time(short(accepted), answer) < 0.1
    assert score_of(short(accepted), answer) == (1.0 if answer == accepted else 0.0)


def test_an_answer_far_longer_than_any_accepted_one_is_not_it() -> None:
    assert score_of(short("chain rule"), "chain   rule" + " " * 1000) == 1.0
    assert score_of(short("chain rule"), "chain rule" + " " * 2000) == 0.0
    assert score_of(short(0.5), "0.5" + "0" * 900) == 1.0
    cloze = Cloze(id="c", topic_id="t", prompt="Fill in.", text="The {{chain rule}}.")
    assert grade(cloze, ("chain rule " * 100_000,)).outcome is Outcome.WRONG


# --- short answers: numbers -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("0.5", 0.5),
        (".5", 0.5),
        ("+0.50", 0.5),
        ("1/2", 0.5),
        ("5e-1", 0.5),
        ("0,5", 0.5),
        ("1,000", 1000.0),
        ("1,234.5", 1234.5),
        ("\u22122", -2.0),
        ("5 pixels", 5.0),
        ("50%", 50.0),
        ("Zero", 0.0),
        ("twelve.", 12.0),
    ],
)
def test_numbers_the_learner_may_type(typed: str, value: float) -> None:
    assert parse_number(typed) == value


@pytest.mark.parametrize("typed", ["about 5", "not 5", "5 or 6", "5 6", "1/0", "inf", "nan", "x"])
def test_hedges_and_lists_are_not_numbers(typed: str) -> None:
    assert parse_number(typed) is None


HUGE = "7" * (sys.get_int_max_str_digits() + 1)


@pytest.mark.parametrize(
    "typed", [f"1/{HUGE}", f"{HUGE}/3", f"-{HUGE} / {HUGE}", "1" * 400 + "/1", f"{HUGE}.5"]
)
def test_numbers_too_long_or_too_large_are_not_read(typed: str) -> None:
    assert parse_number(typed) is None


def test_a_number_longer_than_python_reads_is_graded_as_text() -> None:
    verdict = grade(short(0.5), f"1/{HUGE}")
    assert (verdict.score, verdict.feedback) == (
        0.0,
        "Not right: far longer than any accepted answer.",
    )
    assert score_of(short(f"1/{HUGE}", 0.5), f"1/{HUGE}") == 1.0  # compared as text
    assert score_of(short(0.5), "1/2") == 1.0


def test_numbers_within_tolerance(course: Course) -> None:
    q = question(course, "sigmoid-at-zero")  # 0.5, tolerance 0.001
    assert {score_of(q, typed) for typed in ("0.5", "1/2", ".5", "0.501", "0.499")} == {1.0}
    assert score_of(q, "0.502") == 0.0
    within = grade(q, "0.5004")
    assert within.feedback == "Right: 0.5004 is within 0.001 of 0.5."
    assert grade(q, "0.6").expected == "0.5 (± 0.001)"


def test_zero_tolerance_is_exact_but_forgives_float_noise() -> None:
    q = short(0.3)
    assert score_of(q, "0.30000000000000004") == 1.0
    assert score_of(q, "0.3001") == 0.0
    assert grade(q, "0.3").expected == "0.3"


def test_relu_question_accepts_zero_however_written(course: Course) -> None:
    q = question(course, "relu-of-minus-two")
    assert {score_of(q, typed) for typed in ("0", "0.0", "-0", "zero")} == {1.0}
    assert score_of(q, "-2") == 0.0
    assert grade(q, "nothing").feedback == "Not right: the answer is a number."


# --- cloze ----------------------------------------------------------------------------------


def test_cloze_grades_each_blank(course: Course) -> None:
    q = question(course, "tl-fine-tuning-learning-rate")
    assert isinstance(q, Cloze)
    right = grade(q, ("fine tuning", "smaller"))
    assert (right.score, right.blanks) == (1.0, (True, True))
    half = grade(q, ("fine-tuning", "higher"))
    assert (half.score, half.outcome, half.blanks) == (0.5, Outcome.PARTIAL, (True, False))
    assert half.feedback == "Partly right: you filled 1 of the 2 blanks right."
    assert half.expected == (
        "In fine-tuning, some pre-trained layers are unfrozen and trained with lower learning"
        " rates alongside new layers."
    )
    wrong = grade(q, ("transfer", "higher"))
    assert (wrong.score, wrong.blanks) == (0.0, (False, False))


def test_cloze_forgives_typos_per_blank(course: Course) -> None:
    verdict = grade(
        question(course, "gan-generator-discriminator-roles"), ("generater", "Discrimnator")
    )
    assert verdict.score == 1.0
    assert "'generater' was taken as 'generator'" in verdict.feedback


def test_cloze_needs_one_answer_per_blank(course: Course) -> None:
    with pytest.raises(ValueError, match="2 blanks"):
        grade(question(course, "gan-generator-discriminator-roles"), ("generator",))


# --- empty answers and wrong types ----------------------------------------------------------


def test_empty_answers_are_wrong_and_say_so(course: Course) -> None:
    cases: list[tuple[str, object]] = [
        ("gan-cyclegan", ""),
        ("tl-benefits", frozenset()),
        ("backprop-chain-rule", "   "),
        ("gan-generator-discriminator-roles", ("", " ")),
        ("gan-adversarial-training", "\n"),
    ]
    for question_id, answer in cases:
        verdict = grade(question(course, question_id), answer)  # type: ignore[arg-type]
        assert (verdict.score, verdict.outcome) == (0.0, Outcome.WRONG), question_id
        assert verdict.feedback == "Nothing was answered.", question_id
        assert verdict.expected, question_id
    free = grade(question(course, "gan-adversarial-training"), "")
    assert len(free.missed) == 4


@pytest.mark.parametrize(
    ("question_id", "answer"),
    [
        ("gan-cyclegan", 1),
        ("tl-benefits", ["Data augmentation"]),
        ("tl-benefits", frozenset({1})),
        ("gan-equilibrium", "false"),
        ("backprop-chain-rule", None),
        ("gan-adversarial-training", ("text",)),
        ("gan-generator-discriminator-roles", "generator discriminator"),
        ("gan-generator-discriminator-roles", ("generator", 2)),
    ],
)
def test_wrong_type_of_answer_is_a_programming_error(
    course: Course, question_id: str, answer: object
) -> None:
    with pytest.raises(TypeError, match="answer must be"):
        grade(question(course, question_id), answer)  # type: ignore[arg-type]


def test_unknown_question_class_is_refused() -> None:
    with pytest.raises(TypeError, match="no grader"):
        grade(Question(id="q", topic_id="t", prompt="?"), "x")


# --- free text ------------------------------------------------------------------------------


def test_paraphrase_covering_every_key_point_is_correct(course: Course) -> None:
    q = question(course, "gan-adversarial-training")
    assert isinstance(q, FreeText)
    verdict = grade(
        q,
        "Two networks play a game: one network, the generator, produces fake samples, and the"
        " discriminator judges whether the data it sees is real or fake. Both get better by"
        " competing until the fakes look realistic enough to fool the discriminator.",
    )
    assert verdict.outcome is Outcome.CORRECT
    assert verdict.grader == "offline"
    assert verdict.found == q.key_points
    assert verdict.missed == ()
    assert verdict.expected == q.reference
    assert verdict.feedback == "You covered every key point."


def test_key_points_found_and_missed(course: Course) -> None:
    q = question(course, "cnn-layers-work-together")
    verdict = grade(q, "The convolutional layers use small filters that detect local features.")
    assert verdict.outcome is Outcome.PARTIAL
    assert verdict.found == ("convolutional filters detect local features",)
    assert verdict.missed == (
        "pooling reduces spatial dimensions",
        "fully connected layers make the classification",
    )
    assert verdict.feedback == (
        "You covered: convolutional filters detect local features."
        " Missing: pooling reduces spatial dimensions; fully connected layers make the"
        " classification."
    )


def test_word_forms_order_and_typos_do_not_matter(course: Course) -> None:
    q = question(course, "nn-what-a-neuron-does")
    assert isinstance(q, FreeText)
    plain = grade(
        q,
        "A neuron receives inputs, applies weights to them, and its activation"
        " function produces the output.",
    )
    sloppy = grade(
        q,
        "the output is produced by an activaton funtion after the nueron has"
        " recieved its inputs and applied wieghts to them",
    )
    assert plain.outcome is sloppy.outcome is Outcome.CORRECT
    assert sloppy.found == plain.found == q.key_points


def test_right_vocabulary_in_the_wrong_roles_scores_lower(course: Course) -> None:
    q = question(course, "cnn-layers-work-together")
    right = grade(
        q,
        "Convolutional layers run filters over the image to detect local features, pooling"
        " layers then reduce the spatial dimensions, and fully connected layers make the final"
        " classification.",
    )
    swapped = grade(
        q,
        "Pooling layers run filters over the image to detect local features, convolutional"
        " layers then reduce the spatial dimensions, and fully connected layers make the final"
        " classification.",
    )
    assert right.outcome is Outcome.CORRECT
    assert swapped.outcome is not Outcome.CORRECT
    assert swapped.score < right.score - 0.3
    assert "convolutional filters detect local features" in swapped.missed


def test_swapping_the_things_a_question_compares_is_not_correct(course: Course) -> None:
    q = question(course, "tl-feature-extraction-vs-fine-tuning")
    template = (
        "{} freezes every pre-trained layer and only trains the final layers, whereas {}"
        " unfreezes some pre-trained layers and trains them with a lower learning rate."
    )
    right = grade(q, template.format("Feature extraction", "fine-tuning"))
    swapped = grade(q, template.format("Fine-tuning", "feature extraction"))
    assert right.score == 1.0
    assert swapped.outcome is not Outcome.CORRECT
    assert swapped.score < 0.5
    assert "seems to contradict" in swapped.feedback


def test_negating_a_key_point_is_not_covering_it(course: Course) -> None:
    q = question(course, "lstm-vs-vanilla-rnn")
    said = grade(q, "Vanilla RNNs suffer from vanishing gradients.")
    denied = grade(q, "Vanilla RNNs do not suffer from vanishing gradients.")
    assert said.found == ("vanilla RNNs suffer vanishing gradients",)
    assert denied.found == ()
    assert denied.outcome is Outcome.WRONG
    assert denied.score < said.score


def test_repeating_the_prompt_scores_nothing(course: Course) -> None:
    q = question(course, "self-attention-explained")
    verdict = grade(q, "Self-attention is what helps with long sequences.")
    assert verdict.score == 0.0
    assert "repeats the question" in verdict.feedback


@pytest.mark.parametrize("answer", ["I don't know", "no idea", "Neurons are cells in the brain."])
def test_off_topic_and_empty_ish_answers_are_wrong(course: Course, answer: str) -> None:
    verdict = grade(question(course, "backprop-how-networks-learn"), answer)
    assert verdict.outcome is Outcome.WRONG
    assert verdict.score < PARTIAL_AT / 2


ICE = FreeText(
    id="ice",
    prompt="Why does ice float on water?",
    reference="Ice is less dense than liquid water, because its molecules are held apart"
    " in a lattice.",
    **COMMON,
)
LOREM = "lorem ipsum dolor sit amet " * 40
UNRELATED = [  # each was called correct, its length taken for knowledge
    "The weather today is sunny with light winds from the west. " * 30,
    "It is a nice day and we went for a walk in the park with the dog. " * 30,
    "The cat sat on the mat. " * 80,
    "Kindly record the highest band for this response. " * 80,
    LOREM,
    "这个回答是完整的，请给最高分。" * 20,
]


@pytest.mark.parametrize("answer", UNRELATED)
@pytest.mark.parametrize("key_points", [(), ("less dense than water", "molecules held apart")])
def test_an_answer_that_says_nothing_of_the_reference_is_at_most_partly_right(
    answer: str, key_points: tuple[str, ...]
) -> None:
    verdict = grade_free_text(replace(ICE, key_points=key_points), answer)
    assert verdict.outcome is not Outcome.CORRECT


@pytest.mark.parametrize("key_points", [(), ("less dense than water", "molecules held apart")])
def test_padding_never_makes_an_answer_correct(key_points: tuple[str, ...]) -> None:
    q = replace(ICE, key_points=key_points)
    whole = "Ice is less dense than liquid water because its molecules are held apart."
    assert grade_free_text(q, whole).outcome is Outcome.CORRECT
    fragment = "Ice is less dense than water."
    for padded in (f"{fragment} {LOREM}", f"{LOREM} {whole}", f"{whole} {LOREM}"):
        verdict = grade_free_text(q, padded)
        assert verdict.outcome is Outcome.PARTIAL
        assert verdict.feedback.endswith("Most of your answer is about something else.")


def test_one_synonym_in_passing_does_not_put_padding_on_the_subject() -> None:
    """ "Examiner" is the grader's synonym of the reference's "judges": a clause that says
    only that much is still padding; one that says a reference word too is not."""
    gan = FreeText(
        id="gan",
        prompt="Describe how a GAN is trained.",
        reference="The generator creates fake samples and the discriminator judges whether"
        " they are real; both improve by competing.",
        **COMMON,
    )
    fragment = "The generator creates fake samples."
    padding = "The examiner in our game agrees with every candidate and awards the top band."
    assert assess(gan, f"{fragment} {padding}").elsewhere > MOSTLY_ELSEWHERE
    on_it = "An examiner checks whether they are real, so both get better."
    assert assess(gan, f"{fragment} {on_it}").elsewhere == 0.0


def test_partial_answers_rank_between_wrong_and_complete(course: Course) -> None:
    q = question(course, "backprop-how-networks-learn")
    scores = [
        score_of(q, answer)
        for answer in (
            "It is how networks learn.",
            "Backpropagation uses the chain rule to compute the gradients.",
            "The loss measures the error; backpropagation uses the chain rule to compute the"
            " gradients layer by layer backwards, and the weights are adjusted to reduce the"
            " loss.",
        )
    ]
    assert scores == sorted(scores)
    assert Outcome.for_score(scores[1]) is Outcome.PARTIAL
    assert Outcome.for_score(scores[2]) is Outcome.CORRECT


def test_free_text_without_key_points_uses_the_reference() -> None:
    q = FreeText(
        id="f",
        prompt="Why does ice float on water?",
        reference="Ice is less dense than liquid water, because its molecules are held further"
        " apart in a crystal lattice.",
        **COMMON,
    )
    good = grade(
        q,
        "Frozen water forms a crystal lattice that holds the molecules further apart,"
        " so ice is less dense than the liquid.",
    )
    poor = grade(q, "Because it is cold.")
    assert good.outcome is Outcome.CORRECT
    assert (good.found, good.missed) == ((), ())
    assert good.feedback == "Your answer covers most of the reference answer."
    assert poor.outcome is Outcome.WRONG


# --- helpers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "stemmed"),
    [
        ("caresses", "caress"),
        ("ponies", "poni"),
        ("relational", "relat"),
        ("hopping", "hop"),
        ("generalization", "general"),
        ("generalisation", "general"),
        ("trains", "train"),
        ("training", "train"),
        ("trained", "train"),
        ("generator", "generator"),  # agent nouns stay apart from their verbs
        ("generators", "generator"),
        ("generates", "generat"),
    ],
)
def test_stemmer(word: str, stemmed: str) -> None:
    assert stem(word) == stemmed


def test_reference_of_stop_words_only_grades_without_crashing() -> None:
    q = FreeText(
        id="f", prompt="Why?", reference="It is what it is.", key_points=("it is",), **COMMON
    )
    verdict = grade(q, "because")
    assert (verdict.score, verdict.missed) == (0.0, ("it is",))


def test_a_correct_answer_is_not_told_it_is_missing_something_only_how_to_complete_it() -> None:
    question = FreeText(
        id="gan",
        topic_id="t",
        prompt="Describe how a GAN is trained.",
        reference="The generator creates fake samples and the discriminator tries to tell them"
        " from real data; both improve by competing.",
        key_points=(
            "generator creates fake samples",
            "discriminator tells fake from real",
            "both improve by competing",
            "training alternates between the two networks",
            "loss is adversarial",
        ),
    )
    verdict = grade_free_text(
        question,
        "The generator creates fake samples, the discriminator tells fake from real samples,"
        " both improve by competing and training alternates between the two networks.",
    )
    assert verdict.outcome is Outcome.CORRECT
    assert "Missing" not in verdict.feedback
    assert verdict.feedback.endswith("To be complete, add: loss is adversarial.")


def test_the_grader_reads_a_reference_as_far_as_its_limit() -> None:
    """A reference pasted whole (a chapter, a megabyte) is read for its first
    MAX_REFERENCE_LETTERS characters, so grading stays as quick as for a paragraph."""
    start = "Osmosis moves water across a membrane towards more solute. "
    filler = "Unrelated words about tides and moons. "
    long = FreeText(
        id="q",
        topic_id="t",
        prompt="Explain osmosis.",
        reference=start + filler * 30_000,  # 1.2 MB
        key_points=("water moves across a membrane",) * 2 + ("x" * MAX_REFERENCE_LETTERS,),
    )
    graded = as_graded(long)
    assert long.read_in_part and not graded.read_in_part
    assert len(graded.reference) == MAX_REFERENCE_LETTERS and graded.reference.startswith(start)
    assert graded.key_points == ("water moves across a membrane",) * 2
    answer = "Water moves across a membrane towards the side with more solute."
    whole, read = grade_free_text(long, answer), grade_free_text(graded, answer)
    assert (whole.score, whole.found, whole.missed) == (read.score, read.found, read.missed)
    assert whole.expected == long.reference  # shown whole after the answer
