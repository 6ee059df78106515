"""Entity tags: weak comparison for If-None-Match, strong for If-Match, and malformed values refused."""

import pytest

from common.conditional import make_etag, none_match, not_modified, require_match
from common.errors import BadRequest, PreconditionFailed


def test_make_etag_is_strong_and_quoted():
    assert make_etag(7, 3) == '"7-3"'


@pytest.mark.parametrize(
    "header, expected",
    [
        (None, False),
        ('"7-3"', True),
        ('W/"7-3"', True),
        ('"1-1", "7-3"', True),
        ('"1-1",\t"7-3" ', True),
        ("*", True),
        ('"7-2"', False),
        ('""', False),
    ],
)
def test_if_none_match_compares_weakly(header, expected):
    assert none_match(header, '"7-3"') is expected


@pytest.mark.parametrize("header", [None, '"7-3"', "*", ' "1-1" , "7-3" '])
def test_if_match_passes(header):
    require_match(header, '"7-3"')


@pytest.mark.parametrize("header", ['W/"7-3"', '"7-2"', '""', 'W/"7-3", "7-2"'])
def test_a_well_formed_if_match_that_names_no_current_tag_fails_with_412(header):
    with pytest.raises(PreconditionFailed, match="If-Match does not match its ETag"):
        require_match(header, '"7-3"')


@pytest.mark.parametrize(
    "header", ["", " ", "garbage", "7-3", '"7-3', '"7-3",', '"7-3" "1-1"', 'w/"7-3"', '"a"b"', '"\x7f"', '"é"', "*, *"]
)
def test_a_value_that_is_not_a_list_of_entity_tags_is_a_bad_request(header):
    with pytest.raises(BadRequest, match="If-Match must be"):
        require_match(header, '"7-3"')
    with pytest.raises(BadRequest, match="If-None-Match must be"):
        none_match(header, '"7-3"')


def test_not_modified_has_the_etag_and_no_body_or_content_type():
    response = not_modified('"7-3"')
    assert (response.status_code, response["ETag"], response.content) == (304, '"7-3"', b"")
    assert not response.has_header("Content-Type")
