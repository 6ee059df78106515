"""Which fault wins when a request has several, as the contract orders them: the route, then the body
as transported (413, then 415, then 400), then 401, then 422, then the resource (404, 403), then
the preconditions (a malformed If-Match or If-None-Match 400, a stale If-Match 412)."""

import json

import pytest

from harness.operations import calls

LONE_SURROGATE = b'{"title": "\\ud800", "content": "c"}'


def transport_faults(limit: int) -> dict[str, tuple[bytes, str | None, int]]:
    """name -> (body, Content-Type, status) for bodies the server must refuse before reading them as JSON."""
    valid = b'{"title": "T", "content": "C"}'
    oversized = b'{"content": "' + b"x" * limit + b'"}'
    return {
        "malformed JSON": (b'{"title": ', "application/json", 400),
        "an empty body": (b"", "application/json", 400),
        "bytes that are not UTF-8": (b'{"title": "\xff\xfe"}', "application/json", 400),
        "a surrogate encoded as UTF-8": (b'{"title": "\xed\xa0\x80", "content": "c"}', "application/json", 400),
        "an escaped lone surrogate in a value": (LONE_SURROGATE, "application/json", 400),
        "an escaped lone surrogate in a member name": (b'{"\\udc00": 1}', "application/json", 400),
        "a lone surrogate deep in an array": (b'{"tags": ["ok", "\\udbff"]}', "application/json", 400),
        "a body that is not JSON": (valid, "text/plain", 415),
        "a body without Content-Type": (valid, None, 415),
        "a body over the limit": (oversized, "application/json", 413),
        "a body over the limit and not JSON": (oversized, "text/plain", 413),
        "a body over the limit and malformed": (oversized[:-2], "application/json", 413),
    }


def send(api, call, body: bytes, content_type: str | None, headers: dict[str, str]):
    sent = dict(headers)
    if content_type:
        sent["Content-Type"] = content_type
    return api.request(call.method, call.path, data=body, headers=sent)


@pytest.mark.parametrize("credentials", ["a valid token", "no token", "an unknown token"])
def test_transport_faults_come_before_authentication_for_every_operation_with_a_body(api, target, alice, credentials):
    post = api.create_post(alice)
    headers = {
        "a valid token": alice.auth,
        "no token": {},
        "an unknown token": {"Authorization": "Bearer " + "u" * 43},
    }[credentials]
    failures = []
    for call in calls(post_id=post["id"], user_id=alice.id, where=lambda op: op.has_body):
        for name, (body, content_type, status) in transport_faults(target.max_body_bytes).items():
            response = send(api, call, body, content_type, headers)
            if response.status_code != status:
                failures.append(f"{call.operation.operation_id} with {name}: {response.status_code}, not {status}")
    assert not failures, "\n".join(failures)
    assert api.get(f"/api/posts/{post['id']}").json() == post, "a refused request changed the post"


