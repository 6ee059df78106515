"""A Dockerfile read as its instructions per stage: continuation lines joined, comments dropped."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Instruction:
    keyword: str
    arguments: str
    line: int

    def flags(self) -> dict[str, str]:
        return dict(re.findall(r"--([a-z-]+)=(\S+)", self.arguments))

    def operands(self) -> list[str]:
        return [word for word in self.arguments.split() if not word.startswith("--")]

    def exec_form(self) -> list[str] | None:
        try:
            value = json.loads(self.arguments)
        except ValueError:
            return None
        return value if isinstance(value, list) else None


@dataclass
class Stage:
    base: str
    name: str | None
    instructions: list[Instruction] = field(default_factory=list)

    def all(self, keyword: str) -> list[Instruction]:
        return [i for i in self.instructions if i.keyword == keyword]

    def last(self, keyword: str) -> Instruction | None:
        found = self.all(keyword)
        return found[-1] if found else None


@dataclass
class Dockerfile:
    path: Path
    label: str  # the path as a reader finds it: from the repository root
    stages: list[Stage]
    text: str

    def stage(self, target: str | None) -> Stage:
        if target is None:
            return self.stages[-1]
        for stage in self.stages:
            if stage.name == target:
                return stage
        raise KeyError(f"{self.label} has no stage {target!r}; stages: {[s.name for s in self.stages]}")

    def chain(self, stage: Stage) -> list[Stage]:
        """The stage and the stages it is built on, base first."""
        names = {s.name: s for s in self.stages if s.name}
        chain = [stage]
        while chain[0].base in names:
            chain.insert(0, names[chain[0].base])
        return chain

    def setting(self, stage: Stage, keyword: str) -> Instruction | None:
        """The instruction in force in `stage` (its own, or inherited from its base stages)."""
        for link in reversed(self.chain(stage)):
            if found := link.last(keyword):
                return found
        return None

    def env(self, stage: Stage) -> dict[str, str]:
        values: dict[str, str] = {}
        for link in self.chain(stage):
            for instruction in link.all("ENV"):
                for key, value in re.findall(r'(\w+)=("[^"]*"|\S+)', instruction.arguments):
                    values[key] = value.strip('"')
        return values


def parse(path: Path, root: Path) -> Dockerfile:
    text = path.read_text()
    stages: list[Stage] = []
    logical, start = "", 0
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not logical and (not line or line.startswith("#")):
            continue
        if logical and line.startswith("#"):
            continue  # a comment inside a continued instruction
        if not logical:
            start = number
        logical += " " + line.removesuffix("\\").strip() if logical else line.removesuffix("\\").strip()
        if line.endswith("\\"):
            continue
        keyword, _, arguments = logical.partition(" ")
        instruction = Instruction(keyword.upper(), arguments.strip(), start)
        logical = ""
        if instruction.keyword == "FROM":
            words = [w for w in instruction.arguments.split() if not w.startswith("--")]
            stages.append(Stage(base=words[0], name=words[2] if len(words) > 2 and words[1].upper() == "AS" else None))
        elif not stages:
            raise ValueError(f"{path}: {instruction.keyword} before the first FROM (line {start})")
        else:
            stages[-1].instructions.append(instruction)
    return Dockerfile(path, str(path.relative_to(root)), stages, text)
