"""Time from launch to the first full screen, in a real terminal (tmux).

Run: ``python benchmarks/startup.py [--runs N]``. Starts ``tutor`` on the
bundled course and, as the floor in the same run, a bare Textual app showing a
Tree and a Markdown widget with the same notes (benchmarks/minimal_app.py);
each is timed until the lesson text is on the screen. Prints medians and the
ratio. Target: tutor within 1.2x of the floor.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
MARKER = "Neural networks are computational"  # lesson text both apps show first
SESSION = "tutor-startup-bench"


def _tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=False).stdout


def time_to_screen(command: list[str], env: dict[str, str], timeout: float = 20.0) -> float:
    """Seconds from starting ``command`` in a 120x36 tmux window until MARKER shows."""
    _tmux("kill-session", "-t", SESSION)
    shell = " ".join(f"'{part}'" for part in command)
    start = time.perf_counter()
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", SESSION, "-x", "120", "-y", "36", shell],
        env=env,
        check=True,
    )
    try:
        while time.perf_counter() - start < timeout:
            if MARKER in _tmux("capture-pane", "-p", "-t", SESSION):
                return time.perf_counter() - start
            time.sleep(0.005)
        raise TimeoutError(f"no first screen within {timeout} s: {shell}")
    finally:
        _tmux("kill-session", "-t", SESSION)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        sys.exit("startup benchmark: tmux is not installed")

    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, TERM="xterm-256color", PYTHONPATH=str(REPO))
        env.update({f"XDG_{kind}_HOME": f"{home}/{kind}" for kind in ("DATA", "CONFIG", "CACHE")})
        note = REPO / "content" / "ml-concepts.md"
        commands = {
            "tutor": [sys.executable, "-m", "tutor", str(REPO / "content")],
            "floor (Tree + Markdown)": [sys.executable, str(HERE / "minimal_app.py"), str(note)],
        }
        results: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):  # interleaved, so both see the same machine load
            for name, command in commands.items():
                results[name].append(time_to_screen(command, env))

    medians = {name: statistics.median(times) for name, times in results.items()}
    for name, median in medians.items():
        print(f"{name:26} {median * 1000:7.0f} ms  (median of {args.runs})")
    tutor, floor = medians.values()
    print(f"{'ratio':26} {tutor / floor:7.2f}x  (target < 1.2x)")


if __name__ == "__main__":
    main()
