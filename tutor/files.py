"""File operations that cannot leave a half-written file behind (progress, config).

A file is replaced, never rewritten in place: the new text goes to a temporary
file in the same folder, is flushed to disk, then renamed over the old one
(an atomic step), and the folder itself is flushed so that the rename
survives a power cut. Killing tutor at any instant leaves the old file or the
new one. A kill between the two steps leaves a temporary file, which the next
start removes (:func:`remove_stale_temps`).
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

# What tells a file apart from its next version without reading it. The inode
# changes with every replacement; size and times catch edits made in place.
Signature = tuple[int, int, int, int, int]

_TEMP_SUFFIX = ".tmp"
_STALE_AFTER = 60.0  # seconds; a save takes milliseconds, so an older temp file is abandoned


@dataclass(frozen=True)
class Snapshot:
    """A file's bytes and the signature of the very version they were read from."""

    data: bytes
    signature: Signature


def _signature(status: os.stat_result) -> Signature:
    return (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)


def file_signature(fd: int) -> Signature:
    """The signature of the open file ``fd``."""
    return _signature(os.fstat(fd))


def signature(path: Path) -> Signature | None:
    """The file's current signature, or None if there is no file."""
    try:
        return _signature(path.stat())
    except (FileNotFoundError, NotADirectoryError):
        return None


def read_snapshot(path: Path) -> Snapshot | None:
    """The file's bytes and signature, or None if there is no file (other errors raise)."""
    try:
        file = path.open("rb")
    except (FileNotFoundError, NotADirectoryError):
        return None
    with file:
        return Snapshot(file.read(), _signature(os.fstat(file.fileno())))


def _temp_prefix(path: Path) -> str:
    return f".{path.name}."


def write_atomically(
    path: Path, data: bytes | Iterable[bytes], durable: bool = True
) -> Signature | None:
    """Replace ``path`` with ``data`` all at once; returns the new file's signature.
    ``data`` may come in parts, made as they are written, so that a large file
    is never whole in memory. Without ``durable`` nothing is flushed to disk: a
    power cut may leave the old file, or on some filesystems (ext4 without its
    rename heuristics, XFS) an empty or partial one, which suits only a file that
    costs nothing to lose and is read leniently, written often.

    Nothing raises once the file is replaced: a caller must be able to trust
    that an exception means the old file is still there. (The signature is
    None in the unlikely case it cannot be read back.)
    """
    try:
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=_temp_prefix(path), suffix=_TEMP_SUFFIX)
    except OSError as error:  # name the folder, not a temporary name the learner never saw
        raise OSError(error.errno, error.strerror, str(path.parent)) from error
    try:
        with os.fdopen(fd, "wb") as file:
            file.writelines((data,) if isinstance(data, bytes) else data)
            file.flush()
            if durable:
                os.fsync(file.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    if durable:
        _fsync_folder(path.parent)
    try:
        return _signature(path.stat())
    except OSError:
        return None


def _fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable, where the system allows it: only POSIX can
    open a folder for this, and some file systems (network ones) refuse to sync one.
    """
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def remove_stale_temps(path: Path) -> None:
    """Remove temporary files that saves of ``path`` left when killed, once a minute old.

    Only names :func:`write_atomically` makes for this very file are touched,
    and only old ones, so another instance's save in progress is left alone.
    Best effort: a folder that cannot be listed or changed is left as it is.
    """
    pattern = re.compile(re.escape(_temp_prefix(path)) + r"[a-z0-9_]{8}" + re.escape(_TEMP_SUFFIX))
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return
    cutoff = time.time() - _STALE_AFTER
    for entry in entries:
        try:
            if (
                pattern.fullmatch(entry.name)
                and entry.is_file(follow_symlinks=False)
                and entry.stat(follow_symlinks=False).st_mtime < cutoff
            ):
                os.unlink(entry.path)
        except OSError:
            continue


def stamped_name(path: Path, label: str, when: datetime, extra: str = "") -> str:
    """``<stem>.<label>-<UTC time><extra><suffix>``: a file kept beside ``path`` for a reason."""
    return f"{path.stem}.{label}-{when.strftime('%Y%m%dT%H%M%SZ')}{extra}{path.suffix}"


def move_aside(path: Path, label: str, when: datetime) -> Path:
    """Rename ``path`` to :func:`stamped_name` beside it, never over a file."""
    for attempt in range(1, 1000):
        target = path.with_name(stamped_name(path, label, when, f"-{attempt}" * (attempt > 1)))
        if not target.exists():
            path.rename(target)
            return target
    raise FileExistsError(f"too many files named like {stamped_name(path, label, when)}")
