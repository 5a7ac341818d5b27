"""The roles of the platform as Django groups, and helpers to ask about them."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Role:
    name: str  # the Django group name, stable: code and data refer to it
    label: str
    staff: bool  # reaches the Wagtail admin (two-factor: every group but huurder needs it)
    # True: reach limited to the wijken in User.werkgebied. False: the role reaches every
    # wijk and the werkgebied is "my wijken" (default list filter, who is told first);
    # see portal.permissions.
    needs_werkgebied: bool


HUURDER = "huurder"
HWZ_MODERATOR = "hwz-moderator"
SOCIAAL_BEHEERDER = "sociaal-beheerder"
LEEFBAARHEIDSMEDEWERKER = "leefbaarheidsmedewerker"
WIJKBEHEERDER = "wijkbeheerder"
ONDERSTEUNER = "ondersteuner-sociaal-beheer"
COORDINATOR = "coordinator"
REDACTEUR = "redacteur"

ROLES: dict[str, Role] = {
    role.name: role
    for role in (
        Role(HUURDER, _("Huurder"), staff=False, needs_werkgebied=False),
        Role(HWZ_MODERATOR, _("HWZ-moderator"), staff=True, needs_werkgebied=True),
        Role(SOCIAAL_BEHEERDER, _("Sociaal beheerder"), staff=True, needs_werkgebied=False),
        Role(
            LEEFBAARHEIDSMEDEWERKER,
            _("Leefbaarheidsmedewerker"),
            staff=True,
            needs_werkgebied=False,
        ),
        Role(WIJKBEHEERDER, _("Wijkbeheerder"), staff=True, needs_werkgebied=True),
        Role(ONDERSTEUNER, _("Ondersteuner sociaal beheer"), staff=True, needs_werkgebied=False),
        Role(COORDINATOR, _("Coördinator"), staff=True, needs_werkgebied=False),
        Role(REDACTEUR, _("Redacteur"), staff=True, needs_werkgebied=False),
    )
}
STAFF_ROLES = frozenset(name for name, role in ROLES.items() if role.staff)


# What each role may do in the shared core. Later apps grant their own permissions in a
# data migration of their own through grant_permissions().
CORE_PERMISSIONS: dict[str, list[str]] = {
    HUURDER: [],
    HWZ_MODERATOR: ["wagtailadmin.access_admin"],
    SOCIAAL_BEHEERDER: [
        "wagtailadmin.access_admin",
        "portal.view_wijk",
        "portal.view_buurt",
        "portal.view_complex",
    ],
    LEEFBAARHEIDSMEDEWERKER: [
        "wagtailadmin.access_admin",
        "portal.view_wijk",
        "portal.view_buurt",
        "portal.view_complex",
    ],
    WIJKBEHEERDER: [
        "wagtailadmin.access_admin",
        "portal.view_wijk",
        "portal.view_buurt",
        "portal.view_complex",
    ],
    ONDERSTEUNER: [
        "wagtailadmin.access_admin",
        "portal.view_wijk",
        "portal.view_buurt",
        "portal.view_complex",
        "portal.view_closingday",
        "portal.add_closingday",
        "portal.change_closingday",
        "portal.delete_closingday",
    ],
    COORDINATOR: [
        "wagtailadmin.access_admin",
        *(
            f"portal.{verb}_{model}"
            for verb in ("view", "add", "change", "delete")
            for model in ("wijk", "buurt", "complex", "closingday")
        ),
        "portal.change_responsetermssettings",
    ],
    REDACTEUR: [
        "wagtailadmin.access_admin",
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
    ],
}


# Blocked accounts (migration 0004): coordinators lift blocks, sociaal beheer reads them.
SUSPENSION_PERMISSIONS: dict[str, list[str]] = {
    COORDINATOR: ["portal.view_accountsuspension", "portal.change_accountsuspension"],
    SOCIAAL_BEHEERDER: ["portal.view_accountsuspension"],
}

# Moderation measures (they replaced the blocks above, migration participation_measures):
# coordinators read and lift them, sociaal beheer reads them.
MEASURE_PERMISSIONS: dict[str, list[str]] = {
    COORDINATOR: ["portal.view_participationmeasure", "portal.change_participationmeasure"],
    SOCIAAL_BEHEERDER: ["portal.view_participationmeasure"],
}


def grant_permissions(apps, mapping: dict[str, list[str]]) -> None:
    """Create the groups of `mapping` and give them the named permissions.

    For use in data migrations (pass the historical `apps`). Permissions are created
    first, since Django only creates them after all migrations have run.
    """
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role_name, perms in mapping.items():
        group, _created = Group.objects.get_or_create(name=role_name)
        for perm in perms:
            app_label, codename = perm.split(".")
            permission = Permission.objects.get(
                content_type__app_label=app_label, codename=codename
            )
            group.permissions.add(permission)


def staff_signature(user) -> str:
    """How a staff member signs a message to a resident: name and role, e.g.
    'Sanne de Vries (HWZ-moderator)'. Residents see who, in which role, said it."""
    from django.utils.translation import gettext

    # groups.all() uses a prefetch when the caller made one (lists of steps, timelines).
    names = [group.name for group in user.groups.all() if group.name in ROLES]
    staff_roles = [ROLES[n] for n in names if ROLES[n].staff]
    label = str(staff_roles[0].label) if staff_roles else gettext("medewerker")
    return f"{user.get_full_name() or user.email} ({label})"
