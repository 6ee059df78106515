"""Entity tags: weak comparison for If-None-Match, strong for If-Match."""

import pytest

from common.conditional import make_etag, none_match, require_match
from common.errors import PreconditionFailed


def test_make_etag_is_strong_and_quoted():
    assert make_etag(7, 3) == '"7-3"'


@pytest.mark.parametrize(
    "header, expected",
    [
        (None, False),
        ('"7-3"', True),
        ('W/"7-3"', True),
        ('"1-1", "7-3"', True),
        ("*", True),
        ('"7-2"', False),
        ("7-3", False),
    ],
)
def test_if_none_match_compares_weakly(header, expected):
    assert none_match(header, '"7-3"') is expected


@pytest.mark.parametrize("header", [None, '"7-3"', "*", '"1-1", "7-3"'])
def test_if_match_passes(header):
    require_match(header, '"7-3"')


@pytest.mark.parametrize("header", ['W/"7-3"', '"7-2"', "", "garbage"])
def test_if_match_fails_with_412(header):
    with pytest.raises(PreconditionFailed):
        require_match(header, '"7-3"')
