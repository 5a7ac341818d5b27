"""Moderation in the Wagtail admin: each moderator sees and acts on their own wijken only."""

import pytest
from django.urls import reverse

from initiatieven import services
from initiatieven.models import Status
from portal.models import ParticipationMeasure
from tests.portal.factories import with_two_factor

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    def login(user):
        with_two_factor(user)
        client.force_login(user)
        return client

    return login


def test_queue_lists_only_the_moderators_wijken(
    admin_client, make_initiative, moderator, other_wijk
):
    mine = make_initiative(status=Status.INGEDIEND, title="Bankje in mijn wijk")
    make_initiative(status=Status.INGEDIEND, title="Bankje elders", wijk=other_wijk)
    client = admin_client(moderator)
    page = client.get(
        reverse("initiatieven_initiative:index") + "?status=ingediend"
    ).content.decode()
    assert mine.title in page
    assert "Bankje elders" not in page


def test_every_admin_url_of_another_wijk_is_404(admin_client, make_initiative, other_moderator):
    initiative = make_initiative(status=Status.INGEDIEND)
    client = admin_client(other_moderator)
    for name in ("inspect", "history", "usage", "edit", "delete"):
        url = reverse(f"initiatieven_initiative:{name}", args=[initiative.pk])
        assert client.get(url).status_code == 404, name
    url = reverse("initiatieven_initiative:moderate", args=[initiative.pk, "publish"])
    assert client.post(url).status_code == 404
    initiative.refresh_from_db()
    assert initiative.status == Status.INGEDIEND


def test_moderator_publishes_from_the_inspect_page(admin_client, make_initiative, moderator):
    initiative = make_initiative(status=Status.INGEDIEND)
    client = admin_client(moderator)
    page = client.get(
        reverse("initiatieven_initiative:inspect", args=[initiative.pk])
    ).content.decode()
    assert "Publiceren" in page and "Afwijzen" in page
    response = client.post(
        reverse("initiatieven_initiative:moderate", args=[initiative.pk, "publish"]), follow=True
    )
    assert response.status_code == 200
    initiative.refresh_from_db()
    assert initiative.status == Status.GEPUBLICEERD


def test_reject_without_reason_is_refused_with_a_message(admin_client, make_initiative, moderator):
    initiative = make_initiative(status=Status.INGEDIEND)
    client = admin_client(moderator)
    response = client.post(
        reverse("initiatieven_initiative:moderate", args=[initiative.pk, "reject"]),
        {"reason": ""},
        follow=True,
    )
    assert "Schrijf erbij waarom" in response.content.decode()
    initiative.refresh_from_db()
    assert initiative.status == Status.INGEDIEND


def test_a_move_in_the_wrong_state_is_refused(admin_client, make_initiative, moderator):
    initiative = make_initiative(status=Status.GEPUBLICEERD)
    client = admin_client(moderator)
    response = client.post(
        reverse("initiatieven_initiative:moderate", args=[initiative.pk, "publish"]), follow=True
    )
    assert "kan niet meer" in response.content.decode()


def test_no_add_or_edit_in_the_admin(admin_client, make_initiative, staff):
    initiative = make_initiative(status=Status.INGEDIEND)
    client = admin_client(staff)
    assert client.get(reverse("initiatieven_initiative:add")).status_code in (302, 403)
    assert client.get(
        reverse("initiatieven_initiative:edit", args=[initiative.pk])
    ).status_code in (302, 403)


def test_residents_and_editors_do_not_reach_moderation(client, make_initiative, resident):
    from tests.portal.factories import UserFactory

    initiative = make_initiative(status=Status.INGEDIEND)
    client.force_login(resident)
    assert client.get(reverse("initiatieven_initiative:index")).status_code == 302
    redacteur = UserFactory(role="redacteur")
    with_two_factor(redacteur)
    client.force_login(redacteur)
    response = client.get(reverse("initiatieven_initiative:inspect", args=[initiative.pk]))
    assert response.status_code in (302, 403, 404)


def test_reported_comments_hide_and_measure(
    admin_client, make_initiative, moderator, resident, initiator
):
    initiative = make_initiative(status=Status.GEPUBLICEERD)
    comment = services.comment_post(initiative=initiative, user=resident, body="Grof")
    services.comment_report(comment=comment, user=initiator, reason="schelden")
    client = admin_client(moderator)
    page = client.get(reverse("initiatieven_comment:index")).content.decode()
    assert "Grof" in page
    page = client.get(reverse("initiatieven_comment:inspect", args=[comment.pk])).content.decode()
    assert "Schelden, beledigen of bedreigen" in page
    # An HWZ moderator may not choose "until lifted": that is a coordinator's call.
    assert 'value="onbepaald"' not in page and 'value="maand"' in page
    client.post(
        reverse("initiatieven_comment:action", args=[comment.pk, "measure"]),
        {"reason": "Herhaald schelden", "scope": "reageren", "duration": "onbepaald"},
    )
    assert not ParticipationMeasure.objects.exists()
    client.post(
        reverse("initiatieven_comment:action", args=[comment.pk, "measure"]),
        {"reason": "Herhaald schelden", "scope": "reageren", "duration": "maand"},
    )
    comment.refresh_from_db()
    resident.refresh_from_db()
    measure = ParticipationMeasure.objects.get()
    assert comment.is_hidden and resident.is_active
    assert (measure.user, measure.scope, measure.imposed_by) == (resident, "reageren", moderator)


