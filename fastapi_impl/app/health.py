"""The service healthcheck (getHealthcheck)."""

from typing import Literal

import fastapi
from fastapi import APIRouter
from pydantic import BaseModel
from sqlalchemy import text

from app.deps import ConfigDep, SessionDep
from app.openapi import problem_responses

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: Literal["ok"]
    implementation: str
    framework_version: str
    database: Literal["sqlite", "postgresql"]


@router.get(
    "/healthcheck",
    response_model=Health,
    summary="Report the service and database status",
    responses=problem_responses(),
)
async def get_healthcheck(session: SessionDep, config: ConfigDep) -> Health:
    await session.execute(text("SELECT 1"))  # a database that does not answer becomes a 503
    return Health(
        status="ok", implementation="fastapi", framework_version=fastapi.__version__, database=config.database_kind
    )
