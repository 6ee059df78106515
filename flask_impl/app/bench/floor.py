"""For the comparison only: the same-shape floor, Flask bare on this database module and Post; a copier drops it.

No auth, no ETag, no error bodies, no CORS, no body limit, no flask-smorest: what the load tests
compare getPost with, to see what the idiomatic code and the contract's rules cost for the same
work (`python -m app --no-migrate --app "app.bench.floor:create_app()"`, manifest.toml's floor_app).
"""

from collections.abc import Mapping
from typing import Any

from flask import Flask, abort

from app import db
from app.bench.policy import log_policy_once
from app.config import from_environ
from app.posts.models import Post


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_mapping(from_environ())
    if test_config is not None:
        app.config.from_mapping(test_config)
    app.json.sort_keys = False  # type: ignore[attr-defined]  # the members in getPost's order
    db.init_app(app)
    log_policy_once(app)

    @app.get("/healthcheck")
    def healthcheck() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/json")
    def json_message() -> dict[str, str]:
        return {"message": "Hello, World!"}

    @app.get("/posts/<int:post_id>")
    def get_post(post_id: int) -> dict[str, Any]:
        post = db.get_by_id(Post, post_id)
        if post is None:
            abort(404)
        return {
            "id": post.id,
            "author_id": post.author_id,
            "title": post.title,
            "content": post.content,
            "tags": post.tags,
            "created_at": post.created_at.isoformat(),
            "updated_at": post.updated_at.isoformat(),
        }

    return app
