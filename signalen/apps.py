from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignalenConfig(AppConfig):
    name = "signalen"
    verbose_name = _("Signalen")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import notifications  # noqa: F401 - registers the notification events

        # The nightly retention task (sigstaff): registered with Celery in every process.
        import_module(f"{self.name}.retention")
