"""LaTeX math as Unicode text a terminal can show: ``\\frac{d}{dx}c = 0`` -> ``d/dx c = 0``.

pylatexenc parses the LaTeX and knows the symbols (``\\alpha`` -> ``α``,
``\\mathbb{R}`` -> ``ℝ``); what it writes plainly is done here: ``^`` and
``_`` become Unicode super- and subscripts where every character has one
(``x^2`` -> ``x²``, ``x_{ij}`` -> ``xᵢⱼ``) and stay as ``^(…)`` where not, a
fraction brackets a numerator or denominator of more than one term
(``(a+b)/c``), and norms, sizing commands and alignment read as text.

A formula holding anything pylatexenc does not know (an unknown command or
environment, a macro that would read files or the date) is not guessed at:
:func:`unicode_math` answers None and the caller shows the source instead.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from pylatexenc import latexwalker
from pylatexenc.latex2text import (
    EnvironmentTextSpec,
    LatexNodes2Text,
    MacroTextSpec,
    SpecialsTextSpec,
    get_default_latex_context_db,
)
from pylatexenc.macrospec import MacroSpec, MacroStandardArgsParser, SpecialsSpec, std_macro

SUPERSCRIPTS = dict(
    zip(
        "0123456789+-−=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVWαβγδεθιφχ⊤′*",
        "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂᵅᵝᵞᵟᵋᶿᶥᵠᵡᵀ′*",
        strict=True,
    )
)
SUBSCRIPTS = dict(
    zip(
        "0123456789+-−=()aehijklmnoprstuvxβγρφχ",
        "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓᵦᵧᵨᵩᵪ",
        strict=True,
    )
)

_GAP = "\ue000"  # after a fraction: a space if a term follows ("d/dx c"), else nothing
_GAP_BEFORE_TERM = re.compile(f"{_GAP}(?=[\\w(\\[{{|‖√∑∏∫∂∇])")
_SPACES = re.compile(r"[ \t]{2,}")
_SPACE_BEFORE_SCRIPT = re.compile(r"(?<=\S) +(?=[⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾₀-₎])")
_SOURCE_SPACES = {  # spaces where the source has them, as pylatexenc's "based-on-source",
    "between-macro-and-chars": False,
    "between-latex-constructs": True,  # but kept between "\\mathbf{x} \\in"
    "after-comment": False,
    "in-equations": None,
}
_UNSAFE = frozenset({"today", "input", "include", "includegraphics", "url", "href"})
"""Commands never rendered: they read the clock or files, or stand for what text cannot show."""

# Sizing and spacing commands that read as nothing (or a space) in text.
_SILENT = ("left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr")
_SILENT += ("biggl", "biggr", "middle", "displaystyle", "textstyle", "scriptstyle", "limits")
_SILENT += ("nolimits", "nonumber", "notag", "allowbreak", "!", "label")
_SPACING = (",", ";", ":", " ", "quad", "qquad", "enspace", "thinspace", "medspace")
_SYMBOLS = {
    "|": "‖",
    "lVert": "‖",
    "rVert": "‖",
    "Vert": "‖",
    "lvert": "|",
    "rvert": "|",
    "vert": "|",
    "langle": "⟨",
    "rangle": "⟩",
    "lceil": "⌈",
    "rceil": "⌉",
    "lfloor": "⌊",
    "rfloor": "⌋",
    "coloneqq": "≔",
    "iff": "⟺",
    "implies": "⟹",
    "argmax": "argmax",
    "argmin": "argmin",
    "prime": "′",
    "intercal": "ᵀ",
    "infin": "∞",  # KaTeX's and MathJax's name beside \infty, as notes written in Obsidian use
}
_ONE_ARGUMENT = ("operatorname", "boldsymbol", "bm", "mathsf", "mathtt", "pmb", "mathnormal")
_ONE_ARGUMENT += ("textbf", "textit", "textrm", "mbox", "hbox", "overline", "underline")
_ONE_ARGUMENT += ("vec", "tag", "underbrace", "overbrace")
_FRACTIONS = ("frac", "tfrac", "dfrac", "cfrac")
_ALIGNED = ("aligned", "align", "align*", "alignedat", "gathered", "gather", "gather*")
_ALIGNED += ("split", "equation", "equation*", "multline", "multline*", "eqnarray")
_MATRICES = ("matrix", "vmatrix", "Vmatrix", "cases", "dcases")


@lru_cache(maxsize=4096)  # a lesson is laid out again each time its topic is shown
def unicode_math(latex: str, display: bool = False) -> str | None:
    """The formula as Unicode text; None where it holds what is not rendered.

    A display formula keeps its lines (``\\\\``, rows of ``aligned`` or
    ``cases``); inline, they are joined by "; ".
    """
    try:
        nodes = latexwalker.LatexWalker(
            latex.replace(_GAP, ""), latex_context=_parse_context(), tolerant_parsing=False
        ).get_latex_nodes()[0]
    except latexwalker.LatexWalkerError:
        return None
    converter = _converter()
    if not _renderable(nodes, converter):
        return None
    text = converter.nodelist_to_text(nodes)
    text = _GAP_BEFORE_TERM.sub(" ", text).replace(_GAP, "")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    lines = [_SPACE_BEFORE_SCRIPT.sub("", line) for line in lines if line]
    if display:
        return "\n".join(lines)
    joined = lines[0] if lines else ""
    for line in lines[1:]:  # "f(x) =" then a case: one clause; rows apart by "; "
        joined += (" " if joined.endswith(("=", "+", "-", "(", "{", ",")) else "; ") + line
    return joined


def _renderable(nodes: list[latexwalker.LatexNode] | None, converter: LatexNodes2Text) -> bool:
    """Whether every command and environment in ``nodes`` is one the converter knows."""
    database = converter.latex_context
    for node in nodes or ():
        if node is None:
            continue
        if isinstance(node, latexwalker.LatexMacroNode) and (
            node.macroname in _UNSAFE or database.get_macro_spec(node.macroname) is None
        ):
            return False
        if isinstance(node, latexwalker.LatexEnvironmentNode) and (
            database.get_environment_spec(node.environmentname) is None
        ):
            return False
        children = list(getattr(node, "nodelist", None) or ())
        arguments = getattr(node, "nodeargd", None)
        if arguments is not None:
            children.extend(argument for argument in arguments.argnlist if argument is not None)
        if children and not _renderable(children, converter):
            return False
    return True


@cache
def _parse_context() -> object:
    """pylatexenc's parsing rules, with ``^``/``_`` taking an argument and the commands
    :func:`_converter` adds."""
    context = latexwalker.get_default_latex_context_db()
    script = MacroStandardArgsParser("{")
    context.add_context_category(
        "tutor",
        prepend=True,
        macros=[std_macro(name, False, 1) for name in _ONE_ARGUMENT]
        + [std_macro(name, False, 2) for name in _FRACTIONS]
        + [MacroSpec(name, "") for name in (*_SILENT, *_SPACING, *_SYMBOLS)],
        specials=[SpecialsSpec("^", script), SpecialsSpec("_", script)],
    )
    return context


@cache
def _converter() -> LatexNodes2Text:
    database = get_default_latex_context_db()
    database.add_context_category(
        "tutor",
        prepend=True,
        macros=[MacroTextSpec(name, simplify_repl=_fraction) for name in _FRACTIONS]
        + [MacroTextSpec(name, discard=False) for name in _ONE_ARGUMENT if name != "tag"]
        + [MacroTextSpec("tag", simplify_repl="  (%s)")]
        + [MacroTextSpec(name, simplify_repl="") for name in _SILENT]
        + [MacroTextSpec(name, simplify_repl=" ") for name in _SPACING]
        + [MacroTextSpec(name, simplify_repl=symbol) for name, symbol in _SYMBOLS.items()],
        environments=[EnvironmentTextSpec(name, discard=False) for name in _ALIGNED]
        + [EnvironmentTextSpec(name, simplify_repl=_rows) for name in _MATRICES],
        specials=[
            SpecialsTextSpec("^", simplify_repl=_superscript),
            SpecialsTextSpec("_", simplify_repl=_subscript),
            SpecialsTextSpec("&", simplify_repl=" "),
        ],
    )
    return _Converter(latex_context=database, math_mode="text", strict_latex_spaces=_SOURCE_SPACES)


class _Converter(LatexNodes2Text):
    """Keeps the space written after a symbol: ``x \\in \\mathbb{R}`` is ``x ∈ ℝ``, not
    ``x ∈ℝ`` (LaTeX itself swallows it and spaces by the symbol's class instead)."""

    def macro_node_to_text(self, node: latexwalker.LatexMacroNode) -> str:
        text = super().macro_node_to_text(node)
        bare = node.nodeargd is None or not any(node.nodeargd.argnlist or ())
        return text + " " if bare and node.macro_post_space and text else text


def _argument(node: latexwalker.LatexNode, converter: LatexNodes2Text, index: int = 0) -> str:
    argument = node.nodeargd.argnlist[index] if node.nodeargd else None
    return converter.nodelist_to_text([argument]).strip() if argument is not None else ""


def _script(text: str, table: dict[str, str], mark: str) -> str:
    """``text`` raised or lowered where every character can be, else ``^x`` / ``^(xy)``."""
    text = text.replace(_GAP, "").strip()
    squeezed = text.replace(" ", "")
    if squeezed and all(char in table for char in squeezed):
        return "".join(table[char] for char in squeezed)
    return f"{mark}{text}" if len(text) == 1 else f"{mark}({text})"


# pylatexenc hands the converter to a callback by its parameter's name, ``l2tobj``.


def _superscript(node: latexwalker.LatexNode, l2tobj: LatexNodes2Text) -> str:
    return _script(_argument(node, l2tobj), SUPERSCRIPTS, "^")


def _subscript(node: latexwalker.LatexNode, l2tobj: LatexNodes2Text) -> str:
    return _script(_argument(node, l2tobj), SUBSCRIPTS, "_")


def _term(text: str) -> str:
    """A numerator or denominator, bracketed unless it is one term (``dx``, ``2``, ``∂f``)."""
    text = text.replace(_GAP, "").strip()
    squeezed = text.replace(" ", "")
    single = all(char.isalnum() or char in "∂∇′" for char in squeezed)
    return squeezed if single else f"({text})"


def _fraction(node: latexwalker.LatexNode, l2tobj: LatexNodes2Text) -> str:
    numerator, denominator = _argument(node, l2tobj, 0), _argument(node, l2tobj, 1)
    return f"{_term(numerator)}/{_term(denominator)}{_GAP}"


def _rows(node: latexwalker.LatexNode, l2tobj: LatexNodes2Text) -> str:
    """A matrix or ``cases`` block: one line per row, cells apart."""
    body = l2tobj.nodelist_to_text(node.nodelist)
    return "\n" + "\n".join(row.strip() for row in body.split("\n")) + "\n"
