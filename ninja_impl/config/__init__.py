"""The Django project: settings, root URLs, the NinjaAPI and the WSGI application."""
