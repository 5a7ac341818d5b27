"""Every change to an initiative's parts leaves history with who and why, and the
initiative's page tells its story from that history: all of it to the team and the
moderators, only the public steps to everyone else."""

from datetime import UTC, datetime

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from initiatieven import selectors, services
from initiatieven.models import (
    CoInitiatorInvite,
    CommentReport,
    Initiative,
    Photo,
    ProgressUpdate,
    Status,
    Support,
)
from portal.uploads import clean_image

from .factories import UserFactory, jpeg_upload

pytestmark = pytest.mark.django_db


def _last(model, **filters):
    return model.history.filter(**filters).order_by("-history_date", "-history_id").first()


def test_support_given_and_withdrawn_leave_history(make_initiative, resident):
    initiative = make_initiative(status=Status.GEPUBLICEERD)
    services.support_add(initiative=initiative, user=resident)
    services.support_withdraw(initiative=initiative, user=resident)
    given, withdrawn = Support.history.order_by("history_date", "history_id")
    assert (given.history_type, given.history_user, given.history_change_reason) == (
        "+",
        resident,
        "Steun gegeven",
    )
    assert (withdrawn.history_type, withdrawn.history_user) == ("-", resident)
    assert withdrawn.history_change_reason == "Steun ingetrokken"


def test_reports_dismissed_each_leave_history(make_initiative, resident, initiator, moderator):
    initiative = make_initiative(status=Status.GEPUBLICEERD)
    comment = services.comment_post(initiative=initiative, user=resident, body="Scherp")
    other = UserFactory(role="huurder")
    services.comment_report(comment=comment, user=initiator, reason="schelden")
    services.comment_report(comment=comment, user=other, reason="anders", explanation="Hm")
    filed = CommentReport.history.filter(history_type="+").order_by("history_id")
    assert [r.history_user for r in filed] == [initiator, other]
    closed = services.comment_reports_dismiss(
        comment=comment, user=moderator, reason="Scherp, maar geen schelden"
    )
    assert closed == 2
    for report in CommentReport.objects.all():
        record = _last(CommentReport, id=report.pk)
        assert record.history_user == moderator
        assert record.history_change_reason == "Scherp, maar geen schelden"
        assert record.outcome == CommentReport.Outcome.DISMISSED


def test_hiding_a_comment_closes_reports_with_history(
    make_initiative, resident, initiator, moderator
):
    initiative = make_initiative(status=Status.GEPUBLICEERD)
    comment = services.comment_post(initiative=initiative, user=resident, body="Grof")
    report = services.comment_report(comment=comment, user=initiator, reason="schelden")
    services.comment_hide(comment=comment, user=moderator, reason="Scheldwoord")
    record = _last(CommentReport, id=report.pk)
    assert (record.history_user, record.history_change_reason, record.outcome) == (
        moderator,
        "Scheldwoord",
        CommentReport.Outcome.HIDDEN,
    )


def test_progress_updates_and_photos_leave_history(make_initiative, initiator):
    initiative = make_initiative(status=Status.GEPUBLICEERD)
    update = services.progress_update_post(
        initiative=initiative,
        user=initiator,
        body="De bakken staan er",
        photos=[clean_image(jpeg_upload())],
    )
    record = _last(ProgressUpdate, id=update.pk)
    assert (record.history_user, record.history_change_reason) == (initiator, "Voortgang gemeld")
    photo = Photo.objects.get()
    photo_pk = photo.pk
    added = _last(Photo, id=photo_pk)
    assert (added.history_user, added.history_change_reason) == (initiator, "Foto toegevoegd")
    services.photo_delete(photo=photo, user=initiator)
    removed = _last(Photo, id=photo_pk)
    assert (removed.history_type, removed.history_user) == ("-", initiator)
    assert removed.history_change_reason == "Foto verwijderd" and removed.width == 800


def test_invitations_leave_history_without_the_token(make_initiative, initiator):
    initiative = make_initiative(status=Status.GEPUBLICEERD)
    invite = services.co_initiator_invite(
        initiative=initiative, user=initiator, email="buur@example.nl"
    )
    guest = UserFactory(role="huurder", email="buur@example.nl")
    EmailAddress.objects.filter(user=guest).update(verified=True)
    services.co_initiator_accept(token=invite.token, user=guest)
    sent, accepted = CoInitiatorInvite.history.order_by("history_id")
    assert (sent.history_user, sent.history_change_reason) == (
        initiator,
        "Uitgenodigd als mede-initiatiefnemer",
    )
    assert (accepted.history_user, accepted.history_change_reason) == (
        guest,
        "Uitnodiging aangenomen",
    )
    assert not hasattr(accepted, "token")


