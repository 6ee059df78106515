"""Entity tags and the If-Match / If-None-Match preconditions (RFC 9110, section 13)."""

import re

from app.errors import PreconditionFailed

_ENTITY_TAG = re.compile(r'\s*(W/)?("[^"]*")\s*(?:,|$)')


def make_etag(*parts: object) -> str:
    """A strong entity tag from the values that change whenever the representation does."""
    return '"' + "-".join(str(part) for part in parts) + '"'


def _tags(header: str) -> list[tuple[bool, str]]:
    return [(bool(weak), tag) for weak, tag in _ENTITY_TAG.findall(header)]


def none_match(if_none_match: str | None, etag: str) -> bool:
    """True when If-None-Match names the current tag (weak comparison): answer 304."""
    if if_none_match is None:
        return False
    if if_none_match.strip() == "*":
        return True
    return any(tag == etag for _, tag in _tags(if_none_match))


def require_match(if_match: str | None, etag: str) -> None:
    """Raise 412 when If-Match is sent and names no current tag (strong comparison)."""
    if if_match is None or if_match.strip() == "*":
        return
    if not any(tag == etag and not weak for weak, tag in _tags(if_match)):
        raise PreconditionFailed("The resource has changed since you read it (If-Match does not match).")
