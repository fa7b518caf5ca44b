"""The copies sync tools leave beside a file that two machines changed at once.

Syncing the data folder between a laptop and a server (Syncthing, Dropbox,
Nextcloud) keeps one version of a file both changed under its name and the
other as a conflict copy beside it. Each tool names the copy its own way:

- Syncthing: ``progress.sync-conflict-20261204-171900-ABCDEFG.toml``
  (date, time, and the short id of the device whose change lost);
- Dropbox: ``progress (Ada's conflicted copy 2026-12-04).toml``;
- Nextcloud and ownCloud: ``progress (conflicted copy 2026-12-04 171900).toml``.

tutor merges such copies of its progress file and journal into its own, then
moves each one aside (``<its name>.merged-<UTC time>.toml``), never deleting it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path


def _patterns(path: Path) -> re.Pattern[str]:
    stem, suffix = re.escape(path.stem), re.escape(path.suffix)
    return re.compile(
        rf"{stem}\.sync-conflict-[0-9]{{8}}-[0-9]{{6}}-[A-Z0-9]+{suffix}"
        rf"|{stem} \([^()/]*conflicted copy[^()/]*\){suffix}"
    )


def conflict_copies(path: Path) -> list[Path]:
    """The conflict copies of ``path`` in its folder, oldest name first; none if the folder
    cannot be listed."""
    pattern = _patterns(path)
    try:
        names = os.listdir(path.parent)
    except OSError:
        return []
    return [path.with_name(name) for name in sorted(names) if pattern.fullmatch(name)]
