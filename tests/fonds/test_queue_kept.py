"""What the fund queue keeps between requests (fonds.queue_cache, portal.admin_chrome):
the filters drawer until its choices change, the slim header, the pager and the keyboard
shortcuts dialog under everything they are rendered from. Each change shows on the next
request, and nothing of one person reaches another."""

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from fonds.models import Application, Status
from tests.portal.factories import UserFactory, WijkFactory

from .conftest import staff_client

pytestmark = pytest.mark.django_db

INDEX = "fonds_application:index"


def _select(html: str, name: str) -> str:
    return html.split(f'name="{name}"')[1].split("</select>")[0]


def _titles(html: str) -> list[str]:
    body = html.split("<tbody>")[1].split("</tbody>")[0]
    return [re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)[1] for row in body.split("<tr>")[1:]]


def test_the_drawer_shows_a_new_or_renamed_wijk_and_a_new_reviewer_at_once(
    client, make_application, coordinator
):
    make_application(status=Status.ONTVANGEN)
    c = staff_client(client, coordinator)
    index = reverse(INDEX)
    first = c.get(index).content.decode()
    assert "Noorderhaven" not in _select(first, "wijk")

    added = WijkFactory(name="Noorderhaven")
    html = c.get(index).content.decode()
    assert f'<option value="{added.pk}">Noorderhaven</option>' in _select(html, "wijk")

    added.name = "Zuiderhaven"
    added.save()
    html = c.get(index).content.decode()
    assert "Zuiderhaven" in _select(html, "wijk") and "Noorderhaven" not in html

    newcomer = UserFactory(first_name="Nina", last_name="Nieuw")
    html = c.get(index).content.decode()
    assert "Nina Nieuw" not in _select(html, "reviewer")  # a resident reviews nothing
    newcomer.groups.add(Group.objects.get(name="leefbaarheidsmedewerker"))
    html = c.get(index).content.decode()
    assert f'value="{newcomer.pk}"' in _select(html, "reviewer")
    assert "Nina Nieuw" in _select(html, "reviewer")

    newcomer.last_name = "Nieuwenhuis"
    newcomer.save()
    assert "Nina Nieuwenhuis" in _select(c.get(index).content.decode(), "reviewer")

    newcomer.groups.clear()
    assert f'value="{newcomer.pk}"' not in _select(c.get(index).content.decode(), "reviewer")


def test_the_drawer_shows_the_chosen_filters_and_refuses_nonsense_fresh(
    client, make_application, coordinator, wijk
):
    make_application(status=Status.ONTVANGEN)
    c = staff_client(client, coordinator)
    index = reverse(INDEX)
    chosen = f'<option value="{wijk.pk}" selected>'
    assert chosen not in _select(c.get(index).content.decode(), "wijk")
    assert chosen in _select(c.get(index + f"?wijk={wijk.pk}").content.decode(), "wijk")
    # back without the filter: the drawer without the choice again
    assert chosen not in _select(c.get(index).content.decode(), "wijk")
    # a wijk that does not exist: the form says so, and a later request is clean again
    odd = c.get(index + "?wijk=99999999")
    assert odd.status_code == 200

    def drawer(html):
        return html.split('id="filters-drilldown"')[1].split("</form>")[0]

    assert "geldige keuze" in drawer(odd.content.decode())
    assert "geldige keuze" not in drawer(c.get(index).content.decode())


def test_the_results_refresh_carries_the_drawer_with_the_choice(
    client, make_application, coordinator
):
    make_application(status=Status.ONTVANGEN)
    c = staff_client(client, coordinator)
    results = reverse("fonds_application:index_results")
    html = c.get(results + "?status=ontvangen&_w_filter_fragment=1").content.decode()
    template = html.split('data-w-teleport-target-value="#filters-drilldown"')[1]
    template = template.split("</template>")[0]
    assert re.search(r'value="ontvangen"[^>]*checked', template)
    assert 'name="reviewer"' in template and 'name="overdue"' in template
    assert "Status:" in html  # the active filter's chip


def test_a_new_application_and_a_status_change_show_on_the_next_request(
    client, make_application, coordinator
):
    first = make_application(status=Status.ONTVANGEN, title="Eerste")
    c = staff_client(client, coordinator)
    index = reverse(INDEX)
    assert _titles(c.get(index).content.decode()) == ["Eerste"]
    make_application(status=Status.ONTVANGEN, title="Tweede")
    assert sorted(_titles(c.get(index).content.decode())) == ["Eerste", "Tweede"]
    Application.objects.filter(pk=first.pk).update(status=Status.IN_BEHANDELING)
    html = c.get(index).content.decode()
    assert "In behandeling" in html
    assert _titles(c.get(index + "?status=ontvangen").content.decode()) == ["Tweede"]


