"""The service healthcheck (getHealthcheck)."""

from importlib.metadata import version
from typing import Literal

import msgspec
from litestar import route
from sqlalchemy import text

from app.config import ConfigDep
from app.db import Session
from app.http import GET_HEAD
from app.openapi import problem_responses


class Health(msgspec.Struct):
    status: Literal["ok"]
    implementation: str
    framework_version: str
    database: Literal["sqlite", "postgresql"]


@route(
    "/healthcheck",
    http_method=GET_HEAD,
    exclude_from_auth=True,
    tags=["health"],
    summary="Report the service and database status",
    responses=problem_responses(),
)
async def get_healthcheck(session: Session, config: ConfigDep) -> Health:
    await session.execute(text("SELECT 1"))  # a database that does not answer becomes a 503
    return Health(
        status="ok", implementation="litestar", framework_version=version("litestar"), database=config.database_kind
    )
