from django.apps import AppConfig


class TroubleshooterConfig(AppConfig):
    name = "troubleshooter"
    verbose_name = "Status codes"
