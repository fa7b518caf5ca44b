"""Questions made from the notes' own structure, offline, for topics no quiz file asks about.

What becomes a question (every rule is in the module named):

* definitions — ``**Term**: text``, ``Term: text`` list items — ask which
  term the text defines (:mod:`.definitions`);
* lists of short items ask which items belong under their heading
  (:mod:`.lists`);
* bold or ``==highlighted==`` terms, and the X of a section's opening
  "X is …", become cloze blanks (:mod:`.cloze`);
* a section with text that nothing above asks about becomes a recall card:
  its heading path to recall, its text revealed after (:mod:`.recall`).

Quality comes before quantity: nothing is taken from code, front matter,
tables, callout markers or drawings (:mod:`.material`, :mod:`.blocks`), no
answer is a stop word or appears in its own prompt (:mod:`.terms`), and
every question quotes the note in its language (:mod:`.language`). Each
question's ``origin`` is ``"extracted"`` and its id is stable
(:mod:`.build`).
"""

from tutor.course.extract.note import NoteQuestions, extract_note

__all__ = ["NoteQuestions", "extract_note"]
