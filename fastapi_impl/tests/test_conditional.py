"""Entity tags and preconditions: RFC 9110's comparisons, malformed fields, and where each is noticed."""

import pytest

from app.conditional import make_etag, none_match, require_match
from app.errors import BadRequest, PreconditionFailed

ETAG = make_etag(7, 3)
STALE = "The resource has changed since you read it: If-Match does not match its ETag."
# Neither `*` nor a list of quoted entity tags: an empty field, an unquoted tag, a stray character,
# a list with an empty member, obs-text or a control character inside the quotes.
MALFORMED = ["", " ", "7-3", "garbage", '"7-3', '"7-3" "1-1"', '"7-3",', ', "7-3"', "**", '"7-\xe93"', '"7\x013"']


def test_etags_are_strong_and_quoted():
    assert ETAG == '"7-3"'


@pytest.mark.parametrize(
    "header, matches",
    [
        (None, False),
        ('"7-3"', True),
        ('W/"7-3"', True),
        ('"1-1", "7-3"', True),
        ('"1-1",\t"7-3"  ', True),
        ("*", True),
        (" * ", True),
        ('"7-4"', False),
        ('""', False),
    ],
)
def test_if_none_match_uses_weak_comparison(header, matches):
    assert none_match(header, ETAG) is matches


@pytest.mark.parametrize("header", [None, '"7-3"', "*", ' "0-0" , "7-3" ', '"1-1","7-3"'])
def test_if_match_accepts_the_current_tag(header):
    require_match(header, ETAG)


@pytest.mark.parametrize("header", ['"7-4"', 'W/"7-3"', '""', '"1-1", W/"7-3"'])
def test_if_match_refuses_any_other_tag_with_the_one_wording(header):
    with pytest.raises(PreconditionFailed) as refused:
        require_match(header, ETAG)
    assert refused.value.detail == STALE


@pytest.mark.parametrize("header", MALFORMED)
def test_a_malformed_field_is_a_bad_request_naming_the_header(header):
    with pytest.raises(BadRequest) as malformed:
        require_match(header, ETAG)
    assert malformed.value.detail == "If-Match must be * or a list of quoted entity tags."
    with pytest.raises(BadRequest) as malformed:
        none_match(header, ETAG)
    assert malformed.value.detail == "If-None-Match must be * or a list of quoted entity tags."


def test_a_match_answers_304_with_the_etag_and_nothing_else(client, register):
    user = register()
    for path, auth in ((write_post(client, user), {}), ("/api/settings", user["auth"])):
        etag = client.get(path, headers=auth).headers["etag"]
        response = client.get(path, headers={**auth, "If-None-Match": f'"0-0", W/{etag}'})
        assert response.status_code == 304 and response.headers["etag"] == etag
        assert response.content == b"" and "content-type" not in response.headers


def write_post(client, user) -> str:
    created = client.post("/api/posts", headers=user["auth"], json={"title": "t", "content": "c"})
    return f"/api/posts/{created.json()['id']}"


def test_a_malformed_precondition_is_noticed_after_404_and_403(client, register):
    alice, bob = register("alice"), register("bob")
    path = write_post(client, alice)
    malformed = {"If-Match": "not-a-tag", "If-None-Match": "not-a-tag"}
    assert client.get("/api/posts/999", headers=malformed).status_code == 404
    assert client.delete("/api/posts/999", headers={**alice["auth"], **malformed}).status_code == 404
    assert client.delete(path, headers={**bob["auth"], **malformed}).status_code == 403
    assert client.patch(path, headers={**bob["auth"], **malformed}, json={"title": "u"}).status_code == 403
    for response in (
        client.get(path, headers=malformed),
        client.get("/api/settings", headers={**alice["auth"], **malformed}),
        client.put(path, headers={**alice["auth"], **malformed}, json={"title": "u", "content": "c", "tags": []}),
        client.patch("/api/settings", headers={**alice["auth"], **malformed}, json={"theme": "dark"}),
        client.delete(path, headers={**alice["auth"], **malformed}),
    ):
        assert response.status_code == 400, response.request
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["detail"].endswith("must be * or a list of quoted entity tags.")
    assert client.get(path).status_code == 200  # nothing was changed or deleted


def test_a_stale_if_match_is_412_with_the_one_wording(client, register):
    user = register()
    stale = {**user["auth"], "If-Match": '"0-0"'}
    for response in (
        client.patch(write_post(client, user), headers=stale, json={"title": "u"}),
        client.patch("/api/settings", headers=stale, json={"theme": "dark"}),
        client.delete(write_post(client, user), headers=stale),
    ):
        assert response.status_code == 412 and response.json()["detail"] == STALE
