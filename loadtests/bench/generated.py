"""The tables `make roles` writes into the documentation, from the manifests and contract/vocabulary.toml.

    python -m bench.generated            # rewrite every section that is stale
    python -m bench.generated --check    # exit 1 if one is (the tests check the same)

Each lives between `<!-- NAME:start -->` and `<!-- NAME:end -->` in its file: README.md's role map and
implementation folders, docs/running.md's implementations, docs/implementing.md's vocabulary. A new implementation's
manifest.toml is all they need to show it.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bench import roles, vocabulary
from harness.manifest import ROOT, Implementation, discover


@dataclass(frozen=True)
class Section:
    path: Path
    name: str
    render: Callable[[], str]

    @property
    def markers(self) -> tuple[str, str]:
        return f"<!-- {self.name}:start -->", f"<!-- {self.name}:end -->"

    def text(self) -> str:
        start, end = self.markers
        return f"{start}\n{self.render()}\n{end}"

    def rewrite(self) -> bool:
        """Put the current table between the markers; True if the file changed."""
        start, end = self.markers
        old = self.path.read_text()
        if start not in old or end not in old:
            raise ValueError(f"{self.path} has no {start} … {end} markers")
        new = re.sub(re.escape(start) + ".*?" + re.escape(end), lambda _: self.text(), old, flags=re.S)
        if new != old:
            self.path.write_text(new)
        return new != old

    def current(self) -> bool:
        return self.text() in self.path.read_text()


def implementations_table(impls: Sequence[Implementation], root: Path = ROOT, up: str = "") -> str:
    """Each implementation as its manifest describes it: folder, port, server, workers, requests at once
    (`up`: the way from the document's folder to the root, for the links)."""
    lines = [
        "| implementation | folder | port | server "
        "| worker processes its docs advise (`make compare POLICY=documented`) "
        "| requests at once per worker, read from |",
        "|---|---|---|---|---|---|",
    ]
    for impl in impls:
        folder = impl.root.relative_to(root)
        workers = f"[`{impl.workers}`]({impl.workers_source})" if impl.workers_source else f"`{impl.workers}`"
        at_once = f"`{impl.concurrency_env}`" if impl.concurrency_env else "–"
        lines.append(
            f"| {impl.name} ({impl.title}) | [{folder}/]({up}{folder}/) | {impl.port} | {impl.server} | {workers} "
            f"| {at_once} |"
        )
    return "\n".join(lines)


def folders_table(impls: Sequence[Implementation], root: Path = ROOT) -> str:
    """README.md's implementation folders: each folder, what it implements the contract with, its manifest's
    packages."""
    lines = ["| folder | implementation | built with |", "|---|---|---|"]
    for impl in impls:
        folder = impl.root.relative_to(root)
        packages = ", ".join(impl.packages)
        lines.append(f"| [`{folder}/`]({folder}/) | {impl.title} | {packages} |")
    return "\n".join(lines)


def sections(root: Path = ROOT, impls: Sequence[Implementation] | None = None) -> list[Section]:
    found = list(discover(root).values()) if impls is None else list(impls)
    return [
        Section(root / "README.md", "roles", lambda: roles.table(found, root)),
        Section(root / "README.md", "implementations", lambda: folders_table(found, root)),
        Section(root / "docs" / "running.md", "implementations", lambda: implementations_table(found, root, "../")),
        Section(root / "docs" / "implementing.md", "vocabulary", lambda: vocabulary.table(root / vocabulary.RELATIVE)),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.generated", description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a section is stale")
    args = parser.parse_args(argv)
    stale = []
    for section in sections():
        name = f"{section.path.relative_to(ROOT)} ({section.name})"
        if args.check:
            stale += [] if section.current() else [name]
        else:
            print(f"{name}: {'rewritten' if section.rewrite() else 'already current'}")
    for impl in discover().values():
        for path, claims in roles.unclaimed(impl).items():
            print(f"  {impl.name}: {path} plays {', '.join(claims) or 'no role'} in manifest.toml: one role each")
    for name in stale:
        print(f"{name} is stale: run `make roles`", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
