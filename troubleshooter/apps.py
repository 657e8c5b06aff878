"""The one Django app: its models and migrations live here, its admin in `editorial/`."""

from django.apps import AppConfig


class TroubleshooterConfig(AppConfig):
    name = "troubleshooter"
    verbose_name = "Status codes"

    def ready(self):
        from troubleshooter.editorial import admin  # noqa: F401  registers the admin
