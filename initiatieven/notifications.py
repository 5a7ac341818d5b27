"""The notification events of initiatives (see portal.notifications)."""

from django.utils.translation import gettext_lazy as _

from portal.notifications import register_event

STATUS_CHANGED = register_event(
    "initiative_status", _("Besluiten en statuswijzigingen van uw initiatief"), optional=False
)
SUBMITTED = register_event(
    "initiative_submitted", _("Nieuwe initiatieven om te beoordelen (moderatoren)"), optional=True
)
REPORTED = register_event(
    "initiative_report", _("Gemelde reacties in uw wijken (moderatoren)"), optional=True
)
COMMENTED = register_event(
    "initiative_comment", _("Nieuwe reacties op uw initiatief"), optional=True
)
UPDATED = register_event(
    "initiative_update", _("Voortgang van initiatieven die u steunt"), optional=True
)
COMMENT_HIDDEN = register_event(
    "initiative_comment_hidden", _("Een reactie van u is verborgen"), optional=False
)
TEAM_JOINED = register_event(
    "initiative_team", _("Wijzigingen in het team van uw initiatief"), optional=True
)
DIGEST = register_event(
    "initiative_digest", _("Dagelijks overzicht van de moderatiewachtrij"), optional=True
)
