"""Extraction asks only what the notes answer: each rule with a note it asks and one it does not."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import WriteFile
from tutor.course import Cloze, MultipleChoice, Question, SingleChoice, load_course
from tutor.course.extract.language import ENGLISH, LANGUAGES
from tutor.course.extract.terms import is_term


def asked(notes: Path, write: WriteFile, body: str, heading: str = "Training") -> list[Question]:
    """The questions (not recall cards) extracted from a note of one section under ``heading``."""
    write("n.md", f"# Machine learning\n\n## {heading}\n\n{body}\n")
    return [q for q in load_course(notes).questions if q.kind != "recall"]


def clozes(questions: list[Question]) -> list[str]:
    return [q.text for q in questions if isinstance(q, Cloze)]


@pytest.mark.parametrize(
    ("heading", "body", "expected"),
    [
        # a term the sentence names, and the same under a heading that shows it already,
        # or holds it in a longer word
        ("Processes", "A **thread** is an execution state of a process, with its stack.",
         "A {{thread}} is an execution state of a process, with its stack."),
        ("Multithreaded processes", "A **thread** is an execution state of a process, with"
         " its stack.", None),
        ("Iterations", "Two lengths give a number called their **ratio** here.",
         "Two lengths give a number called their {{ratio}} here."),  # ite|ratio|ns
        ("Training", "A model sees the data many times, in passes called **epochs** here.",
         "A model sees the data many times, in passes called {{epochs}} here."),
        ("Epochs", "A model sees the data many times, in passes called **epochs** here.", None),
        # a term the sentence names, not one it only uses or stresses; a button's label
        ("Dashboards", "Dashboards show a chart called the **usage chart** for each team.",
         "Dashboards show a chart called the {{usage chart}} for each team."),
        ("Dashboards", "Dashboards show a **usage chart** of the data for each team.", None),
        ("f-strings", "An f-string will in the **future** work like a template string.", None),
        ("Cross-compiling", "If your project uses **Poetry** as a build backend, cross-compiling"
         " does not work.", None),
        ("Dashboards", "To build dashboards, select **Add view** in the toolbar.", None),
        # a named idea, not a list label
        ("Reasoning", "The **gambler's fallacy** is a common error in reasoning about chance.",
         "The {{gambler's fallacy}} is a common error in reasoning about chance."),
        ("Reasoning", "**Fallacy 2** is a common error in reasoning about chance.", None),
        # at most four words, and no filler noun
        ("Optimisers", "**Stochastic gradient descent** is an optimiser that samples a batch.",
         "{{Stochastic gradient descent}} is an optimiser that samples a batch."),
        ("Optimisers", "**Stochastic gradient descent with momentum** is an optimiser that"
         " samples a batch.", None),
        ("Optimisers", "The **obvious question** is a simple one for optimisers to answer.", None),
        # a term in the sentence, not the label a sentence opens with
        ("Workflow", "**Predict**. Use new inputs in the workflow to test the model.", None),
        # a sentence that breaks off into what follows is not asked
        ("Scores", "Scores use a measure called the **coefficient of determination** here.",
         "Scores use a measure called the {{coefficient of determination}} here."),
        ("Scores", "Scores use a measure called the **coefficient of determination**, obtained"
         " like this:", None),
        # a piece of a word is no term; a footnote's number is no part of one
        ("Prompting", "Re2 (**Re** - **R** eading) is a technique that asks the model to"
         " read the question again.", None),
        ("Thinking", "Analogical Prompting<sup><a href='https://arxiv.org'>1</a></sup> is"
         " a method that makes a model recall related problems first.",
         "{{Analogical Prompting}} is a method that makes a model recall related problems"
         " first."),
        # "X is a …" says what X is; "X is costly" does not
        ("Patients", "Hospital care is a service that patients need after surgery.",
         "{{Hospital care}} is a service that patients need after surgery."),
        ("Patients", "Hospital care is costly, especially when patients are readmitted.", None),
        ("Care", "Hospital care is a service that patients need after surgery.", None),  # shown
        ("Care", "Hospital care is a major concern for patients and their families.", None),
        # news and praise are no definitions
        ("Middleware", "Server hooks are a new concept that wraps every request.", None),
        ("Streaming", "Python generators are a game-changer for handling large data.", None),
        ("Gemini", "Perhaps the biggest limitation is the lack of audio support.", None),
        ("Unsupervised", "Clustering is a task that groups similar items without labels.",
         "{{Clustering}} is a task that groups similar items without labels."),
        # what the terms are, not what the lesson will do
        ("Simulation", "Simulations run in a library called **OpenAI Gym** on a laptop.",
         "Simulations run in a library called {{OpenAI Gym}} on a laptop."),
        ("Simulation", "In this lesson, we will use a library called **OpenAI Gym** here.", None),
        # a noun phrase, not a clause; no blank that holds the heading's title
        ("Blocks", "Tests that a string is an identifier as described in the spec.", None),
        ("Embeddings", "**Word embeddings** are a way to turn text into numbers.", None),
    ],
)  # fmt: skip
def test_a_cloze_blanks_a_key_term_the_sentence_answers(
    notes: Path, write: WriteFile, heading: str, body: str, expected: str | None
) -> None:
    assert clozes(asked(notes, write, body, heading)) == ([expected] if expected else [])


GLOSSARY_TERMS = {"Learning rate", "Batch size", "Momentum"}
GLOSSARY = """\
- **Learning rate**: How far each step moves the weights.
- **Batch size**: How many examples make one step.
- **Momentum**: A running average of past gradients.
"""


@pytest.mark.parametrize(
    "extra",
    [
        "",  # three term-shaped definitions, each asked among the others
        "- **True or False**: If the derivative is zero the point is a maximum.\n",
        "- **First, let's set some hyperparameters**: (code block 10)\n",
        "- **Step 3**: Run the training loop until the loss stops falling.\n",
        "- [Microsoft FATE group](https://example.com): Research on fairness in AI.\n",
        "- **Drop**: Call drop() on the frame to remove a column.\n",
        "- **Optimisers**: Several ways to update the weights, such as\n",  # breaks off
        "- **bmi**: body mass index\n",  # an abbreviation spelt out
        "- **s1 tc**: T-Cells, a type of white blood cells\n",  # a column's name
        "- **Documentation**: <https://example.com/docs>\n",  # an address
        "- **Using it**: for most common use cases.\n",  # a fragment
        "- **Automagics**: e.g. pip install black (without the % prefix)\n",  # an example
        "- **Q**: Must one use all the features?\n",  # an FAQ's question
        "- **Branching**: git switch -c fix-summary\n",  # a command
        '- **Deletion**: del markdown["thing"] on the tree\n',  # code
        "- **Evidence-based**: Use concrete runtime data, not assumptions.\n",  # an instruction
        "- **Better defaults**: It has sensible defaults for the average user.\n",  # a claim
        "- **Ease of use**: Hatchling was designed around the layouts people use.\n",
        "- **Linux, FreeBSD**: The secret service that runs over DBus.\n",  # a list
        "- **diskcache**: Ideal for persistent caching with moderate needs.\n",  # advice
    ],
)
def test_a_definition_asks_for_a_short_noun_phrase(
    notes: Path, write: WriteFile, extra: str
) -> None:
    """Only term-shaped lead-ins are asked; a lead-in, a label, a link or code adds nothing."""
    questions = asked(notes, write, GLOSSARY + extra, heading="Hyperparameters")
    defined = {q.answer for q in questions if isinstance(q, SingleChoice)}
    assert defined == {"Learning rate", "Batch size", "Momentum"}
    for question in questions:
        if isinstance(question, SingleChoice):
            assert not {"True or False", "Step 3", "Drop"} & set(question.choices)


def test_a_label_that_opens_many_items_is_no_term(notes: Path, write: WriteFile) -> None:
    """A changelog's "**NEW**:" defines nothing: a lead-in the note repeats is not asked."""
    changelog = (
        "- **NEW**: Add support for the latest emoji set in the writer.\n"
        "- **FIX**: Links no longer break inside code spans in tables.\n"
        "- **NEW**: Allow static anchors in caption block headers.\n"
    )
    questions = asked(notes, write, GLOSSARY + changelog, heading="Hyperparameters")
    defined = {q.answer for q in questions if isinstance(q, SingleChoice)}
    assert "NEW" not in defined and "Learning rate" in defined


