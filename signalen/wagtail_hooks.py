"""Signals in the Wagtail admin: the melding queue and its actions (admin_meldingen),
contacts and dossiers (admin_casework), and the seams to other apps."""

from . import admin_casework  # noqa: F401 - contacts and dossiers register their own hooks
