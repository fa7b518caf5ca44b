"""Regenerate the README's screenshots from the real app (SVG, fixed size).

Run: ``python screenshots/make.py``.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from tutor.course import bundled_course_path, load_course  # noqa: E402
from tutor.ui.app import create_app  # noqa: E402

SIZE = (110, 32)


async def study_screen() -> None:
    app = create_app(load_course(bundled_course_path()))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j")
        await pilot.pause()
        app.save_screenshot(filename="study.svg", path=str(HERE))


if __name__ == "__main__":
    asyncio.run(study_screen())
    print(f"wrote {HERE / 'study.svg'}")