def test_definition_choices_are_of_one_kind(notes: Path, write: WriteFile) -> None:
    body = GLOSSARY + "- **Stochastic gradient descent variant**: An optimiser that samples.\n"
    questions = asked(notes, write, body, heading="Hyperparameters")
    (momentum,) = [q for q in questions if isinstance(q, SingleChoice) and q.answer == "Momentum"]
    assert "Stochastic gradient descent variant" not in momentum.choices  # 4 words against 1


LISTS = """\
Supervised methods:

- Linear regression
- Decision trees
- Support vector machines

## Unsupervised

Unsupervised methods:

- K-means clustering
- Principal components
- Hierarchical clustering
- Autoencoders
"""


def test_a_list_of_terms_is_asked_among_terms_of_other_lists(notes: Path, write: WriteFile) -> None:
    questions = asked(notes, write, LISTS, heading="Supervised")
    (supervised,) = [
        q for q in questions if isinstance(q, MultipleChoice) and q.topic_id.endswith("/supervised")
    ]
    assert supervised.answers <= {"Linear regression", "Decision trees", "Support vector machines"}
    assert set(supervised.choices) - supervised.answers <= {
        "K-means clustering", "Principal components", "Hierarchical clustering", "Autoencoders"
    }  # fmt: skip


@pytest.mark.parametrize(
    "items",
    [
        ["Take the pre-lecture quiz.", "Complete the assignment.", "Complete the challenge."],
        ["Average_Score", "Hotel_Name", "Reviewer_Score"],  # column names are code
        ["subject (orm, or upon me)", "verb (Tá or is)", "adjective (athas, or happy)"],
    ],
)
def test_a_list_of_steps_sentences_or_code_is_not_asked(
    notes: Path, write: WriteFile, items: list[str]
) -> None:
    body = "\n".join(f"- {item}" for item in items) + "\n\n" + LISTS.split("\n\n", 1)[1]
    questions = asked(notes, write, body, heading="Steps")
    listed = [q for q in questions if isinstance(q, MultipleChoice)]
    assert not [q for q in listed if q.topic_id.endswith("steps")]