@pytest.fixture
def story(make_initiative, initiator, moderator, resident):
    """An initiative sent back with a question, resubmitted, published, updated, with a
    comment hidden, and completed."""
    initiative = make_initiative(status=Status.CONCEPT, title="Bankjes op het plein")
    services.initiative_transition(initiative=initiative, name="submit", user=initiator)
    services.initiative_transition(
        initiative=initiative, name="send_back", user=moderator, reason="Welk plein bedoelt u?"
    )
    services.initiative_transition(initiative=initiative, name="resubmit", user=initiator)
    services.initiative_transition(initiative=initiative, name="publish", user=moderator)
    services.progress_update_post(initiative=initiative, user=initiator, body="Besteld!")
    comment = services.comment_post(initiative=initiative, user=resident, body="Onzin")
    services.comment_hide(comment=comment, user=moderator, reason="Persoonlijke aanval")
    services.initiative_transition(initiative=initiative, name="start", user=initiator)
    services.initiative_transition(initiative=initiative, name="complete", user=initiator)
    return Initiative.objects.get(pk=initiative.pk)


FULL = [
    "Ingediend",
    "Teruggestuurd met een vraag",
    "Opnieuw ingediend",
    "Gepubliceerd",
    "Voortgang gemeld",
    "Reactie verborgen",
    "Uitvoering begonnen",
    "Afgerond",
]
PUBLIC = ["Gepubliceerd", "Voortgang gemeld", "Uitvoering begonnen", "Afgerond"]


def test_the_timeline_tells_every_step_with_who_and_why(story, moderator):
    steps = selectors.initiative_timeline(story)
    assert [str(step["label"]) for step in steps] == FULL
    sent_back = steps[1]
    assert sent_back["who"] == f"{moderator.get_full_name()} (HWZ-moderator)"
    assert sent_back["message"] == "Welk plein bedoelt u?"
    hidden = steps[5]
    assert hidden["reason"] == "Persoonlijke aanval" and "HWZ-moderator" in hidden["who"]
    public = selectors.initiative_timeline(story, full=False)
    assert [str(step["label"]) for step in public] == PUBLIC


@pytest.mark.parametrize(
    "who,full",
    [
        ("anonymous", False),
        ("resident", False),
        ("initiator", True),
        ("co_initiator", True),
        ("moderator", True),
        ("staff", True),
    ],
)
def test_the_page_shows_the_full_timeline_only_to_team_and_moderators(
    client, request, story, who, full
):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    page = client.get(reverse("initiatieven:detail", args=[story.pk])).content.decode()
    timeline = page[page.index('id="timeline-title"') :]
    timeline = timeline[: timeline.index("</ol>")]
    for label in FULL:
        assert (label in timeline) is (full or label in PUBLIC), label
    assert ("Persoonlijke aanval" in timeline) is full
    assert ("(HWZ-moderator)" in timeline) is full


def test_timeline_times_are_in_amsterdam(client, story, initiator):
    # Published at 23:30 UTC on 30 June is 1:30 on 1 July in Amsterdam (summer time).
    record = story.history.filter(status=Status.GEPUBLICEERD).get()
    type(record).objects.filter(pk=record.pk).update(
        history_date=datetime(2026, 6, 30, 23, 30, tzinfo=UTC)
    )
    client.force_login(initiator)
    page = client.get(reverse("initiatieven:detail", args=[story.pk])).content.decode()
    assert "woensdag 1 juli 2026 om 01:30" in page


def test_the_admin_inspect_page_shows_the_full_timeline(client, story, moderator):
    from tests.portal.factories import with_two_factor

    with_two_factor(moderator)
    client.force_login(moderator)
    page = client.get(reverse("initiatieven_initiative:inspect", args=[story.pk]))
    text = page.content.decode()
    for label in FULL:
        assert label in text, label
    assert "Welk plein bedoelt u?" in text


def test_the_timeline_reads_a_fixed_number_of_queries(
    story, initiator, moderator, resident, django_assert_max_num_queries
):
    for n in range(10):
        services.progress_update_post(initiative=story, user=initiator, body=f"Stap {n}")
        comment = services.comment_post(initiative=story, user=resident, body=f"Reactie {n}")
        services.comment_report(comment=comment, user=initiator, reason="anders")
        services.comment_reports_dismiss(comment=comment, user=moderator)
    with django_assert_max_num_queries(6):
        steps = selectors.initiative_timeline(story)
        assert all(step["who"] for step in steps)
    assert len(steps) == len(FULL) + 20
    with django_assert_max_num_queries(3):
        selectors.initiative_timeline(story, full=False)
