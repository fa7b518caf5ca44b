"""Opening a big vault with the notes cache: cold, warm, after one edit, and without it.

Run: ``python benchmarks/note_cache.py [--notes N] [--runs R]``. Writes a
synthetic vault (13,000 notes by default, ~49 MB) and opens it in a fresh
process each time, as ``tutor`` does: load the course (the tree can show),
then extract every question (the counts can show) and save the cache. Opened
without the cache (the baseline, in the same run), with an empty cache
folder (cold), with the cache just written (warm), and with one note edited.
Prints the medians of both steps, each one's ratio to the baseline, and the
highest peak RSS of each kind of open (target: at most 300 MB).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from vault import write_vault

_OPEN = """
import json, resource, sys, time
from pathlib import Path
from tutor.course import NoteCache, load_course
start = time.perf_counter()
cache = NoteCache.for_course(Path(sys.argv[1])) if sys.argv[2] == "cache" else None
course = load_course(Path(sys.argv[1]), cache)
loaded = time.perf_counter()
questions = len(course.questions)
if cache is not None:
    cache.save()
counted = time.perf_counter()
print(json.dumps({
    "load": loaded - start,
    "count": counted - start,
    "questions": questions,
    "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""


def open_vault(vault: Path, cache_home: Path, mode: str) -> dict[str, float]:
    """Open ``vault`` in a new process; its timings and peak RSS."""
    env = dict(os.environ, XDG_CACHE_HOME=str(cache_home))
    env["PYTHONPATH"] = str(Path(__file__).resolve().parent.parent)
    done = subprocess.run(
        [sys.executable, "-c", _OPEN, str(vault), mode],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=13000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        vault, cache_home = Path(folder) / "vault", Path(folder) / "cache"
        size = write_vault(vault, notes=args.notes)
        edited = next(vault.rglob("*.md"))
        print(f"vault: {args.notes} notes, {size / 1e6:.1f} MB")

        results: dict[str, list[dict[str, float]]] = {
            "no cache (baseline)": [],
            "cold cache": [],
            "warm cache": [],
            "one note edited": [],
        }
        for _ in range(args.runs):  # interleaved, so all see the same machine load
            results["no cache (baseline)"].append(open_vault(vault, cache_home, "none"))
            shutil.rmtree(cache_home, ignore_errors=True)
            results["cold cache"].append(open_vault(vault, cache_home, "cache"))
            results["warm cache"].append(open_vault(vault, cache_home, "cache"))
            edited.write_text(edited.read_text(encoding="utf-8") + "\nOne more line.\n")
            results["one note edited"].append(open_vault(vault, cache_home, "cache"))

    print(f"{'':22} {'tree':>8} {'counts':>8} {'peak RSS':>9}  (medians of {args.runs})")
    for name, runs in results.items():
        load = statistics.median(run["load"] for run in runs)
        count = statistics.median(run["count"] for run in runs)
        rss = max(run["rss_mb"] for run in runs)
        print(f"{name:22} {load:7.2f}s {count:7.2f}s {rss:7.0f} MB")
    for step in ("load", "count"):
        base = statistics.median(run[step] for run in results["no cache (baseline)"])
        ratios = ", ".join(
            f"{name} {statistics.median(run[step] for run in results[name]) / base:.2f}x"
            for name in ("cold cache", "warm cache", "one note edited")
        )
        print(f"{'tree' if step == 'load' else 'counts'} against no cache: {ratios}")


if __name__ == "__main__":
    main()
