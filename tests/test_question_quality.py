"""The quality benchmark sees the defects it counts, and finds none in what extraction makes."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import WriteFile
from tests.test_extract import OBSIDIAN
from tutor.course import EXTRACTED, Cloze, MultipleChoice, SingleChoice, Topic

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


@pytest.fixture
def quality() -> Iterator[ModuleType]:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import question_quality

        yield question_quality
    finally:
        sys.path.remove(str(BENCHMARKS))


TOPIC = Topic(
    id="n/calvin-cycle",
    title="Calvin cycle",
    path=("Photosynthesis", "Calvin cycle"),
    body="Inputs:\n\n- Carbon dioxide\n- ATP\n- NADPH\n\nMore:\n\n- Water\n- Light\n",
)
FIELDS = {"topic_id": TOPIC.id, "origin": EXTRACTED}


@pytest.mark.parametrize(
    ("question", "defect"),
    [
        (Cloze(id="a", prompt="Fill.", text="The {{slope}} is $\\weird{x}$ here.", **FIELDS),
         "raw markup"),  # a formula the quiz pane cannot render shows its source
        (Cloze(id="a2", prompt="Fill.", text="The {{slope}} is $f'(x)$ here.", **FIELDS), None),
        (Cloze(id="b", prompt="Fill.", text="The {{Calvin cycle}} fixes carbon.", **FIELDS),
         "answer in heading"),
        (SingleChoice(id="c", prompt="Which term is defined as “Made of the following:”?",
                      choices=("ATP", "NADPH"), answer="ATP", **FIELDS), "dangling"),
        (MultipleChoice(id="d", prompt="Which of these are listed under “Inputs”?",
                        choices=("ATP", "NADPH", "Water"), answers=frozenset({"ATP", "NADPH"}),
                        **FIELDS), "distractor listed"),
        (Cloze(id="e", prompt="Fill.", text="Sugar is made in the {{stroma}}.", **FIELDS), None),
        (Cloze(id="f", prompt="Fill.", text="Sugar is __made in__ the {{stroma}}.", **FIELDS),
         "raw markup"),
        (Cloze(id="g", prompt="Fill.", text="__init__ sets the {{stroma}} up.", **FIELDS), None),
    ],
)  # fmt: skip
def test_each_defect_is_seen(quality: ModuleType, question: object, defect: str | None) -> None:
    assert quality.defects(TOPIC, question) == ([defect] if defect else [])


def test_extraction_leaves_no_defect_in_a_fixture_note(
    quality: ModuleType, notes: Path, write: WriteFile
) -> None:
    write("photosynthesis.md", OBSIDIAN)
    counts = quality.counts(notes)
    assert counts["kinds"]["single"] and counts["kinds"]["multiple"] and counts["kinds"]["cloze"]
    assert counts["defects"] == dict.fromkeys(quality.DEFECTS, 0)
