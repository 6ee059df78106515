"""Preconditions on werkzeug's parsed headers: weak If-None-Match, strong If-Match, lists and *."""

import pytest
from werkzeug.exceptions import PreconditionFailed
from werkzeug.http import parse_etags

from app.conditional import entity_tag, if_match, if_none_match, not_modified, require_match


def test_entity_tags_join_the_parts():
    assert entity_tag(7, 3) == "7-3"


@pytest.mark.parametrize("header, expected", [
    ('"7-3"', True), ('W/"7-3"', True), ('"1-1", "7-3"', True), ("*", True),
    ('"7-2"', False), (None, False),
])
def test_if_none_match_compares_weakly(app, header, expected):
    with app.app_context():
        response = not_modified(parse_etags(header), "7-3")
    assert (response is not None) == expected
    if response is not None:
        assert response.status_code == 304 and response.headers["ETag"] == '"7-3"'


@pytest.mark.parametrize("header", ['"7-3"', '"x", "7-3"', "*"])
def test_if_match_passes_when_naming_the_tag(header):
    require_match(parse_etags(header), "7-3", what="post")


def test_if_match_passes_when_absent():
    require_match(None, "7-3", what="post")


@pytest.mark.parametrize("header", ['"7-2"', 'W/"7-3"', '"x"'])
def test_if_match_compares_strongly(header):
    with pytest.raises(PreconditionFailed):
        require_match(parse_etags(header), "7-3", what="post")


@pytest.mark.parametrize("header, tags", [
    ("", set()), ("7-3", set()), ('"7-3", x', {"7-3"}), ('"7-3"', {"7-3"}), (' W/"a" , "b" ', {"a", "b"}), ("*", {"*"}),
])
def test_only_quoted_entity_tags_name_one(app, header, tags):
    with app.test_request_context(headers={"If-Match": header, "If-None-Match": header}):
        for parsed in (if_match(), if_none_match()):
            assert parsed is not None
            assert parsed.as_set(include_weak=True) | ({"*"} if parsed.star_tag else set()) == tags


def test_a_header_not_sent_is_none(app):
    with app.test_request_context():
        assert if_match() is None
        assert not if_none_match()
