"""Preconditions on werkzeug's parsed headers: weak If-None-Match, strong If-Match, lists and *."""

import pytest
from werkzeug.exceptions import PreconditionFailed
from werkzeug.http import parse_etags

from app.conditional import entity_tag, not_modified, require_match


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


@pytest.mark.parametrize("header", ['"7-3"', '"x", "7-3"', "*", None])
def test_if_match_passes_when_absent_or_naming_the_tag(header):
    require_match(parse_etags(header), "7-3", what="post")


@pytest.mark.parametrize("header", ['"7-2"', 'W/"7-3"', '"x"'])
def test_if_match_compares_strongly(header):
    with pytest.raises(PreconditionFailed):
        require_match(parse_etags(header), "7-3", what="post")
