"""Questions made from the notes' own structure, offline, for topics no quiz file asks about.

What becomes a question (every rule is in the module named):

* definitions — ``**Term**: text``, ``Term: text`` list items whose term is a
  short noun phrase and whose text is prose — ask which term the text
  defines, among at least two other terms of the note of about its length
  (:mod:`.definitions`);
* lists of terms ask which items belong under their heading, among terms of
  other lists about something else (:mod:`.lists`);
* bold or ``==highlighted==`` terms in a sentence that names or defines
  them, and the X of a section's opening "X is a …", become cloze blanks
  (:mod:`.cloze`);
* a section with text that nothing above asks about becomes a recall card:
  its heading path to recall, its text revealed after (:mod:`.recall`).

Precision comes before quantity: a question is made only where the note
answers it, and nothing under a heading of merits or advice ("Benefits",
"Best practices": see :func:`.terms.advises`) or of a release ("v2.1",
"2026-07-28": see :func:`.terms.tracks_changes`). Nothing is taken
from code, front matter, tables, callout markers, drawings or text that
would still show markup (:mod:`.material`, :mod:`.blocks`); no answer is a
stop word, a label, a filler noun, a file name, what the heading path shows
(in any form: "{{UseOptionalParams}}" under "Use optional params") or
appears in its own prompt (:mod:`.terms`); and every question quotes the
note in its language (:mod:`.language`). Each question's ``origin`` is
``"extracted"`` and its id is stable (:mod:`.build`).
``benchmarks/question_quality.py`` measures the result.
"""

from tutor.course.extract.note import NoteQuestions, extract_note

__all__ = ["NoteQuestions", "extract_note"]
