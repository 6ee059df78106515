"""For the comparison only: the same-shape floor, DRF bare on this implementation's database settings and Post model.

What the load tests divide getPost by: the same seven fields of the same row, with no
authentication, ETag, middleware, CORS or body limit. Served by `manage.py serve --app
config.bench.floor:application` (manifest.toml's floor_command and floor_app); its settings are
config/bench/settings.py, its views config/bench/urls.py.
"""

import os

from django.core.wsgi import get_wsgi_application

from config.bench.policy import log_database_policy

# Its own settings, whatever the environment names (serve drops DJANGO_SETTINGS_MODULE for another app).
os.environ["DJANGO_SETTINGS_MODULE"] = "config.bench.settings"
application = get_wsgi_application()
log_database_policy()
