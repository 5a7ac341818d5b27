from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiatievenConfig(AppConfig):
    name = "initiatieven"
    verbose_name = _("Bewonersinitiatieven")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import (
            notifications,  # noqa: F401 - registers the notification events
            signals,  # noqa: F401 - the page cache follows initiatives
        )
