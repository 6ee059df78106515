"""Integrity: the load test keeps a ledger of the posts it saw created; after a run every one of them
must read back, and the server must have logged no 5xx."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import requests

from harness.server import server_errors


class Ledger:
    """Posts the server acknowledged creating and has not acknowledged deleting.

    A post whose DELETE was sent but not answered (the run ended mid-request) may or may not exist:
    it is "in doubt" and not expected to read back.
    """

    def __init__(self) -> None:
        self.alive: set[int] = set()
        self.in_doubt: set[int] = set()
        self.created = 0
        self.deleted = 0

    def write(self, path: Path) -> None:
        path.write_text(
            json.dumps(
                {
                    "alive": sorted(self.alive),
                    "in_doubt": sorted(self.in_doubt),
                    "created": self.created,
                    "deleted": self.deleted,
                }
            )
        )


def check(base_url: str, ledger_path: Path, server_log: str) -> dict[str, Any]:
    ledger: dict[str, Any] = {"alive": [], "created": 0, "deleted": 0}
    if ledger_path.exists():
        ledger = json.loads(ledger_path.read_text())

    def readable(post_id: int) -> bool:
        return requests.get(f"{base_url}/api/posts/{post_id}", timeout=30).status_code == 200

    with ThreadPoolExecutor(max_workers=8) as pool:
        missing = [post_id for post_id, ok in zip(ledger["alive"], pool.map(readable, ledger["alive"])) if not ok]
    errors = server_errors(server_log)
    return {
        "acknowledged_creates": ledger["created"],
        "acknowledged_deletes": ledger["deleted"],
        "checked": len(ledger["alive"]),
        "in_doubt": len(ledger.get("in_doubt", [])),
        "missing": missing[:20],
        "missing_count": len(missing),
        "server_errors": len(errors),
        "server_error_sample": errors[:5],
        "ok": not missing and not errors and ledger_path.exists(),
    }
