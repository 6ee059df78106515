"""Every pattern in the contract means the same to ECMA-262 (JSON Schema's dialect) and to Python's `re`.

A server written in Python checks `pattern` with `re`; a fuzzer, a generated client or a JavaScript
validator reads it as ECMA-262. Where the two differ (`\\s` and `\\S` over U+001C-U+001F and U+FEFF, `$`
before a final newline, Unicode `\\d` and `\\w`), a request is valid to one and refused by the other.
Each pattern is read here by Python's `re.search` (as jsonschema does) and by regress, an ECMA-262
engine, with and without the `u` flag, over every code point up to U+3100 alone and followed by a
newline, and over valid examples with each of those prepended and appended.
"""

import re
from collections.abc import Iterator
from functools import cache

import pytest
import regress

from harness.validation import load_spec

# Valid values for each pattern, by where it is in the contract. Every pattern must have some.
EXAMPLES = {
    "/components/headers/ETag/schema/pattern": ['"7-3"', '"a"'],
    "/components/headers/WWWAuthenticate/schema/pattern": ["Bearer", 'Bearer realm="api"'],
    "/components/schemas/Timestamp/pattern": ["2026-01-01T00:00:00Z", "2026-01-01T00:00:00.123456+00:00"],
    "/components/schemas/Text/allOf/0/pattern": ["a", " x "],
    "/components/schemas/Text/allOf/1/pattern": ["", "Hello, world"],
    "/components/schemas/Cursor/pattern": ["eyJpZCI6MX0." + "A" * 22, "a" * 480 + "." + "-_" * 11],
    "/components/schemas/EntityTags/pattern": ["*", '""', '"7-3"', 'W/"a" ,\t"b"'],
    "/components/schemas/Username/pattern": ["alice_1", "abc"],
    "/components/schemas/UserCreated/properties/token/pattern": ["A" * 43],
    "/components/schemas/Language/pattern": ["en", "zh-Hant-TW"],
    "/components/schemas/Tags/items/pattern": ["python", "web-2"],
    "/components/schemas/PostPage/properties/next_cursor/pattern": ["eyJpZCI6MX0." + "A" * 22],
}

# Every code point up to U+3100 (the blank characters end at U+3000), and a few past it that
# dialects are known to disagree on: U+FEFF is ECMA's whitespace and not Python's, and one
# character outside the Basic Multilingual Plane (two code units to ECMA without `u`).
PROBES = [chr(code) for code in range(0x3101)] + ["\ufeff", "\U0001f600"]


def patterns(node: object, where: str = "") -> Iterator[tuple[str, str]]:
    """(JSON Pointer, pattern) of every `pattern` keyword in the document."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "pattern" and isinstance(value, str):
                yield f"{where}/pattern", value
            else:
                yield from patterns(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from patterns(value, f"{where}/{index}")


PATTERNS = dict(patterns(load_spec()))


@cache
def readers(pattern: str):
    """The pattern under each dialect: name -> a search returning whether it matches."""
    python = re.compile(pattern)
    ecma, ecma_unicode = regress.Regex(pattern), regress.Regex(pattern, "u")
    return {
        "re.search": lambda text: python.search(text) is not None,
        "ECMA-262": lambda text: ecma.find(text) is not None,
        "ECMA-262 /u": lambda text: ecma_unicode.find(text) is not None,
    }


def texts(examples: list[str]) -> Iterator[str]:
    for probe in PROBES:
        yield probe
        yield probe + "\n"
        for example in examples:
            yield example + probe
            yield probe + example


def disagreements(pattern: str, examples: list[str]) -> list[str]:
    """The texts on which the dialects' verdicts differ, each with the verdicts."""
    found = []
    for text in texts(examples):
        verdicts = {name: read(text) for name, read in readers(pattern).items()}
        if len(set(verdicts.values())) > 1:
            found.append(f"{text!r}: {verdicts}")
    return found


def test_every_pattern_has_examples():
    assert set(PATTERNS) == set(EXAMPLES)


@pytest.mark.parametrize("where", sorted(EXAMPLES))
def test_the_examples_are_valid_in_every_dialect(where):
    for example in EXAMPLES[where]:
        verdicts = {name: read(example) for name, read in readers(PATTERNS[where]).items()}
        assert all(verdicts.values()), f"{example!r}: {verdicts}"


@pytest.mark.parametrize("where", sorted(EXAMPLES))
def test_a_pattern_means_the_same_in_ecma_262_and_python(where):
    found = disagreements(PATTERNS[where], EXAMPLES[where])
    assert not found, f"{PATTERNS[where]} ({len(found)} texts):\n" + "\n".join(found[:20])


@pytest.mark.parametrize(
    "pattern, examples, expected",
    [
        # The text fields' pattern before the contract listed its whitespace: `\S` under `re` calls
        # U+001C-U+001F and U+0085 whitespace, ECMA-262 does not; ECMA calls U+FEFF whitespace.
        (r"\S", ["a"], ["\x1c", "\x1f", "\x85", "\ufeff"]),
        # An anchored pattern closed by `$` alone: Python lets a final newline through.
        (r"^[a-z0-9_]{3,32}$", ["alice"], ["alice\n"]),
        # Unicode digits: `\d` is [0-9] to ECMA-262, every decimal digit to Python.
        (r"^\d+$", ["5"], ["\u0665"]),
    ],
)
def test_the_check_finds_patterns_that_differ(pattern, examples, expected):
    found = {entry.split(": ")[0] for entry in disagreements(pattern, examples)}
    assert {repr(text) for text in expected} <= found
