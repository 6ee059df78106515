"""For the comparison only: the same-shape floor, Ninja bare on this implementation's database settings and Post model.

What the load tests divide getPost by: the same seven fields of the same row through the same
response schema, with no authentication, ETag, middleware, CORS, body checks or problem
handlers. Served by `manage.py serve --app config.bench.floor:application` (manifest.toml's
floor_command and floor_app); its settings are config/bench/settings.py, its API config/bench/urls.py.
"""

import os

from django.core.wsgi import get_wsgi_application

from config.bench.policy import log_database_policy

# Its own settings, whatever the environment names (serve drops DJANGO_SETTINGS_MODULE for another app).
os.environ["DJANGO_SETTINGS_MODULE"] = "config.bench.settings"
application = get_wsgi_application()
log_database_policy()
