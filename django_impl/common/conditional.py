"""Entity tags and the If-Match / If-None-Match preconditions (RFC 9110, section 13).

Django's parse_etags drops what it cannot read (`"a", b` is `["a"]`, `b` is `[]`), and its
`condition` decorator runs before the view, so a precondition would come before the resource's
404 and 403. The contract refuses a malformed header (400) where the precondition is evaluated.
"""

import re

from django.http import HttpResponseNotModified

from common.errors import BadRequest, PreconditionFailed

# The field as the contract spells it (its EntityTags schema, RFC 9110's `*` or 1#entity-tag):
# `*`, or tags separated by commas with spaces or tabs around them, each W/ (optional) then
# printable ASCII but '"' in quotes (no obs-text).
ENTITY_TAGS = r'^(\*|(W/)?"[\x21\x23-\x7e]*"([ \t]*,[ \t]*(W/)?"[\x21\x23-\x7e]*")*)(?!\n)$'
_FIELD = re.compile(ENTITY_TAGS)
_TAG = re.compile(r'(W/)?("[\x21\x23-\x7e]*")')
PRECONDITION_FAILED = "The resource has changed since you read it: If-Match does not match its ETag."


def make_etag(*parts: object) -> str:
    """A strong entity tag from the values that change whenever the representation does: '"7-3"'."""
    return '"' + "-".join(str(part) for part in parts) + '"'


def _tags(header: str, name: str) -> list[tuple[bool, str]] | None:
    """(weak, opaque tag) for each tag the header lists; None for `*`; BadRequest when malformed."""
    value = header.strip(" \t")  # not part of the value: HTTP parsers strip it (a test client may not)
    if not _FIELD.match(value):
        raise BadRequest(f"{name} must be * or a list of quoted entity tags.")
    if value == "*":
        return None
    return [(bool(weak), tag) for weak, tag in _TAG.findall(value)]


def none_match(if_none_match: str | None, etag: str) -> bool:
    """True when If-None-Match names the current tag (weak comparison, * matches): answer 304."""
    if if_none_match is None:
        return False
    tags = _tags(if_none_match, "If-None-Match")
    return tags is None or any(tag == etag for _, tag in tags)


def not_modified(etag: str) -> HttpResponseNotModified:
    """The 304 answer: no body, no Content-Type, the ETag."""
    return HttpResponseNotModified(headers={"ETag": etag})


def require_match(if_match: str | None, etag: str) -> None:
    """Raise PreconditionFailed when If-Match is sent and names no current tag (strong comparison: W/ never matches)."""
    if if_match is None:
        return
    tags = _tags(if_match, "If-Match")
    if tags is not None and (False, etag) not in tags:
        raise PreconditionFailed(PRECONDITION_FAILED)
