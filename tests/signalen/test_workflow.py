"""The melding's state machine through its services: every allowed move, every refused
one, who may make them, history (who, why), the timeline and what the reporter hears."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from portal.models import Notification
from signalen import services
from signalen.models import Melding, MeldingStatus, MeldingUpdate
from signalen.transitions import TRANSITIONS

S = MeldingStatus

# How to bring a fresh melding into each status, and how to make each move.
PATHS = {
    S.ONTVANGEN: [],
    S.BEVESTIGD: ["acknowledge"],
    S.IN_BEHANDELING: ["acknowledge", "start"],
    S.WACHT_OP_MELDER: ["acknowledge", "start", "wait_on_reporter"],
    S.BEANTWOORD: ["acknowledge", "answer"],
    S.GESLOTEN: ["close"],
}


def move(name, melding, user):
    calls = {
        "acknowledge": lambda: services.melding_acknowledge(melding=melding, user=user),
        "assign": lambda: services.melding_assign(melding=melding, user=user, assignee=user),
        "start": lambda: services.melding_start(melding=melding, user=user),
        "wait_on_reporter": lambda: services.melding_wait_on_reporter(
            melding=melding, user=user, question="Sinds wanneer is dit zo?"
        ),
        "resume": lambda: services.melding_resume(melding=melding, user=user),
        "answer": lambda: services.melding_feedback(
            melding=melding, user=user, text="De aannemer komt dinsdag."
        ),
        "reopen": lambda: services.melding_reopen(melding=melding, user=user, reason="Nog niet ok"),
        "close": lambda: services.melding_close(melding=melding, user=user, outcome="opgelost"),
    }
    return calls[name]()


def in_status(make_melding, status, user):
    melding = make_melding()
    for name in PATHS[status]:
        move(name, melding, user)
    melding.refresh_from_db()
    assert melding.status == status
    return melding


CASES = [(status, name) for status in PATHS for name in TRANSITIONS]


@pytest.mark.parametrize(("status", "name"), CASES)
def test_every_move_from_every_status(make_melding, wijkbeheerder, status, name):
    melding = in_status(make_melding, status, wijkbeheerder)
    allowed = status in TRANSITIONS[name].sources
    if allowed:
        move(name, melding, wijkbeheerder)
        melding.refresh_from_db()
        assert melding.status == TRANSITIONS[name].target
        record = melding.history.first()
        assert record.history_user == wijkbeheerder
        assert record.history_change_reason
    elif status == S.BEANTWOORD and name == "answer":
        # More feedback after the answer is allowed and changes nothing but the timeline.
        move(name, melding, wijkbeheerder)
        melding.refresh_from_db()
        assert melding.status == S.BEANTWOORD
    elif name == "assign":
        # Assigning is also possible later; only a closed melding refuses it.
        if status == S.GESLOTEN:
            with pytest.raises(ValidationError):
                move(name, melding, wijkbeheerder)
        else:
            move(name, melding, wijkbeheerder)
            melding.refresh_from_db()
            assert melding.status == status
            assert melding.assigned_to == wijkbeheerder
    else:
        with pytest.raises(ValidationError):
            move(name, melding, wijkbeheerder)
        melding.refresh_from_db()
        assert melding.status == status


def test_submit_fixes_reference_terms_and_tells_the_reporter(make_melding, resident):
    melding = make_melding()
    assert melding.reference.startswith("M-")
    assert Melding.objects.get(pk=melding.pk).reference == melding.reference
    assert melding.history.first().reference == melding.reference
    assert melding.acknowledge_due < melding.answer_target < melding.answer_due
    assert melding.queue_due == melding.acknowledge_due
    assert melding.pillar is None or melding.pillar.slug == "sociale-woonomgeving-repressief"
    note = Notification.objects.get(recipient=resident)
    assert melding.reference in note.title
    assert MeldingUpdate.objects.filter(melding=melding, kind="status").count() == 1


def test_acknowledging_sends_the_template_mail_and_stores_compliance(
    make_melding, resident, wijkbeheerder
):
    melding = make_melding()
    services.mail_template("ontvangst")
    from signalen.models import MeldingMailTemplate

    MeldingMailTemplate.objects.filter(kind="ontvangst").update(
        subject="Ontvangen: {kenmerk}", body="Beste {naam}, wij doen het voor {antwoord_uiterlijk}."
    )
    services.melding_acknowledge(melding=melding, user=wijkbeheerder)
    melding.refresh_from_db()
    assert melding.acknowledged_in_time is True
    assert melding.queue_due == melding.answer_due
    note = Notification.objects.filter(recipient=resident).first()
    assert note.title == f"Ontvangen: {melding.reference}"
    assert resident.get_full_name() in note.body


def test_assigning_a_new_melding_acknowledges_it(make_melding, wijkbeheerder, sociaal_beheerder):
    melding = make_melding()
    services.melding_assign(melding=melding, user=wijkbeheerder, assignee=sociaal_beheerder)
    melding.refresh_from_db()
    assert melding.status == S.IN_BEHANDELING
    assert melding.acknowledged_at is not None
    assert melding.assigned_to == sociaal_beheerder
    assert Notification.objects.filter(
        recipient=sociaal_beheerder, event="melding_assigned"
    ).exists()
    # A second click changes nothing.
    services.melding_assign(melding=melding, user=wijkbeheerder, assignee=sociaal_beheerder)
    assert melding.history.count() == 2


def test_assignee_must_reach_the_wijk(make_melding, wijkbeheerder, other_wijkbeheerder, resident):
    melding = make_melding()
    with pytest.raises(ValidationError):
        services.melding_assign(melding=melding, user=wijkbeheerder, assignee=other_wijkbeheerder)
    with pytest.raises(ValidationError):
        services.melding_assign(melding=melding, user=wijkbeheerder, assignee=resident)


@pytest.mark.parametrize(
    "who", ["other_wijkbeheerder", "hwz_moderator", "resident", "other_resident", "redacteur"]
)
def test_who_may_not_move_a_melding(make_melding, request, who):
    user = request.getfixturevalue(who)
    melding = make_melding()
    with pytest.raises(PermissionDenied):
        services.melding_acknowledge(melding=melding, user=user)
    with pytest.raises(PermissionDenied):
        services.melding_note(melding=melding, user=user, text="x")


@pytest.mark.parametrize(
    "who", ["wijkbeheerder", "sociaal_beheerder", "ondersteuner", "coordinator"]
)
def test_who_may_move_a_melding(make_melding, request, who):
    user = request.getfixturevalue(who)
    melding = make_melding()
    services.melding_acknowledge(melding=melding, user=user)


def test_anonymous_melding_gets_no_feedback_and_cannot_wait(make_melding, wijkbeheerder):
    melding = make_melding(reporter=None, may_contact=True, contact_phone="0612345678")
    assert melding.reporter is None and not melding.may_contact and not melding.contact_phone
    services.melding_acknowledge(melding=melding, user=wijkbeheerder)
    services.melding_start(melding=melding, user=wijkbeheerder)
    with pytest.raises(ValidationError):
        services.melding_feedback(melding=melding, user=wijkbeheerder, text="Opgelost.")
    with pytest.raises(ValidationError):
        services.melding_wait_on_reporter(melding=melding, user=wijkbeheerder, question="?")
    services.melding_close(melding=melding, user=wijkbeheerder, outcome="opgelost")
    melding.refresh_from_db()
    assert melding.answered_at is not None and melding.answered_in_time is True
    assert not Notification.objects.filter(event="melding").exists()


def test_internal_notes_stay_internal(make_melding, wijkbeheerder):
    melding = make_melding()
    services.melding_note(melding=melding, user=wijkbeheerder, text="Bekende klager")
    entry = MeldingUpdate.objects.get(melding=melding, kind="note")
    assert entry.visible_to_reporter is False


def test_feedback_is_visible_and_mailed(make_melding, resident, wijkbeheerder):
    melding = make_melding()
    services.melding_acknowledge(melding=melding, user=wijkbeheerder)
    services.melding_feedback(melding=melding, user=wijkbeheerder, text="De lamp is vervangen.")
    melding.refresh_from_db()
    assert melding.status == S.BEANTWOORD and melding.answered_in_time is True
    assert melding.queue_due is None
    entry = MeldingUpdate.objects.get(melding=melding, kind="feedback")
    assert entry.visible_to_reporter
    assert Notification.objects.filter(
        recipient=resident, body__contains="De lamp is vervangen."
    ).exists()


def test_close_needs_a_known_outcome(make_melding, wijkbeheerder):
    melding = make_melding()
    with pytest.raises(ValidationError):
        services.melding_close(melding=melding, user=wijkbeheerder, outcome="weg")
    services.melding_close(melding=melding, user=wijkbeheerder, outcome="dubbel")
    melding.refresh_from_db()
    assert melding.outcome == "dubbel" and melding.closed_at and melding.queue_due is None


def test_a_reporter_in_english_gets_english_texts(make_melding, resident, wijkbeheerder):
    resident.language = "en"
    resident.save()
    melding = make_melding()
    services.melding_acknowledge(melding=melding, user=wijkbeheerder)
    titles = list(Notification.objects.filter(recipient=resident).values_list("title", flat=True))
    assert any("received your report" in t for t in titles)


def test_a_new_melding_is_announced_to_the_wijks_own_staff_only(
    make_melding, wijkbeheerder, other_wijkbeheerder
):
    from portal.models import Notification

    melding = make_melding()
    told = Notification.objects.filter(event="melding_new")
    assert list(told.values_list("recipient", flat=True)) == [wijkbeheerder.pk]
    note = told.get()
    assert melding.reference in note.title and note.url.endswith(f"/{melding.pk}/")
