"""The SVG wijk map, the health endpoint and the Celery round trip."""

import os
import uuid

import pytest
from django.template import Context, Template

from portal.maps import PALETTE, build_map
from portal.models import Wijk

from .factories import WijkFactory

pytestmark = pytest.mark.django_db


def test_map_draws_every_wijk_with_a_boundary():
    wijken = [WijkFactory() for _ in range(3)]
    Wijk.objects.create(code="WK999999", name="Zonder grens", slug="zonder-grens")
    result = build_map(Wijk.objects.all())
    assert {a.wijk_id for a in result.areas} == {w.pk for w in wijken}
    assert all(a.path.startswith("M") and a.path.endswith("Z") for a in result.areas)
    assert result.height > 0


def test_map_colours_by_value_with_a_legend():
    low, high = WijkFactory(), WijkFactory()
    result = build_map([low, high], values={low.pk: 1, high.pk: 40})
    fills = {a.wijk_id: a.fill for a in result.areas}
    assert fills[low.pk] == PALETTE[0]
    assert fills[high.pk] == PALETTE[-1]
    assert len(result.legend) == len(PALETTE)


def test_map_template_is_accessible_and_escapes_names(django_assert_num_queries):
    WijkFactory(name='<script>alert("x")</script>')
    WijkFactory(name="Veilig")
    template = Template(
        "{% load portal_maps %}{% wijk_map wijken values=values links=links title='Kaart' %}"
    )
    wijken = list(Wijk.objects.all())
    with django_assert_num_queries(0):
        html = template.render(
            Context(
                {
                    "wijken": wijken,
                    "values": {w.pk: 3 for w in wijken},
                    "links": {w.pk: f"/wijken/{w.slug}/" for w in wijken},
                }
            )
        )
    # With links inside, the SVG is a group (an image may not hold links); else an image.
    assert 'role="group"' in html and "aria-labelledby" in html
    assert "<script>alert" not in html
    assert html.count("<path") == 2
    assert "<table" in html and 'href="/wijken/' in html


def test_map_without_links_is_an_image():
    WijkFactory()
    html = Template("{% load portal_maps %}{% wijk_map wijken %}").render(
        Context({"wijken": list(Wijk.objects.all())})
    )
    assert 'role="img"' in html


def test_empty_map_says_so():
    html = Template("{% load portal_maps %}{% wijk_map wijken %}").render(Context({"wijken": []}))
    assert "nog geen wijkgrenzen" in html


def test_healthz_reports_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    data = response.json()
    assert data["checks"]["database"] == "ok"
    expected = "ok" if os.environ.get("CELERY_BROKER_URL") else "in-process"
    assert data["checks"]["broker"] == expected


def test_health_task_round_trip(settings):
    """Through Redis when a broker is configured (the PostgreSQL run), in-process otherwise."""
    from portal.celery import app
    from portal.tasks import health

    token = uuid.uuid4().hex
    if not os.environ.get("CELERY_BROKER_URL"):
        assert health.delay(token).get(timeout=5) == token
        return
    from celery.contrib.testing.worker import start_worker

    app.conf.task_always_eager = False
    try:
        with start_worker(app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
            result = health.delay(token)
            assert result.get(timeout=20) == token
    finally:
        app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER


def test_counts_get_a_legend_of_whole_numbers(db):
    from portal.maps import build_map

    wijken = [WijkFactory() for _ in range(3)]
    legend = build_map(wijken, values={wijken[0].pk: 1, wijken[1].pk: 2}).legend
    assert [label for _colour, label in legend] == ["1", "2"]
    legend = build_map(wijken, values={wijken[0].pk: 1, wijken[1].pk: 40}).legend
    assert all("." not in label for _colour, label in legend)
    assert legend[0][1].startswith("1 ") and legend[-1][1].endswith(" 40")
