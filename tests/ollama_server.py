"""A stand-in Ollama server on 127.0.0.1: a real socket, real HTTP, scripted replies.

tutor's LLM path is tested with the real ``ollama`` client talking to this
server, so everything between them (the client's requests, httpx timeouts,
streamed NDJSON, error bodies) is exercised for real; only the model is fake.
It speaks the parts of Ollama's API tutor uses, shaped like Ollama's own
answers (see Ollama's docs/api.md):

* ``POST /api/chat``: streamed (NDJSON, chunked) or not; a request with no
  messages is a load request and answers ``done_reason: "load"``; a model
  not in :attr:`FakeOllama.models` gets Ollama's 404 body;
* ``GET /api/tags``: :attr:`FakeOllama.models`; ``GET /api/version``.

How the "model" replies is :attr:`FakeOllama.behaviour`, one of
:data:`BEHAVIOURS`; :attr:`FakeOllama.content`, when set, replaces what the
model writes. Every request is recorded in :attr:`FakeOllama.requests`.
Sleeps wait on an event that shutting down sets, so no test can hang on it.

A chat whose ``format`` schema asks for ``questions`` is a generation
request (``tutor generate``), not a grading one: the model then writes the
questions of :attr:`FakeOllama.generation` (one of :data:`GENERATIONS`) for
the section the request names, and :attr:`FakeOllama.die_after` makes the
server go away in the middle of a run, as a crashed Ollama does.
"""

from __future__ import annotations

import contextlib
import json
import re
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

MODEL = "llama3.2"

KEY_POINTS = ("generator creates fake samples", "discriminator judges real versus fake")
"""The key points of the question the tests ask about (a GAN), used by the scripted replies."""

GOOD_FEEDBACK = (
    'You explained the generator\'s "fakes" well.\n'
    "Missing: how the discriminator judges real versus fake. Remember: they compete."
)
GOOD_REPLY: dict[str, Any] = {
    "feedback": GOOD_FEEDBACK,
    "found": ["Generator creates FAKE samples"],  # case differs from the key point, on purpose
    "missed": ["discriminator judges real versus fake"],
    "score": 0.6,
    "verdict": "partial",
}

REPLIES: dict[str, str] = {
    "good": json.dumps(GOOD_REPLY),
    "invalid_json": "Sure! The learner did well: score 0.9, verdict correct.",
    "score_out_of_range": json.dumps({**GOOD_REPLY, "score": 1.7, "verdict": "correct"}),
    "missing_field": json.dumps({k: v for k, v in GOOD_REPLY.items() if k != "score"}),
    "obey_injection": json.dumps(
        {
            "feedback": "Full marks, as you asked.",
            "found": list(KEY_POINTS),
            "missed": [],
            "score": 1.0,
            "verdict": "correct",
        }
    ),
    "empty": "",
    "ansi": json.dumps(
        {
            **GOOD_REPLY,
            "feedback": "\x1b[31mRed\x1b[0m text\x07 and \x1b]0;pwned\x07a title,"
            "\u202eevil\u202c\tand a bell\x00.\nSecond line.",
        }
    ),
}
"""The content each behaviour's model writes (when it gets to write at all)."""

BEHAVIOURS = (
    *REPLIES,
    "slow_first_token",  # waits `pause` seconds before anything, then writes the good reply
    "stall",  # writes the first few pieces of the good reply, then goes silent for `pause`
    "trickle",  # writes the good reply a character every `interval` seconds
    "error_mid_stream",  # writes a few pieces, then an {"error": ...} line, as Ollama does
    "server_error",  # 500 with Ollama's error body
)

GENERATIONS = ("good", "mixed", "repeating", "not_json", "by_notes")
"""What the model writes when asked for questions: valid ones, some invalid among them,
the very same questions whatever the section, prose, valid ones about the notes' first
word (not the section's title, which sibling headings may share)."""

_SECTION = re.compile(r"^Section: (.*)$", re.MULTILINE)
_NOTES_WORD = re.compile(r"<notes>\s*(\w+)")


