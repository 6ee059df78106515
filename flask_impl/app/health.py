"""The service healthcheck (getHealthcheck)."""

from importlib.metadata import version
from typing import Any

import marshmallow as ma
from flask.views import MethodView
from marshmallow import fields, validate
from sqlalchemy import text

from app.db import db
from app.http import Blueprint
from app.openapi import problem_responses

blp = Blueprint("health", __name__, description="Liveness of the service and of its database.")
FLASK_VERSION = version("flask")


class HealthSchema(ma.Schema):
    status = fields.String(required=True, validate=validate.Equal("ok"))
    implementation = fields.String(required=True)
    framework_version = fields.String(required=True)
    database = fields.String(required=True, validate=validate.OneOf(["sqlite", "postgresql"]))


@blp.route("/healthcheck")
class Healthcheck(MethodView):
    @blp.doc(operationId="getHealthcheck")
    @blp.response(200, HealthSchema)
    @problem_responses()
    def get(self) -> Any:
        """Report the service and database status"""
        db.session.execute(text("SELECT 1"))  # a database that does not answer becomes a 503
        return {
            "status": "ok",
            "implementation": "flask",
            "framework_version": FLASK_VERSION,
            "database": db.engine.dialect.name,
        }
