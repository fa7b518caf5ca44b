"""Regenerate the README's screenshots from the real app (SVG, fixed size).

Run: ``python screenshots/make.py``. Uses a throw-away progress file, so the
learner's own progress is neither shown nor touched.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from textual.pilot import Pilot  # noqa: E402

from tutor.config import Config  # noqa: E402
from tutor.course import bundled_course_path, load_course  # noqa: E402
from tutor.llm import LLMSettings  # noqa: E402
from tutor.study.progress import ProgressStore  # noqa: E402
from tutor.ui.app import create_app  # noqa: E402

SIZE = (120, 36)
BACKPROP = "ml-concepts/advanced-machine-learning-concepts/backpropagation-algorithm"
NOTES = HERE / "notes"  # Obsidian-style notes: a callout, a formula, links


async def study(pilot: Pilot) -> None:
    await pilot.press("j", "j")


async def feedback(pilot: Pilot) -> None:
    await pilot.app.go_to_topic(BACKPROP + "/process")  # type: ignore[attr-defined]
    await pilot.press("s", "1", "enter")


async def help_screen(pilot: Pilot) -> None:
    await pilot.press("question_mark")


async def callout(pilot: Pilot) -> None:
    await pilot.app.go_to_topic("notes/gradient-descent")  # type: ignore[attr-defined]


Steps = Callable[[Pilot], Awaitable[None]]
SHOTS: dict[str, tuple[Path, Steps]] = {
    "study.svg": (bundled_course_path(), study),
    "feedback.svg": (bundled_course_path(), feedback),
    "help.svg": (bundled_course_path(), help_screen),
    "callout.svg": (NOTES, callout),
}


async def shoot(name: str, notes: Path, steps: Steps, folder: Path) -> None:
    store = ProgressStore.open(folder / "progress.toml")
    config = Config(path=folder / "config.toml", llm=LLMSettings(enabled=False))
    app = create_app(load_course(notes), store, config, blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await steps(pilot)
        await pilot.pause(0.3)
        app.save_screenshot(filename=name, path=str(HERE))


async def main() -> None:
    for name, (notes, steps) in SHOTS.items():
        with tempfile.TemporaryDirectory() as folder:
            await shoot(name, notes, steps, Path(folder))
        print(f"wrote {HERE / name}")


if __name__ == "__main__":
    asyncio.run(main())
