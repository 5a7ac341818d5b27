from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class PortalConfig(AppConfig):
    default = True
    name = "portal"
    verbose_name = _("Portaal")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals  # noqa: F401 - the page cache follows wijken and names
        from .csp import nonce_chooser_scripts

        nonce_chooser_scripts()


class PortalUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with our roles, werkgebied and contact fields."""

    user_viewset = "portal.viewsets.UserViewSet"
