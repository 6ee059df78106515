"""Small network helpers shared by the harness."""

from __future__ import annotations

import socket
import time
import urllib.error
import urllib.request


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_http_ok(url: str, timeout: float, alive=lambda: True) -> float:
    """Poll `url` until it answers 200; return the seconds it took. `alive()` false aborts early."""
    started = time.monotonic()
    deadline = started + timeout
    while time.monotonic() < deadline:
        if not alive():
            raise RuntimeError(f"process exited before {url} answered")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return time.monotonic() - started
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        time.sleep(0.05)
    raise TimeoutError(f"{url} did not answer 200 within {timeout:.0f}s")
