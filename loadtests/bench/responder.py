"""A responder that answers the API's routes instantly with canned, contract-valid responses.

The load generator's ceiling is measured against it: the same locustfile and checks, a server that
costs next to nothing, on the cores the implementations get. `python -m bench.responder --port N`
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import uvloop

from harness.net import free_port, wait_http_ok

NOW = "2026-01-01T00:00:00Z"
POST = {
    "id": 1,
    "author_id": 1,
    "title": "Canned",
    "content": "Canned content.",
    "tags": ["canned"],
    "created_at": NOW,
    "updated_at": NOW,
}
USER = {"id": 1, "username": "canned_user", "display_name": "Canned", "created_at": NOW}
SETTINGS = {
    "theme": "system",
    "language": "en",
    "timezone": "UTC",
    "notifications_enabled": True,
    "items_per_page": 20,
    "updated_at": NOW,
}
ETAG = {"ETag": '"1-1"'}
PHRASES = {200: "OK", 201: "Created", 204: "No Content", 304: "Not Modified", 404: "Not Found"}


def _response(status: int, body: object | None = None, headers: dict[str, str] | None = None) -> bytes:
    payload = b"" if body is None else json.dumps(body).encode()
    lines = [f"HTTP/1.1 {status} {PHRASES[status]}", f"Content-Length: {len(payload)}"]
    if body is not None:
        lines.append("Content-Type: " + ("application/problem+json" if status >= 400 else "application/json"))
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + payload


CANNED = {
    "health": _response(
        200, {"status": "ok", "implementation": "responder", "framework_version": "0", "database": "sqlite"}
    ),
    "user_created": _response(201, {**USER, "token": "c" * 43}, {"Location": "/api/users/profile/1"}),
    "user": _response(200, USER),
    "profile": _response(200, {**USER, "post_count": 1}),
    "page": _response(200, {"items": [POST] * 20, "next_cursor": "Y2FubmVk.AAAAAAAAAAAAAAAAAAAAAA"}),
    "post": _response(200, POST, ETAG),
    "post_created": _response(201, POST, {**ETAG, "Location": "/api/posts/1"}),
    "settings": _response(200, SETTINGS, ETAG),
    "not_modified": _response(304, None, ETAG),
    "no_content": _response(204),
    "missing": _response(404, {"type": "about:blank", "title": "Not Found", "status": 404, "detail": "Canned."}),
}


def route(method: str, path: str, conditional: bool) -> bytes:
    path = path.split("?", 1)[0]
    if path == "/healthcheck":
        return CANNED["health"]
    if path == "/api/users":
        return CANNED["user_created"]
    if path == "/api/users/me":
        return CANNED["user"]
    if path.startswith("/api/users/profile/"):
        return CANNED["profile"]
    if path == "/api/posts":
        return CANNED["post_created"] if method == "POST" else CANNED["page"]
    if path.startswith("/api/posts/"):
        if method == "DELETE":
            return CANNED["no_content"]
        return CANNED["not_modified"] if conditional and method == "GET" else CANNED["post"]
    if path == "/api/settings":
        return CANNED["not_modified"] if conditional and method == "GET" else CANNED["settings"]
    return CANNED["missing"]


class CannedHttp(asyncio.Protocol):
    """HTTP/1.1 with keep-alive and Content-Length bodies: all a Locust FastHttpUser sends."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport
        self.buffer = b""

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while (end := self.buffer.find(b"\r\n\r\n")) >= 0:
            head = self.buffer[:end].decode("latin-1").split("\r\n")
            method, target, _ = head[0].split(" ", 2)
            length, conditional = 0, False
            for line in head[1:]:
                name, _, value = line.partition(":")
                name = name.strip().lower()
                if name == "content-length":
                    length = int(value)
                elif name == "if-none-match":
                    conditional = True
            if len(self.buffer) < end + 4 + length:
                return
            self.buffer = self.buffer[end + 4 + length :]
            self.transport.write(route(method, target, conditional))  # type: ignore[attr-defined]


async def serve(host: str, port: int) -> None:
    server = await asyncio.get_running_loop().create_server(CannedHttp, host, port, backlog=1024)
    async with server:
        await server.serve_forever()


@contextlib.contextmanager
def serve_in_background(cpus: str | None) -> Iterator[tuple[str, int]]:
    """The responder in a process of its own, pinned to `cpus`: yields its base URL and pid."""
    port = free_port()
    argv = [sys.executable, "-m", "bench.responder", "--port", str(port)]
    process = subprocess.Popen(["taskset", "-c", cpus, *argv] if cpus else argv, cwd=Path(__file__).parents[1])
    try:
        url = f"http://127.0.0.1:{port}"
        wait_http_ok(f"{url}/healthcheck", 30, alive=lambda: process.poll() is None)
        yield url, process.pid
    finally:
        process.terminate()
        process.wait()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.responder")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    uvloop.run(serve(args.host, args.port))


if __name__ == "__main__":
    main()
