"""Settings split cookiecutter-style: base (shared, read from the environment), production, test."""
