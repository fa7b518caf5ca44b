"""Command line: ``tutor [PATH]`` studies a course, ``tutor check [PATH]`` validates one.

Each command imports what it needs when it runs, after its arguments are
parsed: ``--help`` and ``--version`` load argparse and nothing of tutor's
layers (the course layer alone takes longer to import than the help may
take to show), and the Textual app is imported only when it is about to run,
so ``check``, ``stats`` and ``grade`` work without a terminal UI.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from tutor import __version__
from tutor.clock import SYSTEM_CLOCK, Clock
from tutor.untrusted import say

if TYPE_CHECKING:
    from tutor.course import Course
    from tutor.study.progress import ProgressStore

EXIT_OK, EXIT_PROBLEMS, EXIT_UNUSABLE = 0, 1, 2
EXIT_INTERRUPTED, EXIT_PIPE_CLOSED = 130, 141  # 128 + SIGINT and SIGPIPE, as shells report

_COMMANDS_HELP = """\
commands:
  tutor [PATH]         study the notes in PATH (a folder of .md files or one .md
                       file); without PATH, the course opened last time (the
                       bundled machine-learning course the first time)
  tutor check [PATH]   validate notes and quiz files, printing file:line: message
                       for every problem (exit status 1 if there are errors)
  tutor grade [FILE]   grade answers given as JSON Lines (FILE or stdin) with the
                       same graders the app uses; one JSON result per line
  tutor stats [PATH]   what you know and what is due, without starting the app
                       (--json for scripts)
  tutor generate PATH  write quiz questions for the notes with a local model
                       (Ollama) into .generated.quiz.toml files beside them
  tutor merge FILE...  merge progress saved on another machine (a copy of its
                       progress.toml or progress.journal.toml) into yours

