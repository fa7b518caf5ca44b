"""Whether the terminal tutor runs in has gone away.

When an SSH connection drops, the system normally sends SIGHUP; some setups
close the terminal without one (a connection that dies behind a NAT, an
emulator killed, a container's session torn down). Textual then reads the end
of its input over and over, spinning a core for as long as the process lives.
Polling the input for a hang-up reads nothing, so it never takes a key from
Textual's own reader.
"""

from __future__ import annotations

import os
import select
import sys

HANGUP_CHECK_SECONDS = 2.0
"""How often the app looks: a dead session costs at most this much spinning."""


def input_hung_up() -> bool:
    """Whether the terminal's input (standard input) has hung up or closed."""
    stdin = sys.__stdin__
    if stdin is None or not hasattr(select, "poll"):  # no poll (Windows): never said gone
        return False
    try:
        poller = select.poll()
        poller.register(stdin.fileno(), 0)  # no events asked for: a hang-up is always said
        events = poller.poll(0)
    except (OSError, ValueError):
        return True  # no standard input left at all
    gone = select.POLLHUP | select.POLLERR | select.POLLNVAL
    return any(event & gone for _, event in events)


def silence_output() -> None:
    """Send standard output and error to the null device: with the terminal gone, the
    screen's last frame and any message at quit would fail to write (and Python would
    end with status 120 for it)."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
    except OSError:
        return
    for stream in (sys.__stdout__, sys.__stderr__):
        if stream is not None:
            try:
                os.dup2(null, stream.fileno())
            except (OSError, ValueError):
                continue
    os.close(null)
