"""Flask alone on the implementation's server policy: a JSON response and a primary-key read."""

import os

from flask import Flask, abort
from floor_items import Item, sqlalchemy_url
from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

sessions = sessionmaker(create_engine(sqlalchemy_url(os.environ["DATABASE_URL"], asynchronous=False)))
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
