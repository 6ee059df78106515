"""The role map: every implementation file plays one role, README.md shows the manifests' map, the report counts it."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from bench import devx, environment, generated, roles, vocabulary
from harness.manifest import ROOT, Implementation, discover

IMPLS = list(discover().values())


@pytest.mark.parametrize("impl", IMPLS, ids=lambda impl: impl.name)
def test_every_source_and_test_file_plays_a_role_that_exists(impl):
    assert [role for role, _ in impl.roles] == list(roles.MEANING), "the roles, in the same order in every manifest"
    assert roles.unclaimed(impl) == {}, "each file plays exactly one role"
    absent = [path for _, paths in impl.roles for path in paths if not (impl.root / path).exists()]
    assert absent == [], "paths, folders or globs that name nothing"


def test_readme_shows_the_role_map_of_the_manifests():
    readme = (ROOT / "README.md").read_text()
    assert roles.section(IMPLS) in readme, "README.md's role map is stale: run `make roles`"


@pytest.mark.parametrize("section", generated.sections(), ids=lambda section: section.name)
def test_every_generated_table_is_current(section):
    assert section.current(), f"{section.path.relative_to(ROOT)}: the {section.name} table is stale: run `make roles`"


def test_the_vocabulary_table_has_a_row_per_entry_with_its_names_and_notes(tmp_path):
    (tmp_path / "vocabulary.toml").write_text(
        "# a header comment\n"
        "[errors]\n"
        'what = "domain errors"\n'
        'classes = ["DomainError"]  # the base\n'
        "[errors.functions]\n"
        'problem = "status, detail, *, errors?"  # the response\n'
        '"DomainError.status" = ""  # -> <the status>\n'
        "[services.posts]\n"
        'what = "posts"\n'
        "[services.posts.functions]\n"
        'post_get = "*, post_id"\n'
        "[routes.idiom]\n"
        'names = "after the operationId | or not"\n'
    )
    assert vocabulary.table(tmp_path / "vocabulary.toml").splitlines()[2:] == [
        "| **errors** | – | domain errors | classes: `DomainError`: the base<br>"
        "`problem(status, detail, *, errors?)`: the response<br>"
        "`DomainError.status()`: -&gt; &lt;the status&gt; |",
        "| **services** | posts | posts | `post_get(*, post_id)` |",
    ], "a table without `what` (routes.idiom here) is no entry"
    canonical = vocabulary.table()
    assert (
        "| **services** | posts | posts | " in canonical
        and "`post_create(*, author, title, content, tags)`" in canonical
    )


# A new implementation: a folder with a manifest.toml and a tiny app, beside nothing else.

MANIFEST = """\
name = "zeta"
title = "Zeta"
port = 8099
command = ["python", "-m", "app"]
floor_command = ["python", "-m", "app", "--app", "{app}"]
framework = "zeta"
packages = ["zeta"]
server = "zeta's own"
source = ["app"]
tests = ["tests"]

