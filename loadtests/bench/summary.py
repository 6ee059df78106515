"""What a run writes into summary.json, typed: each phase fills its own fields, the report reads them all."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from bench.plan import SUMMARY_FORMAT

Window = dict[str, Any]  # one measured window, as bench.stats writes it


@dataclass
class Seeded:
    """One implementation's seeded database: every unit starts on a copy of it."""

    database_url: str
    dataset: dict[str, list[int]]  # the ids created: {"users": [...], "posts": [...]}


@dataclass
class Summary:
    settings: dict[str, Any]
    environment: dict[str, Any]
    pinning: str
    policy: dict[str, str]
    generators: dict[str, str | None]
    order: dict[str, Any]  # the seed that drew each round's order, and the orders drawn
    control: dict[str, str] | None  # the A/A control: {"impl": name, "twin": its second name}
    format: int = SUMMARY_FORMAT
    contract: dict[str, dict[str, Any]] = field(default_factory=dict)
    devx: dict[str, dict[str, Any]] = field(default_factory=dict)
    ceiling: list[Window] = field(default_factory=list)
    windows: list[Window] = field(default_factory=list)
    units: list[dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    database_policy: dict[str, Any] = field(default_factory=dict)
    offered: dict[str, Any] | None = None
    datasize: list[dict[str, Any]] | None = None
    results: dict[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        """The summary as summary.json holds it; a stage that did not run leaves no key."""
        optional = ("offered", "datasize", "results")
        return {key: value for key, value in asdict(self).items() if value is not None or key not in optional}
