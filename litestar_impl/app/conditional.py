"""Entity tags and the If-Match / If-None-Match preconditions (RFC 9110, section 13)."""

import re

from litestar import Response

from app.errors import BadRequest, PreconditionFailed

# RFC 9110's entity-tag: an optional W/, then a quoted run of printable ASCII other than '"'.
_TAG = r'(?:W/)?"[\x21\x23-\x7e]*"'
_TAG_LIST = re.compile(rf"{_TAG}(?:[ \t]*,[ \t]*{_TAG})*")
_EACH_TAG = re.compile(r"(W/)?(\"[\x21\x23-\x7e]*\")")


def make_etag(*parts: object) -> str:
    """A strong entity tag from the values that change whenever the representation does."""
    return '"' + "-".join(str(part) for part in parts) + '"'


def _tags(header: str, value: str) -> list[tuple[bool, str]] | None:
    """(weak, tag) for each tag the field lists; None for '*'; BadRequest when it is neither."""
    value = value.strip(" \t")
    if value == "*":
        return None
    if not _TAG_LIST.fullmatch(value):
        raise BadRequest(f"{header} must be * or a list of quoted entity tags.")
    return [(bool(weak), tag) for weak, tag in _EACH_TAG.findall(value)]


def none_match(if_none_match: str | None, etag: str) -> bool:
    """True when If-None-Match names the current tag (weak comparison): answer 304."""
    if if_none_match is None:
        return False
    tags = _tags("If-None-Match", if_none_match)
    return tags is None or any(tag == etag for _, tag in tags)


def require_match(if_match: str | None, etag: str) -> None:
    """Raise PreconditionFailed when If-Match is sent and names no current tag (strong comparison)."""
    if if_match is None:
        return
    tags = _tags("If-Match", if_match)
    if tags is not None and not any(tag == etag and not weak for weak, tag in tags):
        raise PreconditionFailed("The resource has changed since you read it: If-Match does not match its ETag.")


def not_modified(etag: str) -> Response[None]:
    """The 304 answer: no body, no Content-Type, the current ETag."""
    return Response(None, status_code=304, headers={"ETag": etag})
