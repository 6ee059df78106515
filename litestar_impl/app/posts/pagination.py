"""Signed keyset cursors: the position after the last post of a page, opaque to clients."""

import base64
import binascii
import hashlib
import hmac
import json
from datetime import datetime

from app.errors import BadRequest

# D1 of the contract: <1 to 480 base64url characters>.<22 of them, 16 bytes of HMAC-SHA256>. A cursor
# of another shape fails the listPosts parameter's schema (422, app/posts/controllers.py).
CURSOR_PATTERN = r"^[A-Za-z0-9_-]{1,480}\.[A-Za-z0-9_-]{22}(?!\n)$"


class CursorCodec:
    """Encodes (created_at, id) as base64url JSON plus an HMAC, so a forged cursor is refused."""

    def __init__(self, secret_key: str) -> None:
        self._key = hashlib.sha256(b"posts-cursor:" + secret_key.encode()).digest()

    def encode(self, created_at: datetime, post_id: int) -> str:
        payload = _b64(json.dumps([created_at.isoformat(), post_id], separators=(",", ":")).encode())
        return f"{payload}.{self._sign(payload)}"

    def decode(self, cursor: str) -> tuple[datetime, int]:
        payload, _, signature = cursor.partition(".")
        if not hmac.compare_digest(signature.encode(), self._sign(payload).encode()):
            raise BadRequest("The cursor was not issued by this server, or was altered.")
        try:
            created_at, post_id = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
            return datetime.fromisoformat(created_at), int(post_id)
        except (ValueError, TypeError, binascii.Error):  # signed by us, so only a changed secret gets here
            raise BadRequest("The cursor was not issued by this server, or was altered.") from None

    def _sign(self, payload: str) -> str:
        return _b64(hmac.new(self._key, payload.encode(), hashlib.sha256).digest()[:16])


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()