def test_a_neighbouring_list_of_the_same_section_gives_no_distractor(
    notes: Path, write: WriteFile
) -> None:
    body = (
        "Covered:\n\n- Linear regression\n- Decision trees\n- Naive Bayes\n\n"
        "Not covered:\n\n- Neural networks\n- Deep learning\n- Transformers\n\n"
        "## Other\n\n- Gradient boosting\n- Random forests\n- Nearest neighbours\n"
    )
    for question in asked(notes, write, body, heading="Scope"):
        if isinstance(question, MultipleChoice) and question.topic_id.endswith("scope"):
            wrong = set(question.choices) - question.answers
            assert not wrong & {"Neural networks", "Deep learning", "Transformers",
                                "Linear regression", "Decision trees", "Naive Bayes"}  # fmt: skip


def test_a_list_below_the_section_gives_its_question_no_distractor(
    notes: Path, write: WriteFile
) -> None:
    """A list in a subsection is under the section's heading too: its items would be right."""
    body = (
        "- Rejection\n- Failure\n- Quota\n\n"
        "### Shotgun approach\n\n- Quality\n- Social pressure\n- Convenience\n\n"
        "## Finance\n\n- Fixed cost\n- Variable cost\n- Startup cost\n"
    )
    (sales,) = [
        q
        for q in asked(notes, write, body, heading="Sales")
        if isinstance(q, MultipleChoice) and q.topic_id.endswith("/sales")
    ]
    wrong = set(sales.choices) - sales.answers
    assert wrong and wrong <= {"Fixed cost", "Variable cost", "Startup cost"}


@pytest.mark.parametrize(
    "body",
    [
        "The **derivative** is $f'(x)$, the slope of the tangent at each point.",
        "The **derivative** is \\frac{dy}{dx}, the slope of the tangent at each point.",
        "The **derivative** is `==slope==`, the slope of the **tangent at each point.",
    ],
)
def test_no_question_shows_raw_markup(notes: Path, write: WriteFile, body: str) -> None:
    assert asked(notes, write, body, heading="Derivatives") == []


