"""Supports, comments and their moderation, photos, co-initiators and the daily digest."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.utils import IntegrityError
from PIL import Image

from initiatieven import services
from initiatieven.models import CommentReport, Initiative, Photo, Status, Support
from initiatieven.tasks import moderation_digest
from portal.models import Notification, ParticipationMeasure
from portal.uploads import clean_image

from .factories import UserFactory, jpeg_upload

pytestmark = pytest.mark.django_db


def test_support_once_and_withdraw(make_initiative, resident):
    initiative = make_initiative(status=Status.GEPUBLICEERD)
    services.support_add(initiative=initiative, user=resident)
    with pytest.raises(ValidationError, match="al"):
        services.support_add(initiative=initiative, user=resident)
    initiative.refresh_from_db()
    assert initiative.support_count == 1
    assert Support.objects.count() == 1
    services.support_withdraw(initiative=initiative, user=resident)
    initiative.refresh_from_db()
    assert initiative.support_count == 0
    with pytest.raises(ValidationError):
        services.support_withdraw(initiative=initiative, user=resident)


def test_one_support_per_account_is_a_database_rule(make_initiative, resident):
    initiative = make_initiative(status=Status.GEPUBLICEERD)
    Support.objects.create(initiative=initiative, user=resident)
    with pytest.raises(IntegrityError):
        Support.objects.create(initiative=initiative, user=resident)


@pytest.mark.parametrize(
    "status", [Status.CONCEPT, Status.INGEDIEND, Status.AFGEWEZEN, Status.AFGEROND]
)
def test_no_support_outside_active_statuses(make_initiative, resident, status):
    initiative = make_initiative(status=status)
    with pytest.raises(PermissionDenied):
        services.support_add(initiative=initiative, user=resident)


def test_team_cannot_support_its_own_initiative(make_initiative, initiator, co_initiator):
    initiative = make_initiative(status=Status.GEPUBLICEERD)
    for person in (initiator, co_initiator):
        with pytest.raises(PermissionDenied, match="eigen"):
            services.support_add(initiative=initiative, user=person)


def test_unverified_account_cannot_support_or_comment(make_initiative):
    unverified = UserFactory(role="huurder")
    EmailAddress.objects.filter(user=unverified).update(verified=False)
    initiative = make_initiative(status=Status.GEPUBLICEERD)
    with pytest.raises(PermissionDenied, match="Bevestig"):
        services.support_add(initiative=initiative, user=unverified)
    with pytest.raises(PermissionDenied, match="Bevestig"):
        services.comment_post(initiative=initiative, user=unverified, body="Hallo")
    with pytest.raises(PermissionDenied, match="Bevestig"):
        services.initiative_create(user=unverified, data={"title": "Iets", "wijk": initiative.wijk})


def test_comment_tells_the_team_but_not_the_writer(
    make_initiative, resident, initiator, co_initiator
):
    initiative = make_initiative(status=Status.GEPUBLICEERD)
    services.comment_post(initiative=initiative, user=resident, body="Ik help mee!")
    initiative.refresh_from_db()
    assert initiative.comment_count == 1
    told = set(
        Notification.objects.filter(event="initiative_comment").values_list("recipient", flat=True)
    )
    assert told == {initiator.pk, co_initiator.pk}


@pytest.mark.parametrize("status", [Status.AFGEWEZEN, Status.INGETROKKEN, Status.INGEDIEND])
def test_no_comment_on_a_closed_or_hidden_initiative(make_initiative, resident, status):
    initiative = make_initiative(status=status)
    with pytest.raises(PermissionDenied, match="niet reageren"):
        services.comment_post(initiative=initiative, user=resident, body="Hallo")


@pytest.mark.parametrize("body", ["", "   ", "x" * 2001])
def test_comment_body_is_checked(make_initiative, resident, body):
    initiative = make_initiative(status=Status.GEPUBLICEERD)
    with pytest.raises(ValidationError):
        services.comment_post(initiative=initiative, user=resident, body=body)
    initiative.refresh_from_db()
    assert initiative.comment_count == 0


def test_report_hide_and_tell_the_writer(
    make_initiative, resident, moderator, initiator, django_capture_on_commit_callbacks
):
    initiative = make_initiative(status=Status.GEPUBLICEERD)
    comment = services.comment_post(initiative=initiative, user=resident, body="Scheldwoord")
    services.comment_report(comment=comment, user=initiator, reason="schelden")
    with pytest.raises(ValidationError, match="al gemeld"):
        services.comment_report(comment=comment, user=initiator, reason="schelden")
    with pytest.raises(PermissionDenied, match="eigen"):
        services.comment_report(comment=comment, user=resident, reason="schelden")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_hide(comment=comment, user=moderator, reason="Schelden hoort hier niet.")
    comment.refresh_from_db()
    assert comment.is_hidden and comment.hidden_by == moderator
    report = CommentReport.objects.get()
    assert report.outcome == CommentReport.Outcome.HIDDEN and report.resolved_by == moderator
    note = Notification.objects.get(event="initiative_comment_hidden")
    assert note.recipient == resident
    assert note.message == "Schelden hoort hier niet."
    assert resident.email in mail.outbox[-1].to
    assert comment.history.latest().history_change_reason == "Schelden hoort hier niet."


def test_moderator_of_another_wijk_cannot_hide(make_initiative, resident, other_moderator):
    initiative = make_initiative(status=Status.GEPUBLICEERD)
    comment = services.comment_post(initiative=initiative, user=resident, body="Hallo")
    with pytest.raises(PermissionDenied):
        services.comment_hide(comment=comment, user=other_moderator, reason="Nee")
    comment.refresh_from_db()
    assert not comment.is_hidden


def test_dismiss_reports_keeps_the_comment(make_initiative, resident, initiator, moderator):
    initiative = make_initiative(status=Status.GEPUBLICEERD)
    comment = services.comment_post(
        initiative=initiative, user=resident, body="Kritisch maar netjes"
    )
    services.comment_report(comment=comment, user=initiator, reason="anders")
    assert services.comment_reports_dismiss(comment=comment, user=moderator) == 1
    comment.refresh_from_db()
    assert not comment.is_hidden
    assert CommentReport.objects.get().outcome == CommentReport.Outcome.DISMISSED


def test_a_measure_on_an_abusive_author_takes_away_commenting_only(
    client, make_initiative, resident, moderator, django_capture_on_commit_callbacks
):
    initiative = make_initiative(status=Status.GEPUBLICEERD)
    comment = services.comment_post(initiative=initiative, user=resident, body="Bedreiging")
    client.force_login(resident)
    with django_capture_on_commit_callbacks(execute=True):
        measure = services.comment_author_measure(
            comment=comment,
            user=moderator,
            scope="reageren",
            duration="week",
            reason="Bedreigingen.",
        )
    resident.refresh_from_db()
    comment.refresh_from_db()
    assert resident.is_active
    assert comment.is_hidden
    assert measure == ParticipationMeasure.objects.get(user=resident)
    assert measure.reason == "Bedreigingen." and measure.imposed_by == moderator
    assert measure.scope == "reageren" and measure.ends_at is not None
    assert any("Maatregel" in m.subject for m in mail.outbox)
    # The session stays: the resident still opens Mijn overzicht.
    assert client.get("/mijn/").status_code == 200


def test_staff_get_no_measure_this_way(make_initiative, moderator, staff):
    initiative = make_initiative(status=Status.GEPUBLICEERD)
    comment = services.comment_post(initiative=initiative, user=staff, body="Reactie van staf")
    with pytest.raises(PermissionDenied):
        services.comment_author_measure(
            comment=comment, user=moderator, scope="alles", duration="week", reason="Test"
        )
    assert not ParticipationMeasure.objects.exists()


def test_a_measure_needs_a_reason(make_initiative, resident, moderator):
    initiative = make_initiative(status=Status.GEPUBLICEERD)
    comment = services.comment_post(initiative=initiative, user=resident, body="Hallo")
    with pytest.raises(ValidationError):
        services.comment_author_measure(
            comment=comment, user=moderator, scope="reageren", duration="week", reason=" "
        )
    comment.refresh_from_db()
    assert not ParticipationMeasure.objects.exists() and not comment.is_hidden


def test_photos_are_cleaned_and_limited(make_initiative, initiator):
    initiative = make_initiative()
    photos = [clean_image(jpeg_upload(exif_gps=True)) for _ in range(5)]
    services.initiative_edit(initiative=initiative, user=initiator, data={}, photos=photos)
    assert initiative.photos.count() == 5
    photo = initiative.photos.first()
    with photo.image.open("rb") as f, Image.open(f) as stored:
        assert not stored.getexif()
    with photo.thumbnail.open("rb") as f, Image.open(f) as thumb:
        assert thumb.size == (640, 420)
    with pytest.raises(ValidationError, match="hoogstens 5"):
        services.initiative_edit(
            initiative=initiative, user=initiator, data={}, photos=[clean_image(jpeg_upload())]
        )
    assert initiative.photos.count() == 5


def test_photo_delete_by_team_only(make_initiative, initiator, resident):
    initiative = make_initiative()
    services.initiative_edit(
        initiative=initiative, user=initiator, data={}, photos=[clean_image(jpeg_upload())]
    )
    photo = Photo.objects.get()
    with pytest.raises(PermissionDenied):
        services.photo_delete(photo=photo, user=resident)
    services.photo_delete(photo=photo, user=initiator)
    assert not Photo.objects.exists()


def test_progress_update_tells_supporters(make_initiative, initiator, resident):
    initiative = make_initiative(status=Status.GEPUBLICEERD)
    services.support_add(initiative=initiative, user=resident)
    update = services.progress_update_post(
        initiative=initiative,
        user=initiator,
        body="De bakken staan er!",
        photos=[clean_image(jpeg_upload())],
    )
    assert update.photos.count() == 1
    assert Notification.objects.filter(event="initiative_update", recipient=resident).exists()
    with pytest.raises(PermissionDenied):
        services.progress_update_post(initiative=initiative, user=resident, body="Ik ook")


def test_invite_and_accept_a_co_initiator(
    make_initiative, initiator, co_initiator, django_capture_on_commit_callbacks
):
    initiative = make_initiative()
    newcomer = UserFactory(role="huurder")
    with django_capture_on_commit_callbacks(execute=True):
        invite = services.co_initiator_invite(
            initiative=initiative, user=initiator, email=newcomer.email
        )
    assert invite.token in mail.outbox[-1].body
    with pytest.raises(ValidationError):
        services.co_initiator_invite(initiative=initiative, user=initiator, email=newcomer.email)
    with pytest.raises(PermissionDenied):
        services.co_initiator_invite(initiative=initiative, user=co_initiator, email="x@example.nl")
    # Someone else who got hold of the link cannot use it.
    stranger = UserFactory(role="huurder")
    with pytest.raises(PermissionDenied):
        services.co_initiator_accept(token=invite.token, user=stranger)
    services.co_initiator_accept(token=invite.token, user=newcomer)
    assert initiative.co_initiators.filter(pk=newcomer.pk).exists()
    with pytest.raises(ValidationError):
        services.co_initiator_accept(token=invite.token, user=newcomer)
    # A co-initiator can edit and post updates, but not withdraw.
    services.initiative_edit(initiative=initiative, user=newcomer, data={"title": "Samen beter"})
    assert Initiative.objects.get(pk=initiative.pk).title == "Samen beter"


def test_daily_digest_counts_per_moderator(
    make_initiative, moderator, other_moderator, staff, resident, django_capture_on_commit_callbacks
):
    make_initiative(status=Status.INGEDIEND)
    make_initiative(status=Status.INGEDIEND)
    published = make_initiative(status=Status.GEPUBLICEERD)
    comment = services.comment_post(initiative=published, user=resident, body="Hm")
    services.comment_report(comment=comment, user=published.initiator, reason="anders")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert moderation_digest() == 2  # the moderator of this wijk and the staff member
    notes = {n.recipient_id: n for n in Notification.objects.filter(event="initiative_digest")}
    assert set(notes) == {moderator.pk, staff.pk}
    assert "2 initiatief" in notes[moderator.pk].title
    assert "1 gemelde" in notes[moderator.pk].title
    assert len(mail.outbox) == 2


def test_digest_respects_the_email_preference(
    make_initiative, moderator, django_capture_on_commit_callbacks
):
    moderator.muted_email_events = ["initiative_digest"]
    moderator.save()
    make_initiative(status=Status.INGEDIEND)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        moderation_digest()
    assert Notification.objects.filter(recipient=moderator, event="initiative_digest").exists()
    assert not [m for m in mail.outbox if moderator.email in m.to]


def test_nothing_waiting_sends_nothing(make_initiative, moderator):
    make_initiative(status=Status.GEPUBLICEERD)
    assert moderation_digest() == 0


@pytest.mark.django_db(transaction=True)
def test_notification_email_goes_through_the_broker():
    """On PostgreSQL with Redis (CI's second run) the e-mail task travels through the broker
    to a real worker; without a broker it runs in-process."""
    import os

    from portal.celery import app
    from tests.conftest import restore_migration_data

    from .factories import InitiativeFactory

    # An earlier transactional test's flush removed what the migrations made (the locale
    # a pillar needs, the roles).
    restore_migration_data()
    initiative = InitiativeFactory(status=Status.GEPUBLICEERD, initiator=UserFactory())
    neighbour = UserFactory()
    if not os.environ.get("CELERY_BROKER_URL"):
        services.comment_post(initiative=initiative, user=neighbour, body="Via de taak")
        assert any("Via de taak" in m.body for m in mail.outbox)
        return
    from celery.contrib.testing.worker import start_worker

    app.conf.task_always_eager = False
    with start_worker(app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
        services.comment_post(initiative=initiative, user=neighbour, body="Via de taak")
        note = Notification.objects.get(event="initiative_comment")
        for _ in range(100):
            note.refresh_from_db()
            if note.emailed_at:
                break
            import time

            time.sleep(0.1)
    assert note.emailed_at is not None
    assert any("Via de taak" in m.body for m in mail.outbox)


def test_first_report_tells_the_moderators_of_the_wijk(
    make_initiative, resident, initiator, co_initiator, moderator, other_moderator
):
    initiative = make_initiative(status=Status.GEPUBLICEERD)
    comment = services.comment_post(initiative=initiative, user=resident, body="Hm")
    services.comment_report(comment=comment, user=initiator, reason="anders")
    services.comment_report(comment=comment, user=co_initiator, reason="schelden")
    told = list(
        Notification.objects.filter(event="initiative_report").values_list("recipient", flat=True)
    )
    assert told == [moderator.pk]


def test_a_hidden_comment_leaves_no_text_in_others_notifications(
    make_initiative, resident, moderator, initiator, django_capture_on_commit_callbacks
):
    """Those told about a new comment (the team of the initiative) and the moderators told
    of its report no longer read its text once it is hidden, also in e-mail not yet sent;
    other comments' notifications keep theirs."""
    initiative = make_initiative(status=Status.GEPUBLICEERD)
    kept = services.comment_post(initiative=initiative, user=resident, body="Goed plan")
    comment = services.comment_post(initiative=initiative, user=resident, body="Scheldwoord")
    services.comment_report(comment=comment, user=initiator, reason="schelden")
    about = Notification.objects.filter(url__endswith=f"#reactie-{comment.pk}")
    assert about.get(recipient=initiator).body == "Scheldwoord"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_hide(comment=comment, user=moderator, reason="Schelden hoort hier niet.")
    for note in Notification.objects.exclude(event="initiative_comment_hidden"):
        if note.url.endswith(f"#reactie-{kept.pk}"):
            assert note.body == "Goed plan"
        else:
            assert "Scheldwoord" not in note.body, note.event
    assert about.get(recipient=initiator).body == "Deze reactie is verborgen door een moderator."
    assert Notification.objects.filter(event="initiative_report").exists()
    # Mail that goes out after the hiding carries the redacted text.
    from portal.tasks import send_notification_emails

    Notification.objects.update(emailed_at=None)
    mail.outbox.clear()
    send_notification_emails(
        list(
            Notification.objects.exclude(event="initiative_comment_hidden").values_list(
                "pk", flat=True
            )
        )
    )
    assert mail.outbox and all("Scheldwoord" not in m.body for m in mail.outbox)
