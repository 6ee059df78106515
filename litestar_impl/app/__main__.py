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
    parser.add_argument("--app", help="serve another ASGI app with the same server policy (the load tests' floor)")
    parser.add_argument("--no-migrate", action="store_true", help="skip `alembic upgrade head`")
    args = parser.parse_args()
    if not args.no_migrate:
        command.upgrade(AlembicConfig(str(ALEMBIC_INI)), "head")
    # Litestar's deployment docs: uvicorn, one worker process per core (WORKERS), one event loop each.
    uvicorn.run(
        args.app or "app.main:create_app",
        factory=args.app is None,
        host=os.environ.get("HOST", "127.0.0.1"),
        port=int(os.environ.get("PORT", "8004")),
        workers=int(os.environ.get("WORKERS", "1")),
        loop="uvloop",
        http="app.protocol:ProblemHttpToolsProtocol",  # httptools, with the head limits and problem answers
        access_log=os.environ.get("ACCESS_LOG", "0") == "1",
        log_config=LOG_CONFIG,
        server_header=False,
        timeout_graceful_shutdown=30,
    )


if __name__ == "__main__":
    main()
