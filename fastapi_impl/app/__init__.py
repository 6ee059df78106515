"""The contract implemented with FastAPI, Pydantic v2 and async SQLAlchemy 2."""
