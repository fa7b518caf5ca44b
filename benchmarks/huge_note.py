"""How long the app takes to open a course with a huge note, and to show that note.

Run: ``python benchmarks/huge_note.py [--megabytes 7.5]``. Writes a course
of one note written as a single paragraph of that size (what froze the app
for 14-30 s before lessons were bounded) and one short note, then drives the
real app headless (Textual's pilot, 120x40): time to the first screen with
the huge note's lesson, then ``j`` to the short note and ``k`` back to the
huge one. The baseline, in the same run, is the same course with the huge
note cut to a paragraph. Target: each step under 1 s beyond the baseline's.
Extracting questions from the huge note is part of the first screen's time
(the tree counts what is due); a second start reads them from the cache.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

WORDS = ["the", "cell", "divides", "and", "grows", "while", "some", "of", "its", "parts"]


def paragraph(size: int) -> str:
    """One paragraph of about ``size`` characters of words, with a full stop now and then."""
    chooser = random.Random(1)
    words = [
        chooser.choice(WORDS) + ("." if chooser.random() < 0.05 else "") for _ in range(size // 4)
    ]
    return " ".join(words)[:size]


async def timings(course_folder: Path) -> list[tuple[str, float]]:
    """Seconds to the first screen, to the short note, and back to the huge one."""
    from tutor.config import Config, default_config_path
    from tutor.course import load_course
    from tutor.llm import LLMSettings
    from tutor.study.progress import ProgressStore
    from tutor.ui.app import create_app

    start = time.perf_counter()
    course = load_course(course_folder)
    config = Config(path=default_config_path(), llm=LLMSettings(enabled=False))
    app = create_app(course, ProgressStore.open(), config, blink=False)
    found = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        found.append(("first screen", time.perf_counter() - start))
        for key, what in (("j", "to the short note"), ("k", "back to the huge note")):
            start = time.perf_counter()
            await pilot.press(key)
            await pilot.pause()
            found.append((what, time.perf_counter() - start))
    return found


def run(text: str) -> list[tuple[str, float]]:
    with tempfile.TemporaryDirectory() as home:
        for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
            os.environ[variable] = str(Path(home) / variable.lower())
        folder = Path(home) / "course"
        folder.mkdir()
        (folder / "a-huge.md").write_text(f"# Huge\n\n{text}\n", encoding="utf-8")
        (folder / "b-short.md").write_text("# Short\n\nA short note on cells.\n")
        return asyncio.run(timings(folder))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=7.5)
    args = parser.parse_args()
    text = paragraph(int(args.megabytes * 1_000_000))
    huge = run(text)
    baseline = run(text[:2000])
    print(f"note: one paragraph of {len(text) / 1e6:.1f} MB")
    for (what, seconds), (_, floor) in zip(huge, baseline, strict=True):
        print(f"{what:24} {seconds * 1000:7.0f} ms  (baseline {floor * 1000:5.0f} ms)")


if __name__ == "__main__":
    main()