def test_markup_reads_as_plain_text(notes: Path, write: WriteFile) -> None:
    body = (
        "Derivatives measure what is called the ==rate of change== of a function, see"
        " [[Limits|limits]]."
    )
    (question,) = asked(notes, write, body, heading="Derivatives")
    assert isinstance(question, Cloze)
    assert question.text == (
        "Derivatives measure what is called the {{rate of change}} of a function, see limits."
    )
    assert not re.search(r"\[\[|==|\*\*|`|\$", question.text)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("**Ordinal** classes, which involve an order, sort pumpkins by size.", None),
        ("**Ordinal**, which involves an order of the classes, like pumpkin sizes.",
         "{{Ordinal}}, which involves an order of the classes, like pumpkin sizes."),
        ("We need **a reward function**, which tells how well each move did.",
         "We need a {{reward function}}, which tells how well each move did."),
        ("The agent uses **a reward function** for each move it makes.", None),
        ('"The agent uses a **reward function**, which is nice," she said.', None),
        ("Run the algorithm through many passes, also called **epochs**: (code block 8)", None),
        # without a comma, the clause picks out a use case or goes on from a verb
        ("**Microservices** that need a shared cache across many nodes.", None),
        ("The id resolves to a session, **validating** that it was made by this user.", None),
    ],
)  # fmt: skip
def test_a_clause_after_a_term_says_what_it_is(
    notes: Path, write: WriteFile, body: str, expected: str | None
) -> None:
    """A relative clause defines the term before it; a quotation or a lead-in is not asked."""
    assert clozes(asked(notes, write, body, heading="Planning")) == ([expected] if expected else [])


def test_a_recall_card_names_its_headings_as_plain_text(notes: Path, write: WriteFile) -> None:
    text = "Support vector regression fits a tube around the data and ignores errors inside it."
    write("n.md", f"# Time series\n\n## Why `SVR`? [^1]\n\n{text}\n\n[^1]: A footnote.\n")
    (card,) = [q for q in load_course(notes).questions if q.kind == "recall"]
    assert card.prompt == "Time series › Why SVR?"


def test_a_courses_plan_is_not_asked_as_a_list(notes: Path, write: WriteFile) -> None:
    plan = "- Gradient boosting\n- Random forests\n- Nearest neighbours\n"
    other = "\n## Unsupervised\n\n- K-means clustering\n- Principal components\n- Autoencoders\n"
    for lead_in, asked_about in (("Ensembles", True), ("In this course you will learn", False)):
        body = f"{lead_in}:\n\n{plan}{other}"
        listed = [q for q in asked(notes, write, body, lead_in) if isinstance(q, MultipleChoice)]
        assert any(lead_in in q.prompt for q in listed) is asked_about


def test_a_definition_without_two_other_terms_to_choose_from_is_not_asked(
    notes: Path, write: WriteFile
) -> None:
    """Typing back a label the note only describes is a guess: a lone definition is recalled."""
    lone = "- **Future-proof**: Recommended pattern going forward for new projects.\n"
    assert asked(notes, write, lone, heading="Migration") == []
    defined = asked(notes, write, GLOSSARY, heading="Hyperparameters")
    assert {q.answer for q in defined if isinstance(q, SingleChoice)} == {
        "Learning rate", "Batch size", "Momentum"
    }  # fmt: skip


def defined_with_glossary(notes: Path, write: WriteFile, body: str) -> set[str]:
    """The terms asked for by definition in :data:`GLOSSARY` followed by ``body``."""
    questions = asked(notes, write, GLOSSARY + body, heading="Hyperparameters")
    return {q.answer for q in questions if isinstance(q, SingleChoice)}


def test_a_definition_ends_where_the_next_lines_definition_begins(
    notes: Path, write: WriteFile
) -> None:
    """One definition a line with no full stop reads as one sentence: the first text must
    not run into the second term."""
    lines = (
        "\n**Transition** - A to G and C to T, purine for purine\n"
        "**Transversion** - A to T and C to G, pyrimidine for purine\n"
    )
    questions = asked(notes, write, GLOSSARY + lines, heading="Mutations")
    (transition,) = [q for q in questions if isinstance(q, SingleChoice) and "purine" in q.prompt]
    assert transition.answer == "Transition"
    assert "A to G and C to T, purine for purine" in transition.prompt
    assert "Transversion" not in transition.prompt
    # a marked term inside the sentence, after a word that needs one, begins nothing
    inside = "\n**Softmax**: a function that turns scores into probabilities for the"
    inside += " **cross-entropy** - a loss.\n"
    questions = asked(notes, write, GLOSSARY + inside, heading="Layers")
    (softmax,) = [q for q in questions if isinstance(q, SingleChoice) and q.answer == "Softmax"]
    assert "for the cross-entropy - a loss" in softmax.prompt
    after_a_comma = "\n**Epoch**: one full pass over the training data, **early stopping** -"
    after_a_comma += " ending training sooner - counts them.\n"
    questions = asked(notes, write, GLOSSARY + after_a_comma, heading="Training")
    assert not [q.prompt for q in questions if "training data,”" in q.prompt]


