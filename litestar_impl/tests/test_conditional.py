"""If-Match and If-None-Match as RFC 9110 reads them: strong and weak comparison, and malformed fields."""

import pytest

from app.conditional import make_etag, none_match, require_match
from app.errors import BadRequest, PreconditionFailed

ETAG = make_etag(7, 3)


def test_a_tag_is_quoted():
    assert ETAG == '"7-3"'


@pytest.mark.parametrize("header", ['"7-3"', '"x", "7-3"', "*", ' "x" ,\t"7-3" '])
def test_if_match_names_the_current_tag(header):
    require_match(header, ETAG)


@pytest.mark.parametrize("header", ['W/"7-3"', '"7-4"', '""'])
def test_if_match_with_another_or_weak_tag_fails(header):
    with pytest.raises(PreconditionFailed):
        require_match(header, ETAG)


@pytest.mark.parametrize("header", ["", "7-3", "garbage", '"7-3", 7-3', '"a"b"', '"\u00e9"', "**"])
def test_a_malformed_field_is_a_bad_request(header):
    with pytest.raises(BadRequest, match="If-Match"):
        require_match(header, ETAG)
    with pytest.raises(BadRequest, match="If-None-Match"):
        none_match(header, ETAG)


@pytest.mark.parametrize("header, expected", [(None, False), ('W/"7-3"', True), ("*", True), ('"x"', False)])
def test_if_none_match_compares_weakly(header, expected):
    assert none_match(header, ETAG) is expected


def test_malformed_if_match_comes_after_the_resources_404(client, register):
    user = register()
    assert client.patch("/api/posts/999", headers={**user["auth"], "If-Match": "bad"}, json={}).status_code == 404
    post = client.post("/api/posts", headers=user["auth"], json={"title": "T", "content": "C"})
    path = f"/api/posts/{post.json()['id']}"
    assert client.patch(path, headers={**user["auth"], "If-Match": "bad"}, json={}).status_code == 400
    assert client.get(path, headers={"If-None-Match": post.headers["etag"]}).status_code == 304
