"""The role map: every implementation file plays one role, README.md shows the manifests' map, the report counts it."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bench import devx, roles
from harness.manifest import ROOT, discover

IMPLS = list(discover().values())


@pytest.mark.parametrize("impl", IMPLS, ids=lambda impl: impl.name)
def test_every_source_and_test_file_plays_a_role_that_exists(impl):
    assert [role for role, _ in impl.roles] == list(roles.MEANING), "the roles, in the same order in every manifest"
    assert roles.unclaimed(impl) == {}, "each file plays exactly one role"
    absent = [path for _, paths in impl.roles for path in paths if not (impl.root / path).exists()]
    assert absent == []


def test_readme_shows_the_role_map_of_the_manifests():
    readme = (ROOT / "README.md").read_text()
    assert roles.section(IMPLS) in readme, "README.md's role map is stale: run `make roles`"


def test_the_table_links_each_file_and_marks_a_role_an_implementation_has_no_file_for(tmp_path):
    (tmp_path / "a" / "app").mkdir(parents=True)
    (tmp_path / "a" / "app" / "main.py").write_text('"""Entry."""\n\nAPP = 1\n# a comment\n\nRUN = 2\n')
    base = IMPLS[0]
    one = replace(base, name="one", title="One", root=tmp_path / "a", roles=(("app", ("app/main.py",)), ("http", ())))
    two = replace(base, name="two", title="Two", root=tmp_path / "a", roles=(("app", ("app",)),))
    readme = tmp_path / "README.md"
    readme.write_text(f"before\n{roles.START}\nold\n{roles.END}\nafter\n")
    roles.rewrite(readme, [one, two], root=tmp_path)
    text = readme.read_text()
    assert "| **app**: app factory, entry point | [app/main.py](a/app/main.py) | [app](a/app) |" in text
    assert "| **http**: body limit, wire rules, CORS | – | – |" in text
    assert text.startswith("before\n") and text.endswith("\nafter\n") and "old" not in text
    assert devx.count_lines([tmp_path / "a" / "app"])[1] == 3  # the docstring and two statements
