"""The study statistics as rich renderables: what ``tutor stats`` prints and the stats screen shows.

Both draw from here so that the shell and the app never disagree. Every part
fits any width it is given; the only styles are colours, so ``NO_COLOR``
leaves plain text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text

from tutor.study.stats import CourseStats, DayCount
from tutor.untrusted import one_line
from tutor.wording import count

_EIGHTHS = " ▁▂▃▄▅▆▇█"
_CHART_ROWS = 4


def stats_parts(stats: CourseStats) -> list[RenderableType]:
    """The statistics as rich renderables, in order, each fitting any width it is
    given: what ``tutor stats`` prints and what the stats screen shows.
    """
    total = sum(day.count for day in stats.reviews_per_day)
    return [
        Text(f"{one_line(stats.title)} · {_date(stats.today)} {stats.today.year}", style="cyan"),
        Text(_summary(stats)),
        Text(),
        _topics(stats),
        Text(),
        Text(f"Reviews per day, last {len(stats.reviews_per_day)} days: {total} in all"),
        ColumnChart(stats.reviews_per_day, "cyan"),
        Text(),
        Text(f"Due in the next {len(stats.forecast)} days"),
        _forecast(stats.forecast),
    ]


def _summary(stats: CourseStats) -> str:
    accuracy = "no reviews yet" if stats.accuracy is None else f"{stats.accuracy:.0%} right"
    return (
        f"{stats.total.due} due now · streak {count(stats.streak, 'day')} · "
        f"{_duration(stats.seconds_studied)} studied · {accuracy} (30 days)"
    )


def _duration(seconds: int) -> str:
    """``1 h 05 min``, ``12 min`` or ``40 s``."""
    minutes, hours = seconds // 60, seconds // 3600
    if hours:
        return f"{hours} h {minutes % 60:02d} min"
    return f"{minutes} min" if minutes else f"{seconds} s"


def _topics(stats: CourseStats) -> Table:
    """A row per top-level topic (and one for them all, when there are several)."""
    table = Table(expand=True, header_style="", box=None, padding=(0, 1, 0, 0), pad_edge=False)
    table.add_column("Topic", ratio=2, overflow="ellipsis", no_wrap=True)
    table.add_column("Cards", justify="right", no_wrap=True)
    table.add_column("Due", justify="right", no_wrap=True)
    table.add_column("Mastery", ratio=1, min_width=7)
    table.add_column("", justify="right", no_wrap=True)
    rows = list(stats.topics)
    if len(rows) > 1:
        rows.append(replace(stats.total, title="All topics"))
    for counts in rows:
        table.add_row(
            Text(one_line(counts.title)),  # a str cell would be parsed as markup
            str(counts.cards),
            str(counts.due),
            Bar(counts.mastery, "green"),
            f"{counts.mastery:.0%}",
        )
    return table


def _forecast(days: Sequence[DayCount]) -> Table:
    table = Table(expand=True, show_header=False, box=None, padding=(0, 1, 0, 0), pad_edge=False)
    table.add_column(no_wrap=True)
    table.add_column(ratio=1, min_width=4)
    table.add_column(justify="right", no_wrap=True)
    most = max((day.count for day in days), default=0)
    for day in days:
        share = day.count / most if most else 0.0
        table.add_row(f"{day.day:%a} {_date(day.day)}", Bar(share, "yellow"), str(day.count))
    return table


def _date(day: date) -> str:
    """``26 Nov``."""
    return f"{day.day} {day:%b}"


class Bar:
    """A horizontal bar filled to ``share`` (0 to 1) of whatever width it is given."""

    def __init__(self, share: float, colour: str) -> None:
        self.share = min(1.0, max(0.0, share))
        self.style = Style(color=colour)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(4, options.max_width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        filled = round(self.share * width)
        yield Segment("█" * filled, self.style)
        yield Segment("░" * (width - filled))


class ColumnChart:
    """One column per day, as tall as its count, with the largest count at the left and
    the first and last day under it. On a narrow terminal the latest days that fit.
    """

    def __init__(self, days: Sequence[DayCount], colour: str) -> None:
        self.days = days
        self.style = Style(color=colour)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        most = max((day.count for day in self.days), default=0)
        label = f"{most} "
        days = self.days[-max(1, options.max_width - len(label)) :]
        eighths = [round(day.count / most * _CHART_ROWS * 8) if most else 0 for day in days]
        for row in reversed(range(_CHART_ROWS)):
            cells = "".join(_EIGHTHS[min(8, max(0, height - row * 8))] for height in eighths)
            margin = label if row == _CHART_ROWS - 1 else " " * len(label)
            yield Text.assemble(margin, (cells, self.style))
        first, last = _date(days[0].day), _date(days[-1].day)
        gap = max(1, len(days) - len(first) - len(last))
        yield Text(" " * len(label) + first + " " * gap + last)
