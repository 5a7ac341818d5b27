"""refer, close_referral, record_cost and mark_polluted work on a melding, a contact
moment and a dossier alike, refuse an archived partner in Dutch, and keep history."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from signalen import services
from signalen.models import ContactMoment, Cost, Dossier, MeldingUpdate, Referral


@pytest.fixture
def contact(wijk, wijkbeheerder):
    return ContactMoment.objects.create(
        happened_at=timezone.now(),
        wijk=wijk,
        channel="straat",
        summary="Gesprek over afval",
        logged_by=wijkbeheerder,
    )


@pytest.fixture
def dossier(wijk, wijkbeheerder):
    return Dossier.objects.create(
        subject="adres", wijk=wijk, title="Lindelaan 14", opened_by=wijkbeheerder
    )


@pytest.fixture(params=["melding", "contact", "dossier"])
def subject(request, make_melding):
    if request.param == "melding":
        return make_melding()
    return request.getfixturevalue(request.param)


def test_refer_and_close_referral_on_every_kind(subject, partner, wijkbeheerder):
    referral = services.refer(
        subject=subject,
        partner=partner,
        user=wijkbeheerder,
        reason="Buurtbemiddeling inzetten",
        follow_up_on=timezone.localdate() + dt.timedelta(days=14),
    )
    assert getattr(referral, type(subject).__name__.lower().replace("contactmoment", "contact"))
    assert referral.history.first().history_user == wijkbeheerder
    services.close_referral(referral=referral, user=wijkbeheerder, outcome="opgepakt")
    referral.refresh_from_db()
    assert referral.closed_at and referral.outcome == "opgepakt"
    # a second click
    services.close_referral(referral=referral, user=wijkbeheerder, outcome="afgerond")
    assert Referral.objects.get(pk=referral.pk).outcome == "opgepakt"


def test_an_archived_partner_is_refused_in_dutch(subject, archived_partner, wijkbeheerder):
    with pytest.raises(ValidationError) as caught:
        services.refer(subject=subject, partner=archived_partner, user=wijkbeheerder, reason="x")
    assert "gearchiveerd" in caught.value.message_dict["partner"][0]
    assert not Referral.objects.exists()


def test_refer_refuses_staff_of_another_wijk(subject, partner, other_wijkbeheerder):
    with pytest.raises(PermissionDenied):
        services.refer(subject=subject, partner=partner, user=other_wijkbeheerder, reason="x")


def test_refer_refuses_a_future_date_and_an_empty_reason(subject, partner, wijkbeheerder):
    with pytest.raises(ValidationError):
        services.refer(subject=subject, partner=partner, user=wijkbeheerder, reason=" \x00 ")
    with pytest.raises(ValidationError):
        services.refer(
            subject=subject,
            partner=partner,
            user=wijkbeheerder,
            reason="x",
            referred_on=timezone.localdate() + dt.timedelta(days=3),
        )


def test_costs_on_a_melding_and_a_dossier(make_melding, dossier, contact, wijkbeheerder):
    melding = make_melding()
    cost = services.record_cost(
        subject=melding, user=wijkbeheerder, kind="schoonmaak", amount=Decimal("120.50")
    )
    assert cost.melding == melding and cost.history.first().history_user == wijkbeheerder
    assert MeldingUpdate.objects.filter(melding=melding, kind="cost", text__contains="120,50")
    services.record_cost(subject=dossier, user=wijkbeheerder, kind="juridisch", amount=Decimal("9"))
    assert Cost.objects.count() == 2
    with pytest.raises(ValidationError):
        services.record_cost(
            subject=contact, user=wijkbeheerder, kind="overig", amount=Decimal("1")
        )
    for bad in (Decimal("0"), Decimal("-5"), Decimal("NaN"), Decimal("99999999999")):
        with pytest.raises(ValidationError):
            services.record_cost(subject=melding, user=wijkbeheerder, kind="overig", amount=bad)
    with pytest.raises(ValidationError):
        services.record_cost(
            subject=melding,
            user=wijkbeheerder,
            kind="overig",
            amount=Decimal("5"),
            spent_on=timezone.localdate() + dt.timedelta(days=1),
        )
    assert Cost.objects.count() == 2


def test_mark_polluted_on_every_kind(subject, wijkbeheerder, other_wijkbeheerder):
    with pytest.raises(PermissionDenied):
        services.mark_polluted(subject=subject, user=other_wijkbeheerder)
    services.mark_polluted(subject=subject, user=wijkbeheerder)
    subject.refresh_from_db()
    assert subject.polluted_home is True
    assert subject.history.first().history_change_reason == "Vervuilde woning"
    count = subject.history.count()
    services.mark_polluted(subject=subject, user=wijkbeheerder)  # twice: no change
    assert subject.history.count() == count
    services.mark_polluted(subject=subject, user=wijkbeheerder, polluted=False)
    subject.refresh_from_db()
    assert subject.polluted_home is False


@pytest.mark.parametrize("kind", ["contact", "dossier"])
def test_a_role_that_reaches_every_wijk_works_on_casework_only_in_its_werkgebied(
    request, kind, partner, other_wijk
):
    """The generic services keep the casework privacy rule (signalen.case_permissions):
    a sociaal beheerder whose role reaches every wijk, but who works in another one, may
    not refer, record costs or mark a polluted home on this wijk's contact or dossier."""
    from tests.signalen.conftest import _staff

    subject = request.getfixturevalue(kind)
    elsewhere = _staff("sociaal-beheerder", other_wijk)
    with pytest.raises(PermissionDenied):
        services.refer(subject=subject, partner=partner, user=elsewhere, reason="x")
    with pytest.raises(PermissionDenied):
        services.mark_polluted(subject=subject, user=elsewhere)
    assert not Referral.objects.exists()
