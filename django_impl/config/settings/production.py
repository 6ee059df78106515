"""Settings of the served process (python manage.py serve, config.wsgi)."""

from .base import *
from .base import env_list

# The other two implementations answer any Host; list the real names in a deployment.
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "*")

# LOGGING
# ------------------------------------------------------------------------------
# To stderr, which gunicorn passes on. Client errors (4xx) are not logged (the access log has
# them); every 5xx is, with a "problem status=" line from common.errors.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "formatter": "plain"},
        "null": {"class": "logging.NullHandler"},
    },
    "root": {"handlers": ["stderr"], "level": "WARNING"},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "config.bench.policy": {"level": "INFO"},  # the database policy line, once per process (the comparison's)
        # A malformed Host header is the client's error (400), which Django logs at ERROR with a
        # traceback; silenced as Django's logging documentation suggests, like every other 4xx here.
        "django.security.DisallowedHost": {"handlers": ["null"], "propagate": False},
    },
}
