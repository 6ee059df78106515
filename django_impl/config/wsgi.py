"""The WSGI application gunicorn serves (config.wsgi:application)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

django_application = get_wsgi_application()

# Imported once Django is set up: they read the settings.
from django.conf import settings

from common.http import ChunkedBodyMiddleware
from config.bench.policy import log_database_policy

application = ChunkedBodyMiddleware(django_application, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)

# For the comparison only (config/bench): a copier drops this line and its import.
log_database_policy()