def test_a_definition_that_counts_what_its_list_holds_leads_into_the_list(
    notes: Path, write: WriteFile
) -> None:
    counted = "- **Request-reply protocol**: Involves three primitives:\n  - doOperation\n"
    whole = "- **Pooling layer**: Reduces spatial dimensions:\n  - max pooling\n"
    answers = defined_with_glossary(notes, write, counted + whole)
    assert "Pooling layer" in answers and "Request-reply protocol" not in answers


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("Sender", True),
        ("Sender:", False),
        ("Java API:", False),
        # a possessive after an article owns a noun that is missing
        ("The Buyer's", False),
        ("the students'", False),
        ("Alzheimer's", True),
        ("Newton's law", True),
    ],
)
def test_a_label_that_leads_into_what_is_under_it_is_no_term(text: str, term: bool) -> None:
    assert is_term(text, ENGLISH) is term


def test_a_dutch_plural_with_an_apostrophe_is_no_possessive() -> None:
    dutch = next(language for language in LANGUAGES if language.code == "nl")
    assert is_term("de foto's", dutch)


def test_a_numbered_lists_bold_leads_are_steps_not_terms(notes: Path, write: WriteFile) -> None:
    numbered = "".join(
        f"{number}. {line[2:]}\n" for number, line in enumerate(GLOSSARY.splitlines(), start=1)
    )
    assert asked(notes, write, numbered, heading="Hyperparameters") == []
    assert len(asked(notes, write, GLOSSARY, heading="Hyperparameters")) == 3


@pytest.mark.parametrize(
    ("heading", "body"),
    [
        ("Benefits of batching", GLOSSARY),
        ("Best practices", GLOSSARY),
        ("Limitations", GLOSSARY),
        ("When to use it", "We need **a reward function**, which tells how well each"
         " move did."),
        ("Benefits", LISTS),
        # the cases of an example: described for the example, not defined
        ("Security-critical examples: Banking", GLOSSARY),
        # release notes: a heading that is a version or a date
        ("3.0.0beta1", GLOSSARY),
        ("2026-07-28", GLOSSARY),
        ("Version 2.1", GLOSSARY),
        ("Release 2.1 (2024-01-02)", GLOSSARY),
        ("v2.1", LISTS),
        # a list under a claim or a question names no term it belongs to
        ("Type inference is more trustworthy", LISTS),
        ("What stays familiar", LISTS),
    ],
)  # fmt: skip
def test_nothing_is_asked_under_a_heading_of_merits_advice_releases_or_claims(
    notes: Path, write: WriteFile, heading: str, body: str
) -> None:
    """Bold leads there are selling points ("**Better type safety**: Improved IDE support"),
    a release's notes name its features, and a list under a claim is the claim's evidence."""
    assert asked(notes, write, body, heading=heading) == []
    assert asked(notes, write, body, heading="Training")  # the same under a plain heading


@pytest.mark.parametrize(
    "lead_in", ["The timeout parameter ensures that:", "When a client is patched, it adds:"]
)
def test_a_list_of_what_something_gives_is_not_a_glossary(
    notes: Path, write: WriteFile, lead_in: str
) -> None:
    """Its items are features named for the argument ("**Predictable behavior**: …")."""
    assert asked(notes, write, f"{lead_in}\n\n{GLOSSARY}", heading="Hyperparameters") == []
    later = f"Training has settings.\n\n```\nfit()\n```\n\n{lead_in}\n\n{GLOSSARY}"
    assert asked(notes, write, later, heading="Hyperparameters") == []
    glossary = f"The settings to know:\n\n{GLOSSARY}"
    assert len(asked(notes, write, glossary, heading="Hyperparameters")) == 3


def test_a_code_spans_language_prefix_is_not_shown(notes: Path, write: WriteFile) -> None:
    body = "A template string such as `#!python f'{x}'` is a kind called an **f-string** here."
    (question,) = asked(notes, write, body, heading="Templates")
    assert isinstance(question, Cloze)
    assert question.text == (
        "A template string such as f'{x}' is a kind called an {{f-string}} here."
    )


def test_a_text_that_defines_two_terms_asks_neither(notes: Path, write: WriteFile) -> None:
    twice = (
        "- **Stale timestamps**: Leave the timestamp off file headers.\n"
        "- **Bare headers**: Leave the timestamp off file headers.\n"
    )
    questions = asked(notes, write, GLOSSARY + twice, heading="Hyperparameters")
    defined = {q.answer for q in questions if isinstance(q, SingleChoice)}
    assert defined == {"Learning rate", "Batch size", "Momentum"}


