"""HTTP/1.1 on a raw socket: requests written byte for byte, answers read by the message framing alone.

http.client (and so requests) never reads a body after 204, 304 or an answer to HEAD, so bytes a
server wrongly sends there stay unseen until they corrupt the next answer on the connection.
`pipeline` sends several requests at once on one connection and splits the byte stream as
RFC 9112 section 6.3 says a client must: whatever follows an answer's framing must be the next
status line, and nothing may follow the last one.
"""

from __future__ import annotations

import socket
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

BODILESS_STATUSES = {204, 304}


@dataclass
class Answer:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


class FramingError(AssertionError):
    """The byte stream is not a sequence of well-framed HTTP/1.1 answers."""


def request(method: str, path: str, *, headers: dict[str, str] | None = None, body: bytes = b"") -> bytes:
    """A request as bytes; Host and, for a body, Content-Length are added."""
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    if body:
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def pipeline(base_url: str, requests: list[tuple[str, bytes]], timeout: float = 30) -> list[Answer]:
    """Send `requests` ((method, bytes) pairs) at once on one connection; the answers, split by framing.

    The last request should carry `Connection: close`: the stream is read to its end, and any
    byte after the last answer's framing is an error.
    """
    parts = urlsplit(base_url)
    with socket.create_connection((parts.hostname, parts.port or 80), timeout=timeout) as sock:
        sock.sendall(b"".join(data for _, data in requests))
        stream = _read_to_end(sock, timeout)
    answers = []
    for index, (method, _) in enumerate(requests):
        try:
            answer, stream = _split(stream, method)
        except FramingError as error:
            raise FramingError(f"answer {index + 1} of {len(requests)} ({method}): {error}") from None
        answers.append(answer)
    if stream:
        raise FramingError(f"{len(stream)} bytes after the last answer: {stream[:120]!r}")
    return answers


def _read_to_end(sock: socket.socket, timeout: float) -> bytes:
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        chunk = sock.recv(65536)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
    raise TimeoutError(f"the server did not close the connection within {timeout:.0f} s")


def _split(stream: bytes, method: str) -> tuple[Answer, bytes]:
    """The first answer in `stream`, and what follows it."""
    if not stream.startswith(b"HTTP/1.1 "):
        raise FramingError(f"expected a status line, got {stream[:120]!r}")
    head, separator, rest = stream.partition(b"\r\n\r\n")
    if not separator:
        raise FramingError(f"unterminated head: {stream[:200]!r}")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    answer = Answer(status=int(status_line.split(" ", 2)[1]))
    for line in header_lines:
        name, _, value = line.partition(":")
        answer.headers[name.strip().lower()] = value.strip()
    if method == "HEAD" or answer.status in BODILESS_STATUSES or answer.status < 200:
        return answer, rest
    if "chunked" in answer.headers.get("transfer-encoding", "").lower():
        return _dechunk(answer, rest)
    if "content-length" in answer.headers:
        length = int(answer.headers["content-length"])
        if len(rest) < length:
            raise FramingError(f"body cut short: {len(rest)} of {length} bytes")
        answer.body = rest[:length]
        return answer, rest[length:]
    answer.body = rest  # delimited by the end of the connection
    return answer, b""


def _dechunk(answer: Answer, rest: bytes) -> tuple[Answer, bytes]:
    body: list[bytes] = []
    while True:
        size_line, separator, rest = rest.partition(b"\r\n")
        if not separator:
            raise FramingError("unterminated chunk size")
        size = int(size_line.split(b";")[0], 16)
        if size == 0:
            _, separator, rest = rest.partition(b"\r\n")  # no trailers are expected
            answer.body = b"".join(body)
            return answer, rest
        body.append(rest[:size])
        rest = rest[size + 2 :]
