"""The contract implemented with Litestar: `app.main:create_app` is the application, `python -m app` serves it."""
