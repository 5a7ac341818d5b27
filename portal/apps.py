from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class PortalConfig(AppConfig):
    default = True
    name = "portal"
    verbose_name = _("Portaal")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.auth.models import Group
        from django.db.models.signals import m2m_changed, post_delete, post_save
        from wagtail.models import GroupCollectionPermission, GroupPagePermission, Site
        from wagtail.users.models import UserProfile

        from . import (
            admin_chrome,
            admin_sidebar,
            personal_data,  # noqa: F401 - its system check refuses a malformed part
            signals,  # noqa: F401 - the page cache follows wijken and names
        )
        from .csp import nonce_chooser_scripts
        from .models import User

        nonce_chooser_scripts()
        admin_sidebar.install()
        admin_chrome.install()  # the keyboard shortcuts dialog, once per way it looks
        for model in (Group, GroupPagePermission, GroupCollectionPermission, Site, UserProfile):
            for signal in (post_save, post_delete):
                signal.connect(
                    admin_sidebar.renew, sender=model, dispatch_uid=f"admin-sidebar-{model}"
                )
        m2m_changed.connect(
            admin_sidebar.renew,
            sender=Group.permissions.through,
            dispatch_uid="admin-sidebar-group-permissions",
        )
        for through in (
            User.groups.through,
            User.werkgebied.through,
            User.user_permissions.through,
        ):
            m2m_changed.connect(
                _forget_role_facts, sender=through, dispatch_uid=f"role-facts-{through}"
            )


def _forget_role_facts(sender, instance, action, **kwargs):
    """A person's groups, werkgebied or permissions changed on this very object: what the
    request remembered of their role no longer holds (portal.permissions)."""
    from .models import User
    from .permissions import forget_role_facts

    if isinstance(instance, User) and action.startswith("post_"):
        forget_role_facts(instance)


class PortalUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with our roles, werkgebied and contact fields."""

    user_viewset = "portal.viewsets.UserViewSet"
