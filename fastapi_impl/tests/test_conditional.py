"""Entity tags and preconditions (RFC 9110 comparison rules)."""

import pytest

from app.conditional import make_etag, none_match, require_match
from app.errors import PreconditionFailed

ETAG = make_etag(7, 3)


def test_etags_are_strong_and_quoted():
    assert ETAG == '"7-3"'


@pytest.mark.parametrize(
    "header, matches",
    [
        (None, False),
        ('"7-3"', True),
        ('W/"7-3"', True),
        ('"1-1", "7-3"', True),
        ("*", True),
        ('"7-4"', False),
        ("7-3", False),
    ],
)
def test_if_none_match_uses_weak_comparison(header, matches):
    assert none_match(header, ETAG) is matches


@pytest.mark.parametrize("header", [None, '"7-3"', "*", ' "0-0" , "7-3" '])
def test_if_match_accepts_the_current_tag(header):
    require_match(header, ETAG)


@pytest.mark.parametrize("header", ['"7-4"', 'W/"7-3"', "", "garbage"])
def test_if_match_rejects_anything_else(header):
    with pytest.raises(PreconditionFailed):
        require_match(header, ETAG)
