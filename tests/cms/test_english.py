"""The whole site in English at /en/…: language in the address (no cookie, no form),
translated CMS pages, and messages and letters in the language the recipient chose."""

import re
from html.parser import HTMLParser

import pytest
from django.core import mail
from django.test import Client

from cms.models import Instrument, Pillar
from fonds.models import Application
from initiatieven.models import Comment, Initiative, ProgressUpdate
from participatie.models import Announcement, Meeting, ResidentGroup
from portal.models import Notification, User
from signalen.models import Melding

pytestmark = pytest.mark.django_db

# Words of our Dutch interface that must not be seen on an English page.
DUTCH_WORDS = [
    "Initiatieven",
    "initiatief",
    "Inloggen",
    "Uitloggen",
    "Registreren",
    "aanvragen",
    "aanvraag",
    "Aanvragen",
    "wijk",
    "wijken",
    "Wijken",
    "Bewoners",
    "bewoners",
    "Meer",
    "Lees",
    "Zoeken",
    "Zoek",
    "Mijn",
    "pijler",
    "pijlers",
    "Bijdrage",
    "bijdrage",
    "Nieuws",
    "startpagina",
    "Bekijk",
    "Toon",
    "Steun",
    "steunen",
    "Opslaan",
    "Indienen",
    "Geen",
    "werkdagen",
    "uw",
    "het",
    "een",
    "van",
    "voor",
    "naar",
    "niet",
    "wij",
]

PUBLIC_PAGES = [
    "/en/",
    "/en/beleid/",
    "/en/beleid/samen-wonen/",
    "/en/instrumenten/",
    "/en/nieuws/",
    "/en/wijken/",
    "/en/wijken/maaskant/",
    "/en/initiatieven/",
    "/en/bewonersgroepen/",
    "/en/contact/",
    "/en/accounts/login/",
]
RESIDENT_PAGES = ["/en/mijn/", "/en/fonds/aanvragen/nieuw/", "/en/mijn/aanvragen/"]


class _VisibleText(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self.hidden += 1
        for name, value in attrs:
            if name in ("alt", "placeholder", "aria-label", "title") and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template"):
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def _user_content() -> list[str]:
    """What people wrote themselves (in Dutch in the demo): not interface text."""
    texts = ["Fijne Wijk", "Nederlands"]
    for initiative in Initiative.objects.all():
        texts += [initiative.title, initiative.description, initiative.needs]
    texts += list(Comment.objects.values_list("body", flat=True))
    texts += list(ProgressUpdate.objects.values_list("body", flat=True))
    texts += list(Application.objects.values_list("title", flat=True))
    for note in Notification.objects.all():
        texts += [note.title, note.body, note.message]
    for group in ResidentGroup.objects.all():
        texts += [group.name, group.description, group.meets_when]
    for meeting in Meeting.objects.all():
        texts += [meeting.title, meeting.place, meeting.agenda, meeting.minutes]
    for melding in Melding.objects.all():
        texts += [melding.description, melding.address, melding.place_description]
    for announcement in Announcement.objects.all():
        texts += [announcement.title, announcement.body]
    return sorted((t for t in texts if t), key=len, reverse=True)


def dutch_words_on(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, url
    text = visible_text(response.content.decode())
    for own in _user_content():
        text = text.replace(" ".join(own.split()), " ")
    found = []
    for word in DUTCH_WORDS:
        match = re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text)
        if match:
            found.append(f"{word!r} in …{text[max(0, match.start() - 50) : match.end() + 50]}…")
    return found


def test_english_pages_have_no_dutch_interface_text(client, demo):
    """Every main page under /en/, anonymous and as a resident: no word of our Dutch
    interface (what people wrote themselves is left out of the check)."""
    found = {}
    initiative = Initiative.objects.filter(status="gepubliceerd").first()
    for url in [*PUBLIC_PAGES, f"/en/initiatieven/{initiative.pk}/"]:
        if words := dutch_words_on(client, url):
            found[url] = words
    client.force_login(User.objects.get(email="huurder@fijnewijk.test"))
    mine = ResidentGroup.objects.filter(memberships__user__email="huurder@fijnewijk.test").first()
    meeting = Meeting.objects.filter(group=mine).first()
    for url in [
        *RESIDENT_PAGES,
        f"/en/bewonersgroepen/{mine.slug}/",
        f"/en/bewonersgroepen/bijeenkomst/{meeting.pk}/",
    ]:
        if words := dutch_words_on(client, url):
            found[url] = words
    assert found == {}
    # The check does find our Dutch interface where it is.
    text = visible_text(client.get("/mijn/").content.decode())
    assert "Uitloggen" in text and "Initiatieven" in text


def test_english_pages_are_the_translations_editors_can_change(client, demo):
    assert "Living together" in client.get("/en/beleid/samen-wonen/").content.decode()
    instruments = client.get("/en/instrumenten/").content.decode()
    assert "Living together" in instruments and "Samen wonen" not in instruments
    # The pillar's English name, changed by an editor, shows at once (cache emptied).
    english = Pillar.objects.get(locale__language_code="en", slug="samen-wonen")
    english.name = "Living side by side"
    english.save()
    assert "Living side by side" in client.get("/en/instrumenten/").content.decode()
    assert "Samen wonen" in client.get("/instrumenten/").content.decode()
    # An instrument without an English version yet is shown in Dutch, not left out.
    assert "Brieven" not in client.get("/en/instrumenten/").content.decode()
    dutch = Instrument.objects.get(locale__language_code="nl", name="Brieven")
    dutch.get_translation(english.locale).delete()
    assert "Brieven" in client.get("/en/instrumenten/").content.decode()


# --- the language in the address --------------------------------------------------------


def _language_links(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<a class="fw-lang" href="([^"]*)" hreflang="(\w+)"', html)


