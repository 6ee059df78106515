"""The same-shape floor serves getPost's body for the same post, on the same database."""

from app.floor import create_app


def test_the_floor_serves_the_apis_post_body(app, client, register):
    alice = register()
    created = client.post(
        "/api/posts", headers=alice["auth"], json={"title": "Olá", "content": "c\u2603", "tags": ["a", "b-2"]}
    ).json
    api = client.get(f"/api/posts/{created['id']}")
    floor = create_app({"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]}).test_client()
    response = floor.get(f"/posts/{created['id']}")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.json == api.json and list(response.json) == list(api.json)
    assert response.data == api.data  # byte for byte
    assert floor.get("/posts/999").status_code == 404
    assert floor.get(f"/posts/{2**63}").status_code == 404
    assert floor.get("/healthcheck").json == {"status": "ok"}
    assert floor.get("/json").json == {"message": "Hello, World!"}
