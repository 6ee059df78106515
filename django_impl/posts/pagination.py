"""Signed keyset cursors: the position after the last post of a page, opaque to clients.

DRF's CursorPagination orders by one field and its cursor is not signed; the contract's
cursor is (created_at, id) with an HMAC, so a forged or altered cursor is refused (400).
"""

import base64
import binascii
import hashlib
import hmac
import json
from datetime import datetime

from common.errors import BadRequest

FORGED = "The cursor was not issued by this server, or was altered."
# What encode writes, and so the only shape a cursor may have (anything else fails validation,
# 422): base64url JSON, a dot, 16 bytes of HMAC-SHA256 as 22 base64url characters, unpadded.
CURSOR_PATTERN = r"^[A-Za-z0-9_-]{1,480}\.[A-Za-z0-9_-]{22}(?!\n)$"


class CursorCodec:
    """Encodes (created_at, id) as base64url JSON plus a truncated HMAC-SHA256."""

    def __init__(self, secret_key: str) -> None:
        self._key = hashlib.sha256(b"posts-cursor:" + secret_key.encode()).digest()

    def encode(self, created_at: datetime, post_id: int) -> str:
        payload = _b64encode(json.dumps([created_at.isoformat(), post_id], separators=(",", ":")).encode())
        return f"{payload}.{self._sign(payload)}"

    def decode(self, cursor: str) -> tuple[datetime, int]:
        payload, _, signature = cursor.partition(".")
        # The signature's text is compared, not its decoded bytes: base64 has several spellings of
        # the same bytes, and only the one this server wrote was issued. As bytes: any text compares.
        if not hmac.compare_digest(signature.encode(), self._sign(payload).encode()):
            raise BadRequest(FORGED)
        try:
            created_at, post_id = json.loads(_b64decode(payload))
            return datetime.fromisoformat(created_at), int(post_id)
        except (ValueError, TypeError, binascii.Error):
            raise BadRequest(FORGED) from None

    def _sign(self, payload: str) -> str:
        return _b64encode(hmac.new(self._key, payload.encode(), hashlib.sha256).digest()[:16])


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text.encode("ascii") + b"=" * (-len(text) % 4))
