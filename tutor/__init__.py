"""tutor: study Markdown notes in the terminal, with quizzes and spaced repetition."""

__version__ = "0.1.0"
