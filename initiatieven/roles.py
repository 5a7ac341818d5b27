"""What each role may do with initiatives (granted by migration 0002_roles)."""

from portal.roles import (
    COORDINATOR,
    HWZ_MODERATOR,
    LEEFBAARHEIDSMEDEWERKER,
    SOCIAAL_BEHEERDER,
    WIJKBEHEERDER,
)

MODERATOR_PERMISSIONS = [
    "initiatieven.view_initiative",
    "initiatieven.moderate_initiative",
    "initiatieven.view_comment",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    HWZ_MODERATOR: MODERATOR_PERMISSIONS,
    SOCIAAL_BEHEERDER: MODERATOR_PERMISSIONS,
    LEEFBAARHEIDSMEDEWERKER: MODERATOR_PERMISSIONS,
    WIJKBEHEERDER: MODERATOR_PERMISSIONS,
    COORDINATOR: MODERATOR_PERMISSIONS,
}
