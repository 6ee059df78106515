"""WSGI entry of the floor; forces its own settings over whatever the environment names."""

import os

os.environ["DJANGO_SETTINGS_MODULE"] = "django_floor.settings"

from django.core.wsgi import get_wsgi_application

application = get_wsgi_application()