def test_surrogate_pairs_are_text_and_are_kept(api, alice):
    response = api.request(
        "POST",
        "/api/posts",
        data=b'{"title": "\\ud83d\\ude80 launch", "content": "c"}',
        account=alice,
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 201
    assert response.json()["title"] == "\U0001f680 launch"


def invalid_bodies() -> dict[str, object]:
    return {
        "createUser": {"username": "no", "display_name": "X"},
        "replaceSettings": {"theme": "blue"},
        "updateSettings": {"theme": "blue"},
        "createPost": {"title": ""},
        "replacePost": {"title": "T"},
        "updatePost": {"title": None},
    }


def test_authentication_comes_before_validation(api, alice):
    post = api.create_post(alice)
    bodies = invalid_bodies()
    for call in calls(post_id=post["id"], user_id=alice.id, where=lambda op: op.has_body):
        body = bodies[call.operation.operation_id]
        anonymous = api.request(call.method, call.path, json_body=body)
        expected = 401 if call.operation.secured else 422
        assert anonymous.status_code == expected, call.operation.operation_id
        assert api.request(call.method, call.path, json_body=body, account=alice).status_code == 422, (
            call.operation.operation_id
        )


@pytest.mark.parametrize(
    "case", ["a post that does not exist", "an id of 0", "an id past 2^63-1", "someone else's post", "a stale If-Match"]
)
@pytest.mark.parametrize(
    "method, body, pointer",
    [("PUT", {"title": "T", "content": "C"}, "/tags"), ("PATCH", {"tags": ["Not A Tag"]}, "/tags/0")],
)
def test_validation_comes_before_the_resource(api, alice, bob, case, method, body, pointer):
    own = api.post("/api/posts", {"title": "Mine", "content": "C"}, account=alice)
    others = api.create_post(bob)
    path, headers = {
        "a post that does not exist": ("/api/posts/999999999999", {}),
        "an id of 0": ("/api/posts/0", {}),
        "an id past 2^63-1": (f"/api/posts/{2**63}", {}),
        "someone else's post": (f"/api/posts/{others['id']}", {}),
        "a stale If-Match": (f"/api/posts/{own.json()['id']}", {"If-Match": '"stale"'}),
    }[case]
    response = api.request(method, path, json_body=body, account=alice, headers=headers)
    assert response.status_code == 422, response.text
    assert pointer in [error.get("pointer") for error in response.json()["errors"]]


@pytest.mark.parametrize("post_id", ["0", "999999999999", str(2**63 - 1), str(2**63), "9" * 30])
def test_ids_that_name_nothing_are_the_resources_404_after_401(api, alice, post_id):
    writes = [("PUT", {"title": "T", "content": "C", "tags": []}), ("PATCH", {"title": "T"}), ("DELETE", None)]
    for method, body in writes:
        kwargs = {} if body is None else {"json_body": body}
        assert api.request(method, f"/api/posts/{post_id}", **kwargs).status_code == 401, method
        assert api.request(method, f"/api/posts/{post_id}", account=alice, **kwargs).status_code == 404, method
    assert api.delete(f"/api/users/{post_id}").status_code == 401
    assert api.delete(f"/api/users/{post_id}", account=alice).status_code == 404


def test_authentication_comes_before_the_resource(api, alice, bob):
    post = api.create_post(bob)
    path = f"/api/posts/{post['id']}"
    for headers in ({}, {"If-Match": '"stale"'}):
        assert api.patch(path, {"title": "T"}, headers=headers).status_code == 401  # not 403, not 412
        assert api.delete(path, headers=headers).status_code == 401
    assert api.delete(f"/api/users/{alice.id}").status_code == 401  # not 403
    assert api.get(path).json() == post


def test_the_resources_404_and_403_come_before_412(api, alice, bob):
    post = api.create_post(bob)
    stale = {"If-Match": '"stale"'}
    assert api.patch(f"/api/posts/{post['id']}", {"title": "T"}, account=alice, headers=stale).status_code == 403
    assert api.delete(f"/api/posts/{post['id']}", account=alice, headers=stale).status_code == 403
    assert api.delete("/api/posts/999999999999", account=alice, headers=stale).status_code == 404
    assert (
        api.put(
            "/api/posts/999999999999", {"title": "T", "content": "C", "tags": []}, account=alice, headers=stale
        ).status_code
        == 404
    )


def test_a_forged_cursor_is_noticed_once_the_query_is_valid(api):
    forged = "Zm9yZ2Vk." + "A" * 22  # a cursor's shape, and no signature of this server's
    assert api.get("/api/posts", params={"cursor": forged, "limit": "0"}).status_code == 422
    assert api.get("/api/posts", params={"cursor": forged, "limit": "5"}).status_code == 400


MALFORMED = {"If-Match": "not-a-tag"}


def test_a_malformed_if_match_is_noticed_after_the_token_the_body_and_the_resource(api, alice, bob):
    own = api.create_post(alice)
    others = api.create_post(bob)
    mine, theirs, missing = f"/api/posts/{own['id']}", f"/api/posts/{others['id']}", "/api/posts/999999999999"
    valid, invalid = {"title": "T"}, {"title": ""}
    for method, body in [("PATCH", valid), ("PUT", {**valid, "content": "C", "tags": []}), ("DELETE", None)]:
        kwargs = {} if body is None else {"json_body": body}
        assert api.request(method, mine, headers=MALFORMED, **kwargs).status_code == 401, method
        assert api.request(method, missing, account=alice, headers=MALFORMED, **kwargs).status_code == 404, method
        assert api.request(method, theirs, account=alice, headers=MALFORMED, **kwargs).status_code == 403, method
        assert api.request(method, mine, account=alice, headers=MALFORMED, **kwargs).status_code == 400, method
    assert api.patch(mine, invalid, account=alice, headers=MALFORMED).status_code == 422
    assert api.patch("/api/settings", {"theme": "blue"}, account=alice, headers=MALFORMED).status_code == 422
    assert api.patch("/api/settings", {"theme": "dark"}, headers=MALFORMED).status_code == 401
    assert api.get(mine).json() == own and api.get(theirs).json() == others


def test_a_malformed_if_none_match_is_noticed_after_the_token_and_the_resource(api, alice):
    bad = {"If-None-Match": "not-a-tag"}
    assert api.get("/api/posts/999999999999", headers=bad).status_code == 404
    assert api.get("/api/settings", headers=bad).status_code == 401
    assert api.get("/api/settings", account=alice, headers=bad).status_code == 400


def test_a_malformed_body_is_400_whatever_the_resource(api, alice, bob):
    others = api.create_post(bob)
    for path in ("/api/posts/999999999999", f"/api/posts/{others['id']}", f"/api/posts/{2**63}"):
        response = api.request(
            "PATCH", path, data=b"{", account=alice, headers={"Content-Type": "application/json", "If-Match": '"stale"'}
        )
        assert response.status_code == 400, path
    assert json.loads(api.get(f"/api/posts/{others['id']}").content) == others