def test_a_command_line_option_is_no_term(notes: Path, write: WriteFile) -> None:
    options = GLOSSARY.replace("**Batch size**", "**--batch-size**")
    questions = asked(notes, write, options, heading="Hyperparameters")
    assert all("--batch-size" not in q.choices for q in questions if isinstance(q, SingleChoice))
    assert not [q for q in questions if isinstance(q, SingleChoice) and q.answer == "--batch-size"]


@pytest.mark.parametrize(
    "heading",
    [
        "Characteristics of optimisers",
        "Why tune hyperparameters?",
        "Use cases",
        "Memory considerations",
        "2.3 Hyperparameters",
        "1.2.1 Settings",
        "Session state (2026-07-28)",
    ],
)
def test_a_heading_that_describes_numbers_or_dates_a_lesson_is_no_release_or_advice(
    notes: Path, write: WriteFile, heading: str
) -> None:
    """Descriptive headings hold definitions, and a section's number or date is not a
    release's: only the heading's main content says what the section is."""
    assert len(asked(notes, write, GLOSSARY, heading=heading)) == 3


@pytest.mark.parametrize(
    ("parent", "asks"),
    [
        ("Lecture 3 (2024-09-12)", True),
        ("1.2 Training", True),
        ("Benefits of batching", True),  # only the topic's own heading may advise
        ("Release 2.1 (2024-01-02)", False),  # a release's sections are its notes
    ],
)
def test_a_parent_heading_counts_only_when_it_is_a_release(
    notes: Path, write: WriteFile, parent: str, asks: bool
) -> None:
    write("n.md", f"# Course\n\n## {parent}\n\n### Hyperparameters\n\n{GLOSSARY}")
    questions = [q for q in load_course(notes).questions if q.kind != "recall"]
    assert bool(questions) is asks


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Tiles cover an area in m<sup>2</sup>, called the **floor area** of a room.",
         "Tiles cover an area in m², called the {{floor area}} of a room."),
        ("A decay rate in s<sup>-1</sup> is what is called the **rate constant** here.",
         "A decay rate in s⁻¹ is what is called the {{rate constant}} here."),
        ("Scaling by 10<sup>3</sup> gives what is called a **kilo unit** in most texts.",
         "Scaling by 10³ gives what is called a {{kilo unit}} in most texts."),
        ("Adding `width`<sup>2</sup> as a feature gives what is called a **polynomial trick**"
         " here.",
         "Adding width² as a feature gives what is called a {{polynomial trick}} here."),
        ("Tiling<sup>1</sup> covers a plane with what is called a **floor tile** here.",
         "Tiling covers a plane with what is called a {{floor tile}} here."),
        ("Tiling covers a plane.<sup>2</sup> The unit is called a **floor tile** here.",
         "The unit is called a {{floor tile}} here."),
        ("Tiling<sup>[3]</sup> covers a plane with what is called a **floor tile** here.",
         "Tiling covers a plane with what is called a {{floor tile}} here."),
        ("Tiling<sup><a href='#fn1'>1</a></sup> covers a plane with what is called a"
         " **floor tile** here.",
         "Tiling covers a plane with what is called a {{floor tile}} here."),
        ("Tiling[^1] covers a plane with what is called a **floor tile** here.\n\n"
         "[^1]: A note.",
         "Tiling covers a plane with what is called a {{floor tile}} here."),
    ],
)  # fmt: skip
def test_a_superscript_is_an_exponent_unless_it_marks_a_footnote(
    notes: Path, write: WriteFile, body: str, expected: str
) -> None:
    """A bare number raised right after a unit, a variable or a digit is an exponent; after
    a word or a sentence's end, like a link or a bracketed number, it marks a footnote."""
    assert clozes(asked(notes, write, body, heading="Geometry")) == [expected]


@pytest.mark.parametrize(
    ("heading", "body"),
    [
        ("Deferred widget loaders", "**DeferredWidgetLoader** is a loader that fetches"
         " widgets only once they are shown."),
        ("Use lazy widgets", "**UseLazyWidgets** is a switch that makes every widget of a page"
         " load late."),
        ("Plain and framed widget panels", "**Framed panels** are the usual way to group"
         " widgets on a page."),
        ("Widget API", "The **Widget class** is the core component that every screen of the"
         " toolkit draws."),
        ("Rendered widget frames", "**RenderingFrame** is the helper that paints one widget"
         " on a page."),
        ("Buses", "A **bus** is a shared pathway that carries data between the parts of a"
         " computer."),
        ("Functional PLs", "A **functional PL** is a language that computes by applying"
         " functions to values."),
    ],
)  # fmt: skip
def test_no_blank_that_the_heading_gives_away_in_another_form(
    notes: Path, write: WriteFile, heading: str, body: str
) -> None:
    """CamelCase, a plural or another ending, words in another order or a generic
    "class" or "API" still show the answer: all its words that say which thing it is
    are the heading's (compared by their stems)."""
    assert clozes(asked(notes, write, body, heading=heading)) == []
    assert clozes(asked(notes, write, body, heading="Toolkit"))  # asked under another heading


