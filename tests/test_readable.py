"""Notes as a reader sees them: Obsidian, textbook and LaTeX markup turned into what it means."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from tests.conftest import WriteFile
from tutor.course.formulas import formulas_plain
from tutor.course.latex import unicode_math
from tutor.course.library import MAX_DEPTH
from tutor.course.loader import load_course
from tutor.course.model import Course, Topic
from tutor.course.readable import readable
from tutor.course.textbook import textbook_text


def test_readable_keeps_wikilinks_in_code() -> None:
    text = "Link [[a|b]].\n\n```\n[[code]]\n```\n\n    [[indented]]\n"
    assert readable(text) == "Link b.\n\n```\n[[code]]\n```\n\n    [[indented]]\n"


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("A ==key idea== here", "A **key idea** here"),
        ("code `a==b==c` stays", "code `a==b==c` stays"),
        ("A paragraph. ^para-1", "A paragraph."),
        ("x^2 stays", "x^2 stays"),
        ("seen %% not seen %% seen", "seen  seen"),
        ("before\n%%\nhidden\n%%\nafter", "before\nafter"),
        ("> [!tip]- Folded tip\n> body", "> **Tip**: Folded tip\n> body"),
        ("> [!NOTE]\n> body", "> **Note**\n> body"),
        ("![[diagram.png]]", "[image: diagram.png]"),
        ("![[Other note#Part]]", "Other note › Part"),
        ("```\nx = 1 %% ==not== ^id\n```", "```\nx = 1 %% ==not== ^id\n```"),
    ],
)
def test_obsidian_syntax_reads_as_meaning_in_the_lesson(written: str, shown: str) -> None:
    assert readable(written) == shown


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (r"\frac{d}{dx}c = 0", "d/dx c = 0"),
        (r"x^2", "x²"),
        (r"\alpha", "α"),
        (r"x_i^2 + y_{ij}", "xᵢ² + yᵢⱼ"),
        (r"\sum_{i=1}^n x_i", "∑ᵢ₌₁ⁿ xᵢ"),
        (r"\sum^\infin_1 a_n", "∑^∞₁ aₙ"),  # KaTeX's \infin, written in Obsidian notes
        (r"\mathbf{x} \in \mathbb{R}^n", "𝐱 ∈ ℝⁿ"),
        (r"\mathbf{X}^\top", "𝐗ᵀ"),
        (r"\frac{a+b}{c}", "(a+b)/c"),
        (r"\frac{\partial L}{\partial w}", "∂L/∂w"),
        (r"\sigma(x) = \frac{1}{1 + \exp(-x)}", "σ(x) = 1/(1 + exp(-x))"),
        (r"\|x\|_2 \leq \epsilon", "‖x‖₂ ≤ ϵ"),
        (r"x^{(i)}", "x⁽ⁱ⁾"),
        (r"e^{-x^2}", "e^(-x²)"),  # ² has no superscript: the exponent stays in brackets
        (r"a_{\text{max}}", "aₘₐₓ"),
        (r"x_{\mathrm{new}}", "x_(new)"),  # no subscript w: all or nothing
        (r"P(y \mid x)", "P(y | x)"),
        (r"\text{if } x > 0", "if x > 0"),
        (r"\begin{aligned} a &= b \\ c &= d \end{aligned}", "a = b; c = d"),
    ],
)
def test_latex_reads_as_unicode(latex: str, text: str) -> None:
    assert unicode_math(latex) == text


def test_a_display_formula_keeps_its_lines() -> None:
    assert unicode_math(r"a &= b \\ c &= d", display=True) == "a = b\nc = d"


@pytest.mark.parametrize("latex", [r"\unknowncommand{x}", r"\today", r"x^{", r"\input{secret}"])
def test_what_is_not_known_is_not_guessed(latex: str) -> None:
    assert unicode_math(latex) is None


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        (r"The rule $\frac{d}{dx}c = 0$ holds.", "The rule d/dx c = 0 holds."),
        ("Squares: $x^2$, letters: $\\alpha$.", "Squares: x², letters: α."),
        ("A coffee costs $5 and a book $10.", "A coffee costs $5 and a book $10."),
        ("From $5-$10 a day", "From $5-$10 a day"),
        ("Escaped \\$x\\$ stays", "Escaped \\$x\\$ stays"),
        ("Code `$x^2$` stays, $x^2$ not", "Code `$x^2$` stays, x² not"),
        ("```\n$x^2$\n```", "```\n$x^2$\n```"),
        ("$a * b * c$ and $a_b$", "a \\* b \\* c and a\\_b"),  # never emphasis
        ("$-x$ is negative", "\\-x is negative"),  # never a list item
        ("Unknown $\\weird{x}$ here", "Unknown `$\\weird{x}$` here"),
        ("$$\\weird{x}$$", "\n```latex\n$$\\weird{x}$$\n```\n"),
        ("Before\n$$\na &= b \\\\\nc &= d\n$$\nafter", "Before\n\na = b\\\nc = d\n\nafter"),
        ("> $$x_i$$\n> quoted", "> \n> xᵢ\n> \n> quoted"),
        ("MathJax \\(x^2 + \\alpha\\) inline", "MathJax x² + α inline"),
        ("Before\n\\[\na \\le b\n\\]\nafter", "Before\n\na ≤ b\n\nafter"),
        ("An \\[escaped\\] bracket, \\( \\) empty", "An \\[escaped\\] bracket, \\( \\) empty"),
        ("\\[ a \\le b \\]", "\na ≤ b\n"),
        (  # references, not a formula from the first to the last
            "\\[1\\] Smith, J.\n\nA paragraph.\n\n\\[2\\] Doe, K., after \\[1\\]",
            "\\[1\\] Smith, J.\n\nA paragraph.\n\n\\[2\\] Doe, K., after \\[1\\]",
        ),
        ("\\[\na\n\nb\n\\]", "\\[\na\n\nb\n\\]"),  # a blank line ends any formula
    ],
)
def test_math_in_a_lesson_reads_as_unicode(written: str, shown: str) -> None:
    assert readable(written) == shown


def test_math_renders_as_the_text_it_means_in_markdown() -> None:
    """What the lesson widget is given parses back to exactly the Unicode text."""
    shown = readable("Here $a * b * c_{*}$ and $[x]_+ = \\max(x, 0)$ end")
    tokens = MarkdownIt("commonmark").parseInline(shown)
    children = tokens[0].children or []
    assert [child.type for child in children] == ["text"]
    assert children[0].content == "Here a * b * c_* and [x]₊ = max(x, 0) end"


def test_plain_text_gets_unicode_math_unescaped() -> None:
    assert formulas_plain("Is $a * b = \\frac{1}{2}$ for $5?") == "Is a * b = 1/2 for $5?"
    assert formulas_plain("Is \\(a_i \\times b\\) one?") == "Is aᵢ × b one?"


D2L_CHAPTER = """\
# Linear Regression
:label:`sec_linear_regression`

