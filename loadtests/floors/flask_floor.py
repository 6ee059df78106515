"""Flask alone on the implementation's server policy: a JSON response and a primary-key read."""

import os

from flask import Flask, abort
from sqlalchemy import Integer, String, create_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, sessionmaker


def _url(url: str) -> str:
    scheme, rest = url.split("://", 1)
    return url if scheme == "sqlite" else f"postgresql+psycopg://{rest}"


class Base(DeclarativeBase):
    pass


class Item(Base):
    __tablename__ = "floor_item"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    value: Mapped[int] = mapped_column(Integer)


sessions = sessionmaker(create_engine(_url(os.environ["DATABASE_URL"])))
app = Flask(__name__)


@app.get("/healthcheck")
def healthcheck() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/json")
def json_response() -> dict[str, str]:
    return {"message": "Hello, World!"}


@app.get("/item/<int:item_id>")
def item(item_id: int) -> dict[str, object]:
    with sessions() as session:
        row = session.get(Item, item_id)
    if row is None:
        abort(404)
    return {"id": row.id, "name": row.name, "value": row.value}