[roles]
app = ["app/main.py", "app/*/apps.py"]
http = []
floor = ["app/floor.py"]
tests = ["tests"]
"""
FILES = {
    "app/__init__.py": '"""Zeta: a package marker, named by no role."""\n',
    "app/main.py": '"""Entry."""\n\nAPP = 1\n# a comment\n\nRUN = 2\n',
    "app/posts/__init__.py": '"""Posts."""\n',
    "app/posts/apps.py": '"""Posts app."""\n\nNAME = "posts"\n',
    "app/users/__init__.py": '"""Users."""\n',
    "app/users/apps.py": '"""Users app."""\n\nNAME = "users"\n',
    "app/floor.py": '"""Floor."""\n',
    "tests/test_app.py": '"""Tests."""\n\n\ndef test_app():\n    assert True\n',
}


@pytest.fixture
def zeta(tmp_path: Path) -> Path:
    folder = tmp_path / "zeta_impl"
    for name, text in {"manifest.toml": MANIFEST, **FILES}.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    return folder


def test_a_new_folder_with_a_manifest_is_discovered_with_its_roles_expanded(zeta):
    [impl] = discover(zeta.parent).values()
    assert (impl.name, impl.root, impl.port) == ("zeta", zeta, 8099)
    assert dict(impl.roles) == {
        "app": ("app/main.py", "app/posts/apps.py", "app/users/apps.py"),
        "http": (),
        "bench": ("app/floor.py",),  # the role's earlier name, `floor`, read as `bench`
        "tests": ("tests",),
    }
    assert dict(impl.roles_as_written)["app"] == ("app/main.py", "app/*/apps.py")
    assert roles.unclaimed(impl) == {}, "package markers need no role"
    assert devx.count_lines([zeta / path for path in dict(impl.roles)["app"]]) == (3, 7)


def test_a_file_that_plays_no_role_or_two_is_reported(zeta):
    (zeta / "app" / "posts" / "__init__.py").write_text('"""Posts."""\n\nfrom .apps import NAME\n')
    (zeta / "app" / "stray.py").write_text('"""Stray."""\n')
    (zeta / "manifest.toml").write_text(MANIFEST.replace("http = []", 'http = ["app/main.py"]'))
    [impl] = discover(zeta.parent).values()
    assert roles.unclaimed(impl) == {
        "app/main.py": ["app", "http"],
        "app/posts/__init__.py": [],  # code: no longer a bare marker
        "app/stray.py": [],
    }


def test_the_table_shows_the_manifests_as_written_and_marks_a_role_without_a_file(zeta):
    impls = list(discover(zeta.parent).values())
    readme = zeta.parent / "README.md"
    readme.write_text(f"before\n{roles.START}\nold\n{roles.END}\nafter\n")
    assert roles.rewrite(readme, impls, root=zeta.parent)
    text = readme.read_text()
    assert "| role | Zeta |" in text
    assert "| **app**: app factory, entry point | [app/main.py](zeta_impl/app/main.py)<br>`app/*/apps.py` |" in text
    assert "| **http**: body limit, wire rules, CORS | – |" in text
    assert f"| **bench**: {roles.MEANING['bench']} | [app/floor.py](zeta_impl/app/floor.py) |" in text
    assert text.startswith("before\n") and text.endswith("\nafter\n") and "old" not in text
    assert not roles.rewrite(readme, impls, root=zeta.parent), "a second run changes nothing"


def test_every_generated_table_shows_a_new_implementation(zeta):
    root = zeta.parent
    (root / "docs").mkdir()
    for path in (root / "README.md", root / "docs" / "running.md", root / "docs" / "implementing.md"):
        path.write_text(
            "".join(
                f"<!-- {name}:start -->\n<!-- {name}:end -->\n" for name in ("roles", "implementations", "vocabulary")
            )
        )
    (root / "contract").mkdir()
    (root / "contract" / "vocabulary.toml").write_text((ROOT / "contract" / "vocabulary.toml").read_text())
    for section in generated.sections(root):
        assert section.rewrite() and section.current()
    running = (root / "docs" / "running.md").read_text()
    assert "| zeta (Zeta) | [zeta_impl/](../zeta_impl/) | 8099 | zeta's own | `cores` | – |" in running
    assert "| role | Zeta |" in (root / "README.md").read_text()


def test_the_readme_names_everything_a_new_implementation_must_provide():
    readme = (ROOT / "README.md").read_text()
    adding = readme[readme.index("## Adding an implementation") : readme.index("## Documentation")]
    keys = [field.name for field in fields(Implementation) if field.name not in ("root", "roles_as_written")]
    assert [key for key in keys if f"`{key}`" not in adding.replace("`[roles]`", "`roles`")] == []
    lines = [environment.POLICY_LINE.strip() + " {json}", "problem status=5xx", "/healthcheck", "--no-migrate", "--app"]
    variables = ["HOST", "PORT", "WORKERS", "DATABASE_URL", "ACCESS_LOG", "MAX_BODY_BYTES", "CORS_ALLOW_ORIGINS"]
    assert [name for name in [*lines, *variables, "SECRET_KEY"] if name not in adding] == []
    assert "contract/vocabulary.toml" in adding and "## Copying an implementation" in readme
