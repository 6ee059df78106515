"""ETags, If-None-Match, If-Match, and at most one winner among concurrent conditional writes."""

from concurrent.futures import ThreadPoolExecutor

import pytest

from harness.client import Api

SETTINGS = "/api/settings"


@pytest.fixture
def post(api, alice):
    response = api.post("/api/posts", {"title": "Versioned", "content": "v1"}, account=alice)
    return {"path": f"/api/posts/{response.json()['id']}", "etag": response.headers["ETag"]}


def test_if_none_match_with_the_current_tag_is_not_modified(api, post):
    response = api.get(post["path"], headers={"If-None-Match": post["etag"]})
    assert response.status_code == 304
    assert response.content == b""
    assert response.headers["ETag"] == post["etag"]


@pytest.mark.parametrize("header", ['"other", {etag}', "W/{etag}", "*"])
def test_if_none_match_lists_weak_tags_and_star_match(api, post, header):
    assert api.get(post["path"], headers={"If-None-Match": header.format(etag=post["etag"])}).status_code == 304


def test_if_none_match_with_another_tag_returns_the_post(api, post):
    response = api.get(post["path"], headers={"If-None-Match": '"not-the-tag"'})
    assert response.status_code == 200
    assert response.headers["ETag"] == post["etag"]


def test_settings_support_if_none_match(api, alice):
    etag = api.get(SETTINGS, account=alice).headers["ETag"]
    assert api.get(SETTINGS, account=alice, headers={"If-None-Match": etag}).status_code == 304
    api.patch(SETTINGS, {"theme": "dark"}, account=alice)
    assert api.get(SETTINGS, account=alice, headers={"If-None-Match": etag}).status_code == 200


def test_every_write_changes_the_tag(api, alice, post):
    first = api.patch(post["path"], {"content": "v2"}, account=alice)
    second = api.patch(post["path"], {"content": "v2"}, account=alice)
    assert len({post["etag"], first.headers["ETag"], second.headers["ETag"]}) == 3


@pytest.mark.parametrize("method, body", [("put", {"title": "T", "content": "C", "tags": []}),
                                          ("patch", {"title": "T"}), ("delete", None)])
def test_a_stale_if_match_fails_and_changes_nothing(api, alice, post, method, body):
    current = api.patch(post["path"], {"content": "v2"}, account=alice)
    kwargs = {} if body is None else {"body": body}
    response = getattr(api, method)(post["path"], account=alice, headers={"If-Match": post["etag"]}, **kwargs)
    assert response.status_code == 412
    after = api.get(post["path"])
    assert after.json() == current.json()
    assert after.headers["ETag"] == current.headers["ETag"]


@pytest.mark.parametrize("header", ["{etag}", '"other", {etag}', "*"])
def test_a_matching_if_match_succeeds(api, alice, post, header):
    response = api.patch(post["path"], {"title": "Changed"}, account=alice,
                         headers={"If-Match": header.format(etag=post["etag"])})
    assert response.status_code == 200


def test_if_match_uses_strong_comparison(api, alice, post):
    response = api.patch(post["path"], {"title": "Changed"}, account=alice, headers={"If-Match": f"W/{post['etag']}"})
    assert response.status_code == 412


def test_delete_with_a_matching_if_match_succeeds(api, alice, post):
    assert api.delete(post["path"], account=alice, headers={"If-Match": post["etag"]}).status_code == 204


@pytest.mark.parametrize("method", ["put", "patch"])
def test_settings_honour_if_match(api, alice, method):
    etag = api.get(SETTINGS, account=alice).headers["ETag"]
    body = {"theme": "dark", "language": "fr", "timezone": "Europe/Paris", "notifications_enabled": False,
            "items_per_page": 10}
    assert getattr(api, method)(SETTINGS, body, account=alice, headers={"If-Match": '"stale"'}).status_code == 412
    assert api.get(SETTINGS, account=alice).json()["theme"] == "system"
    assert getattr(api, method)(SETTINGS, body, account=alice, headers={"If-Match": etag}).status_code == 200


def test_ownership_is_checked_before_preconditions(api, bob, post):
    response = api.patch(post["path"], {"title": "Mine now"}, account=bob, headers={"If-Match": '"stale"'})
    assert response.status_code == 403


def test_of_concurrent_writes_with_the_same_if_match_one_wins(target, alice, post):
    def attempt(n: int) -> int:
        client = Api(target.url)  # one connection each, so the requests really overlap
        return client.patch(post["path"], {"title": f"Writer {n}"}, account=alice,
                            headers={"If-Match": post["etag"]}).status_code

    with ThreadPoolExecutor(max_workers=10) as pool:
        statuses = sorted(pool.map(attempt, range(10)))
    assert statuses == [200] + [412] * 9
