"""The pages of the contact log and the dossiers in the admin: the quick form with its
defaults and its refusals (nothing typed is lost), the lists with their filters, the
dossier page with its timeline and actions, the read log, the referrals per partner,
and flat query counts on the lists and the dossier page."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from signalen import casework
from signalen.models import (
    ContactMoment,
    Dossier,
    DossierRead,
    DossierStatus,
    InstrumentApplied,
)

from .case_helpers import make_complex, make_contact, make_dossier, make_instrument, make_melding

pytestmark = pytest.mark.django_db

QUICK = reverse("signalen_case:contact_log")
CONTACTS = reverse("signalen_case:contacts")
DOSSIERS = reverse("signalen_case:dossiers")


def signed_in(client, user):
    client.force_login(user)
    return client


def quick_post(place, **changes):
    data = {
        "happened_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "wijk": str(place.pk),
        "channel": "deur",
        "topics": ["overlast", "vervuiling"],
        "summary": "Buren klagen over stank uit de woning.",
        "follow_up_on": "",
    }
    data.update(changes)
    return data


def test_the_quick_form_starts_on_now_my_wijk_and_my_last_channel(client, wijkbeheerder, wijk):
    signed_in(client, wijkbeheerder)
    page = client.get(QUICK).content.decode()
    assert f'<option value="{wijk.pk}" selected>' in page
    assert re.search(r'value="straat"[^>]*checked', page)
    assert timezone.localtime().strftime("%Y-%m-%dT") in page
    assert "gezondheid" in page  # the warning against special categories of personal data
    client.post(QUICK, quick_post(wijk, channel="spreekuur"))
    page = client.get(QUICK).content.decode()
    assert re.search(r'value="spreekuur"[^>]*checked', page)


def test_a_contact_logged_in_the_quick_form(client, wijkbeheerder, wijk):
    signed_in(client, wijkbeheerder)
    response = client.post(QUICK, quick_post(wijk))
    assert response.status_code == 302
    contact = ContactMoment.objects.get()
    assert contact.logged_by == wijkbeheerder and contact.channel == "deur"
    assert sorted(contact.topics.values_list("signal_type", flat=True)) == [
        "overlast",
        "vervuiling",
    ]
    assert contact.pillar is None or contact.pillar.slug
    assert "Het contact is vastgelegd." in client.get(response.url).content.decode()


def test_a_date_in_the_future_is_refused_and_nothing_typed_is_lost(client, wijkbeheerder, wijk):
    signed_in(client, wijkbeheerder)
    later = (timezone.localtime() + dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        QUICK, quick_post(wijk, happened_at=later, summary="Iets <script>alert(1)</script> gezien")
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Dit moment ligt in de toekomst" in page
    assert "Iets &lt;script&gt;alert(1)&lt;/script&gt; gezien" in page
    assert "<script>alert(1)" not in page
    assert later in page
    assert not ContactMoment.objects.exists()


def test_a_nul_byte_or_a_huge_id_gets_a_message_not_a_500(client, wijkbeheerder, wijk):
    signed_in(client, wijkbeheerder)
    response = client.post(
        QUICK, quick_post(wijk, wijk="9" * 30, address="Linde\x00plein", summary="\x00")
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Kies een van de mogelijkheden uit de lijst." in page
    assert not ContactMoment.objects.exists()


def test_an_archived_partner_is_not_offered_and_refused_when_posted(
    client, wijkbeheerder, wijk, partner, archived_partner
):
    signed_in(client, wijkbeheerder)
    page = client.get(QUICK).content.decode()
    assert partner.name in page and archived_partner.name not in page
    response = client.post(
        QUICK, quick_post(wijk, partner=str(archived_partner.pk), referral_reason="Hulp nodig")
    )
    assert response.status_code == 400
    assert (
        "Gearchiveerde partners krijgen geen nieuwe doorverwijzingen" in response.content.decode()
    )
    assert not ContactMoment.objects.exists()


def test_a_contact_referred_to_a_partner(client, wijkbeheerder, wijk, partner):
    signed_in(client, wijkbeheerder)
    follow = (timezone.localdate() + dt.timedelta(days=7)).isoformat()
    response = client.post(
        QUICK,
        quick_post(
            wijk, partner=str(partner.pk), referral_reason="Zorg nodig", referral_follow_up=follow
        ),
    )
    assert response.status_code == 302
    referral = ContactMoment.objects.get().referrals.get()
    assert referral.partner == partner and referral.follow_up_on.isoformat() == follow


def test_the_contact_list_filters_and_my_follow_ups(client, wijkbeheerder, sociaal_beheerder, wijk):
    today = timezone.localdate()
    mine_due = make_contact(wijkbeheerder, wijk, summary="Portiekgeluid", follow_up_on=today)
    make_contact(
        wijkbeheerder, wijk, summary="Snoeiwerk", follow_up_on=today + dt.timedelta(days=3)
    )
    make_contact(
        sociaal_beheerder,
        wijk,
        summary="Collegabericht",
        channel="telefoon",
        topics=["groen"],
        follow_up_on=today,
    )
    signed_in(client, wijkbeheerder)
    page = client.get(CONTACTS).content.decode()
    assert all(text in page for text in ("Portiekgeluid", "Snoeiwerk", "Collegabericht"))
    page = client.get(CONTACTS + "?opvolgen=1").content.decode()
    assert "Portiekgeluid" in page and "Snoeiwerk" not in page and "Collegabericht" not in page
    page = client.get(CONTACTS + "?kanaal=telefoon").content.decode()
    assert "Collegabericht" in page and "Portiekgeluid" not in page
    page = client.get(CONTACTS + "?onderwerp=groen").content.decode()
    assert "Collegabericht" in page and "Portiekgeluid" not in page
    page = client.get(CONTACTS + "?mijn=1&q=snoei").content.decode()
    assert "Snoeiwerk" in page and "Portiekgeluid" not in page
    for odd in ("?wijk=99999999999999999999999", "?p=x", "?q=%00%0a", "?kanaal=<script>"):
        assert client.get(CONTACTS + odd).status_code == 200
    client.post(
        reverse("signalen_case:contact_action", args=[mine_due.pk, "opgevolgd"]), {"note": "Gebeld"}
    )
    assert "Portiekgeluid" not in client.get(CONTACTS + "?opvolgen=1").content.decode()


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # the first request of a session fills caches (the admin menu)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_lists_and_the_dossier_page_read_a_flat_number_of_queries(
    client, wijkbeheerder, wijk, partner
):
    from signalen import services

    signed_in(client, wijkbeheerder)
    dossier = make_dossier(wijkbeheerder, wijk)
    instrument = make_instrument()

    def grow(n):
        for i in range(n):
            contact = make_contact(
                wijkbeheerder,
                wijk,
                complex=make_complex(wijk),
                topics=["overlast", "groen"],
                follow_up_on=timezone.localdate(),
            )
            casework.link_signal(user=wijkbeheerder, dossier=dossier, contact=contact)
            casework.link_signal(user=wijkbeheerder, dossier=dossier, melding=make_melding(wijk))
            casework.apply_instrument(
                user=wijkbeheerder,
                dossier=dossier,
                instrument=instrument,
                applied_on=timezone.localdate(),
                result=f"Stap {i}",
            )
            services.refer(
                subject=dossier, partner=partner, user=wijkbeheerder, reason=f"Reden {i}"
            )
            services.record_cost(
                subject=dossier, user=wijkbeheerder, kind="schoonmaak", amount=Decimal("12.50")
            )
            make_dossier(wijkbeheerder, wijk, title=f"Dossier {i}")

    urls = [
        CONTACTS,
        CONTACTS + "?opvolgen=1",
        DOSSIERS,
        reverse("signalen_case:dossier", args=[dossier.pk]),
    ]
    grow(2)
    before = [_queries(client, url) for url in urls]
    grow(8)
    after = [_queries(client, url) for url in urls]
    assert before == after
    assert max(after) <= 30


def test_every_opening_of_a_dossier_page_is_in_its_read_log(
    client, wijkbeheerder, coordinator, wijk
):
    dossier = make_dossier(wijkbeheerder, wijk)
    page = reverse("signalen_case:dossier", args=[dossier.pk])
    signed_in(client, wijkbeheerder)
    client.get(page)
    client.get(page)
    assert DossierRead.objects.filter(dossier=dossier, user=wijkbeheerder).count() == 2
    refused = client.get(reverse("signalen_case:dossier_reads", args=[dossier.pk]))
    assert refused.status_code in (302, 403) and wijkbeheerder.email not in refused.content.decode()
    signed_in(client, coordinator)
    log = client.get(reverse("signalen_case:dossier_reads", args=[dossier.pk])).content.decode()
    assert wijkbeheerder.get_full_name() in log
    assert DossierRead.objects.filter(dossier=dossier, user=coordinator).count() == 1
    recent = client.get(reverse("signalen_case:reads")).content.decode()
    assert dossier.reference in recent


def test_a_dossier_is_worked_on_from_its_page(
    client, wijkbeheerder, wijk, partner, archived_partner
):
    signed_in(client, wijkbeheerder)
    contact = make_contact(wijkbeheerder, wijk, summary="Eerste klacht")
    response = client.post(
        reverse("signalen_case:dossier_create") + f"?contact={contact.pk}",
        {
            "contact": contact.pk,
            "subject": "adres",
            "title": "Overlast Linde",
            "wijk": wijk.pk,
            "address": "Lindeplein 12",
        },
    )
    dossier = Dossier.objects.get()
    assert response.url == reverse("signalen_case:dossier", args=[dossier.pk])
    action = lambda name: reverse("signalen_case:dossier_action", args=[dossier.pk, name])  # noqa: E731
    melding = make_melding(wijk, description="Muziek")
    client.post(action("koppelen"), {"melding": [melding.pk]})
    instrument = make_instrument("Buurtbemiddeling")
    client.post(
        action("instrument"),
        {
            "instrument": instrument.pk,
            "applied_on": timezone.localdate().isoformat(),
            "result": "Gesprek gevoerd",
        },
    )
    client.post(action("doorverwijzen"), {"partner": partner.pk, "reason": "Bemiddeling"})
    client.post(
        action("kosten"),
        {"kind": "schoonmaak", "amount": "1.250,50", "spent_on": timezone.localdate().isoformat()},
    )
    client.post(action("vervuild"), {"polluted": "1"})
    page = client.get(reverse("signalen_case:dossier", args=[dossier.pk])).content.decode()
    for text in (
        "Eerste klacht",
        melding.reference,
        "Buurtbemiddeling: Gesprek gevoerd",
        f"Doorverwezen naar {partner.name}",
        "€\u00a01.250,50",
        "Gemarkeerd als vervuilde woning",
    ):
        assert text in page, text
    # Refusals keep what was typed and explain in Dutch.
    response = client.post(
        action("doorverwijzen"),
        {"partner": archived_partner.pk, "reason": "Typed reason"},
        follow=True,
    )
    page = response.content.decode()
    assert "gearchiveerd" in page and "Typed reason" in page
    response = client.post(
        action("kosten"),
        {"kind": "schoonmaak", "amount": "NaN", "spent_on": timezone.localdate().isoformat()},
        follow=True,
    )
    assert response.status_code == 200
    response = client.post(
        action("instrument"),
        {"instrument": instrument.pk, "applied_on": "2999-01-01", "result": "Later"},
        follow=True,
    )
    assert "toekomst" in response.content.decode()
    assert InstrumentApplied.objects.count() == 1
    client.post(
        action("sluiten"), {"outcome": "klachtencommissie", "close_reason": "Klacht ingediend"}
    )
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.GESLOTEN and dossier.outcome == "klachtencommissie"
    client.post(action("heropenen"), {"reopen_reason": "Nieuwe melding"})
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.OPEN
    page = client.get(reverse("signalen_case:dossier", args=[dossier.pk])).content.decode()
    assert "Klachtencommissie" in page and "Heropend" in page and "Nieuwe melding" in page


def test_the_dossier_list_filters(client, wijkbeheerder, wijk):
    open_one = make_dossier(wijkbeheerder, wijk, title="Open adres")
    closed = make_dossier(
        wijkbeheerder, wijk, title="Complex dicht", subject="complex", complex=make_complex(wijk)
    )
    casework.close_dossier(user=wijkbeheerder, dossier=closed, outcome="opgelost")
    signed_in(client, wijkbeheerder)
    page = client.get(DOSSIERS + "?status=open").content.decode()
    assert "Open adres" in page and "Complex dicht" not in page
    page = client.get(DOSSIERS + "?onderwerp=complex").content.decode()
    assert "Complex dicht" in page and "Open adres" not in page
    page = client.get(DOSSIERS + f"?q={open_one.reference}").content.decode()
    assert "Open adres" in page and "Complex dicht" not in page


def test_the_coordinator_sees_open_referrals_per_partner_and_closes_one(
    client, wijkbeheerder, coordinator, wijk, partner
):
    from signalen import services

    dossier = make_dossier(wijkbeheerder, wijk)
    late = services.refer(
        subject=dossier,
        partner=partner,
        user=wijkbeheerder,
        reason="Te laat",
        follow_up_on=timezone.localdate(),
    )
    type(late).objects.filter(pk=late.pk).update(
        follow_up_on=timezone.localdate() - dt.timedelta(days=3)
    )
    services.refer(
        subject=make_contact(wijkbeheerder, wijk),
        partner=partner,
        user=wijkbeheerder,
        reason="Nog op tijd",
        follow_up_on=timezone.localdate() + dt.timedelta(days=3),
    )
    signed_in(client, coordinator)
    page = client.get(reverse("signalen_case:referrals")).content.decode()
    assert page.index("Te laat") < page.index("Nog op tijd")
    assert "opvolging te laat" in page
    client.post(reverse("signalen_case:referral_close", args=[late.pk]), {"outcome": "afgerond"})
    late.refresh_from_db()
    assert late.closed_at is not None and late.outcome == "afgerond"
    assert "Te laat" not in client.get(reverse("signalen_case:referrals")).content.decode()


def test_the_dashboard_shows_my_follow_ups_and_the_coordinators_referrals(
    client, wijkbeheerder, coordinator, wijk, partner
):
    from signalen import services

    contact = make_contact(wijkbeheerder, wijk, follow_up_on=timezone.localdate())
    dossier = make_dossier(wijkbeheerder, wijk, title="Zichtbaar op het dashboard")
    services.refer(subject=contact, partner=partner, user=wijkbeheerder, reason="x")
    signed_in(client, wijkbeheerder)
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'data-panel="my-follow-ups"' in page and "vandaag opvolgen" in page
    assert dossier.reference in page
    signed_in(client, coordinator)
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'data-panel="open-referrals"' in page and partner.name in page
