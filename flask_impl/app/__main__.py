"""Entry point: apply migrations, then serve with gunicorn (`python -m app`, as in manifest.toml)."""

import argparse
import os
import sys

from app.config import ROOT


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m app")
    # Both flags serve the comparison (manifest.toml's serve_command and floor_command): load-test
    # units start on copies of a migrated database, and the floors run under the same server policy.
    parser.add_argument(
        "--app",
        default="app:create_app()",
        help="serve another WSGI app with the same server policy (load-test floors)",
    )
    parser.add_argument("--no-migrate", action="store_true", help="skip the Alembic upgrade")
    args = parser.parse_args()
    if not args.no_migrate:
        from flask_migrate import upgrade

        from app import create_app

        with create_app().app_context():
            upgrade()
    # gunicorn replaces this process, so signals (SIGTERM: graceful stop) reach its arbiter.
    config = str(ROOT / "gunicorn.conf.py")
    os.execv(sys.executable, [sys.executable, "-m", "gunicorn", "--config", config, args.app])


if __name__ == "__main__":
    main()