```{.python .input}
%load_ext d2lbook.tab
tab.interact_select(['mxnet', 'pytorch'])
```

Regression predicts a value :cite:`Rumelhart.Hinton.Williams.ea.1988,Smith.2020`.
As :numref:`fig_fit` shows, the loss in :eqref:`eq_mse` is squared;
see :numref:`the intro <sec_intro>`.
$$l = y^2$$
:eqlabel:`eq_mse`

![A fitted line.](../img/fit-linreg.svg)
:width:`400px`
:label:`fig_fit`

```{.python .input}
#@tab mxnet
from mxnet import np
```

```{.python .input}
#@tab pytorch
import torch
```

```{.python .input}
#@tab all
x = 1
```

:begin_tab:`mxnet`
In MXNet, arrays are `np.ndarray`.
:end_tab:

:begin_tab:`pytorch`
In PyTorch, arrays are `torch.Tensor`.
:end_tab:
"""


def test_a_textbook_chapter_reads_with_its_first_tab() -> None:
    assert readable(D2L_CHAPTER) == (
        "# Linear Regression\n"
        "\n"
        "\n"
        "Regression predicts a value \\[Rumelhart et al. 1988; Smith 2020\\].\n"
        "As fig\\_fit shows, the loss in (eq\\_mse) is squared;\n"
        "see the intro.\n"
        "\n"
        "l = y²\n"
        "\n"
        "\n"
        "[image: A fitted line. (../img/fit-linreg.svg)]\n"
        "\n"
        "```{.python .input}\n"
        "from mxnet import np\n"
        "```\n"
        "\n"
        "\n"
        "```{.python .input}\n"
        "x = 1\n"
        "```\n"
        "\n"
        "In MXNet, arrays are `np.ndarray`.\n"
        "\n"
    )


def test_a_configured_tab_is_the_one_shown() -> None:
    shown = textbook_text(D2L_CHAPTER, "PyTorch")
    assert "import torch" in shown and "torch.Tensor" in shown
    assert "mxnet" not in shown.casefold().replace("'mxnet', 'pytorch'", "")
    assert "x = 1" in shown  # #@tab all


def test_roles_inside_code_stay_as_written() -> None:
    assert readable("See `:numref:`x`` and :numref:`sec_y`.") == ("See `:numref:`x`` and sec\\_y.")


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("Tagged #ml and #deep/learning.", "Tagged `#ml` and `#deep/learning`."),
        ("#start of a line", "`#start` of a line"),
        ("Not tags: C# #1 a#b [x](#anchor) `#code`", "Not tags: C# #1 a#b [x](#anchor) `#code`"),
        ("# A heading #not-a-tag-here", "# A heading #not-a-tag-here"),
        ("![A plot](img/plot.png)", "[image: A plot (img/plot.png)]"),
        ("![](img/plot.png)", "[image: img/plot.png]"),
        ("![[plot.png|300]]", "[image: plot.png]"),
        ("![[plot.png|The loss]]", "[image: The loss (plot.png)]"),
    ],
)
def test_tags_and_images(written: str, shown: str) -> None:
    assert readable(written) == shown


def test_embeds_show_the_note_or_section_they_name(notes: Path, write: WriteFile) -> None:
    write(
        "Calculus.md",
        "# Calculus\n\nIntro.\n\n![[Limits#Definition]]\n\n> ![[sub/Deep]]\n\n"
        "![[Missing note]]\n\n![[Limits#No such heading]]\n\nInline ![[Limits]] stays a name.\n",
    )
    write("Limits.md", "# Limits\n\n## Definition\n\n$\\lim f = L$ when close.\n\n## Other\n")
    write("sub/Deep.md", "# Deep\n\nDeep text.\n")
    lesson = topic(load_course(notes), "Calculus").lesson()
    assert lesson == (
        "# Calculus\n\nIntro.\n\n"
        "> # Definition\n>\n> lim f = L when close.\n\n"
        "> > # Deep\n> >\n> > Deep text.\n\n"
        "*\\[missing: Missing note\\]*\n\n"
        "*\\[missing: Limits › No such heading\\]*\n\n"
        "Inline Limits stays a name."
    )


def test_a_block_embed_shows_the_block_its_id_marks(notes: Path, write: WriteFile) -> None:
    write(
        "Index.md",
        "# Index\n\n![[Facts#^speed]]\n\n![[Facts#^first]]\n\n![[Facts#Table#^sizes]]\n\n"
        "![[Facts#^nowhere]]\n",
    )
    write(
        "Facts.md",
        "# Facts\n\nLight is fast.\nIt travels 300,000 km a second. ^speed\n\n"
        "- Sound is slower ^first\n- Other item\n\n## Table\n\n| size | name |\n| - | - |\n"
        "| 1 | one |\n\n^sizes\n",
    )
    lesson = topic(load_course(notes), "Index").lesson()
    assert lesson == (
        "# Index\n\n> Light is fast.\n> It travels 300,000 km a second.\n\n"
        "> - Sound is slower\n\n"
        "> | size | name |\n> | - | - |\n> | 1 | one |\n\n"
        "*\\[missing: Facts › \\^nowhere\\]*"
    )


def test_embed_cycles_and_depth_are_bounded(notes: Path, write: WriteFile) -> None:
    write("A.md", "# A\n\nText A.\n\n![[B]]\n")
    write("B.md", "# B\n\nText B.\n\n![[A]]\n")
    write("C.md", "# C\n\n![[C]]\n")
    course = load_course(notes)
    assert topic(course, "A").lesson() == (
        "# A\n\nText A.\n\n> # B\n>\n> Text B.\n>\n> > # A\n> >\n> > Text A.\n> >\n"
        "> > *\\[B: shown above\\]*"
    )
    assert topic(course, "C").lesson() == "# C\n\n> # C\n>\n> *\\[C: shown above\\]*"
    assert MAX_DEPTH == 3


def topic(course: Course, title: str) -> Topic:
    return next(found for found in course.walk() if found.title == title)


def test_questions_read_the_note_as_the_lesson_shows_it(notes: Path, write: WriteFile) -> None:
    write(
        "derivatives.md",
        "# Derivatives\n\n"
        "The **power rule** is the derivative $\\frac{d}{dx}x^n = n x^{n-1}$ for every"
        " real $n$.\n\n"
        ":begin_tab:`mxnet`\nThe **NDArray** is the array type of MXNet.\n:end_tab:\n\n"
        ":begin_tab:`pytorch`\nThe **Tensor** is the array type of PyTorch.\n:end_tab:\n",
    )
    asked = [question.text for question in load_course(notes).questions]
    assert asked == [
        "The {{power rule}} is the derivative d/dx xⁿ = n xⁿ⁻¹ for every real n.",
        "The {{NDArray}} is the array type of MXNet.",  # one tab, as the lesson shows
    ]
    write("course.toml", 'tab = "pytorch"\n')
    assert "The {{Tensor}} is the array type of PyTorch." in [
        question.text for question in load_course(notes).questions
    ]


def test_the_lesson_pane_gets_callouts_highlights_and_links_to_draw() -> None:
    written = "> [!tip]- Folded ==tip== [[Note#Part|part]] ^id\n> body %% hidden %%"
    assert readable(written, lesson=True) == "> [!tip]- Folded ==tip== [part](<Note#Part>)\n> body "
