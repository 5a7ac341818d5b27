from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignalenConfig(AppConfig):
    name = "signalen"
    verbose_name = _("Signalen")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import notifications  # noqa: F401 - registers the notification events
        from . import retention  # noqa: F401 - the nightly retention task (sigstaff)