def test_each_person_gets_their_own_header_buttons_and_drawer(
    client, make_application, coordinator, second_coordinator, wijk, other_wijk
):
    from django.test import Client

    from fonds.queue_cache import reach_token

    make_application(status=Status.ONTVANGEN, title="Hier")
    make_application(status=Status.ONTVANGEN, title="Elders", wijk=other_wijk)
    coordinator.werkgebied.add(wijk)  # starts on "my wijken", with a button for all
    wijkbeheerder = UserFactory(role="wijkbeheerder")
    wijkbeheerder.werkgebied.add(wijk)
    index = reverse(INDEX)

    mine = staff_client(client, coordinator).get(index).content.decode()
    everyone = staff_client(Client(), second_coordinator).get(index).content.decode()
    local = staff_client(Client(), wijkbeheerder).get(index).content.decode()
    assert "Alle wijken tonen" in mine and _titles(mine) == ["Hier"]
    assert "Alle wijken tonen" not in everyone and sorted(_titles(everyone)) == ["Elders", "Hier"]
    assert "Alle wijken tonen" not in local and _titles(local) == ["Hier"]
    for page in (mine, everyone, local):
        assert "Aanvraag invoeren voor huurder" in page
    # the drawer is kept under the reach of its reader's role
    assert reach_token(coordinator) == reach_token(second_coordinator) == "all"
    assert reach_token(wijkbeheerder) == f"w{wijk.pk}"
    # and the first one's header still has their own button, with their query
    again = staff_client(Client(), coordinator).get(index + "?status=ontvangen").content.decode()
    assert "alle_wijken=1" in again and "status=ontvangen&amp;alle_wijken=1" in again


def test_the_search_field_shows_what_this_request_typed(client, make_application, coordinator):
    make_application(status=Status.ONTVANGEN, title="Bankje")
    c = staff_client(client, coordinator)
    index = reverse(INDEX)
    assert 'value="Bankje"' in c.get(index + "?q=Bankje").content.decode()
    html = c.get(index + "?q=Speeltuin").content.decode()
    assert 'value="Speeltuin"' in html and 'value="Bankje"' not in html
    assert 'name="q" placeholder' in c.get(index).content.decode()
    assert "&lt;script&gt;" in c.get(index + "?q=<script>").content.decode()


def test_sort_links_turn_round_on_the_sorted_column(client, make_application, coordinator):
    make_application(status=Status.ONTVANGEN)
    c = staff_client(client, coordinator)
    index = reverse(INDEX)
    html = c.get(index + "?ordering=title&p=1&status=ontvangen").content.decode()
    head = html.split("<thead>")[1].split("</thead>")[0]
    # the sorted column links to the other way round, marked; the page number is left out
    assert (
        f'href="{index}?ordering=-title&amp;status=ontvangen"' in head
        and "icon-arrow-up-after teal" in head
    )
    assert f'href="{index}?ordering=wijk&amp;status=ontvangen"' in head
    head = c.get(index + "?ordering=-title").content.decode().split("<thead>")[1]
    assert f'href="{index}?ordering=title"' in head.split("</thead>")[0]
    assert "icon-arrow-down-after teal" in head.split("</thead>")[0]


def test_the_pager_and_the_drawer_follow_the_page_and_the_language(
    client, make_application, coordinator, settings
):
    from wagtail.users.models import UserProfile

    settings.FUND_QUEUE_PAGE_SIZE = 2
    for i in range(3):
        make_application(status=Status.ONTVANGEN, title=f"Aanvraag {i}")
    c = staff_client(client, coordinator)
    index = reverse(INDEX)
    dutch = c.get(index).content.decode()
    assert "Pagina 1 van 2" in dutch and "Termijn verstreken" in dutch
    assert "Pagina 2 van 2" in c.get(index + "?p=2").content.decode()
    profile = UserProfile.get_for_user(coordinator)
    profile.preferred_language = "en"
    profile.save()
    english = c.get(index).content.decode()
    assert "Page 1 of 2" in english and "Pagina 1 van 2" not in english
    assert "Keyboard shortcuts" in english
    drawer = english.split('id="filters-drilldown"')[1].split("</form>")[0]
    assert "Termijn verstreken" not in drawer and "Behandelaar" not in drawer


def test_the_keyboard_shortcuts_dialog_follows_each_persons_switch(client, coordinator):
    from django.test import Client
    from wagtail.users.models import UserProfile

    second = UserFactory(role="coordinator")
    UserProfile.get_for_user(second)
    UserProfile.objects.filter(user=second).update(keyboard_shortcuts=False)
    index = reverse(INDEX)
    first = staff_client(client, coordinator).get(index).content.decode()
    other = staff_client(Client(), second).get(index).content.decode()
    dialog = 'id="keyboard-shortcuts-dialog"'
    assert dialog in first and dialog in other
    assert "help-warning" not in first.split(dialog)[1].split("</table>")[0]
    assert "help-warning" in other.split(dialog)[1].split("</table>")[0]
    mac = staff_client(Client(), coordinator).get(
        index, HTTP_USER_AGENT="Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0)"
    )
    assert "<kbd>⌘ + s</kbd>" in mac.content.decode()
    assert "<kbd>Ctrl + s</kbd>" in first