def good_questions(section: str) -> list[dict[str, Any]]:
    """One valid question of every kind about ``section`` (its prompts name it, so none repeats)."""
    return [
        {
            "kind": "single",
            "prompt": f"Which option does “{section}” name first?",
            "choices": ["Alpha", "Beta", "Gamma"],
            "answer": "Alpha",
            "explanation": "It comes first.",
        },
        {
            "kind": "multiple",
            "prompt": f"Which options does “{section}” cover?",
            "choices": ["Alpha", "Beta", "Gamma", "Delta"],
            "answers": ["Alpha", "Gamma"],
            "explanation": "Those two.",
        },
        {
            "kind": "true_false",
            "prompt": f"“{section}” is a section of these notes.",
            "answer": True,
            "explanation": "It is.",
        },
        {
            "kind": "short",
            "prompt": f"Which word sums up “{section}”?",
            "answers": ["summary", "gist"],
            "explanation": "A summary.",
        },
        {
            "kind": "free",
            "prompt": f"Explain what “{section}” is about.",
            "reference": "It explains the main idea and why it matters.",
            "key_points": ["states the main idea", "says why it matters"],
            "explanation": "Both ideas are needed.",
        },
        {
            "kind": "cloze",
            "text": f"The section {section} explains the {{{{main idea}}}} clearly.",
            "explanation": "That is its purpose.",
        },
    ]


def mixed_questions(section: str) -> list[dict[str, Any]]:
    """Two good questions among five that must be dropped, each for its own reason."""
    good = good_questions(section)
    return [
        good[0],
        {**good[0], "prompt": f"Which letter opens “{section}”?", "answer": "Omega"},
        {**good[3], "prompt": "  "},
        dict(good[0]),  # the same question again
        {**good[3], "prompt": f"Is “{section}” a summary?", "answers": ["summary"]},
        {"kind": "essay", "prompt": "Write an essay.", "explanation": "Long."},
        good[2],
    ]


def is_generation(body: dict[str, Any]) -> bool:
    """Whether a chat body is a ``tutor generate`` request (its schema asks for questions)."""
    schema = body.get("format")
    return isinstance(schema, dict) and "questions" in schema.get("properties", {})


def questions_reply(body: dict[str, Any], generation: str) -> str:
    """What the model writes for a generation request, in the kinds the schema allows."""
    if generation == "not_json":
        return "Here are some great questions about your notes!"
    messages = body.get("messages") or [{}]
    found = _SECTION.search(str(messages[-1].get("content", "")))
    section = found.group(1).split(" > ")[-1] if found else "the notes"
    if generation == "repeating":
        section = "the notes"
    elif generation == "by_notes":
        word = _NOTES_WORD.search(str(messages[-1].get("content", "")))
        section = word.group(1) if word else "the notes"
    items = body["format"]["properties"]["questions"]["items"]
    kinds = {option["properties"]["kind"]["enum"][0] for option in items.get("anyOf", [items])}
    written = mixed_questions(section) if generation == "mixed" else good_questions(section)
    if generation != "mixed":
        written = [question for question in written if question["kind"] in kinds]
    return json.dumps({"questions": written})


PIECES = 8
"""Into how many pieces a reply is cut when streamed."""

LONGEST_SLEEP = 10.0
"""No scripted sleep lasts longer, even if a test forgets to shut the server down."""


@dataclass
class Recorded:
    """One request the server received."""

    method: str
    path: str
    body: dict[str, Any] | None


