"""Entity tags: weak comparison for If-None-Match, strong for If-Match, a malformed header refused."""

import pytest

from common.conditional import make_etag, none_match, not_modified, require_match
from common.errors import BadRequest, PreconditionFailed

# Malformed as the contract reads the field (RFC 9110's `*` or 1#entity-tag): each is a 400.
MALFORMED = ["", " ", "7-3", '"7-3', '"7-3"x', '"7-3",', ', "7-3"', '"7-3",, "1-1"', '*, "7-3"', 'w/"7-3"', '"7 3"']
MALFORMED += ['"\u00e9"', 'W/ "7-3"', "**"]


def test_make_etag_is_strong_and_quoted():
    assert make_etag(7, 3) == '"7-3"'


@pytest.mark.parametrize(
    "header, expected",
    [
        (None, False),
        ('"7-3"', True),
        ('W/"7-3"', True),
        ('"1-1", "7-3"', True),
        ('"1-1",\t"7-3"', True),
        (' "7-3" ', True),
        ("*", True),
        ('"7-2"', False),
        ('""', False),
        ('"7-3,"', False),  # a comma inside the quotes is part of one tag
    ],
)
def test_if_none_match_compares_weakly(header, expected):
    assert none_match(header, '"7-3"') is expected


@pytest.mark.parametrize("header", [None, '"7-3"', "*", '"1-1", "7-3"', '"1-1","7-3"'])
def test_if_match_passes(header):
    require_match(header, '"7-3"')


@pytest.mark.parametrize("header", ['W/"7-3"', '"7-2"', '""'])
def test_if_match_fails_with_412_and_the_one_wording(header):
    with pytest.raises(PreconditionFailed) as failed:
        require_match(header, '"7-3"')
    assert failed.value.detail == "The resource has changed since you read it: If-Match does not match its ETag."


@pytest.mark.parametrize("header", MALFORMED)
def test_a_malformed_header_is_a_bad_request_naming_it(header):
    with pytest.raises(BadRequest, match="^If-Match must be"):
        require_match(header, '"7-3"')
    with pytest.raises(BadRequest, match="^If-None-Match must be"):
        none_match(header, '"7-3"')


def test_not_modified_has_the_etag_and_neither_body_nor_content_type():
    response = not_modified('"7-3"')
    assert response.status_code == 304 and response["ETag"] == '"7-3"'
    assert response.content == b"" and "Content-Type" not in response
