"""The shared app: its management command (serve) and the database policy log."""

from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "common"

    def ready(self) -> None:
        from common.database import connect_policy_log

        connect_policy_log()