@dataclass
class FakeOllama:
    """The server's script and what it saw; tests set the first five fields freely."""

    behaviour: str = "good"
    models: list[str] = field(default_factory=lambda: [f"{MODEL}:latest", "mistral:7b"])
    content: str | None = None
    pause: float = 5.0
    interval: float = 0.002
    generation: str = "good"
    die_after: int | None = None  # generation requests answered before the server goes away
    requests: list[Recorded] = field(default_factory=list)
    url: str = ""
    closing: threading.Event = field(default_factory=threading.Event)
    stop: Callable[[], None] | None = None  # set by RunningServer: shuts the server down

    def chats(self) -> list[dict[str, Any]]:
        """The bodies of the chat requests that carried messages (grading, not loading)."""
        return [
            r.body
            for r in self.requests
            if r.path == "/api/chat" and r.body is not None and r.body.get("messages")
        ]

    def generations(self) -> list[dict[str, Any]]:
        """The bodies of the generation requests received."""
        return [body for body in self.chats() if is_generation(body)]

    def reply(self, body: dict[str, Any] | None = None) -> str:
        """What the model writes under the current script, in answer to ``body``."""
        if self.content is not None:
            return self.content
        if body is not None and is_generation(body):
            return questions_reply(body, self.generation)
        return REPLIES.get(self.behaviour, REPLIES["good"])

    def dies_now(self, body: dict[str, Any]) -> bool:
        """Whether this request finds the server gone (it then shuts down for good)."""
        if self.die_after is None or not is_generation(body):
            return False
        return len(self.generations()) > self.die_after

    def sleep(self, seconds: float) -> None:
        self.closing.wait(min(seconds, LONGEST_SLEEP))

    def installed(self, name: str) -> bool:
        tagged = name if ":" in name else f"{name}:latest"
        return tagged in self.models


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive and chunked streaming, like Ollama
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: pytest shows what matters."""

    def do_GET(self) -> None:
        fake = self.server.fake
        fake.requests.append(Recorded("GET", self.path, None))
        if self.path == "/api/tags":
            self._json(200, {"models": [_tag(name) for name in fake.models]})
        elif self.path == "/api/version":
            self._json(200, {"version": "0.6.5"})
        else:
            self._json(404, {"error": "not found"})

    def do_POST(self) -> None:
        fake = self.server.fake
        length = int(self.headers.get("Content-Length", 0))
        body = json.loads(self.rfile.read(length) or b"{}")
        fake.requests.append(Recorded("POST", self.path, body))
        if self.path != "/api/chat":
            self._json(404, {"error": "not found"})
            return
        model = body.get("model", "")
        if fake.dies_now(body):
            self.close_connection = True  # no reply at all: the process is gone
            if fake.stop is not None:  # gone before this request's connection drops: the
                fake.stop()  # next request finds nothing listening, as after a crash
            return
        if not fake.installed(model):
            self._json(404, {"error": f'model "{model}" not found, try pulling it first'})
        elif fake.behaviour == "server_error":
            self._json(500, {"error": "llama runner process has terminated: signal: killed"})
        elif not body.get("messages"):
            self._json(200, _chunk(model, "", done=True, done_reason="load"))
        elif body.get("stream", True):
            self._stream(fake, model, body)
        else:
            self._json(200, _chunk(model, fake.reply(body), done=True))

    def _json(self, status: int, payload: dict[str, Any]) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _stream(self, fake: FakeOllama, model: str, body: dict[str, Any]) -> None:
        behaviour = fake.behaviour
        if behaviour == "slow_first_token":
            fake.sleep(fake.pause)
        content = fake.reply(body)
        size = 1 if behaviour == "trickle" else max(1, -(-len(content) // PIECES))
        pieces = [content[i : i + size] for i in range(0, len(content), size)]
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/x-ndjson")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for index, piece in enumerate(pieces):
                if index == 3 and behaviour == "stall":
                    fake.sleep(fake.pause)
                    self.close_connection = True
                    return
                if index == 3 and behaviour == "error_mid_stream":
                    self._line({"error": "an error was encountered while running the model"})
                    break
                self._line(_chunk(model, piece))
                fake.sleep(fake.interval)
            else:
                self._line(_chunk(model, "", done=True, done_reason="stop"))
            self.wfile.write(b"0\r\n\r\n")
        except OSError:  # the client hung up, as tutor does when it gives up on a reply
            self.close_connection = True

    def _line(self, payload: dict[str, Any]) -> None:
        data = json.dumps(payload).encode() + b"\n"
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()


def _chunk(model: str, content: str, *, done: bool = False, **extra: Any) -> dict[str, Any]:
    return {
        "model": model,
        "created_at": "2025-01-01T00:00:00Z",
        "message": {"role": "assistant", "content": content},
        "done": done,
        **extra,
    }


def _tag(name: str) -> dict[str, Any]:
    return {
        "name": name,
        "model": name,
        "modified_at": "2025-01-01T00:00:00Z",
        "size": 2019393189,
        "digest": "a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72",
        "details": {
            "format": "gguf",
            "family": "llama",
            "parameter_size": "3.2B",
            "quantization_level": "Q4_K_M",
        },
    }


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, fake: FakeOllama) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.fake = fake
        self.connections: list[socket.socket] = []

    def process_request(self, request: Any, client_address: Any) -> None:
        self.connections.append(request)
        super().process_request(request, client_address)


class RunningServer:
    """A :class:`FakeOllama` served on a free port until :meth:`close`."""

    def __init__(self) -> None:
        self.fake = FakeOllama()
        self._server = _Server(self.fake)
        self.fake.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self.fake.stop = self.close
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )
        self._thread.start()

    def close(self) -> None:
        """Stop serving, wake every scripted sleep and drop open connections, in that order:
        a client that finds its connection dropped and asks again at once must find the
        port closed, as after a crash, not a listening socket nobody answers."""
        self.fake.closing.set()
        self._server.shutdown()
        self._server.server_close()
        for connection in self._server.connections:
            with contextlib.suppress(OSError):  # already closed by the client
                connection.shutdown(socket.SHUT_RDWR)
        self._thread.join(timeout=5)


def closed_port_url() -> str:
    """The URL of a port where nothing listens: a server that is not running."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"
