"""The nightly retention task: exactly the rows whose period has passed are anonymised
(free texts, addresses, names, contact details gone, also from their history) or removed
(the read log), what the monitoring counts stays, and a count per kind is logged."""

import datetime as dt
import logging
from decimal import Decimal

import pytest
from django.utils import timezone

from signalen import casework, services
from signalen.models import (
    ContactTopic,
    Cost,
    Dossier,
    DossierRead,
    Melding,
    MeldingStatus,
    Referral,
)
from signalen.retention import forget_expired, retention, retention_days

from .case_helpers import make_contact, make_dossier, make_instrument, make_melding

pytestmark = pytest.mark.django_db

DAYS = {"contact": 100, "melding_closed": 50, "dossier_closed": 200, "dossier_read": 30}


@pytest.fixture(autouse=True)
def periods(settings):
    settings.SIGNALEN_RETENTION_DAYS = DAYS


def ago(days, hours=0):
    return timezone.now() - dt.timedelta(days=days, hours=hours)


def test_the_settings_hold_a_period_for_every_kind():
    from django.conf import settings as django_settings

    assert set(retention_days()) == {"contact", "melding_closed", "dossier_closed", "dossier_read"}
    assert retention_days() == DAYS
    assert "signalen-retention" in django_settings.CELERY_BEAT_SCHEDULE


def test_exactly_the_expired_rows_are_anonymised_or_removed(
    wijkbeheerder, wijk, resident, partner, caplog
):
    # Contacts: one just past its period, one just inside, one old but in an open dossier.
    old = make_contact(
        wijkbeheerder,
        wijk,
        happened_at=ago(101),
        address="Oudeweg 1",
        summary="Oud gesprek met mevrouw Jansen",
        follow_up_on=ago(100).date(),
        topics=["overlast", "vervuiling"],
    )
    services.refer(
        subject=old,
        partner=partner,
        user=wijkbeheerder,
        reason="Zorg mevrouw Jansen",
        referred_on=ago(101).date(),
    )
    recent = make_contact(wijkbeheerder, wijk, happened_at=ago(99), summary="Recent gesprek")
    open_dossier = make_dossier(wijkbeheerder, wijk, title="Lopend dossier")
    kept = make_contact(
        wijkbeheerder, wijk, happened_at=ago(300), summary="In lopend dossier", dossier=open_dossier
    )

    # Meldingen: closed long ago, closed recently, open and old.
    closed_old = make_melding(
        wijk,
        reporter=resident,
        contact_phone="0612345678",
        description="Mijn buurman",
        status=MeldingStatus.GESLOTEN,
        closed_at=ago(51),
        outcome="opgelost",
    )
    closed_old.description = "Mijn buurman, bijgewerkt"
    closed_old.save()
    closed_recent = make_melding(
        wijk, reporter=resident, status=MeldingStatus.GESLOTEN, closed_at=ago(49)
    )
    open_old = make_melding(wijk, reporter=resident, submitted_at=ago(400))

    # Dossiers: closed past its period (with a contact, a melding, an instrument, a cost),
    # closed inside it.
    expired = make_dossier(wijkbeheerder, wijk, title="Familie De Vries", address="Kerkstraat 4")
    in_expired = make_contact(
        wijkbeheerder, wijk, happened_at=ago(20), summary="Gesprek De Vries", dossier=expired
    )
    melding_in_expired = make_melding(
        wijk, reporter=resident, description="Stank De Vries", dossier=expired
    )
    casework.apply_instrument(
        user=wijkbeheerder,
        dossier=expired,
        instrument=make_instrument(),
        applied_on=timezone.localdate(),
        result="De Vries beloofde beterschap",
    )
    services.record_cost(
        subject=expired,
        user=wijkbeheerder,
        kind="schoonmaak",
        amount=Decimal("450.00"),
        description="Ontruiming De Vries",
    )
    casework.close_dossier(user=wijkbeheerder, dossier=expired, outcome="uitzetting")
    Dossier.objects.filter(pk=expired.pk).update(closed_at=ago(201))
    young = make_dossier(wijkbeheerder, wijk, title="Pas gesloten")
    casework.close_dossier(user=wijkbeheerder, dossier=young, outcome="opgelost")
    Dossier.objects.filter(pk=young.pk).update(closed_at=ago(199))

    # Read log: one row past its period, one inside.
    old_read = DossierRead.objects.create(dossier=young, user=wijkbeheerder, read_at=ago(31))
    new_read = DossierRead.objects.create(dossier=young, user=wijkbeheerder, read_at=ago(29))

    topics_before = ContactTopic.objects.count()
    with caplog.at_level(logging.INFO, logger="signalen.retention"):
        counts = retention.delay().get()
    assert counts == {"contact": 2, "melding_closed": 2, "dossier_closed": 1, "dossier_read": 1}
    assert "contact 2" in caplog.text and "dossier_read 1" in caplog.text

    for contact in (old, in_expired):
        contact.refresh_from_db()
        assert contact.summary == "" and contact.address == "" and contact.follow_up_on is None
        assert contact.wijk == wijk and contact.happened_at  # what the counts need stays
        for record in contact.history.all():
            assert record.summary == "" and record.address == ""
            assert not record.history_change_reason
    assert Referral.objects.get(contact=old).reason == ""
    assert all(r.reason == "" for r in Referral.history.filter(contact_id=old.pk))
    assert ContactTopic.objects.count() == topics_before
    for contact, summary in ((recent, "Recent gesprek"), (kept, "In lopend dossier")):
        contact.refresh_from_db()
        assert contact.summary == summary

    for melding in (closed_old, melding_in_expired):
        melding.refresh_from_db()
        assert melding.reporter is None and melding.description == "" and melding.address == ""
        assert melding.contact_phone == "" and melding.signal_type == "overlast"
        for record in Melding.history.filter(id=melding.pk):
            assert record.reporter_id is None and record.description == ""
            assert record.contact_phone == "" and record.address == ""
    closed_old.refresh_from_db()
    assert closed_old.outcome == "opgelost" and closed_old.closed_at
    for melding in (closed_recent, open_old):
        melding.refresh_from_db()
        assert melding.reporter == resident and melding.description

    expired.refresh_from_db()
    assert expired.title == "" and expired.address == ""
    assert expired.outcome == "uitzetting" and expired.status == "gesloten"
    assert all(r.title == "" and r.address == "" for r in expired.history.all())
    assert expired.instruments.get().result == ""
    cost = Cost.objects.get(dossier=expired)
    assert cost.amount == Decimal("450.00") and cost.description == ""
    young.refresh_from_db()
    assert young.title == "Pas gesloten"

    assert not DossierRead.objects.filter(pk=old_read.pk).exists()
    assert DossierRead.objects.filter(pk=new_read.pk).exists()

    # The next night touches nothing: every expired row was already done.
    assert forget_expired() == dict.fromkeys(DAYS, 0)
