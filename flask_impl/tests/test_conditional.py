"""Preconditions on the headers as sent: weak If-None-Match, strong If-Match, lists, *, and malformed values."""

import pytest

from app.conditional import PRECONDITION_FAILED, make_etag, none_match, not_modified, require_match
from app.errors import BadRequest, PreconditionFailed

ETAG = '"7-3"'
# Neither * nor a list of quoted entity tags: an empty value, unquoted or half-quoted tags, a
# lowercase w/, a stray character, a quote inside a tag, obs-text, an empty list item.
MALFORMED = ["", " ", "7-3", '"7-3', 'w/"7-3"', '"7-3";', '"7"3"', '"caf\xe9"', '"7-3",', ', "7-3"', '"a" "b"', "*, *"]


def test_an_etag_is_quoted_and_joins_the_parts():
    assert make_etag(7, 3) == ETAG


@pytest.mark.parametrize(
    "header, expected",
    [
        (ETAG, True),
        ('W/"7-3"', True),
        ('"1-1", "7-3"', True),
        ('"1-1",\tW/"7-3"', True),
        (' "7-3" ', True),
        ("*", True),
        ('"7-2"', False),
        ('""', False),
        (None, False),
    ],
)
def test_if_none_match_compares_weakly(header, expected):
    assert none_match(header, ETAG) is expected


def test_not_modified_has_the_etag_and_no_body_or_content_type(app):
    with app.app_context():
        response = not_modified(ETAG)
    assert response.status_code == 304 and response.data == b""
    assert response.headers["ETag"] == ETAG and "Content-Type" not in response.headers


@pytest.mark.parametrize("header", [ETAG, '"x", "7-3"', "*", None])
def test_if_match_passes_when_naming_the_tag_or_absent(header):
    require_match(header, ETAG)


@pytest.mark.parametrize("header", ['"7-2"', 'W/"7-3"', '"x"', '""'])
def test_if_match_compares_strongly(header):
    with pytest.raises(PreconditionFailed) as failed:
        require_match(header, ETAG)
    assert failed.value.detail == PRECONDITION_FAILED


@pytest.mark.parametrize("header", MALFORMED)
def test_a_malformed_header_is_a_bad_request_naming_it(header):
    with pytest.raises(BadRequest, match="^If-Match must be"):
        require_match(header, ETAG)
    with pytest.raises(BadRequest, match="^If-None-Match must be"):
        none_match(header, ETAG)
