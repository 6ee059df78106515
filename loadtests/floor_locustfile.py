"""Locust scenario for the framework floors: one endpoint, hit back to back."""

import random

from locust import FastHttpUser, constant, events, task

ITEMS = 1000  # rows the runner puts in floor_item


@events.init_command_line_parser.add_listener
def _options(parser) -> None:
    parser.add_argument("--endpoint", choices=("json", "item"), default="json",
                        help="json: a constant JSON response; item: one row read by primary key")


class FloorUser(FastHttpUser):
    wait_time = constant(0)

    @task
    def request(self) -> None:
        if self.environment.parsed_options.endpoint == "json":
            self.client.get("/json", name="json")
        else:
            self.client.get(f"/item/{random.randint(1, ITEMS)}", name="item")
