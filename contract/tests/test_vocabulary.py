"""Every implementation defines the vocabulary's names (contract/vocabulary.toml) in the files of their role.

Read from the source with `ast` (harness.vocabulary), so no framework is imported and no server
started: it runs the same under `--impl NAME` (those implementations) and `--base-url` (every
implementation in the repository). A fake implementation written from the vocabulary itself shows
the check passes what follows it and reports what does not.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from harness.manifest import Implementation, load, select
from harness.vocabulary import Signature, entries, problems
from harness.vocabulary import load as load_vocabulary

VOCABULARY = load_vocabulary()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "impl" in metafunc.fixturenames:
        impls = select(metafunc.config.getoption("impl") or "all")
        metafunc.parametrize("impl", impls, ids=[impl.name for impl in impls])


def test_the_implementation_speaks_the_vocabulary(impl):
    found = problems(impl, VOCABULARY)
    assert not found, f"{impl.name} ({impl.root.name}/manifest.toml [roles]):\n" + "\n".join(found)


def test_every_signature_reads_back_as_written():
    for _, label, table in entries(VOCABULARY):
        for name, text in table.get("functions", {}).items():
            signature = Signature.parse(text)
            assert Signature.parse(str(signature)) == signature, f"[{label}] {name} = {text!r}"


# A fake implementation, written from the vocabulary: what a conforming one defines.


def parameters(signature: Signature, *, method: bool, session: bool) -> str:
    """Python parameters for a signature, with `self` for a method and a leading keyword `session`."""
    parts = ["self"] if method else []
    parts += [name + "=None" * default for name, default in signature.positional]
    if signature.varargs or signature.keyword or session:
        parts.append("*" + (signature.varargs or ""))
    parts += ["session"] * session + [name + "=None" * default for name, default in signature.keyword]
    if signature.varkw:
        parts.append("**" + signature.varkw)
    return ", ".join(parts)


def conforming_source(table: dict, *, framework: str, session: bool) -> str:
    lines = [f"{name} = {{}}" for name in table.get("constants", [])]
    classes: dict[str, list[str]] = {name: [] for name in table.get("classes", [])}
    for name, text in table.get("functions", {}).items():
        signature = Signature.parse(text)
        if "." in name:
            owner, method = name.split(".")
            classes.setdefault(owner, []).append(
                f"    def {method}({parameters(signature, method=True, session=False)}): ..."
            )
        else:
            lines.append(f"def {name}({parameters(signature, method=False, session=session)}): ...")
    stems = table.get("stems", {})
    suffix = VOCABULARY["schemas"]["suffixes"][framework][-1]
    classes |= {stem + suffix: [] for group, names in stems.items() if group != "optional" for stem in names}
    lines += [f"class {name}:\n" + ("\n".join(body) or "    pass") for name, body in classes.items()]
    return "\n\n".join(lines) + "\n"


def fake(root: Path, *, framework: str = "fastapi", drop: str | None = None) -> Implementation:
    """An implementation folder defining every name of the vocabulary, one file per table, but `drop`."""
    roles: dict[str, list[str]] = {}
    for role, label, table in entries(VOCABULARY):
        path = root / "app" / f"{label.replace('.', '_')}.py"
        path.parent.mkdir(parents=True, exist_ok=True)
        source = conforming_source(table, framework=framework, session=role == "services")
        if drop is not None:
            source = re.sub(rf"\b{drop}\b", f"{drop}_renamed", source)
        path.write_text(source)
        roles.setdefault(role, []).append(str(path.relative_to(root)))
    manifest = root / "manifest.toml"
    manifest.write_text(
        f'name = "fake"\ntitle = "Fake"\nport = 1\ncommand = ["true"]\nfloor_command = ["true"]\n'
        f'framework = "{framework}"\npackages = []\nserver = "none"\n[roles]\n'
        + "".join(f"{role} = {paths!r}\n".replace("'", '"') for role, paths in roles.items())
    )
    return load(manifest)


@pytest.mark.parametrize("framework", sorted(VOCABULARY["schemas"]["suffixes"]))
def test_an_implementation_written_from_the_vocabulary_passes(tmp_path, framework):
    assert problems(fake(tmp_path, framework=framework), VOCABULARY) == []


@pytest.mark.parametrize(
    "drop, reported",
    [
        ("post_create", "[services.posts] post_create(*, author, title, content, tags) is not defined"),
        ("require_match", "[etags] require_match(if_match, etag) is not defined"),
        ("decode", "[pagination] CursorCodec.decode(cursor) is not defined"),
        ("PreconditionFailed", "[errors] class PreconditionFailed is not defined"),
        ("DOMAIN_STATUS", "[errors] DOMAIN_STATUS is not defined"),
        ("PostPageOut", "[schemas] no schema for PostPage: none of PostPage, PostPageOut"),
    ],
)
def test_a_name_the_implementation_lacks_is_reported(tmp_path, drop, reported):
    assert problems(fake(tmp_path, drop=drop), VOCABULARY) == [reported]


def test_a_parameter_of_another_name_or_kind_is_reported(tmp_path):
    impl = fake(tmp_path)
    services = tmp_path / "app" / "services_posts.py"
    services.write_text(
        services.read_text().replace(
            "def post_get(*, session, post_id, lock=None)", "def post_get(post_id, *, session, lock=None)"
        )
    )
    assert problems(impl, VOCABULARY) == [
        "[services.posts] post_get(*, post_id, lock?) is defined as (post_id, *, lock?)"
    ]


def test_a_role_without_files_is_reported(tmp_path):
    impl = fake(tmp_path)
    stripped = Implementation(**{**impl.__dict__, "roles": tuple((r, p) for r, p in impl.roles if r != "etags")})
    assert problems(stripped, VOCABULARY) == ["[etags] no Python file plays the role 'etags' in the manifest"]
