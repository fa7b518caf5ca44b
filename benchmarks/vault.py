"""Write a synthetic Obsidian-style vault for the benchmarks.

The notes have what real vaults hold: front matter, nested headings, long
paragraph lines, lists, wikilinks, bold terms, callouts and code blocks with
``#`` comment lines. The same seed always writes the same vault.
"""

from __future__ import annotations

import random
from pathlib import Path

WORDS = [
    "gradient",
    "loss",
    "model",
    "layer",
    "weight",
    "bias",
    "neuron",
    "network",
    "training",
    "data",
    "feature",
    "vector",
    "matrix",
    "tensor",
    "batch",
    "epoch",
    "optimizer",
    "learning",
    "rate",
    "function",
    "output",
    "input",
    "attention",
    "token",
    "sequence",
    "embedding",
    "kernel",
    "filter",
    "pooling",
    "dropout",
    "regularization",
    "validation",
    "accuracy",
    "precision",
    "recall",
    "sample",
    "label",
    "class",
    "cluster",
    "distance",
    "metric",
]


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _paragraph(rng: random.Random) -> str:
    sentences = [_sentence(rng, rng.randint(8, 18)) for _ in range(rng.randint(3, 6))]
    if rng.random() < 0.5:
        sentences.append(f"See [[note {rng.randint(1, 5000)}|a related note]].")
    if rng.random() < 0.5:
        sentences.insert(1, f"**{rng.choice(WORDS).title()}**: {_sentence(rng, 10)}")
    return " ".join(sentences)


def note_text(rng: random.Random, number: int) -> str:
    """One note of about 4 KB."""
    parts = [
        f"---\ntags: [ml, note{number % 50}]\naliases: []\n---",
        f"# Note {number}",
        _paragraph(rng),
    ]
    for section in range(rng.randint(3, 4)):
        parts.append(f"## {rng.choice(WORDS).title()} {section}")
        parts.append(_paragraph(rng))
        if rng.random() < 0.6:
            parts.append("\n".join(f"- {_sentence(rng, 6)}" for _ in range(rng.randint(3, 6))))
        if rng.random() < 0.4:
            parts.append(f"### Details {section}\n\n{_paragraph(rng)}")
        if rng.random() < 0.3:
            parts.append("```python\n# not a heading\nloss = model(x) - y\n```")
        if rng.random() < 0.2:
            parts.append(f"> [!note]\n> {_sentence(rng, 12)}")
    if number % 10 == 0:  # shapes only the full Markdown parser can settle
        parts.append(f"Summary {number}\n----------\n\n<details>\n\n# inside html\n\n</details>")
    return "\n\n".join(parts) + "\n"


def write_vault(root: Path, notes: int = 5000, per_folder: int = 100, seed: int = 7) -> int:
    """Write ``notes`` notes under ``root`` in folders; return the bytes written."""
    rng = random.Random(seed)
    total = 0
    for number in range(1, notes + 1):
        folder = root / f"topic-{(number - 1) // per_folder + 1:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        text = note_text(rng, number)
        (folder / f"{number}-note.md").write_text(text, encoding="utf-8")
        total += len(text.encode("utf-8"))
    return total
