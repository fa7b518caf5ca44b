"""Questions written by a local model through Ollama, into quiz files the learner can keep.

The API the app and ``tutor generate`` use:

* :func:`generate_topic` generates one topic's questions and saves them in
  the note's generated quiz file, returning a :class:`TopicResult` (the new
  questions, what was dropped and why, or why nothing was written); it
  reports progress and can be cancelled, for a worker thread;
  :func:`generate_alone` is the same under the course's lock
  (:mod:`tutor.generation.lock`), as the app asks for one topic;
* :func:`tutor.generation.command.run` is ``tutor generate PATH``.

Every question the model writes is checked by the quiz checker authored
questions go through and marked with the model's name (``generated_by``).
The ``ollama`` client and ``rich`` are imported only when used.
"""

from __future__ import annotations

from tutor.generation.lock import generate_alone
from tutor.generation.reply import Dropped
from tutor.generation.topic import PER_TOPIC, TopicResult, generate_topic, has_text

__all__ = ["PER_TOPIC", "Dropped", "TopicResult", "generate_alone", "generate_topic", "has_text"]
