"""No app can forget the resident's data: every model that points to an account, or has
a field for a name, e-mail address, phone number, address or bank account, is covered
by a part of the personal-data registry (portal.personal_data) or is on the list below,
each with the reason it holds no resident's data of its own."""

import re

from django.apps import apps
from django.conf import settings
from django.db import models

from portal.personal_data import covered_models, history_model

PERSONAL_FIELD = re.compile(
    r"(^|_)(name|email|e_mail|phone|telephone|address|iban|account_holder|bsn)($|_)"
)

# Models that look personal but hold no resident's data of their own.
NOT_PERSONAL = {
    # The name of a thing, not of a person.
    "portal.Wijk": "a neighbourhood's name",
    "portal.Buurt": "a sub-neighbourhood's name",
    "portal.Complex": "a housing complex's name and streets",
    "cms.Pillar": "a pillar's name",
    "cms.Instrument": "an instrument's name",
    "cms.ContactFormField": "a form field's name",
    "participatie.ResidentGroup": "a resident group's name (its contact person is a membership)",
    "wagtailcore.Site": "the site's name",
    "wagtailcore.Collection": "a collection's name",
    "wagtailcore.Workflow": "a workflow's name",
    "wagtailcore.Task": "a workflow task's name",
    "wagtailcore.GroupApprovalTask": "a workflow task's name",
    "taggit.Tag": "a tag",
    "auth.Group": "a role's name",
    "auth.Permission": "a permission's name",
    "django_celery_beat.PeriodicTask": "a scheduled task's name",
    "wagtailembeds.Embed": "the author of public embedded media (oEmbed)",
    # The corporation's and its partners' own contact details.
    "portal.ContactSettings": "the corporation's contact details",
    "cms.Partner": "a partner organisation's contact details",
    "cms.NeighbourhoodContact": "a staff contact shown on a neighbourhood page",
    "cms.ContactFormPage": "the corporation's e-mail addresses for the form",
    # The fund's records of money, of the corporation's own account.
    "fonds.PaymentBatch": "the SEPA file as sent to the bank: a financial record kept as "
    "it was sent (AVG art. 17(3)(b)); see fonds.personal_data",
    "fonds.BankStatement": "who imported a bank statement (staff) and the corporation's account",
    # Work of staff and editors in the admin. A staff account cannot erase itself here
    # (portal.services.erasure_refusal): an administrator closes it, and the trail of who
    # decided, reviewed or published stays with the organisation.
    "wagtailcore.Page": "page owner / locker (editors)",
    "wagtailcore.PageLogEntry": "the admin's audit log",
    "wagtailcore.ModelLogEntry": "the admin's audit log",
    "wagtailcore.Revision": "editors' revisions",
    "wagtailcore.WorkflowState": "editors' workflow",
    "wagtailcore.TaskState": "editors' workflow",
    "wagtailcore.Comment": "editors' comments on pages",
    "wagtailcore.CommentReply": "editors' comments on pages",
    "wagtailcore.PageSubscription": "editors' page subscriptions",
    "wagtailcore.UploadedFile": "an editor's upload in progress",
    "wagtailadmin.EditingSession": "an editor's open editing session",
    "wagtailadmin.FormState": "an editor's form in progress",
    "wagtaildocs.Document": "documents uploaded by editors",
    "wagtailimages.Image": "images uploaded by editors",
    "admin.LogEntry": "Django admin's audit log",
    "initiatieven.ConceptReadLog": "which administrator opened a concept (staff)",
    "fonds.LedgerEntry": "bookings by staff; amounts only",
    "fonds.ConflictOfInterest": "staff who step aside from an application",
    # The staff's casework (signalen): records staff keep about an address, household or
    # complex, tied to no resident's account. Seen only by the wijk's own staff and the
    # coordinator, anonymised when their retention period ends (signalen.retention); a
    # request to see them is answered by the coordinator, found by address.
    "signalen.ContactMoment": "staff's notes of an informal contact",
    "signalen.Dossier": "a liveability dossier kept by staff",
    "signalen.InstrumentApplied": "an instrument staff applied in a dossier",
    "signalen.Cost": "costs staff recorded on a melding or dossier",
    "signalen.DossierRead": "which member of staff opened a dossier (the read log)",
}


def _points_to_a_person(model) -> bool:
    user = apps.get_model(settings.AUTH_USER_MODEL)
    return any(
        field.concrete and field.is_relation and field.related_model is user
        for field in model._meta.get_fields()
    )


def _personal_fields(model) -> list[str]:
    return [
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and PERSONAL_FIELD.search(field.name)
    ]


def _pages_and_histories():
    from wagtail.models import Page

    histories = {history_model(m) for m in apps.get_models()} - {None}
    return Page, histories


def test_every_model_with_personal_data_is_covered_or_explained():
    Page, histories = _pages_and_histories()
    covered = covered_models()
    missing = []
    for model in apps.get_models():
        if model in histories or model in covered:
            continue
        if any(f.is_relation and f.related_model in histories for f in model._meta.fields):
            continue  # the many-to-many history of a history (HistoricalUser_groups)
        label = model._meta.label
        if issubclass(model, Page) and label != "wagtailcore.Page":
            label = "wagtailcore.Page"  # page types share the owner and locker of Page
        if label in NOT_PERSONAL:
            continue
        if _points_to_a_person(model) or _personal_fields(model):
            missing.append(model._meta.label)
    assert not missing, (
        "Models with personal data that no part of the personal-data registry covers: "
        f"{missing}. Register a part (hook 'fijnewijk_personal_data') that names them in "
        "'models', or add them to NOT_PERSONAL with the reason."
    )


def test_the_list_of_exceptions_holds_no_stale_names():
    labels = {model._meta.label for model in apps.get_models()}
    assert set(NOT_PERSONAL) <= labels


def test_a_new_model_with_an_account_is_caught():
    """The walk would catch a model that points to an account and is in no part."""
    from portal.models import Notification

    assert _points_to_a_person(Notification)
    assert Notification in covered_models()
    assert not _points_to_a_person(apps.get_model("portal.Wijk"))
