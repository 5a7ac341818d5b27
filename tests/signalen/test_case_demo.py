"""The demo data of the contact log and the dossiers (load_demo's fijnewijk_demo_data
hook, registered by signalen.admin_casework): the demo wijkbeheerder's contacts with
follow-ups due, an open dossier with an instrument and a referral, a closed one with its
outcome; loading again adds nothing."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from signalen.models import ContactMoment, Dossier, DossierStatus, Referral

pytestmark = pytest.mark.django_db


def test_the_demo_has_contacts_and_dossiers_once(demo, client):
    staff = set(ContactMoment.objects.values_list("logged_by__email", flat=True))
    assert staff == {"wijkbeheerder@fijnewijk.test"}
    contacts = ContactMoment.objects.count()
    assert contacts >= 5
    assert ContactMoment.objects.filter(follow_up_on__lte=timezone.localdate()).exists()
    open_dossier = Dossier.objects.get(status=DossierStatus.OPEN)
    assert open_dossier.contacts.count() == 2 and open_dossier.instruments.exists()
    assert Referral.objects.filter(dossier=open_dossier).exists()
    assert Dossier.objects.get(status=DossierStatus.GESLOTEN).outcome == "verbeterd"

    call_command("load_demo", verbosity=0)
    assert ContactMoment.objects.count() == contacts and Dossier.objects.count() == 2

    from portal.models import User

    client.force_login(User.objects.get(email="wijkbeheerder@fijnewijk.test"))
    page = client.get(reverse("signalen_case:dossier", args=[open_dossier.pk]))
    assert page.status_code == 200 and open_dossier.reference in page.content.decode()
