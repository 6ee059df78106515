"""The shared vocabulary (contract/vocabulary.toml) as a table to read: per role and resource, the public names.

docs/implementing.md shows it between markers, rewritten by `make roles` (a test fails when it is stale).
The file's trailing comments say what a name returns or raises; they are kept as notes in the table.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from harness.manifest import ROOT

RELATIVE = Path("contract/vocabulary.toml")
NAME = "vocabulary"  # the markers: <!-- vocabulary:start --> ... <!-- vocabulary:end -->
KINDS = ("classes", "constants", "functions", "stems", "suffixes", "idiom")


def notes(text: str) -> dict[tuple[str, str], str]:
    """{(table, key): comment} for every `key = value  # comment` line, tables by their dotted header."""
    found, table = {}, ""
    for line in text.splitlines():
        if header := re.fullmatch(r"\[([\w.]+)\]\s*(#.*)?", line.strip()):
            table = header.group(1)
        elif entry := re.match(r'(\w+|"[^"]+")\s*=.*?\s#\s*(.+)$', line):
            found[(table, entry.group(1).strip('"'))] = entry.group(2).strip()
    return found


def entries(data: dict[str, Any], prefix: str = "") -> list[tuple[str, dict[str, Any]]]:
    """(dotted name, entry) of every table that says `what` it holds, in the file's order."""
    found = []
    for key, value in data.items():
        if isinstance(value, dict) and key not in KINDS:
            name = f"{prefix}{key}"
            if "what" in value:
                found.append((name, value))
            found += entries(value, f"{name}.")
    return found


def _names(name: str, entry: dict[str, Any], comments: dict[tuple[str, str], str]) -> list[str]:
    def noted(table: str, key: str, text: str) -> str:
        return f"{text}: {_prose(comments[(table, key)])}" if (table, key) in comments else text

    lines = []
    for kind in ("classes", "constants"):
        if entry.get(kind):
            lines.append(noted(name, kind, f"{kind}: " + ", ".join(f"`{item}`" for item in entry[kind])))
    for function, parameters in entry.get("functions", {}).items():
        lines.append(noted(f"{name}.functions", function, f"`{function}({parameters})`"))
    for group, stems in entry.get("stems", {}).items():
        lines.append(noted(f"{name}.stems", group, f"{group}: " + ", ".join(f"`{stem}`" for stem in stems)))
    for framework, suffixes in entry.get("suffixes", {}).items():
        spelled = ", ".join(f"`{suffix}`" if suffix else "none" for suffix in suffixes)
        lines.append(noted(f"{name}.suffixes", framework, f"suffixes, {framework}: {spelled}"))
    for key, text in entry.get("idiom", {}).items():
        lines.append(f"idiom, *{key}*: {_prose(text)}")
    return lines


def _prose(text: str) -> str:
    """Free text as Markdown shows it: an angle bracket is not a tag, a bar is not a cell's end."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def table(path: Path = ROOT / RELATIVE) -> str:
    text = path.read_text()
    comments = notes(text)
    lines = ["| role | resource | what | names |", "|---|---|---|---|"]
    for name, entry in entries(tomllib.loads(text)):
        role, _, resource = name.partition(".")
        cell = "<br>".join(line.replace("|", "\\|") for line in _names(name, entry, comments))
        lines.append(f"| **{role}** | {resource or '–'} | {_prose(entry['what'])} | {cell} |")
    return "\n".join(lines)
