"""The services of the contact log and the dossiers (signalen.casework): what they make,
what they refuse, their history, and that a double click makes nothing twice."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from signalen import casework
from signalen.models import (
    ContactMoment,
    ContactTopic,
    Dossier,
    DossierOutcome,
    DossierRead,
    DossierStatus,
    InstrumentApplied,
    SignalType,
)

from .case_helpers import make_complex, make_contact, make_dossier, make_instrument, make_melding

pytestmark = pytest.mark.django_db


def test_a_contact_is_logged_with_its_topics_and_who_logged_it(wijkbeheerder, wijk):
    contact = make_contact(
        wijkbeheerder,
        wijk,
        topics=[SignalType.OVERLAST, SignalType.SCHOONMAAK, SignalType.OVERLAST],
    )
    assert contact.logged_by == wijkbeheerder
    assert sorted(
        ContactTopic.objects.filter(contact=contact).values_list("signal_type", flat=True)
    ) == [
        "overlast",
        "schoonmaak",
    ]
    record = contact.history.get()
    assert record.history_user == wijkbeheerder
    assert record.history_change_reason == "Contact vastgelegd"


def test_a_contact_in_the_future_is_refused_in_dutch(wijkbeheerder, wijk):
    with pytest.raises(ValidationError) as refused:
        make_contact(wijkbeheerder, wijk, happened_at=timezone.now() + dt.timedelta(hours=2))
    assert "toekomst" in refused.value.message_dict["happened_at"][0]
    assert not ContactMoment.objects.exists()


def test_a_few_minutes_of_a_phone_clock_ahead_is_not_the_future(wijkbeheerder, wijk):
    make_contact(wijkbeheerder, wijk, happened_at=timezone.now() + dt.timedelta(minutes=2))
    assert ContactMoment.objects.count() == 1


def test_a_contact_needs_a_topic_a_channel_and_a_summary(wijkbeheerder, wijk):
    with pytest.raises(ValidationError) as refused:
        make_contact(wijkbeheerder, wijk, topics=[], channel="brief", summary=" \x00 ")
    assert set(refused.value.message_dict) == {"topics", "channel", "summary"}


def test_a_complex_of_another_wijk_is_refused(wijkbeheerder, wijk, other_wijk):
    with pytest.raises(ValidationError) as refused:
        make_contact(wijkbeheerder, wijk, complex=make_complex(other_wijk))
    assert "complex" in refused.value.message_dict


def test_staff_of_another_wijk_cannot_log_there(other_wijkbeheerder, wijk):
    with pytest.raises(PermissionDenied):
        make_contact(other_wijkbeheerder, wijk)


def test_nul_bytes_are_taken_out_of_the_summary(wijkbeheerder, wijk):
    contact = make_contact(wijkbeheerder, wijk, summary="Over\x00last <script>alert(1)</script>")
    assert contact.summary == "Overlast <script>alert(1)</script>"


def test_a_follow_up_is_completed_once(wijkbeheerder, wijk):
    contact = make_contact(wijkbeheerder, wijk, follow_up_on=timezone.localdate())
    casework.complete_follow_up(user=wijkbeheerder, contact=contact, note="Gebeld")
    casework.complete_follow_up(user=wijkbeheerder, contact=contact, note="Gebeld")
    contact.refresh_from_db()
    assert contact.follow_up_on is None
    assert contact.history.count() == 2
    assert contact.history.first().history_change_reason == "Gebeld"


def test_a_dossier_opened_from_a_contact_gathers_it_and_gets_a_reference(wijkbeheerder, wijk):
    contact = make_contact(wijkbeheerder, wijk, address="Lindeplein 12")
    dossier = casework.open_dossier(
        user=wijkbeheerder, subject="adres", title="Overlast Lindeplein", contact=contact
    )
    assert dossier.reference == f"D-{timezone.localdate().year}-{dossier.pk:05d}"
    assert dossier.wijk == wijk and dossier.address == "Lindeplein 12"
    contact.refresh_from_db()
    assert contact.dossier == dossier
    assert contact.history.first().history_change_reason.startswith("Gekoppeld")
    with pytest.raises(ValidationError):
        casework.open_dossier(user=wijkbeheerder, subject="adres", contact=contact)
    assert Dossier.objects.count() == 1


def test_a_dossier_opened_from_a_melding_takes_its_place(wijkbeheerder, wijk):
    melding = make_melding(wijk)
    dossier = casework.open_dossier(user=wijkbeheerder, subject="huishouden", melding=melding)
    melding.refresh_from_db()
    assert melding.dossier == dossier
    assert dossier.title == "Lindeplein 12"


def test_an_empty_dossier_needs_what_it_is_about(wijkbeheerder, wijk, other_wijk):
    with pytest.raises(ValidationError) as refused:
        casework.open_dossier(user=wijkbeheerder, subject="complex", wijk=wijk, title="")
    assert {"title", "complex"} <= set(refused.value.message_dict)
    with pytest.raises(PermissionDenied):
        make_dossier(wijkbeheerder, other_wijk)
    assert not Dossier.objects.exists()


def test_linking_twice_links_once_and_another_wijk_is_refused(
    wijkbeheerder, wijk, other_wijk, coordinator
):
    dossier = make_dossier(wijkbeheerder, wijk)
    contact = make_contact(wijkbeheerder, wijk)
    assert casework.link_signal(user=wijkbeheerder, dossier=dossier, contact=contact) is True
    assert casework.link_signal(user=wijkbeheerder, dossier=dossier, contact=contact) is False
    elsewhere = make_contact(coordinator, other_wijk)
    with pytest.raises(ValidationError):
        casework.link_signal(user=coordinator, dossier=dossier, contact=elsewhere)
    assert casework.unlink_signal(user=wijkbeheerder, dossier=dossier, contact=contact) is True
    assert casework.unlink_signal(user=wijkbeheerder, dossier=dossier, contact=contact) is False
    contact.refresh_from_db()
    assert contact.dossier is None


def test_a_signal_in_another_dossier_is_not_taken_over(wijkbeheerder, wijk):
    first, second = make_dossier(wijkbeheerder, wijk), make_dossier(wijkbeheerder, wijk)
    melding = make_melding(wijk)
    casework.link_signal(user=wijkbeheerder, dossier=first, melding=melding)
    with pytest.raises(ValidationError) as refused:
        casework.link_signal(user=wijkbeheerder, dossier=second, melding=melding)
    assert first.reference in refused.value.messages[0]


def test_an_instrument_is_applied_once_and_not_in_the_future(wijkbeheerder, wijk):
    dossier = make_dossier(wijkbeheerder, wijk)
    instrument = make_instrument()
    today = timezone.localdate()
    for _ in range(2):
        casework.apply_instrument(
            user=wijkbeheerder,
            dossier=dossier,
            instrument=instrument,
            applied_on=today,
            result="Afspraken gemaakt.",
        )
    assert InstrumentApplied.objects.count() == 1
    with pytest.raises(ValidationError) as refused:
        casework.apply_instrument(
            user=wijkbeheerder,
            dossier=dossier,
            instrument=instrument,
            applied_on=today + dt.timedelta(days=1),
        )
    assert "toekomst" in refused.value.message_dict["applied_on"][0]


def test_closing_with_an_eviction_and_reopening_keep_their_history(wijkbeheerder, wijk):
    dossier = make_dossier(wijkbeheerder, wijk)
    casework.close_dossier(
        user=wijkbeheerder, dossier=dossier, outcome=DossierOutcome.UITZETTING, reason="Vonnis"
    )
    casework.close_dossier(user=wijkbeheerder, dossier=dossier, outcome=DossierOutcome.UITZETTING)
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.GESLOTEN and dossier.outcome == "uitzetting"
    assert dossier.closed_at is not None
    with pytest.raises(ValidationError):
        casework.apply_instrument(
            user=wijkbeheerder,
            dossier=dossier,
            instrument=make_instrument(),
            applied_on=timezone.localdate(),
        )
    with pytest.raises(ValidationError):
        casework.reopen_dossier(user=wijkbeheerder, dossier=dossier, reason="  ")
    casework.reopen_dossier(user=wijkbeheerder, dossier=dossier, reason="Nieuwe klachten")
    dossier.refresh_from_db()
    assert (
        dossier.status == DossierStatus.OPEN and dossier.outcome == "" and dossier.closed_at is None
    )
    reasons = list(
        dossier.history.order_by("history_date", "history_id").values_list(
            "status", "history_change_reason"
        )
    )
    assert reasons[-2:] == [("gesloten", "Vonnis"), ("open", "Nieuwe klachten")]


def test_an_outcome_outside_the_list_is_refused(wijkbeheerder, wijk):
    dossier = make_dossier(wijkbeheerder, wijk)
    with pytest.raises(ValidationError):
        casework.close_dossier(user=wijkbeheerder, dossier=dossier, outcome="weggepest")


def test_every_read_is_a_row_and_only_for_who_may_read(wijkbeheerder, other_wijkbeheerder, wijk):
    dossier = make_dossier(wijkbeheerder, wijk)
    casework.record_dossier_read(user=wijkbeheerder, dossier=dossier)
    casework.record_dossier_read(user=wijkbeheerder, dossier=dossier)
    assert DossierRead.objects.filter(dossier=dossier, user=wijkbeheerder).count() == 2
    with pytest.raises(PermissionDenied):
        casework.record_dossier_read(user=other_wijkbeheerder, dossier=dossier)
