"""Entry point: apply migrations, then serve with uvicorn (`python -m app`, as in manifest.toml)."""

import argparse
import copy
import os
from pathlib import Path

import uvicorn
from alembic import command
from alembic.config import Config as AlembicConfig
from uvicorn.config import LOGGING_CONFIG

ALEMBIC_INI = Path(__file__).resolve().parent.parent / "alembic.ini"
# uvicorn's logging, plus the app's loggers (the database policy line, every 5xx) on its stderr handler.
LOG_CONFIG = copy.deepcopy(LOGGING_CONFIG)
LOG_CONFIG["loggers"]["app"] = {"handlers": ["default"], "level": "INFO", "propagate": False}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m app")
    # Both flags serve the comparison (manifest.toml's serve_command and floor_command): load-test
    # units start on copies of a migrated database, and floors run under the same server policy.
    parser.add_argument("--app", help="serve another ASGI app with the same server policy (load-test floors)")
    parser.add_argument("--no-migrate", action="store_true", help="skip `alembic upgrade head`")
    args = parser.parse_args()
    if not args.no_migrate:
        command.upgrade(AlembicConfig(str(ALEMBIC_INI)), "head")
    # One event loop per worker process: WORKERS processes share the port.
    uvicorn.run(
        args.app or "app.main:create_app",
        factory=args.app is None,
        host=os.environ.get("HOST", "127.0.0.1"),
        port=int(os.environ.get("PORT", "8001")),
        workers=int(os.environ.get("WORKERS", "1")),
        loop="uvloop",
        http="app.http:ProblemHttpToolsProtocol",  # httptools, answering unparseable requests with a problem
        access_log=os.environ.get("ACCESS_LOG", "0") == "1",
        log_config=LOG_CONFIG,
        server_header=False,
        timeout_graceful_shutdown=30,
    )


if __name__ == "__main__":
    main()
