"""The overview (with its map), the detail page and Mijn overzicht make the same number of
queries with 10× the data, and stay under a budget."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from initiatieven import services
from initiatieven.models import Status
from portal.uploads import clean_image

from .factories import CommentFactory, InitiativeFactory, UserFactory, WijkFactory, jpeg_upload

pytestmark = pytest.mark.django_db


def _fill(n: int, pillar, people):
    wijken = [WijkFactory() for _ in range(max(2, n // 5))]
    photo = clean_image(jpeg_upload())
    initiatives = []
    for i in range(n):
        initiative = InitiativeFactory(
            status=Status.GEPUBLICEERD,
            wijk=wijken[i % len(wijken)],
            pillar=pillar,
            initiator=people[0],
        )
        initiative.co_initiators.add(people[1])
        initiatives.append(initiative)
    from initiatieven.models import Photo

    for initiative in initiatives[:12]:
        p = Photo(initiative=initiative, alt_text="x", uploaded_by=people[0])
        p.image.save(photo.image.name, photo.image, save=False)
        p.thumbnail.save(photo.thumbnail.name, photo.thumbnail, save=False)
        p.save()
    target = initiatives[0]
    for _ in range(n):
        CommentFactory(initiative=target, author=people[2])
    for person in people[2:]:
        services.support_add(initiative=target, user=person)
    services.progress_update_post(initiative=target, user=people[0], body="Voortgang")
    return target


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize("who", ["anonymous", "initiator"])
def test_query_counts_do_not_grow(client, no_page_cache, who):
    from .factories import PillarFactory

    pillar = PillarFactory()
    people = [UserFactory(role="huurder") for _ in range(4)]
    if who == "initiator":
        client.force_login(people[0])
    # One request first: what the process reads once (the site, the default locale) is
    # not what this test is about.
    client.get(reverse("initiatieven:overview"))
    counts = []
    for n in (5, 50):
        target = _fill(n, pillar, people)
        urls = [
            reverse("initiatieven:overview"),
            reverse("initiatieven:overview") + "?q=idee&sort=steun",
            reverse("initiatieven:detail", args=[target.pk]),
        ]
        if who == "initiator":
            urls.append("/mijn/")
        counts.append([_count(client, url) for url in urls])
    # The overview and its search are lists: with 5 initiatives their first page is not
    # full and is its own count (portal.pagination), with 50 it is full and they are
    # counted once, so at most one query more. Everything else is the same.
    for small, large in zip(counts[0][:2], counts[1][:2], strict=True):
        assert large - small in (0, 1), counts
    assert counts[0][2:] == counts[1][2:], counts
    overview, search, detail, *mine = counts[1]
    # A signed-in visitor costs more: the two-factor rule reads, in one query, the
    # account's groups, werkgebied, permissions and authenticator (portal.middleware), and
    # the page its notifications and measures.
    cap = 13 if who == "initiator" else 8
    assert overview <= cap and search <= cap
    # The team's page reads its full timeline (status history, updates, hidden comments,
    # dismissed reports, team joins and the roles of the people in it) and whether a
    # moderation measure holds for the person.
    assert detail <= (22 if who == "initiator" else 12)
    if mine:
        # Mijn overzicht: one query per app's section (initiatives, fund, meldingen).
        assert mine[0] <= 10