@pytest.mark.parametrize(
    ("body", "asks"),
    [
        ("The simplest form of input is a plain string of text.", False),
        ("The **main kind of widget** is a button that a user presses.", False),
        ("The plain input is a string of text without any markup.", True),
    ],
)
def test_a_ranking_lead_in_is_no_term(notes: Path, write: WriteFile, body: str, asks: bool) -> None:
    assert bool(clozes(asked(notes, write, body, heading="Prompts"))) is asks


def test_a_definition_that_holds_its_terms_words_gives_it_away(
    notes: Path, write: WriteFile
) -> None:
    given = "- **Initial state**: The initial board state before any move.\n"
    assert defined_with_glossary(notes, write, given) == GLOSSARY_TERMS


@pytest.mark.parametrize(
    "given",
    [
        "- **Apple**: music, try the products, feel, see.\n",
        "- **Attention factors**: needs, involvements, attitudes\n",
    ],
)
def test_a_run_of_short_parts_between_commas_defines_nothing(
    notes: Path, write: WriteFile, given: str
) -> None:
    assert defined_with_glossary(notes, write, given) == GLOSSARY_TERMS
    described = "- **Standard deviation**: A measure of spread, the root of the variance.\n"
    assert "Standard deviation" in defined_with_glossary(notes, write, described)


def test_no_two_choices_are_forms_of_one_word(notes: Path, write: WriteFile) -> None:
    """ "Foliated" beside "Foliation": when one is right the other reads as right too."""
    body = (
        "- **Foliation**: A parallel alignment of minerals in a rock.\n"
        "- **Foliated**: Describes a rock with nearly parallel mineral strips.\n"
        "- **Recrystallization**: A change in the size and shape of mineral grains.\n"
        "- **Metasomatism**: A change in chemistry brought by hot fluids.\n"
    )
    questions = asked(notes, write, body, heading="Textures")
    assert questions and all(isinstance(q, SingleChoice) for q in questions)
    for question in questions:
        assert isinstance(question, SingleChoice)
        assert not {"Foliation", "Foliated"} <= set(question.choices)


def test_no_choice_is_a_term_the_note_defines_by_the_answer(notes: Path, write: WriteFile) -> None:
    """A variant or another name of the answer ("Simplified LSTM alternative") may fit the
    answer's definition too: it is no wrong choice."""
    body = (
        "- **LSTM**: A recurrent network with gates that control what it keeps.\n"
        "- **GRU**: A simplified LSTM alternative with fewer parameters.\n"
        "- **Transformer**: A network that relates all positions through attention.\n"
        "- **Perceptron**: A single neuron that thresholds a weighted sum.\n"
        "- **Autoencoder**: A network trained to reproduce its input through a bottleneck.\n"
    )
    questions = asked(notes, write, body, heading="Architectures")
    lstm = next(q for q in questions if isinstance(q, SingleChoice) and q.answer == "LSTM")
    assert isinstance(lstm, SingleChoice) and "GRU" not in lstm.choices
    gru = next(q for q in questions if isinstance(q, SingleChoice) and q.answer == "GRU")
    assert isinstance(gru, SingleChoice) and "LSTM" not in gru.choices  # its text names it


def test_a_literal_value_is_no_definition_but_its_term_is_a_choice(
    notes: Path, write: WriteFile
) -> None:
    """A quoted value or an identifier says nothing a learner can recall a term from."""
    literal = '- **Info label**: "widgets.store.kdf.v1"\n- **Salt tag**: `widgets.salt.v2`\n'
    assert defined_with_glossary(notes, write, literal) == {
        "Learning rate",
        "Batch size",
        "Momentum",
    }
    lone = "- **Learning rate**: How far each step moves the weights.\n" + literal
    (question,) = asked(notes, write, lone, heading="Hyperparameters")
    assert isinstance(question, SingleChoice)
    assert set(question.choices) == {"Learning rate", "Info label", "Salt tag"}


