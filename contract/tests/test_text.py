"""Text fields and anchored patterns as the contract spells them, alike in ECMA-262 and Python's `re`.

Blank text (display_name, title, content) is text made only of the characters `str.isspace()`
counts as whitespace: the `Text` schema lists them. Anything else is not blank, U+FEFF included
(ECMA's `\\s` would say it is). An anchored pattern matches the whole value, so a final newline is
refused (Python's `$` alone would let it through).
"""

import re

import pytest

from harness.client import unique_username
from harness.validation import load_spec

# Every character Python's str.isspace() counts as whitespace, as the contract lists them.
BLANK = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680"
    + "".join(map(chr, range(0x2000, 0x200B)))
    + ("\u2028\u2029\u202f\u205f\u3000")
)
# Not blank: invisible or space-like, but not whitespace to str.isspace().
NOT_BLANK = ["\ufeff", "\u200b", "\u180e", "\u2060", "\u3164", "\u00ad"]


def test_the_blank_characters_are_pythons_whitespace_and_the_contracts():
    not_blank = re.compile(load_spec()["components"]["schemas"]["Text"]["allOf"][0]["pattern"])
    everything = list(map(chr, range(0x110000)))
    assert {c for c in everything if c.isspace()} == set(BLANK)
    assert {c for c in everything if not not_blank.search(c)} == set(BLANK)


def user_with(api, display_name):
    return api.post("/api/users", {"username": unique_username(), "display_name": display_name})


def post_with(api, account, **fields):
    return api.post("/api/posts", {"title": "T", "content": "C", **fields}, account=account)


@pytest.mark.parametrize("char", list(BLANK), ids=lambda c: f"U+{ord(c):04X}")
def test_a_display_name_of_one_blank_character_is_refused(api, char):
    response = user_with(api, char)
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["pointer"] == "/display_name"


def test_titles_and_contents_of_blank_characters_are_refused(api, alice):
    for char in BLANK:
        for field in ("title", "content"):
            response = post_with(api, alice, **{field: char * 3})
            assert response.status_code == 422, (field, f"U+{ord(char):04X}")
            assert f"/{field}" in [error.get("pointer") for error in response.json()["errors"]]
    assert post_with(api, alice, title=BLANK).status_code == 422  # all of them at once


@pytest.mark.parametrize("char", NOT_BLANK, ids=lambda c: f"U+{ord(c):04X}")
def test_a_character_that_is_not_whitespace_is_text(api, alice, char):
    user = user_with(api, char)
    assert user.status_code == 201, user.text
    assert user.json()["display_name"] == char
    post = post_with(api, alice, title=char, content=f"{BLANK}{char}")
    assert post.status_code == 201, post.text
    assert (post.json()["title"], post.json()["content"]) == (char, f"{BLANK}{char}")


@pytest.mark.parametrize("where", ["after", "before"])
def test_a_newline_around_an_anchored_value_is_refused(api, alice, where):
    def around(value: str) -> str:
        return value + "\n" if where == "after" else "\n" + value

    user = api.post("/api/users", {"username": around(unique_username()), "display_name": "Newline"})
    assert user.status_code == 422 and user.json()["errors"][0]["pointer"] == "/username"
    post = post_with(api, alice, tags=["fine", around("python")])
    assert post.status_code == 422 and "/tags/1" in [error.get("pointer") for error in post.json()["errors"]]
    settings = api.patch("/api/settings", {"language": around("en")}, account=alice)
    assert settings.status_code == 422 and settings.json()["errors"][0]["pointer"] == "/language"
    assert api.get("/api/settings", account=alice).json()["language"] == "en"
