"""Erasing one's own account (AVG article 17): the resident's name, e-mail, phone,
address and free texts are gone from every table and every history; what the monitoring
counts stays; the neighbour keeps everything; the person is signed out and told by
e-mail, in their language; a double click erases once; a staff account is refused."""

import pytest
from django.apps import apps
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import connection, models
from django.db.models import Count, Sum

from fonds.models import Application, Donation, LedgerEntry, Payout, Reclaim
from fonds.models import Status as FundStatus
from initiatieven.models import Comment, Initiative, Photo, Support
from portal.models import ErasureRecord, User
from portal.services import account_erase
from signalen.models import Melding

from .factories import UserFactory
from .personal_data_world import build_world

pytestmark = pytest.mark.django_db

TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField, models.FileField)


def tables_holding(string: str) -> list[str]:
    """Every table.column of every model (history, through tables and third-party apps
    included) whose text holds `string`, read in SQL."""
    found = []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            if model._meta.proxy or not model._meta.managed:
                continue
            for field in model._meta.local_concrete_fields:
                if not isinstance(field, TEXT_FIELDS):
                    continue
                table, column = model._meta.db_table, field.column
                cursor.execute(
                    f"SELECT COUNT(*) FROM {quote(table)} "  # noqa: S608 - names from the models
                    f"WHERE CAST({quote(column)} AS TEXT) LIKE %s",
                    [f"%{string}%"],
                )
                if cursor.fetchone()[0]:
                    found.append(f"{table}.{column}")
    return found


def monitoring_counts() -> dict:
    submitted = Application.objects.exclude(status=FundStatus.CONCEPT)
    return {
        "initiatives": Initiative.objects.submitted().count(),
        "initiatives_per_status": sorted(
            Initiative.objects.submitted().values_list("status", "wijk_id").distinct()
        ),
        "applications": submitted.count(),
        "granted": submitted.aggregate(total=Sum("granted_amount"))["total"],
        "ledger": sorted(
            LedgerEntry.objects.values("kind")
            .annotate(total=Sum("amount"))
            .values_list("kind", "total")
        ),
        "meldingen": sorted(
            Melding.objects.values("signal_type", "wijk_id", "status")
            .annotate(n=Count("pk"))
            .values_list("signal_type", "wijk_id", "status", "n")
        ),
        "answered_in_time": Melding.objects.filter(answered_in_time=True).count(),
        "payouts": sorted(
            Payout.objects.values("status")
            .annotate(total=Sum("amount"))
            .values_list("status", "total")
        ),
        "donations": sorted(Donation.objects.values_list("status", "amount")),
        "reclaims": sorted(Reclaim.objects.values_list("status", "amount")),
    }


def test_erasure_leaves_nothing_of_the_resident_and_keeps_the_counts(
    django_capture_on_commit_callbacks,
):
    world = build_world()
    anna, bram = world["anna"], world["bram"]
    photo_files = [p.image.name for p in Photo.objects.filter(initiative__initiator=anna.user)]
    assert photo_files
    # Before: the strings are there (the search works).
    for string in anna.strings:
        assert tables_holding(string), string
    before = monitoring_counts()

    with django_capture_on_commit_callbacks(execute=True):
        erasure = account_erase(user=anna.user)

    for string in anna.strings:
        assert tables_holding(string) == [], string
    assert monitoring_counts() == before
    # Kept records point to the account, which is anonymised and closed.
    assert erasure.outcome == ErasureRecord.Outcome.ANONYMISED
    person = User.objects.get(pk=anna.user.pk)
    assert not person.is_active and not person.has_usable_password()
    assert (person.first_name, person.last_name, person.phone, person.address) == ("",) * 4
    assert person.wijk is None and not person.groups.exists()
    assert not person.emailaddress_set.exists()
    # The neighbour keeps everything of theirs, the counts on their initiative follow.
    for string in bram.strings:
        assert tables_holding(string), string
    theirs = Initiative.objects.get(initiator=bram.user, status="gepubliceerd")
    assert theirs.support_count == Support.objects.filter(initiative=theirs).count() == 0
    assert theirs.comment_count == Comment.objects.filter(initiative=theirs).count() == 0
    # Photo files are removed from storage after the commit.
    from django.core.files.storage import default_storage

    assert not any(default_storage.exists(name) for name in photo_files)
    # The confirmation went to the address they had.
    assert [m.to for m in mail.outbox] == [["anna@example.nl"]]
    assert "Uw account is verwijderd" in mail.outbox[0].subject
    assert "VoornaamAnna" not in mail.outbox[0].body
    assert erasure.counts["initiatieven"] > 0 and erasure.counts["fonds"] > 0
    assert erasure.counts["meldingen"] > 0 and erasure.counts["bewonersgroepen"] > 0


def test_an_account_without_kept_records_is_deleted(django_capture_on_commit_callbacks):
    person = UserFactory(role="huurder", first_name="Zonder", last_name="Sporen")
    pk = person.pk
    with django_capture_on_commit_callbacks(execute=True):
        erasure = account_erase(user=person)
    assert erasure.outcome == ErasureRecord.Outcome.DELETED
    assert not User.objects.filter(pk=pk).exists()
    # Not even the history of the account keeps its e-mail address.
    assert not User.history.filter(id=pk).exists()
    assert tables_holding(person.email) == []
    assert tables_holding("Sporen") == []


def test_a_shared_initiative_passes_to_the_team(django_capture_on_commit_callbacks):
    world = build_world()
    anna, bram = world["anna"], world["bram"]
    shared = Initiative.objects.filter(initiator=anna.user, status="gepubliceerd").first()
    shared.co_initiators.add(bram.user)
    title = shared.title
    account_erase(user=anna.user)
    shared.refresh_from_db()
    assert shared.initiator == bram.user and shared.title == title
    assert not shared.co_initiators.exists()


def test_history_of_the_account_keeps_no_email_address():
    world = build_world()
    anna = world["anna"]
    assert User.history.filter(id=anna.user.pk, email="anna@example.nl").exists()
    account_erase(user=anna.user)
    assert not User.history.filter(email="anna@example.nl").exists()


def test_a_second_erasure_does_nothing(django_capture_on_commit_callbacks):
    world = build_world()
    anna = world["anna"]
    with django_capture_on_commit_callbacks(execute=True):
        assert account_erase(user=anna.user) is not None
        assert account_erase(user=anna.user) is None
    assert ErasureRecord.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_staff_account_is_refused():
    staff = UserFactory(role="coordinator")
    with pytest.raises(PermissionDenied):
        account_erase(user=staff)
    assert User.objects.get(pk=staff.pk).is_active
    assert not ErasureRecord.objects.exists()


def test_the_confirmation_is_in_the_residents_language(django_capture_on_commit_callbacks):
    person = UserFactory(role="huurder", language="en")
    with django_capture_on_commit_callbacks(execute=True):
        account_erase(user=person)
    assert "Your account has been deleted" in mail.outbox[0].subject
