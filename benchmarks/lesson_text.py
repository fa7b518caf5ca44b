"""How long a math-heavy textbook chapter takes to become lesson text.

Run: ``python benchmarks/lesson_text.py [--formulas N]``. A synthetic d2l-style
chapter (prose, inline and display formulas, references, tab blocks) goes
through :func:`tutor.course.readable.readable` the first time (every formula
converted) and again (formulas remembered, as when the learner comes back to
a topic). The baseline, in the same run, is the same chapter with its
formulas written as plain words: what the lesson cost before math was
rendered. Target: the first showing of a section with 60 formulas (a long
d2l section; a whole chapter is shown as an overview) under 0.5 s, showing
it again within twice the baseline.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from course_load import median_seconds

from tutor.course.latex import unicode_math
from tutor.course.readable import readable

PARAGRAPH = (
    "The loss of example {n} is $l^{{({n})}}(\\mathbf{{w}}, b) = \\frac{{1}}{{2}}"
    " (\\hat{{y}}^{{({n})}} - y^{{({n})}})^2$, see :numref:`fig_{n}` and"
    " :cite:`Rumelhart.Hinton.ea.1988`.\n\n"
    "$$\\sum_{{i=1}}^{{{n}}} \\|\\mathbf{{x}}_i\\|_2 \\leq \\alpha_{{{n}}} \\cdot \\epsilon$$\n"
    ":eqlabel:`eq_{n}`\n\n"
    ":begin_tab:`pytorch`\nIn PyTorch step {n} is `torch.x`.\n:end_tab:\n\n"
    ":begin_tab:`mxnet`\nIn MXNet step {n} is `np.x`.\n:end_tab:\n\n"
)
PLAIN = "The loss of example {n} is half the squared error of its prediction.\n\n"


def chapter(formulas: int) -> tuple[str, str]:
    """A chapter with ``formulas`` formulas (two per paragraph), and its plain twin."""
    count = max(1, formulas // 2)
    math = "# Linear Regression\n:label:`sec_lr`\n\n" + "".join(
        PARAGRAPH.format(n=n) for n in range(count)
    )
    plain = "# Linear Regression\n\n" + "".join(PLAIN.format(n=n) * 3 for n in range(count))
    return math, plain


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--formulas", type=int, default=60)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    math, plain = chapter(args.formulas)
    unicode_math("x")  # pylatexenc imported before timing: paid once per run of tutor

    def first_showing() -> str:
        unicode_math.cache_clear()
        return readable(math)

    first = median_seconds(first_showing, args.runs)
    readable(math)
    again = median_seconds(lambda: readable(math), args.runs)
    baseline = median_seconds(lambda: readable(plain), args.runs)
    print(f"chapter: {args.formulas} formulas, {len(math) / 1e3:.0f} kB")
    print(f"first showing:  {first * 1000:7.1f} ms  (target < 500 ms)")
    print(f"shown again:    {again * 1000:7.1f} ms")
    print(f"baseline plain: {baseline * 1000:7.1f} ms  (again / baseline = {again / baseline:.1f})")


if __name__ == "__main__":
    main()
