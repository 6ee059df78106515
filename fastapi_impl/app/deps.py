"""Dependencies that routes declare, as Annotated aliases."""

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Header, Path, Request
from sqlalchemy.ext.asyncio import AsyncSession

from app.config import Config, get_config
from app.db import Database
from app.http import require_json


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    # Requests that change state run one write transaction (see db.Database); it begins at the
    # session's first statement, so after the token lookup, which has its own session (auth.py).
    database: Database = request.app.state.database
    write = request.method not in ("GET", "HEAD")
    async with database.session(write=write) as session:
        yield session


ConfigDep = Annotated[Config, Depends(get_config)]
SessionDep = Annotated[AsyncSession, Depends(get_session)]
JsonBody = Depends(require_json)
IfMatch = Annotated[str | None, Header(alias="If-Match")]
IfNoneMatch = Annotated[str | None, Header(alias="If-None-Match")]
Id = Annotated[int, Path(ge=1, le=2**63 - 1)]