def test_a_stray_asterisk_keeps_a_list_item_out(notes: Path, write: WriteFile) -> None:
    body = LISTS.replace("- Decision trees", "- *Decision trees").replace(
        "- Linear regression", "- Linear regression*"
    )
    for question in asked(notes, write, body, heading="Supervised"):
        if isinstance(question, MultipleChoice):
            assert not any("*" in choice for choice in question.choices), question.choices


def test_a_wrong_choice_does_not_stand_out_by_its_first_letters_case(
    notes: Path, write: WriteFile
) -> None:
    """Among right items that all open in lower case, a capitalised name is told apart by its
    look; where the right items' cases are mixed, any case may be offered."""
    body = (
        "- rocky surface\n- thin atmosphere\n- similar in size\n\n"
        "## Panel\n\n- Pat Sapinsley\n- Apoorv Sinha\n- David Elenowitz\n\n"
        "## Moons\n\n- ancient craters\n- airless surface\n- geologically dead\n"
    )
    questions = [
        q
        for q in asked(notes, write, body, heading="Terrestrial planets")
        if isinstance(q, MultipleChoice)
    ]
    assert {q.topic_id.rsplit("/", 1)[1] for q in questions} == {"terrestrial-planets", "moons"}
    for question in questions:
        assert not {"Pat Sapinsley", "Apoorv Sinha", "David Elenowitz"} & set(question.choices)


def test_an_outline_of_lists_in_lists_is_not_asked(notes: Path, write: WriteFile) -> None:
    """Its items head sub-points of mixed kinds ("Employment Income" over "take more health
    care benefits"), and a nested list is about its item, not the heading it is under."""
    body = (
        "- Food\n  - bread\n  - cheese\n  - soy sauce\n- Medicine\n  - penicillin\n"
        "  - statins\n  - cyclosporin\n- Fuel\n  - bioethanol\n  - biogas\n  - biodiesel\n\n"
        + LISTS.split("\n\n", 1)[1]
    )
    uses = [
        q
        for q in asked(notes, write, body, heading="Uses of fungi")
        if isinstance(q, MultipleChoice)
    ]
    assert not [q for q in uses if q.topic_id.endswith("uses-of-fungi")]
    assert not any("bread" in q.choices or "Food" in q.choices for q in uses)  # no distractors


@pytest.mark.parametrize(
    "body",
    [
        # what is so called is said in the sentence before, out of the cloze's view
        "A nearest-neighbour model has no training phase. Instead, it keeps the data and"
        " predicts by similarity. This is why it is called a **lazy learning algorithm**.",
        "Not every pair of sets is related by inclusion. That's why it's called a"
        " **partial** order.",
        # a tag is no part of a term
        "#economics Gross domestic product is a sum of a country's spending in one year.",
    ],
)
def test_a_blank_needs_the_sentence_to_say_what_it_names(
    notes: Path, write: WriteFile, body: str
) -> None:
    assert clozes(asked(notes, write, body, heading="Learners")) == []


def test_a_label_such_as_assumption_is_no_term(notes: Path, write: WriteFile) -> None:
    body = (
        "- **Bayesian network** — a directed acyclic graph of random variables\n"
        "- **First-order logic** — a formal system with quantified variables\n"
        "- **Markov chain** — a sequence of states where each depends on the last\n\n"
        "## Weights\n\n"
        "- One way to weigh a term is by its frequency in the document\n"
        "- Assumption: the more frequent terms in a document are more important to its topic.\n"
        "- We may want to normalise the frequency across the corpus\n"
    )
    prompts = [q.prompt for q in asked(notes, write, body, heading="Models")]
    assert len(prompts) == 3 and not any("more frequent terms" in prompt for prompt in prompts)


@pytest.mark.parametrize(
    ("heading", "items"),
    [
        ("Network", ["2 inputs", "25 hidden neurons", "1 output neuron"]),  # one example's sizes
        ("References", ["Mixed precision guide", "Training handbook", "Tensor cores primer"]),
    ],
)
def test_a_list_of_one_examples_figures_or_of_references_is_not_asked(
    notes: Path, write: WriteFile, heading: str, items: list[str]
) -> None:
    body = "\n".join(f"- {item}" for item in items) + "\n\n## Methods\n\n" + LISTS
    slug = heading.casefold()
    questions = asked(notes, write, body, heading=heading)
    assert not [q for q in questions if q.topic_id.endswith(slug)]