Quiz format and course layout: docs/authoring.md in the tutor repository.
"""


def _path_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "path",
        nargs="?",
        type=Path,
        help="a folder of Markdown notes or a single .md file",
    )


def _study_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tutor",
        description="Study Markdown notes in the terminal: a topic tree, lessons and quizzes.",
        epilog=_COMMANDS_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"tutor {__version__}")
    parser.add_argument(
        "--ascii",
        action="store_true",
        help="draw with ASCII only, for terminals without the symbols (the default when"
        " TERM=linux)",
    )
    llm_arguments(parser)
    _path_argument(parser)
    return parser


def llm_arguments(parser: argparse.ArgumentParser) -> None:
    """``--model`` and ``--no-llm``: override the config file for one run."""
    parser.add_argument(
        "--model", metavar="NAME", help="grade free text with this Ollama model (this run only)"
    )
    parser.add_argument(
        "--no-llm", action="store_true", help="grade free text offline, without asking Ollama"
    )


def _check_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tutor check",
        description="Validate a course's notes and quiz files. Every problem is printed as"
        " file:line: message, followed by a summary. Exit status: 0 clean (warnings allowed),"
        " 1 errors found, 2 the course could not be opened.",
    )
    _path_argument(parser)
    return parser


def summary(course: Course) -> str:
    """One line: topics, questions by kind, warnings and errors."""
    from tutor.course import ALL_KINDS
    from tutor.wording import count

    kinds = Counter(question.kind for question in course.questions)
    by_kind = ", ".join(
        f"{kinds[kind]} {ALL_KINDS[kind].label}" for kind in ALL_KINDS if kinds[kind]
    )
    errors, warnings = len(course.errors), len(course.warnings)
    topics = sum(1 for _ in course.walk())
    questions = len(course.questions)
    return (
        f"{course.title}: {count(topics, 'topic')}, {count(questions, 'question')}"
        + (f" ({by_kind})" if by_kind else "")
        + f", {count(warnings, 'warning')}, {count(errors, 'error')}"
    )


def run_check(argv: Sequence[str]) -> int:
    args = _check_parser().parse_args(argv)
    from tutor.course import bundled_course_path, load_cached

    course, cache = load_cached(args.path if args.path is not None else bundled_course_path())
    ordered = sorted(course.problems, key=lambda p: (str(p.path), p.line or 0))
    for problem in ordered:
        say(str(problem))
    say(summary(course))
    cache.save()  # with every question extracted by the summary
    return EXIT_PROBLEMS if course.errors else EXIT_OK


def run_study(argv: Sequence[str], clock: Clock) -> int:
    args = _study_parser().parse_args(argv)
    from tutor.config import load_config
    from tutor.course import load_cached
    from tutor.last_course import course_to_study
    from tutor.study.progress import ProgressStore

    config = load_config(model=args.model, no_llm=args.no_llm, ascii=args.ascii)
    for problem in config.problems:
        say(f"tutor: {problem}", sys.stderr)
    store = ProgressStore.open(desired_retention=config.review.desired_retention, clock=clock)
    if store.notice:
        say(f"tutor: {store.notice}", sys.stderr)
    # What is made here is kept while the app runs, the course's million objects for
    # 13,000 notes among it: made with the cycle collector paused, then frozen, no
    # collection walks them again (the first one after the load took 130 ms).
    gc.disable()
    try:
        course, cache = load_cached(course_to_study(args.path, store))
        from tutor.ui.app import create_app  # heavy: Textual is imported only now

        gc.freeze()
    finally:
        gc.enable()
    try:
        create_app(course, store, config, notes_cache=cache).run()
    finally:
        gc.unfreeze()
    return keep_unsaved(store)


def keep_unsaved(store: ProgressStore) -> int:
    """At quit, nothing studied is lost: progress the app could not save is saved now,
    or written to another file the learner is told about (exit status 1); only if
    no folder takes that either is the learner told what was lost (status 2).
    """
    from tutor.study.progress import ProgressError
    from tutor.wording import count

    unsaved = store.unsaved
    if not unsaved:
        return EXIT_OK
    try:
        store.save()
        return EXIT_OK
    except ProgressError as error:
        say(f"tutor: {error}", sys.stderr)
    try:
        rescued = store.rescue([Path.home()])
    except ProgressError as error:
        say(f"tutor: {error} {count(unsaved, 'change')} lost.", sys.stderr)
        return EXIT_UNUSABLE
    say(
        f"tutor: your progress, with {count(unsaved, 'change')} not saved, is in"
        f" {rescued}: once {store.path} can be written, replace it with that file.",
        sys.stderr,
    )
    return EXIT_PROBLEMS


def _merge_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tutor merge",
        description="Merge progress saved on another machine (a copy of its progress.toml, or"
        " of its progress.journal.toml) into yours: every review is kept once, and each card's"
        " schedule is replayed over the reviews of both in time order. The files are left as"
        " they are. Exit status: 0 merged, 2 a file could not be read or yours written.",
    )
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
    return parser


def run_merge(argv: Sequence[str], clock: Clock) -> int:
    args = _merge_parser().parse_args(argv)
    from tutor.config import load_config
    from tutor.study.progress import ProgressError, ProgressStore

    config = load_config()
    for problem in config.problems:
        say(f"tutor: {problem}", sys.stderr)
    store = ProgressStore.open(desired_retention=config.review.desired_retention, clock=clock)
    if store.notice:
        say(f"tutor: {store.notice}", sys.stderr)
    status = EXIT_OK
    for file in args.files:
        try:
            count = store.merge(file)
        except ProgressError as error:
            say(f"tutor: {error}", sys.stderr)
            status = EXIT_UNUSABLE
            continue
        say(f"merged {file} into {store.path}: {count}")
    return status


def run_stats(argv: Sequence[str], clock: Clock) -> int:
    from tutor.stats_command import run  # rich's tables load only for this command

    return run(argv, clock)


def run_generate(argv: Sequence[str]) -> int:
    from tutor.generation.command import run  # the generator loads only for this command

    return run(argv)


def run_grade(argv: Sequence[str]) -> int:
    from tutor.grade_command import run  # the grader loads only for this command

    return run(argv)


COMMANDS: dict[str, Callable[[Sequence[str]], int]] = {
    "check": run_check,
    "grade": run_grade,
    "generate": run_generate,
}
TIMED_COMMANDS: dict[str, Callable[[Sequence[str], Clock], int]] = {
    "stats": run_stats,
    "merge": run_merge,
}
"""Commands whose output depends on the time: they are handed the clock."""


def main(argv: Sequence[str] | None = None, clock: Clock = SYSTEM_CLOCK) -> int:
    """Entry point of the ``tutor`` command; returns the exit status. Tests pass a
    fixed ``clock``; a real run tells time by the system's."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        status = _run(args, clock)
        sys.stdout.flush()  # a closed pipe shows here, not at exit where it cannot be caught
        return status
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return _pipe_closed()
    except Exception as error:
        from tutor.course import CourseError  # imported by every command that raises it

        if not isinstance(error, CourseError):
            raise
        say(f"tutor: {error}", sys.stderr)
        return EXIT_UNUSABLE


def _run(args: list[str], clock: Clock) -> int:
    if args and args[0] in COMMANDS:
        return COMMANDS[args[0]](args[1:])
    if args and args[0] in TIMED_COMMANDS:
        return TIMED_COMMANDS[args[0]](args[1:], clock)
    return run_study(args, clock)


def _pipe_closed() -> int:
    """The reader went away (``tutor check | head``): stop quietly, as shell tools do.

    Output still buffered would fail again when Python flushes it at exit, so
    standard output is pointed at the null device first.
    """
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, sys.stdout.fileno())
    except (OSError, ValueError):  # no real file behind sys.stdout (tests capture it)
        pass
    finally:
        os.close(null)
    return EXIT_PIPE_CLOSED
