"""`python manage.py serve`: apply migrations, then become gunicorn (the manifest's command)."""

import os
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import connections

DEFAULT_APP = "config.wsgi:application"


class Command(BaseCommand):
    help = "Apply migrations, then serve with gunicorn and gunicorn.conf.py (HOST, PORT, WORKERS, THREADS, ...)."

    def add_arguments(self, parser: CommandParser) -> None:
        # Both serve the comparison (manifest.toml's serve_command and floor_command): load-test units
        # start on copies of a migrated database, and the floor app runs under this same server policy.
        parser.add_argument("--no-migrate", action="store_true", help="skip `migrate`")
        parser.add_argument(
            "--app", default=DEFAULT_APP, help="serve another WSGI app with the same server policy (load-test floors)"
        )

    def handle(self, *args: Any, no_migrate: bool, app: str, **options: Any) -> None:
        if not no_migrate:
            call_command("migrate", interactive=False, verbosity=options["verbosity"])
        connections.close_all()
        env = dict(os.environ)
        if app != DEFAULT_APP:
            env.pop("DJANGO_SETTINGS_MODULE", None)  # another app configures Django its own way
        sys.stdout.flush()
        sys.stderr.flush()
        # exec, not a child process: gunicorn's master gets the signals (SIGTERM drains the workers).
        argv = [sys.executable, "-m", "gunicorn", "--config", str(settings.BASE_DIR / "gunicorn.conf.py"), app]
        os.execve(sys.executable, argv, env)