def _badge(html: str) -> str:
    body = html.split("<tbody>")[1].split("</tbody>")[0]
    return re.findall(r'<span class="w-status[^"]*">(.*?)</span>', body)[0]


def test_a_closing_day_counts_in_the_badges_at_the_next_request(
    client, make_application, coordinator
):
    # The closing days are kept with the drawer (fonds.queue_cache.kept_parts): entering,
    # moving or removing one shows in the working days left at the next request.
    from django.utils import timezone

    from portal.models import ClosingDay
    from portal.workdays import WorkingCalendar

    make_application(status=Status.ONTVANGEN)
    c = staff_client(client, coordinator)
    index = reverse(INDEX)
    before = _badge(c.get(index).content.decode())
    left = int(re.search(r"\d+", before).group())
    today = timezone.localdate()
    working = WorkingCalendar.around(today).next_working_day(today)

    closed = ClosingDay.objects.create(date=working, description="Studiedag")
    assert _badge(c.get(index).content.decode()) == f"nog {left - 1} werkdagen"

    later = working
    while later.weekday() < 5:  # moved to the weekend: a working day again
        later += timezone.timedelta(days=1)
    closed.date = later
    closed.save()
    assert _badge(c.get(index).content.decode()) == before

    closed.date = working
    closed.save()
    assert _badge(c.get(index).content.decode()) == f"nog {left - 1} werkdagen"
    closed.delete()
    assert _badge(c.get(index).content.decode()) == before


def _config(html: str) -> dict:
    import json

    found = re.search(r'<script id="wagtail-config" type="application/json">(.*?)</script>', html)
    return json.loads(found.group(1))


def test_the_admin_configuration_keeps_each_persons_token_and_shows_a_new_locale(
    client, make_application, coordinator
):
    # The queue reads the admin's locales with its kept parts (portal.admin_chrome): a
    # locale added or removed shows at the next request; the CSRF token in the
    # configuration is always the reader's own.
    from django.test import Client
    from wagtail.models import Locale

    make_application(status=Status.ONTVANGEN)
    c = staff_client(client, coordinator)
    index = reverse(INDEX)
    response = c.get(index)
    config = _config(response.content.decode())
    codes = [locale["code"] for locale in config["LOCALES"]]
    assert sorted(codes) == sorted(Locale.objects.values_list("language_code", flat=True))
    assert "de" not in codes
    assert config["CSRF_TOKEN"] and config["STRINGS"] and config["ADMIN_API"]["PAGES"]

    added = Locale.objects.create(language_code="de")
    assert "de" in [locale["code"] for locale in _config(c.get(index).content.decode())["LOCALES"]]
    added.delete()
    assert "de" not in [
        locale["code"] for locale in _config(c.get(index).content.decode())["LOCALES"]
    ]

    other = staff_client(Client(), UserFactory(role="coordinator"))
    mine, theirs = c.get(index), other.get(index)
    from django.middleware.csrf import _unmask_cipher_token

    def secret(response):
        return _unmask_cipher_token(_config(response.content.decode())["CSRF_TOKEN"])

    assert secret(mine) == client.cookies["csrftoken"].value
    assert secret(theirs) == other.cookies["csrftoken"].value
    assert secret(mine) != secret(theirs)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_kept_configuration_and_static_addresses_are_wagtails_own(rf, coordinator, language):
    from django.middleware.csrf import _unmask_cipher_token
    from django.utils import translation
    from wagtail.admin.staticfiles import versioned_static as wagtails_static
    from wagtail.admin.templatetags import wagtailadmin_tags

    from portal import admin_chrome

    request = rf.get("/admin/")
    request.user = coordinator
    with translation.override(language):
        for _ in range(2):  # made, then kept
            ours = admin_chrome.wagtail_config({"request": request})
            wagtails = wagtailadmin_tags.wagtail_config({"request": request})
            # the same secret, masked anew at each call
            assert _unmask_cipher_token(ours.pop("CSRF_TOKEN")) == _unmask_cipher_token(
                wagtails.pop("CSRF_TOKEN")
            )
            assert ours == wagtails
            assert list(ours) == list(wagtails)
        for path in ("wagtailadmin/css/core.css", "wagtailadmin/js/vendor/jquery-3.6.0.min.js"):
            assert admin_chrome.versioned_static(path) == wagtails_static(path)
            assert admin_chrome.versioned_static(path) == wagtails_static(path)
