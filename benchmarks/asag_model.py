"""The Ollama grader on the same scale as the offline one: ``asag_eval.py --model NAME``.

A model grades answers one at a time (a second or more each on a laptop), so
it grades a grouped sample: whole questions, taken in the cross-validation's
fold order until each data set has ``--answers`` real answers, with the
questions' fakes. The table then shows, on exactly those answers, the offline
grader held out from them ("after") next to the model, so anyone with a model
can read its false wrong and false correct against the offline grader's and
compare models. A reply the grader could not trust (timeout, invalid JSON, an
answer the offline grader finds nothing in) falls back to the offline verdict,
as in the app; how many did is printed, since those rows are partly offline.

With no Ollama reachable, or without the model pulled, the model's rows are
skipped with one line saying why; the offline table stands.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from asag import DATASETS, REAL, Sample

from tutor.grading.llm_grader import grade_free_text_with_llm
from tutor.llm import LLMSettings, check_status


@dataclass(frozen=True, slots=True)
class ModelRun:
    """The samples a model graded (indexes into the whole list) and its scores for them."""

    chosen: list[int]
    scores: list[float]
    fallbacks: int
    seconds: float


def grouped_sample(samples: Sequence[Sample], folds: dict[str, int], answers: int) -> list[int]:
    """Indexes of whole questions' samples, in fold order, until ``answers`` real ones per set."""
    chosen: list[int] = []
    for dataset in DATASETS:
        qids = sorted({s.qid for s in samples if s.dataset == dataset}, key=lambda q: (folds[q], q))
        count = 0
        for qid in qids:
            if count >= answers:
                break
            members = [i for i, s in enumerate(samples) if s.qid == qid]
            chosen += members
            count += sum(1 for i in members if samples[i].kind == REAL)
    return chosen


def run_model(
    samples: Sequence[Sample], chosen: list[int], settings: LLMSettings
) -> ModelRun | None:
    """The model's scores for the chosen samples; None (and a line saying why) if it cannot run."""
    status = check_status(settings)
    if not status.ready:
        print(f"--model {settings.model}: the model's rows are skipped ({status.reason})")
        return None
    print(f"grading {len(chosen)} samples with {settings.model} at {status.host} …", flush=True)
    start = time.perf_counter()
    scores, fallbacks = [], 0
    for index in chosen:
        sample = samples[index]
        verdict = grade_free_text_with_llm(sample.question, sample.answer, settings)
        scores.append(verdict.score)
        fallbacks += verdict.grader != settings.model
    return ModelRun(chosen, scores, fallbacks, time.perf_counter() - start)
