"""Django REST framework alone on the implementation's server policy (see wsgi.py)."""
