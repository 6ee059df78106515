"""contract/vocabulary.toml checked against an implementation's source, read with `ast` (nothing imported).

For each role the vocabulary names, the files the implementation's manifest gives that role must
define its functions (with those parameters: names, kinds, defaults), classes, module-level
constants and schema stems. A function named `Class.method` is a method of a class defined there.
"""

from __future__ import annotations

import ast
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from harness.manifest import ROOT, Implementation

VOCABULARY = ROOT / "contract" / "vocabulary.toml"
CHECKED = ("functions", "classes", "constants", "stems")
Param = tuple[str, bool]  # name, has a default


def load(path: Path = VOCABULARY) -> dict[str, Any]:
    return tomllib.loads(path.read_text())


@dataclass(frozen=True)
class Signature:
    """Parameters as the vocabulary writes them: "a, b?, *, c, d?", "*parts"; `session` left out."""

    positional: tuple[Param, ...] = ()
    varargs: str | None = None
    keyword: tuple[Param, ...] = ()
    varkw: str | None = None

    @classmethod
    def parse(cls, text: str) -> Signature:
        positional: list[Param] = []
        keyword: list[Param] = []
        varargs = varkw = None
        star = False  # past "*" or "*name", parameters are keyword-only
        for part in filter(None, (p.strip() for p in text.split(","))):
            if part.startswith("**"):
                varkw = part[2:]
            elif part.startswith("*"):
                varargs, star = part[1:] or None, True
            else:
                (keyword if star else positional).append((part.rstrip("?"), part.endswith("?")))
        return cls(tuple(positional), varargs, tuple(keyword), varkw)

    @classmethod
    def of(cls, node: ast.FunctionDef | ast.AsyncFunctionDef, *, method: bool) -> Signature:
        args = node.args
        names = [a.arg for a in (*args.posonlyargs, *args.args)]
        defaults = [False] * (len(names) - len(args.defaults)) + [True] * len(args.defaults)
        positional = list(zip(names, defaults))
        static = any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in node.decorator_list)
        if method and not static:
            positional = positional[1:]  # self or cls
        keyword = [(a.arg, d is not None) for a, d in zip(args.kwonlyargs, args.kw_defaults)]
        if keyword[:1] == [("session", False)]:
            keyword = keyword[1:]  # the framework hands the database session over explicitly
        return cls(
            tuple(positional),
            args.vararg.arg if args.vararg else None,
            tuple(keyword),
            args.kwarg.arg if args.kwarg else None,
        )

    def __str__(self) -> str:
        parts = [name + "?" * default for name, default in self.positional]
        if self.varargs or self.keyword:
            parts.append("*" + (self.varargs or ""))
        parts += [name + "?" * default for name, default in self.keyword]
        if self.varkw:
            parts.append("**" + self.varkw)
        return ", ".join(parts)


@dataclass
class Source:
    """What the files of one role define at their top level, and the methods of their classes."""

    functions: dict[str, list[Signature]] = field(default_factory=dict)
    classes: set[str] = field(default_factory=set)
    constants: set[str] = field(default_factory=set)
    files: int = 0

    def read(self, path: Path) -> None:
        self.files += 1
        for node in ast.parse(path.read_text(), filename=str(path)).body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                self.functions.setdefault(node.name, []).append(Signature.of(node, method=False))
            elif isinstance(node, ast.ClassDef):
                self.classes.add(node.name)
                for item in node.body:
                    if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                        name = f"{node.name}.{item.name}"
                        self.functions.setdefault(name, []).append(Signature.of(item, method=True))
            elif isinstance(node, ast.Assign | ast.AnnAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                self.constants |= {t.id for t in targets if isinstance(t, ast.Name)}


def source_of(impl: Implementation, role: str) -> Source:
    source = Source()
    for named in dict(impl.roles).get(role, ()):
        path = impl.root / named
        for file in sorted(path.rglob("*.py")) if path.is_dir() else [path] if path.suffix == ".py" else []:
            source.read(file)
    return source


def entries(vocabulary: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(role, label, table) of every table that names something to check; services.posts is role services."""
    found = []
    for role, table in vocabulary.items():
        tables = [(role, table)] + [(f"{role}.{key}", sub) for key, sub in table.items() if isinstance(sub, dict)]
        found += [(role, label, t) for label, t in tables if any(key in t for key in CHECKED)]
    return found


def problems(impl: Implementation, vocabulary: dict[str, Any]) -> list[str]:
    """Every name of the vocabulary that the implementation does not define as it says, or [] when all are."""
    found = []
    suffixes = vocabulary["schemas"]["suffixes"]
    for role, label, table in entries(vocabulary):
        source = source_of(impl, role)
        if not source.files:
            found.append(f"[{label}] no Python file plays the role {role!r} in the manifest")
            continue
        for name, text in table.get("functions", {}).items():
            expected = Signature.parse(text)
            defined = source.functions.get(name, [])
            if not defined:
                found.append(f"[{label}] {name}({expected}) is not defined")
            elif expected not in defined:
                found.append(f"[{label}] {name}({expected}) is defined as " + " and ".join(f"({s})" for s in defined))
        found += [
            f"[{label}] class {name} is not defined" for name in table.get("classes", []) if name not in source.classes
        ]
        found += [
            f"[{label}] {name} is not defined" for name in table.get("constants", []) if name not in source.constants
        ]
        if "stems" in table:
            if impl.framework not in suffixes:
                found.append(f"[{label}] no suffixes for the framework {impl.framework!r} in [schemas.suffixes]")
                continue
            stems = table["stems"]
            for group, names in stems.items():
                for stem in names if group != "optional" else []:
                    spelled = [stem + suffix for suffix in suffixes[impl.framework]]
                    if stem not in stems.get("optional", []) and not source.classes & set(spelled):
                        found.append(f"[{label}] no schema for {stem}: none of {', '.join(spelled)}")
    return found
