"""A real client: openapi-python-client generates one from contract/openapi.yaml with its defaults,
and a scenario through every operation runs on it against the server.

People generate clients from contracts; the contract must generate cleanly (no warning, nothing
left out) and the generated models must read the server's answers, errors included.
"""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
import uuid
from pathlib import Path
from types import ModuleType

import pytest

from harness.validation import SPEC_PATH

PACKAGE = "settings_posts_and_users_api_client"  # from the contract's title, as the generator names it


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    project = tmp_path_factory.mktemp("client") / "project"
    # The generator formats its output with ruff, which it finds on PATH: the one installed beside it.
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "openapi_python_client",
            "generate",
            "--path",
            str(SPEC_PATH),
            "--output-path",
            str(project),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "Warning" not in output and "Error" not in output, f"the contract does not generate cleanly:\n{output}"
    assert (project / "pyproject.toml").is_file() and (project / PACKAGE / "py.typed").is_file(), output
    sys.path.insert(0, str(project))
    try:
        return importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(project))


def test_the_client_has_a_function_for_every_operation_and_a_model_for_every_schema(generated):
    from harness.operations import operations
    from harness.validation import load_spec

    for operation in operations():
        snake = "".join(f"_{c.lower()}" if c.isupper() else c for c in operation.operation_id)
        tag = load_spec()["paths"][operation.path][operation.method.lower()]["tags"][0]
        module = importlib.import_module(f"{generated.__name__}.api.{tag}.{snake}")
        assert callable(module.sync_detailed), operation.operation_id
    models = importlib.import_module(f"{generated.__name__}.models")
    for name in load_spec()["components"]["schemas"]:
        if name not in (
            "Id",
            "Timestamp",
            "Text",
            "Username",
            "DisplayName",
            "Language",
            "ItemsPerPage",
            "Title",
            "Content",
            "Tags",
            "ProblemType",
            "ProblemDetail",
            "Cursor",
            "EntityTags",
        ):
            assert hasattr(models, name), f"the generator left out {name}"


def test_a_scenario_through_every_operation(generated, target):
    models = importlib.import_module(f"{generated.__name__}.models")
    client_module = importlib.import_module(f"{generated.__name__}.client")

    def op(tag: str, name: str) -> ModuleType:
        return importlib.import_module(f"{generated.__name__}.api.{tag}.{name}")

    anonymous = client_module.Client(base_url=target.url, raise_on_unexpected_status=True)
    health = op("health", "get_healthcheck").sync(client=anonymous)
    assert isinstance(health, models.Health) and health.status == "ok"
    assert op("settings", "get_settings_health").sync(client=anonymous).status == "ok"

    username = f"gen_{uuid.uuid4().hex[:20]}"
    created = op("users", "create_user").sync(client=anonymous, body=models.UserCreate(username, "Generated"))
    assert isinstance(created, models.UserCreated) and created.username == username
    taken = op("users", "create_user").sync(client=anonymous, body=models.UserCreate(username, "Again"))
    assert isinstance(taken, models.ConflictProblem)
    client = client_module.AuthenticatedClient(
        base_url=target.url, token=created.token, raise_on_unexpected_status=True
    )
    assert op("users", "get_current_user").sync(client=client).id == created.id
    assert isinstance(op("users", "get_current_user").sync(client=anonymous), models.UnauthorizedProblem)

    settings = op("settings", "update_settings").sync(
        client=client, body=models.SettingsPatch(theme=models.Theme.DARK, timezone=models.Timezone.ETC_GMT_MINUS_0)
    )
    assert (settings.theme, settings.timezone) == (models.Theme.DARK, models.Timezone.ETC_GMT_MINUS_0)
    read = op("settings", "get_settings").sync_detailed(client=client)
    assert read.parsed.timezone == models.Timezone.ETC_GMT_MINUS_0
    stale = op("settings", "replace_settings").sync(
        client=client,
        if_match='"stale"',
        body=models.SettingsReplace(
            theme=models.Theme.LIGHT,
            language="pt-BR",
            timezone=models.Timezone.GMT_PLUS_0,
            notifications_enabled=False,
            items_per_page=7,
        ),
    )
    assert isinstance(stale, models.PreconditionFailedProblem)
    replaced = op("settings", "replace_settings").sync(
        client=client,
        if_match=read.headers["ETag"],
        body=models.SettingsReplace(
            theme=models.Theme.LIGHT,
            language="pt-BR",
            timezone=models.Timezone.GMT_PLUS_0,
            notifications_enabled=False,
            items_per_page=7,
        ),
    )
    assert (replaced.language, replaced.items_per_page) == ("pt-BR", 7)

    post = op("posts", "create_post").sync(
        client=client, body=models.PostCreate(title="From a generated client", content="Hello.", tags=["gen", "client"])
    )
    assert isinstance(post, models.Post) and post.tags == ["gen", "client"]
    invalid = op("posts", "create_post").sync(client=client, body=models.PostCreate(title="", content="C"))
    assert isinstance(invalid, models.ValidationProblem)
    assert "/title" in [error.pointer for error in invalid.errors]
    got = op("posts", "get_post").sync_detailed(post.id, client=anonymous)
    assert got.parsed.title == post.title
    page = op("posts", "list_posts").sync(client=anonymous, author_id=created.id, limit=5)
    assert [item.id for item in page.items] == [post.id] and page.next_cursor is None
    patched = op("posts", "update_post").sync(
        post.id, client=client, if_match=got.headers["ETag"], body=models.PostPatch(title="Renamed")
    )
    assert patched.title == "Renamed" and patched.content == "Hello."
    replaced_post = op("posts", "replace_post").sync(
        post.id, client=client, body=models.PostReplace(title="Replaced", content="Again.", tags=[])
    )
    assert (replaced_post.title, replaced_post.tags) == ("Replaced", [])
    profile = op("users", "get_user_profile").sync(created.id, client=anonymous)
    assert (profile.username, profile.post_count) == (username, 1)
    assert op("posts", "delete_post").sync_detailed(post.id, client=client).status_code == 204
    assert isinstance(op("posts", "get_post").sync(post.id, client=anonymous), models.NotFoundProblem)

    assert op("users", "delete_user").sync_detailed(created.id, client=client).status_code == 204
    assert isinstance(op("users", "get_current_user").sync(client=client), models.UnauthorizedProblem)
