"""An initiative's public page lists its applications to the fund (reference, status,
granted amount): forget the kept public pages (portal.page_cache) when one changes."""

from portal import page_cache

from .models import Application

page_cache.connect(Application)

# --- The facts of an application's page in the admin (portal.fragment_cache) ----------
# Kept until a row they show changes: the application (its history comes with its saves)
# and each of its parts; the budget's position until any entry, share or year changes;
# names of people, wijken and pillars are on many pages: a change renews them all, as
# does a change of roles (who stepped aside lists only staff); the fund's settings (the
# four-eyes threshold) until they are saved.


def _connect_fragments():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from cms.models import Pillar
    from portal import fragment_cache
    from portal.models import Wijk

    from .models import (
        AccountabilityReport,
        ApplicantContact,
        BudgetLine,
        ConflictOfInterest,
        Contribution,
        Donation,
        FundSettings,
        FundYear,
        HwzAdvice,
        LedgerEntry,
        Letter,
        Payout,
        Question,
        Reclaim,
        ReportCost,
        ReportFile,
        WijkBudget,
    )

    scope = "fonds-application"
    fragment_cache.connect(Application, scope, lambda application: application.pk)
    for part in (
        BudgetLine,
        Contribution,
        Question,
        HwzAdvice,
        ConflictOfInterest,
        Letter,
        ApplicantContact,
        LedgerEntry,
    ):
        fragment_cache.connect(part, scope, lambda row: row.application_id)
    # The payouts, reclaims, report and contributions are in the timeline.
    for part in (Payout, Reclaim, AccountabilityReport, Donation):
        fragment_cache.connect(part, scope, lambda row: row.application_id)
    for part in (ReportCost, ReportFile):
        fragment_cache.connect(part, scope, lambda row: row.report.application_id)
    for model in (LedgerEntry, WijkBudget, FundYear):
        fragment_cache.connect(model, "fonds-budget", lambda row: 0)
    # The four-eyes threshold is in every kept actions column.
    for signal in (post_save, post_delete):
        signal.connect(
            fragment_cache.everything_changed,
            sender=FundSettings,
            weak=False,
            dispatch_uid=f"fragments-settings-{signal}",
        )

    # Who stepped aside lists only staff: a change of roles renews every part.
    def roles_changed(sender, action, **kwargs):
        if action.startswith("post_"):
            fragment_cache.everything_changed()

    for through in (
        get_user_model().groups.through,
        get_user_model().user_permissions.through,
        Group.permissions.through,
    ):
        m2m_changed.connect(
            roles_changed, sender=through, weak=False, dispatch_uid=f"fragments-roles-{through}"
        )
    post_delete.connect(
        fragment_cache.everything_changed,
        sender=Group,
        weak=False,
        dispatch_uid="fragments-delete-group",
    )

    shown = {"first_name", "last_name", "email", "name", "title", "is_active", "is_superuser"}

    def renamed(sender, instance, update_fields=None, **kwargs):
        # Signing in saves last_login only: nothing a page shows.
        if update_fields is None or shown & set(update_fields):
            fragment_cache.everything_changed()

    for model in (get_user_model(), Wijk, Pillar):
        post_save.connect(renamed, sender=model, weak=False, dispatch_uid=f"fragments-{model}")
        post_delete.connect(
            fragment_cache.everything_changed,
            sender=model,
            weak=False,
            dispatch_uid=f"fragments-delete-{model}",
        )


_connect_fragments()