def test_reported_comment_of_another_wijk_is_404(
    admin_client, make_initiative, other_moderator, resident, initiator
):
    initiative = make_initiative(status=Status.GEPUBLICEERD)
    comment = services.comment_post(initiative=initiative, user=resident, body="Grof")
    services.comment_report(comment=comment, user=initiator, reason="schelden")
    client = admin_client(other_moderator)
    assert "Grof" not in client.get(reverse("initiatieven_comment:index")).content.decode()
    assert client.get(reverse("initiatieven_comment:inspect", args=[comment.pk])).status_code == 404
    response = client.post(
        reverse("initiatieven_comment:action", args=[comment.pk, "hide"]), {"reason": "x"}
    )
    assert response.status_code == 404
    comment.refresh_from_db()
    assert not comment.is_hidden


def test_dashboard_panel_shows_the_queue_itself(admin_client, make_initiative, moderator):
    waiting = make_initiative(status=Status.INGEDIEND, title="Bankje bij de vijver")
    client = admin_client(moderator)
    page = client.get("/admin/").content.decode()
    panel = page.split('data-panel="moderation"')[1].split("</section>")[0]
    assert waiting.title in panel
    assert reverse("initiatieven_initiative:inspect", args=[waiting.pk]) in panel


def test_coordinator_lifts_a_measure(admin_client, make_initiative, moderator, resident):
    from tests.portal.factories import UserFactory

    initiative = make_initiative(status=Status.GEPUBLICEERD)
    comment = services.comment_post(initiative=initiative, user=resident, body="Grof")
    services.comment_author_measure(
        comment=comment,
        user=moderator,
        scope="reageren",
        duration="week",
        reason="Grof taalgebruik",
    )
    measure = ParticipationMeasure.objects.get()
    # The HWZ moderator may impose one through a comment, but not see or lift them here.
    client = admin_client(moderator)
    assert client.get(reverse("measures:index")).status_code in (302, 403)
    assert client.post(reverse("measures:lift", args=[measure.pk])).status_code in (302, 403)
    measure.refresh_from_db()
    assert measure.lifted_at is None
    coordinator = UserFactory(role="coordinator")
    client = admin_client(coordinator)
    listing = client.get(reverse("measures:index")).content.decode()
    assert "Grof taalgebruik" in listing and "loopt" in listing
    page = client.get(reverse("measures:inspect", args=[measure.pk])).content.decode()
    assert "Grof taalgebruik" in page and "Maatregel opheffen" in page
    client.post(reverse("measures:lift", args=[measure.pk]), {"reason": "Excuses aangeboden"})
    measure.refresh_from_db()
    assert measure.lifted_by == coordinator and not measure.is_in_force()
    record = measure.history.first()
    assert record.history_user == coordinator
    assert record.history_change_reason == "Excuses aangeboden"


def test_moderation_queue_shows_age_and_term_badge(
    admin_client, make_initiative, moderator, django_assert_max_num_queries
):
    import datetime as dt
    from zoneinfo import ZoneInfo

    import time_machine
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from initiatieven.models import Initiative

    ams = ZoneInfo("Europe/Amsterdam")
    # Thursday 26 November 2026; the moderation term is 2 working days.
    now = dt.datetime(2026, 11, 26, 12, 0, tzinfo=ams)
    late = make_initiative(status=Status.INGEDIEND, title="Bankje bij de vijver")
    fresh = make_initiative(status=Status.INGEDIEND, title="Plantenbak")
    Initiative.objects.filter(pk=late.pk).update(
        submitted_at=dt.datetime(2026, 11, 23, 10, 0, tzinfo=ams)  # due Wed 25th
    )
    Initiative.objects.filter(pk=fresh.pk).update(submitted_at=now - dt.timedelta(hours=2))
    client = admin_client(moderator)
    url = reverse("initiatieven_initiative:index")
    with time_machine.travel(now, tick=False):
        page = client.get(url).content.decode()
        rows = page.split("</tr>")
        row_late = next(r for r in rows if "Bankje bij de vijver" in r)
        row_fresh = next(r for r in rows if "Plantenbak" in r)
        assert "3 dagen" in row_late and "1 werkdag te laat" in row_late
        assert "fw-term--late" in row_late
        assert "vandaag" in row_fresh and "nog 2 werkdagen" in row_fresh
        assert "None" not in row_late + row_fresh
        # One calendar and one read of the setting per page: no query per row.
        with CaptureQueriesContext(connection) as few:
            client.get(url)
        for i in range(10):
            make_initiative(status=Status.INGEDIEND, title=f"Extra {i}")
        with django_assert_max_num_queries(len(few)):
            client.get(url)


def test_the_moderation_queue_links_each_title_without_a_menu_per_row(
    admin_client, make_initiative, moderator
):
    """The row's title leads to the initiative's page, where moderation happens; the
    per-row dropdown that only repeated that link is gone."""
    initiative = make_initiative(status=Status.INGEDIEND, title="Bankje bij de vijver")
    page = admin_client(moderator).get(reverse("initiatieven_initiative:index")).content.decode()
    body = page.split("<tbody>")[1].split("</tbody>")[0]
    inspect = reverse("initiatieven_initiative:inspect", args=[initiative.pk])
    assert f'href="{inspect}"' in body and "Bankje bij de vijver" in body
    assert "w-dropdown" not in body
