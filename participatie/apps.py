from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipatieConfig(AppConfig):
    name = "participatie"
    verbose_name = _("Samen wonen")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import (
            notifications,  # noqa: F401 - registers the notification events and attachments
            signals,  # noqa: F401 - the page cache follows groups and meetings
        )
