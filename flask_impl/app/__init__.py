"""The contract implemented with Flask 3, flask-smorest, marshmallow and SQLAlchemy 2.

create_app() is the application factory, as in the Flask tutorial.
"""

from collections.abc import Mapping
from typing import Any

from flask import Flask
from flask_migrate import Migrate

from app import db, errors, health, http, openapi
from app.bench.policy import log_policy_once
from app.config import ROOT, Config, from_environ
from app.posts import routes as posts
from app.preferences import routes as preferences
from app.users import routes as users


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    app = http.App(__name__, static_folder=None)
    app.config.from_object(Config)
    app.config.from_mapping(from_environ())
    if test_config is not None:
        app.config.from_mapping(test_config)
    # Members in the order the schemas declare them; non-ASCII escaped (Flask's default).
    app.json.sort_keys = False  # type: ignore[attr-defined]

    db.init_app(app)
    log_policy_once(app)  # for the comparison's reports only (app/bench): a copy drops this line
    Migrate(app, db.db, directory=str(ROOT / "migrations"))
    http.init_app(app)
    errors.init_app(app)

    api = openapi.init_app(app)
    for module in (health, users, preferences, posts):
        api.register_blueprint(module.blp)
    return app