def test_language_in_the_address(client, demo):
    """The language switch is a plain link to the same page in the other language."""
    home = client.get("/").content.decode()
    assert _language_links(home) == [("/en/", "en")]
    assert 'action="/i18n/' not in home
    assert _language_links(client.get("/en/beleid/").content.decode()) == [("/beleid/", "nl")]
    assert _language_links(client.get("/initiatieven/").content.decode()) == [
        ("/en/initiatieven/", "en")
    ]
    # A page whose translation differs in slug or does not exist: its translation, or home.
    news = client.get("/nieuws/").content.decode()
    assert _language_links(news) == [("/en/nieuws/", "en")]
    about = client.get("/over-fijne-wijk/").content.decode()
    assert _language_links(about) == [("/en/", "en")]

    # Anonymous pages set no cookie (no CSRF token for a language form any more).
    for url in ["/", "/en/", "/beleid/", "/en/initiatieven/", "/en/wijken/maaskant/"]:
        response = client.get(url)
        assert response.status_code == 200
        assert not response.cookies, (url, response.cookies)
        assert "csrfmiddlewaretoken" not in response.content.decode()

    # Dutch stays the default for a browser that asks for English.
    browser = Client(HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    response = browser.get("/")
    assert response.status_code == 200
    assert '<html lang="nl"' in response.content.decode()
    assert response.headers["Content-Language"] == "nl"
    response = browser.get("/initiatieven/")
    assert '<html lang="nl"' in response.content.decode()
    english = browser.get("/en/initiatieven/")
    assert '<html lang="en"' in english.content.decode()
    # Nor does a cookie from the old language form change the language of an address.
    browser.cookies["django_language"] = "en"
    assert '<html lang="nl"' in browser.get("/").content.decode()

    # The admin and the files machines read stay outside the prefix.
    assert client.get("/sitemap.xml").status_code == 200
    assert client.get("/robots.txt").status_code == 200
    assert client.get("/healthz").status_code == 200
    assert client.get("/en/sitemap.xml").status_code == 404
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/beleid/</loc>" in sitemap and "/en/beleid/</loc>" in sitemap


# --- the recipient's language --------------------------------------------------------


def test_signing_up_in_english_makes_english_the_account_language(client):
    response = client.post(
        "/en/accounts/signup/",
        {
            "email": "new@example.org",
            "password1": "Summer-in-the-area-2026",
            "password2": "Summer-in-the-area-2026",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(email="new@example.org").language == "en"
    # The confirmation e-mail is in English and links to the English page.
    assert "/en/accounts/confirm-email/" in mail.outbox[0].body


def test_signing_in_and_out_in_english_stays_on_the_english_site(client):
    from tests.portal.factories import UserFactory

    user = UserFactory(role="huurder")
    login = {"login": user.email, "password": "geheim-wachtwoord-123"}
    response = client.post("/en/accounts/login/", login)
    assert response.status_code == 302 and response["Location"] == "/en/"
    response = client.post("/en/accounts/logout/")
    assert response["Location"] == "/en/"
    response = client.post("/accounts/login/", login)
    assert response["Location"] == "/"
