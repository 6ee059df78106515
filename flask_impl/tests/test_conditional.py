"""Preconditions on the headers as sent: weak If-None-Match, strong If-Match, lists and *."""

import pytest

from app.conditional import entity_tag, not_modified, parse, require_match
from app.errors import PreconditionFailed


def test_entity_tags_join_the_parts():
    assert entity_tag(7, 3) == "7-3"


@pytest.mark.parametrize(
    "header, expected",
    [
        ('"7-3"', True),
        ('W/"7-3"', True),
        ('"1-1", "7-3"', True),
        ("*", True),
        ('"7-2"', False),
        (None, False),
        ("", False),
    ],
)
def test_if_none_match_compares_weakly(app, header, expected):
    with app.app_context():
        response = not_modified(header, "7-3")
    assert (response is not None) == expected
    if response is not None:
        assert response.status_code == 304 and response.headers["ETag"] == '"7-3"'


@pytest.mark.parametrize("header", ['"7-3"', '"x", "7-3"', "*"])
def test_if_match_passes_when_naming_the_tag(header):
    require_match(header, "7-3", what="post")


def test_if_match_passes_when_absent():
    require_match(None, "7-3", what="post")


@pytest.mark.parametrize("header", ['"7-2"', 'W/"7-3"', '"x"', "", "7-3"])
def test_if_match_compares_strongly_and_a_header_naming_nothing_fails(header):
    with pytest.raises(PreconditionFailed, match="changed since you read it"):
        require_match(header, "7-3", what="post")


@pytest.mark.parametrize(
    "header, tags",
    [
        ("", set()),
        ("7-3", set()),
        ('"7-3", x', {"7-3"}),
        ('"7-3"', {"7-3"}),
        (' W/"a" , "b" ', {"a", "b"}),
        ("*", {"*"}),
    ],
)
def test_only_quoted_entity_tags_name_one(header, tags):
    parsed = parse(header)
    assert parsed is not None
    assert parsed.as_set(include_weak=True) | ({"*"} if parsed.star_tag else set()) == tags


def test_a_header_not_sent_is_none():
    assert parse(None) is None
