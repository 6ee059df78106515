"""make diff: two runs side by side, per implementation and per operation, against their noise."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def _load(run: Path) -> dict[str, Any]:
    summary = json.loads((run / "summary.json").read_text())
    return summary["results"]["by_users"][str(summary["results"]["default_users"])]


def _change(before: float, after: float) -> float:
    return 100 * (after - before) / before if before else 0.0


def _verdict(change: float, noise: float, higher_is_better: bool) -> str:
    if abs(change) <= noise:
        return "within noise"
    better = change > 0 if higher_is_better else change < 0
    return "improvement" if better else "REGRESSION"


def diff(a: Path, b: Path) -> str:
    before, after = _load(a), _load(b)
    lines = [f"# {a.name} → {b.name}", "", "| implementation | req/s A | req/s B | change | noise (spread) | verdict |",
             "|---|---|---|---|---|---|"]
    for name in sorted(set(before) & set(after)):
        x, y = before[name], after[name]
        change = _change(x["rps_median"], y["rps_median"])
        noise = max(x["spread_pct"], y["spread_pct"], 5.0)
        lines.append(f"| {name} | {x['rps_median']:,.0f} | {y['rps_median']:,.0f} | {change:+.1f} % | ±{noise:.1f} % | "
                     f"{_verdict(change, noise, True)} |")
    lines += ["", "| implementation | operation | p50 A | p50 B | p95 A | p95 B | p95 change | verdict |",
              "|---|---|---|---|---|---|---|---|"]
    for name in sorted(set(before) & set(after)):
        noise = max(before[name]["spread_pct"], after[name]["spread_pct"], 10.0)
        for op in sorted(set(before[name]["operations"]) & set(after[name]["operations"])):
            x, y = before[name]["operations"][op], after[name]["operations"][op]
            change = _change(x["p95"], y["p95"])
            lines.append(f"| {name} | {op} | {x['p50']} | {y['p50']} | {x['p95']} | {y['p95']} | {change:+.1f} % | "
                         f"{_verdict(change, noise, False)} |")
    only = sorted(set(before) ^ set(after))
    if only:
        lines += ["", f"In one run only: {', '.join(only)}"]
    return "\n".join(lines)
