"""The canned responder answers every route the scenario uses with a response the contract allows."""

from bench.responder import CANNED, route
from harness.validation import ContractValidator

VALIDATOR = ContractValidator("http://127.0.0.1:1")


def parse(raw: bytes) -> tuple[int, dict[str, str], bytes]:
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode().split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), headers, body


def test_every_scenario_route_gets_a_contract_valid_answer():
    requests = [
        ("GET", "/healthcheck"),
        ("POST", "/api/users"),
        ("GET", "/api/users/me"),
        ("GET", "/api/users/profile/3"),
        ("GET", "/api/posts?limit=20"),
        ("POST", "/api/posts"),
        ("GET", "/api/posts/5"),
        ("PATCH", "/api/posts/5"),
        ("DELETE", "/api/posts/5"),
        ("GET", "/api/settings"),
        ("PATCH", "/api/settings"),
    ]
    for method, path in requests:
        status, headers, body = parse(route(method, path, conditional=False))
        VALIDATOR.validate(method, "http://127.0.0.1:1" + path, status, headers, body)
    status, headers, body = parse(route("GET", "/api/posts/5", conditional=True))
    assert (status, body) == (304, b"")
    assert parse(CANNED["missing"])[0] == 404
