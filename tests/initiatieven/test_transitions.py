"""The state machine: every allowed move, and every forbidden one refused without change."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from initiatieven import services
from initiatieven.models import Initiative, Status
from initiatieven.selectors import initiative_timeline
from initiatieven.transitions import TRANSITIONS
from portal.models import Notification

pytestmark = pytest.mark.django_db

# (move, from status, who, to status)
ALLOWED = [
    ("submit", Status.CONCEPT, "initiator", Status.INGEDIEND),
    ("submit", Status.CONCEPT, "co_initiator", Status.INGEDIEND),
    ("resubmit", Status.TERUGGESTUURD, "initiator", Status.INGEDIEND),
    ("publish", Status.INGEDIEND, "moderator", Status.GEPUBLICEERD),
    ("publish", Status.INGEDIEND, "staff", Status.GEPUBLICEERD),
    ("send_back", Status.INGEDIEND, "moderator", Status.TERUGGESTUURD),
    ("reject", Status.INGEDIEND, "moderator", Status.AFGEWEZEN),
    ("take_offline", Status.GEPUBLICEERD, "moderator", Status.AFGEWEZEN),
    ("take_offline", Status.IN_UITVOERING, "staff", Status.AFGEWEZEN),
    ("start", Status.GEPUBLICEERD, "initiator", Status.IN_UITVOERING),
    ("start", Status.GEPUBLICEERD, "moderator", Status.IN_UITVOERING),
    ("complete", Status.IN_UITVOERING, "co_initiator", Status.AFGEROND),
    ("withdraw", Status.CONCEPT, "initiator", Status.INGETROKKEN),
    ("withdraw", Status.INGEDIEND, "initiator", Status.INGETROKKEN),
    ("withdraw", Status.GEPUBLICEERD, "initiator", Status.INGETROKKEN),
    ("withdraw", Status.IN_UITVOERING, "initiator", Status.INGETROKKEN),
]

# (move, from status, who): refused, nothing changes
FORBIDDEN = [
    ("publish", Status.INGEDIEND, "initiator"),
    ("publish", Status.INGEDIEND, "resident"),
    ("publish", Status.INGEDIEND, "other_moderator"),
    ("publish", Status.CONCEPT, "moderator"),
    ("publish", Status.AFGEWEZEN, "moderator"),
    ("reject", Status.GEPUBLICEERD, "moderator"),
    ("submit", Status.CONCEPT, "resident"),
    ("submit", Status.CONCEPT, "moderator"),
    ("submit", Status.INGEDIEND, "initiator"),
    ("withdraw", Status.INGEDIEND, "co_initiator"),
    ("withdraw", Status.AFGEROND, "initiator"),
    ("withdraw", Status.AFGEWEZEN, "initiator"),
    ("start", Status.INGEDIEND, "initiator"),
    ("start", Status.GEPUBLICEERD, "resident"),
    ("complete", Status.GEPUBLICEERD, "initiator"),
    ("resubmit", Status.INGEDIEND, "initiator"),
]


def _people(request):
    return {
        name: request.getfixturevalue(name)
        for name in (
            "initiator",
            "co_initiator",
            "resident",
            "moderator",
            "other_moderator",
            "staff",
        )
    }


@pytest.mark.parametrize(("move", "source", "who", "target"), ALLOWED)
def test_allowed_transition(request, make_initiative, move, source, who, target):
    people = _people(request)
    initiative = make_initiative(status=source)
    reason = "Graag een kortere titel." if TRANSITIONS[move].reason_required else ""
    services.initiative_transition(
        initiative=initiative, name=move, user=people[who], reason=reason
    )
    initiative.refresh_from_db()
    assert initiative.status == target
    last = initiative.history.latest()
    assert last.history_user == people[who]
    assert last.history_change_reason == (reason or str(TRANSITIONS[move].label))


@pytest.mark.parametrize(("move", "source", "who"), FORBIDDEN)
def test_forbidden_transition_is_refused_and_changes_nothing(
    request, make_initiative, move, source, who
):
    people = _people(request)
    initiative = make_initiative(status=source)
    history_before = initiative.history.count()
    with pytest.raises((PermissionDenied, ValidationError)) as excinfo:
        services.initiative_transition(
            initiative=initiative, name=move, user=people[who], reason="Omdat het moet."
        )
    message = " ".join(getattr(excinfo.value, "messages", [str(excinfo.value)]))
    assert "U mag" in message or "kan niet meer" in message
    initiative.refresh_from_db()
    assert initiative.status == source
    assert initiative.history.count() == history_before
    assert not Notification.objects.exists()


def test_every_transition_in_the_table_is_tested():
    tested = {move for move, *_ in ALLOWED} | {move for move, *_ in FORBIDDEN}
    assert tested == set(TRANSITIONS)


@pytest.mark.parametrize("move", ["send_back", "reject", "take_offline"])
def test_moderator_moves_need_a_reason(make_initiative, moderator, move):
    source = Status.GEPUBLICEERD if move == "take_offline" else Status.INGEDIEND
    initiative = make_initiative(status=source)
    with pytest.raises(ValidationError) as excinfo:
        services.initiative_transition(
            initiative=initiative, name=move, user=moderator, reason="   "
        )
    assert "reason" in excinfo.value.error_dict
    initiative.refresh_from_db()
    assert initiative.status == source


def test_submit_needs_a_complete_proposal(make_initiative, initiator):
    initiative = make_initiative(status=Status.CONCEPT, description="", needs="", pillar=None)
    with pytest.raises(ValidationError) as excinfo:
        services.initiative_transition(initiative=initiative, name="submit", user=initiator)
    assert set(excinfo.value.error_dict) == {"description", "needs", "pillar"}
    initiative.refresh_from_db()
    assert initiative.status == Status.CONCEPT


def test_unknown_move_is_refused(make_initiative, initiator):
    initiative = make_initiative()
    with pytest.raises(ValidationError):
        services.initiative_transition(initiative=initiative, name="explode", user=initiator)


def test_rejection_reaches_the_team_with_the_moderators_words(
    make_initiative, moderator, initiator, co_initiator, django_capture_on_commit_callbacks
):
    initiative = make_initiative(status=Status.INGEDIEND)
    with django_capture_on_commit_callbacks(execute=True):
        services.initiative_transition(
            initiative=initiative,
            name="reject",
            user=moderator,
            reason="Dit valt buiten het werkgebied van de corporatie.",
        )
    notes = Notification.objects.filter(event="initiative_status")
    assert {n.recipient for n in notes} == {initiator, co_initiator}
    note = notes.first()
    assert note.message == "Dit valt buiten het werkgebied van de corporatie."
    assert "HWZ-moderator" in note.sender_label
    assert {m.to[0] for m in mail.outbox} == {initiator.email, co_initiator.email}
    assert "Dit valt buiten het werkgebied" in mail.outbox[0].body
    assert "Bericht van" in mail.outbox[0].body


def test_submission_tells_the_moderators_of_that_wijk_only(
    make_initiative, initiator, moderator, other_moderator, staff
):
    initiative = make_initiative()
    services.initiative_transition(initiative=initiative, name="submit", user=initiator)
    told = set(
        Notification.objects.filter(event="initiative_submitted").values_list(
            "recipient", flat=True
        )
    )
    assert told == {moderator.pk}


def test_timeline_shows_each_step_with_who_and_why(make_initiative, initiator, moderator):
    initiative = make_initiative()
    services.initiative_transition(initiative=initiative, name="submit", user=initiator)
    services.initiative_transition(
        initiative=initiative, name="send_back", user=moderator, reason="Welke straat?"
    )
    services.initiative_edit(initiative=initiative, user=initiator, data={"title": "Nieuwe titel"})
    services.initiative_transition(initiative=initiative, name="resubmit", user=initiator)
    services.initiative_transition(initiative=initiative, name="publish", user=moderator)
    steps = initiative_timeline(Initiative.objects.get(pk=initiative.pk))
    assert [s["status"] for s in steps] == [
        Status.INGEDIEND,
        Status.TERUGGESTUURD,
        Status.INGEDIEND,
        Status.GEPUBLICEERD,
    ]
    assert steps[1]["message"] == "Welke straat?"
    assert steps[1]["user"] == moderator
