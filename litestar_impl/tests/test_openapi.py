"""The served document and the docs pages: the contract's operationIds, problems and bodies; assets served here."""

import re


def test_the_document_names_the_contracts_operations_and_no_head(client):
    document = client.get("/openapi.json").json()
    operations = {op["operationId"] for item in document["paths"].values() for op in item.values()}
    assert {"getPost", "listPosts", "createUser", "updateSettings", "deleteUser"} <= operations
    assert not [item for item in document["paths"].values() if "head" in item]


def test_each_operation_declares_its_problems_and_no_default_400(client):
    paths = client.get("/openapi.json").json()["paths"]
    profile = paths["/api/users/profile/{user_id}"]["get"]["responses"]
    assert sorted(profile) == ["200", "404", "414", "431", "500", "503"]
    problem = paths["/api/posts/{post_id}"]["get"]["responses"]["400"]["content"]
    assert list(problem) == ["application/problem+json"]


def test_a_patch_takes_a_merge_patch_too(client):
    content = client.get("/openapi.json").json()["paths"]["/api/settings"]["patch"]["requestBody"]["content"]
    assert set(content) == {"application/json", "application/merge-patch+json"}


def test_the_pages_load_their_assets_from_this_server(client):
    for page in ("/docs", "/redoc"):
        html = client.get(page).text
        sources = re.findall(r"(?:src|href)=[\"']([^\"']+)", html)
        assert sources and all(source.startswith("/docs/assets/") for source in sources), sources
        for source in sources:
            assert client.get(source).status_code == 200, source
