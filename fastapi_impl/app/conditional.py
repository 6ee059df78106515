"""Entity tags and the If-Match / If-None-Match preconditions (RFC 9110, section 13)."""

import re

from fastapi import Response

from app.errors import BadRequest, PreconditionFailed

# RFC 9110's entity-tag: an optional W/, then a quoted run of printable ASCII other than '"'.
_ENTITY_TAG = r'(W/)?("[\x21\x23-\x7e]*")'
# `*`, or one or more entity-tags separated by commas, with spaces or tabs around the commas.
_FIELD = re.compile(rf"\*|{_ENTITY_TAG}(?:[ \t]*,[ \t]*{_ENTITY_TAG})*")


def make_etag(*parts: object) -> str:
    """A strong entity tag from the values that change whenever the representation does."""
    return '"' + "-".join(str(part) for part in parts) + '"'


def _tags(name: str, value: str) -> list[tuple[bool, str]] | None:
    """The (weak, tag) pairs a precondition header lists, or None for `*`; BadRequest if malformed."""
    value = value.strip(" \t")  # the field's surrounding whitespace, as HTTP parsers strip it
    if not _FIELD.fullmatch(value):
        raise BadRequest(f"{name} must be * or a list of quoted entity tags.")
    if value == "*":
        return None
    return [(bool(weak), tag) for weak, tag in re.findall(_ENTITY_TAG, value)]


def none_match(if_none_match: str | None, etag: str) -> bool:
    """True when If-None-Match names the current tag (weak comparison): answer 304."""
    if if_none_match is None:
        return False
    tags = _tags("If-None-Match", if_none_match)
    return tags is None or any(tag == etag for _, tag in tags)


def not_modified(etag: str) -> Response:
    """The 304 answer to a matching If-None-Match: the ETag, no body and no Content-Type."""
    return Response(status_code=304, headers={"ETag": etag})


def require_match(if_match: str | None, etag: str) -> None:
    """Raise PreconditionFailed when If-Match is sent and names no current tag (strong comparison)."""
    if if_match is None:
        return
    tags = _tags("If-Match", if_match)
    if tags is not None and not any(tag == etag and not weak for weak, tag in tags):
        raise PreconditionFailed("The resource has changed since you read it: If-Match does not match its ETag.")
