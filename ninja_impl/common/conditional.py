"""Entity tags and the If-Match / If-None-Match preconditions (RFC 9110, section 13)."""

import re

from django.http import HttpResponse, HttpResponseNotModified
from ninja import Header

from common.errors import BadRequest, PreconditionFailed

# An entity-tag: optionally weak, then a quoted string of printable ASCII other than the quote.
_ETAG = r'(?:W/)?"[\x21\x23-\x7e]*"'
_FIELD = re.compile(rf"\*|{_ETAG}(?:[ \t]*,[ \t]*{_ETAG})*")
_TAGS = re.compile(_ETAG)


def make_etag(*parts: object) -> str:
    """A strong entity tag from the values that change whenever the representation does."""
    return '"' + "-".join(str(part) for part in parts) + '"'


def _tags(value: str, header: str) -> list[str] | None:
    """The entity-tags a field lists, None for `*`; BadRequest for a value that is neither.

    Django's parse_etags would skip what it cannot read, so a malformed value would match nothing.
    """
    value = value.strip(" \t")
    if not _FIELD.fullmatch(value):
        raise BadRequest(f"{header} must be * or a list of quoted entity tags.")
    return None if value == "*" else _TAGS.findall(value)


def none_match(if_none_match: str | None, etag: str) -> bool:
    """True when If-None-Match names the current tag (weak comparison) or is `*`: answer 304."""
    if if_none_match is None:
        return False
    tags = _tags(if_none_match, "If-None-Match")
    return tags is None or etag.removeprefix("W/") in (tag.removeprefix("W/") for tag in tags)


def require_match(if_match: str | None, etag: str) -> None:
    """Raise PreconditionFailed unless If-Match, when sent, is `*` or names the current tag (strong
    comparison: a weak tag never matches)."""
    if if_match is None:
        return
    tags = _tags(if_match, "If-Match")
    if tags is not None and etag not in tags:
        raise PreconditionFailed("The resource has changed since you read it: If-Match does not match its ETag.")


def not_modified(etag: str) -> HttpResponse:
    """304: no body and no Content-Type, the current ETag."""
    response = HttpResponseNotModified()
    response["ETag"] = etag
    return response


# The handlers' header parameters (Ninja reads and documents them): `if_match: str | None = IF_MATCH`.
# Plain strings, not validated by pattern: a malformed value is the handler's 400, after the
# resource's 404 and 403, where validation would make it a 422 before them.
IF_MATCH = Header(
    None,
    alias="If-Match",
    description="Apply the change only if the resource still has one of these ETags (or `*`). A value that is "
    "not `*` or a list of quoted entity tags gets 400.",
)
IF_NONE_MATCH = Header(
    None,
    alias="If-None-Match",
    description="Answer 304 if the resource still has one of these ETags (or `*`). A value that is not `*` or a "
    "list of quoted entity tags gets 400.",
)
