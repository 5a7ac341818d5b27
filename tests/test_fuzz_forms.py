"""Every form a person can submit, and every list filtered from a query string, fed odd
input by hypothesis: arbitrary text with NUL bytes and control characters, huge and
negative numbers, NaN, sNaN, Infinity, exponents, amounts with many decimals, very long
strings, ids that are no numbers.

Each request must answer without a server error; when the answer is the form again with
its errors (400, or 429 for a rate limit), nothing was saved. Rate limits are set very
high, so a limit never hides an error. Staff have two-factor set up, as in production."""

from __future__ import annotations

from decimal import Decimal

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings as django_settings
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cms.management.commands.load_demo import DEMO_TOTP_SECRET
from fonds.models import (
    ApplicantContact,
    Application,
    BudgetLine,
    ConflictOfInterest,
    Contribution,
    FundYear,
    HwzAdvice,
    Question,
    WijkBudget,
)
from fonds.models import Status as FundStatus
from initiatieven.models import (
    CoInitiatorInvite,
    Comment,
    CommentReport,
    Initiative,
    ProgressUpdate,
    Status,
    Support,
)
from portal.models import User
from tests.initiatieven.factories import CommentFactory, InitiativeFactory, PillarFactory
from tests.portal.factories import UserFactory, WijkFactory

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

ODD = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "Titel\nBcc: iemand@example.nl",
    "\r\n",
    "\t",
    "\x1b[31m",
    "\u2028",
    "NaN",
    "sNaN",
    "-NaN",
    "Infinity",
    "-inf",
    "1e999",
    "1e3",
    "1E-2",
    "0,001",
    "0.001",
    "12,345",
    "-1",
    "0",
    "-0",
    "99999999999999999999999",
    "-99999999999999999999999",
    "9223372036854775808",
    "1.234,56",
    "1,2,3",
    "²",
    "١٢٣",
    "abc",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    '"unterminated',
    "%s %(x)s {0} {titel}",
    "x" * 5000,
    "ü" * 300,
    "€ 12,50",
    "LF-2026-0",
    "LF-\U0010ffff",
]
odd = st.one_of(
    st.sampled_from(ODD),
    st.text(max_size=300),
    st.integers().map(str),
    st.decimals().map(str),
)


def field(*valid):
    """Odd input, or now and then a valid value so the form gets past its first check."""
    return st.one_of(odd, st.sampled_from(valid)) if valid else odd


@st.composite
def form(draw, **valid):
    """Values for a form's fields: valid ones, with some (any number, shrinking to none)
    replaced by odd input, so every check of the form and its service is reached."""
    names = sorted(valid)
    odd_ones = draw(st.sets(st.sampled_from(names), max_size=len(names)))
    return {
        name: draw(odd)
        if name in odd_ones or not valid[name]
        else draw(st.sampled_from(valid[name]))
        for name in names
    }


def refused_form(response) -> bool:
    return response.status_code in (400, 429)


def not_redirected(response) -> bool:
    return response.status_code != 302


def very_high_limits():
    return override_settings(
        RATE_LIMITS={
            action: dict.fromkeys(limits, "1000000/d")
            for action, limits in django_settings.RATE_LIMITS.items()
        },
        CONTACT_FORM_RATE_LIMIT="1000000/h",
        ACCOUNT_RATE_LIMITS=False,
    )


@pytest.fixture(autouse=True)
def _high_limits():
    with very_high_limits():
        yield


def counts(models) -> list[int]:
    return [model.objects.count() for model in models]


def send(client, url, data=None, *, models=(), method="post", refused=refused_form):
    """One request; never a server error, and nothing saved when the form comes back
    (`refused` says when it does)."""
    before = counts(models)
    if method == "get":
        response = client.get(url, data or {})
    else:
        response = client.post(url, data or {})
    assert response.status_code < 500, (url, data)
    if refused(response):
        assert counts(models) == before, (url, data)
    return response


def signed_in(client, user, *, staff=False):
    if staff and not user.authenticator_set.exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)
    client.force_login(user)
    return client


# The world every test starts from ---------------------------------------------------


@pytest.fixture
def world(db):
    wijk, pillar = WijkFactory(), PillarFactory()
    resident = UserFactory(role="huurder", wijk=wijk)
    neighbour = UserFactory(role="huurder", wijk=wijk)
    reviewer = UserFactory(role="leefbaarheidsmedewerker")
    coordinator = UserFactory(role="coordinator")
    moderator = UserFactory(role="hwz-moderator")
    moderator.werkgebied.add(wijk)
    published = InitiativeFactory(
        wijk=wijk, pillar=pillar, initiator=resident, status=Status.GEPUBLICEERD
    )
    published.published_at = timezone.now()
    published.save()
    concept = InitiativeFactory(wijk=wijk, pillar=pillar, initiator=resident)
    year = FundYear.objects.create(year=timezone.localdate().year, budget=Decimal("100000.00"))

    def application(status, **kwargs):
        made = Application.objects.create(
            applicant=resident,
            title="Buurtbarbecue",
            description="Een barbecue voor de hele straat.",
            wijk=wijk,
            pillar=pillar,
            amount_requested=Decimal("500.00"),
            iban="NL91ABNA0417164300",
            account_holder="Bewonersgroep De Linde",
            declaration=True,
            status=status,
            **kwargs,
        )
        BudgetLine.objects.create(application=made, description="Vlees", amount=Decimal("500"))
        if status != FundStatus.CONCEPT:
            now = timezone.now()
            Application.objects.filter(pk=made.pk).update(
                reference=f"LF-F-{made.pk}",
                submitted_at=now,
                acknowledge_due=now + timezone.timedelta(days=3),
                target_due=now + timezone.timedelta(days=7),
                answer_due=now + timezone.timedelta(days=14),
            )
            made.refresh_from_db()
        return made

    return {
        "wijk": wijk,
        "pillar": pillar,
        "resident": resident,
        "neighbour": neighbour,
        "reviewer": reviewer,
        "coordinator": coordinator,
        "moderator": moderator,
        "published": published,
        "concept": concept,
        "year": year,
        "application": application,
    }


# Initiatives -------------------------------------------------------------------------

INITIATIVE_MODELS = (Initiative, ProgressUpdate)


@FUZZ
@given(data=st.data())
def test_initiative_proposal_and_edit(client, world, data):
    signed_in(client, world["resident"])
    values = data.draw(
        form(
            title=("Moestuin achter de flat",),
            wijk=(str(world["wijk"].pk),),
            complex=("",),
            pillar=(str(world["pillar"].pk),),
            description=("Samen groente kweken.",),
            needs=("Grond",),
            estimated_cost=("250", "1.250,50"),
            photo_text=("",),
        )
    )
    submit = data.draw(st.sampled_from([{}, {"indienen": "1"}]))
    send(client, reverse("initiatieven:propose"), values | submit, models=INITIATIVE_MODELS)
    concept = world["concept"]
    title = Initiative.objects.get(pk=concept.pk).title
    response = send(
        client, reverse("initiatieven:edit", args=[concept.pk]), values, models=INITIATIVE_MODELS
    )
    if response.status_code == 400:
        assert Initiative.objects.get(pk=concept.pk).title == title
    send(
        client,
        reverse("initiatieven:similar"),
        {"title": values["title"], "wijk": values["wijk"], "exclude": values["complex"]},
        method="get",
    )


@FUZZ
@given(
    body=field("Mooi plan!"),
    reason=field("reclame", "anders"),
    explanation=field(""),
    action=field("withdraw", "support"),
)
def test_comment_report_and_support(client, world, body, reason, explanation, action):
    published, comment = world["published"], CommentFactory(initiative=world["published"])
    signed_in(client, world["neighbour"])
    send(
        client,
        reverse("initiatieven:comment", args=[published.pk]),
        {"body": body},
        models=[Comment],
    )
    send(
        client,
        reverse("initiatieven:support", args=[published.pk]),
        {"action": action},
        models=[Support],
    )
    signed_in(client, world["resident"])
    send(
        client,
        reverse("initiatieven:report", args=[comment.pk]),
        {"reason": reason, "explanation": explanation},
        models=[CommentReport],
    )


@FUZZ
@given(body=field("We zijn begonnen."), photo_text=field(""), email=field("buur@example.nl"))
def test_progress_update_and_invitation(client, world, body, photo_text, email):
    published = world["published"]
    signed_in(client, world["resident"])
    send(
        client,
        reverse("initiatieven:update", args=[published.pk]),
        {"body": body, "photo_text": photo_text},
        models=[ProgressUpdate],
    )
    send(
        client,
        reverse("initiatieven:invite", args=[published.pk]),
        {"email": email},
        models=[CoInitiatorInvite],
    )


TRANSITION_NAMES = ("publish", "send_back", "reject", "take_offline", "submit", "withdraw", "x")


@FUZZ
@given(name=st.sampled_from(TRANSITION_NAMES), reason=field("Past niet in de wijk."))
def test_moderation_with_a_reason(client, world, name, reason):
    signed_in(client, world["moderator"], staff=True)
    target = InitiativeFactory(wijk=world["wijk"], pillar=world["pillar"], status=Status.INGEDIEND)
    send(client, reverse("initiatieven:transition", args=[target.pk, name]), {"reason": reason})
    target = InitiativeFactory(wijk=world["wijk"], pillar=world["pillar"], status=Status.INGEDIEND)
    send(
        client,
        reverse("initiatieven_initiative:moderate", args=[target.pk, name]),
        {"reason": reason},
    )
    comment = CommentFactory(initiative=world["published"])
    send(
        client,
        reverse("initiatieven_comment:action", args=[comment.pk, "hide"]),
        {"reason": reason},
    )


# The fund ----------------------------------------------------------------------------

FUND_MODELS = (Application, BudgetLine, Contribution)


def formsets(data):
    return data.draw(
        form(
            **{
                "regels-TOTAL_FORMS": ("2",),
                "regels-INITIAL_FORMS": ("0",),
                "regels-0-description": ("Huur zaal",),
                "regels-0-amount": ("250", "12,50"),
                "regels-1-description": ("Koffie",),
                "regels-1-amount": ("1.000", "0,50"),
                "bijdragen-TOTAL_FORMS": ("1",),
                "bijdragen-INITIAL_FORMS": ("0",),
                "bijdragen-0-source": ("eigen",),
                "bijdragen-0-description": ("Eigen geld",),
                "bijdragen-0-amount": ("0",),
            }
        )
    )


def application_fields(data, world):
    return data.draw(
        form(
            applicant_kind=("zelf",),
            group_name=("",),
            title=("Buurtfeest in de zomer",),
            description=("Voor de hele straat.",),
            wijk=(str(world["wijk"].pk),),
            pillar=(str(world["pillar"].pk),),
            amount_requested=("1250", "1.250,00"),
            iban=("NL91 ABNA 0417 1643 00",),
            account_holder=("J. Jansen",),
            declaration=("on",),
        )
    )


@FUZZ
@given(data=st.data())
def test_fund_application_form(client, world, data):
    signed_in(client, world["resident"])
    values = application_fields(data, world) | formsets(data)
    # Saving a concept: a refused form saves nothing.
    send(client, reverse("fonds:apply"), values | {"opslaan": "1"}, models=FUND_MODELS)
    draft = world["application"](FundStatus.CONCEPT)
    response = send(client, reverse("fonds:edit", args=[draft.pk]), values, models=FUND_MODELS)
    if response.status_code == 400:
        assert Application.objects.get(pk=draft.pk).title == "Buurtbarbecue"
    # Submitting saves the concept first (by design), so only: no server error.
    send(client, reverse("fonds:apply"), values | {"indienen": "1"})


@FUZZ
@given(answer=field("Het is in juni."), verdict=field("positief", "negatief"), remarks=field(""))
def test_answer_withdraw_and_advice(client, world, answer, verdict, remarks):
    application = world["application"]
    signed_in(client, world["resident"])
    send(
        client,
        reverse("fonds:answer", args=[application(FundStatus.WACHT_OP_AANVRAGER).pk]),
        {"answer": answer},
        models=[Question],
    )
    send(client, reverse("fonds:withdraw", args=[application(FundStatus.INGEDIEND).pk]))
    signed_in(client, world["moderator"], staff=True)
    target = application(FundStatus.ADVIES_HWZ, reviewer=world["reviewer"])
    send(
        client,
        reverse("fonds:advice", args=[target.pk]),
        {"verdict": verdict, "remarks": remarks},
        models=[HwzAdvice],
    )
    send(
        client,
        reverse("fonds:advice_conflict", args=[target.pk]),
        {"reason": remarks},
        models=[ConflictOfInterest],
        refused=lambda response: "terugtrekken" in response.get("Location", ""),
    )


ACTIONS = (
    "acknowledge",
    "start_review",
    "assign",
    "ask_question",
    "ask_advice",
    "decide",
    "propose",
    "confirm",
    "send_back",
    "checklist",
    "contact",
    "conflict",
    "nothing",
)
STATUSES = (
    FundStatus.INGEDIEND,
    FundStatus.ONTVANGEN,
    FundStatus.IN_BEHANDELING,
    FundStatus.ADVIES_HWZ,
    FundStatus.BESLUIT_VOORGESTELD,
)


@FUZZ
@given(data=st.data())
def test_staff_actions_on_an_application(client, world, data):
    user = world[data.draw(st.sampled_from(["reviewer", "coordinator"]))]
    signed_in(client, user, staff=True)
    status = data.draw(st.sampled_from(STATUSES))
    proposal = {}
    if status == FundStatus.BESLUIT_VOORGESTELD:
        proposal = {
            "proposed_outcome": "toegekend",
            "proposed_amount": Decimal("500.00"),
            "proposed_by": world["reviewer"],
        }
    target = world["application"](status, reviewer=world["reviewer"], **proposal)
    values = data.draw(
        form(
            reviewer=(str(world["reviewer"].pk),),
            text=("Wanneer is het feest?",),
            outcome=("toegekend", "deels_toegekend", "afgewezen"),
            amount=("100", "0,50", "1.000"),
            conditions=("",),
            reason=("Past in het beleid.",),
            channel=tuple(c for c, _label in ApplicantContact.Channel.choices),
            summary=("Gebeld.",),
            letter=("",),
            fits_pillar=("ja", "nee"),
        )
    )
    name = data.draw(st.sampled_from(ACTIONS))
    send(client, reverse("fonds_application:action", args=[target.pk, name]), values)
    zero = Application.objects.filter(granted_amount__lte=0).exclude(status=FundStatus.AFGEWEZEN)
    assert not zero.exists(), "a grant of € 0,00"


@FUZZ
@given(ids=st.lists(odd, max_size=4), valid=st.booleans())
def test_bulk_acknowledgement(client, world, ids, valid):
    signed_in(client, world["reviewer"], staff=True)
    if valid:
        ids = [*ids, str(world["application"](FundStatus.INGEDIEND).pk)]
    send(client, reverse("fonds_application:acknowledge_many"), {"ids": ids})


@FUZZ
@given(data=st.data())
def test_assisted_intake(client, world, data):
    signed_in(client, world["reviewer"], staff=True)
    values = application_fields(data, world) | formsets(data)
    values |= data.draw(
        form(
            tenant_email=("", world["resident"].email),
            contact_name=("T. de Wit",),
            contact_address=("Dorpsstraat 1",),
            contact_phone=("0612345678",),
            contact_channel=("brief", "telefoon"),
        )
    )
    send(client, reverse("fonds_application:intake"), values, models=FUND_MODELS)


@FUZZ
@given(data=st.data())
def test_budgets_per_year_and_wijk(client, world, data):
    signed_in(client, world["coordinator"], staff=True)
    values = data.draw(form(year=("2027", "2031"), budget=("50000", "1.000,50"), note=("",)))
    send(client, reverse("fundyear:add"), values, models=[FundYear], refused=not_redirected)
    values = data.draw(form(fund_year=(str(world["year"].pk),), amount=("1000", "0")))
    values["wijk"] = str(world["wijk"].pk)
    send(client, reverse("wijkbudget:add"), values, models=[WijkBudget], refused=not_redirected)


@FUZZ
@given(data=st.data())
def test_letter_templates(client, world, data):
    from fonds.models import LetterKind, LetterTemplate

    signed_in(client, world["coordinator"], staff=True)
    template = LetterTemplate.objects.get(kind=LetterKind.REJECTED)
    before = (template.subject, template.body)
    values = data.draw(form(subject=("Uw aanvraag {kenmerk}",), body=("Beste {naam},",)))
    url = reverse("fonds_lettertemplate:edit", args=[template.pk])
    response = send(client, url, values, refused=not_redirected)
    if response.status_code != 302:
        template.refresh_from_db()
        assert (template.subject, template.body) == before


@FUZZ
@given(data=st.data())
def test_staff_accounts_in_the_admin(client, world, data):
    from django.contrib.auth.models import Group

    admin = UserFactory(is_superuser=True, is_staff=True)
    signed_in(client, admin, staff=True)
    role = Group.objects.get(name="wijkbeheerder")
    values = data.draw(
        form(
            email=("nieuwe.collega@example.nl",),
            first_name=("Sanne",),
            last_name=("de Boer",),
            phone=("", "0612345678"),
            password1=("een-lang-wachtwoord-2026",),
            password2=("een-lang-wachtwoord-2026",),
            groups=(str(role.pk),),
            werkgebied=(str(world["wijk"].pk),),
            wijk=("",),
            complex=("",),
        )
    )
    send(client, reverse("wagtailusers_users:add"), values, models=[User], refused=not_redirected)


# The rest of the site ----------------------------------------------------------------


@FUZZ
@given(events=st.lists(field("initiative_comment"), max_size=3))
def test_notification_preferences(client, world, events):
    resident = world["resident"]
    signed_in(client, resident)
    before = User.objects.get(pk=resident.pk).muted_email_events
    response = send(client, reverse("my_preferences"), {"email_events": events})
    if response.status_code == 200:
        assert User.objects.get(pk=resident.pk).muted_email_events == before


@FUZZ
@given(data=st.data())
def test_own_profile(client, world, data):
    resident = world["resident"]
    signed_in(client, resident)
    fields = ("first_name", "last_name", "address", "phone", "wijk_id", "language")
    before = User.objects.values_list(*fields).get(pk=resident.pk)
    values = data.draw(
        form(
            first_name=("Femke",),
            last_name=("de Vries",),
            address=("Lindelaan 4, Roermond",),
            phone=("0612345678", "+31 475 123456", ""),
            wijk=(str(world["wijk"].pk), ""),
            language=("nl", "en"),
        )
    )
    response = send(client, reverse("my_profile"), values, refused=not_redirected)
    if response.status_code != 302:
        assert response.status_code == 400
        assert User.objects.values_list(*fields).get(pk=resident.pk) == before


@FUZZ
@given(email=field("nieuw@example.nl"), password=field("een-lang-wachtwoord-2026"))
def test_sign_up_and_sign_in(client, world, email, password):
    send(
        client,
        reverse("account_signup"),
        {"email": email, "password1": password, "password2": password},
        models=[User],
        refused=not_redirected,
    )
    send(client, reverse("account_login"), {"login": email, "password": password})


@pytest.fixture
def contact_page(demo):
    return "/contact/"


@FUZZ
@given(data=st.data())
def test_contact_form(client, contact_page, data):
    from wagtail.contrib.forms.models import FormSubmission

    values = data.draw(
        form(naam=("Fatima",), e_mailadres=("fatima@example.nl",), bericht=("Hallo!",))
    )
    send(
        client,
        contact_page,
        values,
        models=[FormSubmission],
        # A message that was sent is answered with a redirect to the thank-you page.
        refused=not_redirected,
    )


@FUZZ
@given(data=st.data())
def test_search_and_list_filters(client, world, data):
    q, wijk, number = data.draw(odd), data.draw(field(str(world["wijk"].pk))), data.draw(odd)
    send(client, reverse("search"), {"q": q, "pagina": number}, method="get")
    send(
        client,
        reverse("initiatieven:overview"),
        {"q": q, "wijk": wijk, "pillar": number, "status": q, "sort": q, "pagina": number},
        method="get",
    )
    signed_in(client, world["resident"])
    send(client, reverse("fonds:apply"), {"initiatief": number}, method="get")
    signed_in(client, world["reviewer"], staff=True)
    send(
        client,
        reverse("fonds_application:index"),
        {"q": q, "status": q, "wijk": wijk, "reviewer": number, "overdue": q, "p": number},
        method="get",
    )
    send(
        client,
        reverse("initiatieven_initiative:index"),
        {"q": q, "wijk": wijk, "status": q, "p": number},
        method="get",
    )


@FUZZ
@given(pk=st.integers(min_value=0, max_value=10**30))
def test_ids_in_the_path(client, world, pk):
    signed_in(client, world["resident"])
    draft = world["application"](FundStatus.CONCEPT)
    send(client, f"/initiatieven/{pk}/", method="get")
    send(client, f"/mijn/aanvragen/{draft.pk}/brief/{pk}/", method="get")
    send(client, f"/mijn/berichten/{pk}/", method="get")


# Every odd value, not only those hypothesis picks -----------------------------------


@pytest.mark.parametrize("value", ODD)
def test_every_odd_value_in_every_query_parameter(client, world, value):
    params = ("q", "wijk", "pillar", "status", "sort", "pagina", "title", "exclude")
    everywhere = dict.fromkeys(params, value)
    send(client, reverse("search"), everywhere, method="get")
    send(client, reverse("initiatieven:overview"), everywhere, method="get")
    send(client, reverse("initiatieven:similar"), everywhere, method="get")
    signed_in(client, world["reviewer"], staff=True)
    send(client, reverse("fonds:apply"), {"initiatief": value}, method="get")
    queue = {"q": value, "status": value, "wijk": value, "reviewer": value, "p": value}
    send(client, reverse("fonds_application:index"), queue, method="get")


@pytest.mark.parametrize("value", ODD)
def test_every_odd_value_as_a_decision(client, world, value):
    signed_in(client, world["reviewer"], staff=True)
    target = world["application"](FundStatus.IN_BEHANDELING, reviewer=world["reviewer"])
    url = reverse("fonds_application:action", args=[target.pk, "decide"])
    values = {"outcome": "deels_toegekend", "amount": value, "reason": value}
    send(client, url, values)
    target.refresh_from_db()
    assert target.granted_amount is None or target.granted_amount > 0


# Contacts and dossiers (signalen, the staff's casework) ------------------------------


@pytest.fixture
def casework(world):
    """A wijkbeheerder working in the world's wijk, a partner, an instrument, an open
    dossier with a contact and a melding that are not in it yet."""
    from cms.models import Instrument, Partner
    from signalen import casework as services
    from signalen.models import Melding

    staff = UserFactory(role="wijkbeheerder")
    staff.werkgebied.add(world["wijk"])
    partner = Partner.objects.create(name="Wijkteam", kind="zorg")
    archived = Partner.objects.create(name="Oud team", kind="zorg", archived=True)
    instrument = Instrument.objects.create(
        name="Stopgesprek", description="Gesprek.", kind="sociaal", character="repressief"
    )
    dossier = services.open_dossier(
        user=staff, subject="adres", wijk=world["wijk"], title="Overlast", address="Linde 1"
    )
    contact = services.log_contact(
        user=staff,
        happened_at=timezone.now(),
        wijk=world["wijk"],
        channel="deur",
        topics=["overlast"],
        summary="Gesprek",
        follow_up_on=timezone.localdate(),
    )
    melding = Melding.objects.create(
        reference="M-F-1", signal_type="overlast", wijk=world["wijk"], description="Lawaai"
    )
    return {
        "staff": staff,
        "partner": partner,
        "archived": archived,
        "instrument": instrument,
        "dossier": dossier,
        "contact": contact,
        "melding": melding,
    }


# Resident groups ---------------------------------------------------------------------


@pytest.fixture
def groups_world(world):
    from participatie.models import Meeting, Membership, ResidentGroup

    group = ResidentGroup.objects.create(
        name="Groene Buren", slug="groene-buren", wijk=world["wijk"]
    )
    Membership.objects.create(
        group=group, user=world["moderator"], status="actief", role="moderator"
    )
    request = Membership.objects.create(group=group, user=world["neighbour"])
    start = timezone.now() + timezone.timedelta(days=3)
    meeting = Meeting.objects.create(
        group=group,
        title="Tuinavond",
        starts_at=start,
        ends_at=start + timezone.timedelta(hours=2),
        place="Buurthuis",
    )
    past = Meeting.objects.create(
        group=group,
        title="Vorige keer",
        starts_at=timezone.now() - timezone.timedelta(days=3),
        ends_at=timezone.now() - timezone.timedelta(days=3) + timezone.timedelta(hours=2),
        place="Buurthuis",
    )
    return {**world, "group": group, "request": request, "meeting": meeting, "past": past}


@FUZZ
@given(data=st.data())
def test_quick_contact_form(client, world, casework, data):
    from signalen.models import ContactMoment, ContactTopic, Referral

    signed_in(client, casework["staff"], staff=True)
    values = data.draw(
        form(
            happened_at=(timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "2999-01-01T10:00"),
            wijk=(str(world["wijk"].pk),),
            complex=("",),
            address=("", "Lindeplein 12"),
            channel=("deur", "telefoon"),
            topics=("overlast", "groen"),
            pillar=("", str(world["pillar"].pk)),
            summary=("Buren klagen over lawaai.",),
            follow_up_on=("", timezone.localdate().isoformat()),
            partner=("", str(casework["partner"].pk), str(casework["archived"].pk)),
            referral_reason=("", "Zorg nodig"),
            referral_follow_up=("",),
            dossier=("", str(casework["dossier"].pk)),
        )
    )
    send(
        client,
        reverse("signalen_case:contact_log"),
        values,
        models=[ContactMoment, ContactTopic, Referral],
    )
    assert not Referral.objects.filter(partner=casework["archived"]).exists()
    assert not ContactMoment.objects.filter(
        happened_at__gt=timezone.now() + timezone.timedelta(hours=1)
    ).exists()


@FUZZ
@given(data=st.data())
def test_dossier_form_and_actions(client, world, casework, data):
    from signalen.admin_casework import DOSSIER_DONE
    from signalen.models import Cost, Dossier, InstrumentApplied, Referral

    signed_in(client, casework["staff"], staff=True)
    values = data.draw(
        form(
            subject=("adres", "complex", "huishouden"),
            title=("Overlast portiek",),
            wijk=(str(world["wijk"].pk),),
            complex=("",),
            address=("Lindeplein 12",),
            pillar=("",),
            contact=("", str(casework["contact"].pk)),
            melding=("", str(casework["melding"].pk)),
        )
    )
    send(client, reverse("signalen_case:dossier_create"), values, models=[Dossier])
    dossier = casework["dossier"]
    name = data.draw(st.sampled_from(sorted(DOSSIER_DONE)))
    values = data.draw(
        form(
            melding=(str(casework["melding"].pk),),
            contact=(str(casework["contact"].pk),),
            instrument=(str(casework["instrument"].pk),),
            applied_on=(timezone.localdate().isoformat(), "2999-01-01"),
            result=("Afspraken gemaakt.",),
            partner=(str(casework["partner"].pk), str(casework["archived"].pk)),
            reason=("Bemiddeling nodig.",),
            follow_up_on=("",),
            kind=("schoonmaak", "juridisch"),
            amount=("100", "1.250,50"),
            spent_on=(timezone.localdate().isoformat(),),
            description=("",),
            polluted=("1", "0"),
            outcome=("opgelost", "uitzetting"),
            close_reason=("",),
            reopen_reason=("Nieuwe klachten",),
        )
    )
    send(client, reverse("signalen_case:dossier_action", args=[dossier.pk, name]), values)
    assert not Cost.objects.filter(amount__lte=0).exists()
    assert not InstrumentApplied.objects.filter(applied_on__gt=timezone.localdate()).exists()
    assert not Referral.objects.filter(partner=casework["archived"]).exists()
    assert client.get(reverse("signalen_case:dossier", args=[dossier.pk])).status_code == 200


# Meldingen (signalen) ------------------------------------------------------------------

MELDING_ACTIONS = [
    "acknowledge",
    "assign",
    "start",
    "note",
    "feedback",
    "wait",
    "resume",
    "reopen",
    "close",
    "refer",
    "close_referral",
    "cost",
    "polluted",
    "classify",
]


@FUZZ
@given(data=st.data(), anonymous=st.booleans())
def test_melding_form(client, world, data, anonymous):
    from signalen.models import Melding

    if not anonymous:
        signed_in(client, world["resident"])
    values = data.draw(
        form(
            signal_type=("overlast", "kapot"),
            wijk=(str(world["wijk"].pk), ""),
            complex=("",),
            address=("Lindelaan 14", ""),
            place_description=("Achter de flat", ""),
            description=("De lamp is kapot.",),
            may_contact=("on", ""),
            contact_phone=("0612345678", ""),
        )
    )
    send(client, reverse("signalen:new"), values, models=[Melding])


@FUZZ
@given(data=st.data())
def test_staff_actions_on_a_melding(client, world, data):
    from cms.models import Partner
    from signalen import services
    from signalen.models import Cost, MeldingUpdate, Referral

    user = world[data.draw(st.sampled_from(["reviewer", "coordinator"]))]
    signed_in(client, user, staff=True)
    melding = services.melding_submit(
        reporter=world["resident"],
        signal_type="overlast",
        description="Lawaai",
        wijk=world["wijk"],
        may_contact=True,
    )
    partner, _created = Partner.objects.get_or_create(name="Buurtbemiddeling")
    values = data.draw(
        form(
            assignee=(str(world["reviewer"].pk),),
            text=("De aannemer komt dinsdag.",),
            outcome=("opgelost", "opgepakt"),
            note=("",),
            partner=(str(partner.pk),),
            reason=("Bemiddeling nodig.",),
            follow_up_on=("", "2026-12-31"),
            kind=("schoonmaak",),
            amount=("12,50", "100"),
            spent_on=("",),
            description=("",),
            polluted=("1", "0"),
            referral=("",),
            signal_type=("groen",),
            pillar=("",),
        )
    )
    name = data.draw(st.sampled_from(MELDING_ACTIONS))
    send(
        client,
        reverse("signalen_meldingen:action", args=[melding.pk, name]),
        values,
        models=[MeldingUpdate, Referral, Cost],
    )
    assert not Cost.objects.filter(amount__lte=0).exists()


@FUZZ
@given(data=st.data())
def test_casework_lists_and_referrals(client, world, casework, data):
    q, number = data.draw(odd), data.draw(odd)
    signed_in(client, casework["staff"], staff=True)
    params = {"q": q, "wijk": number, "kanaal": q, "onderwerp": q, "mijn": q, "opvolgen": q,
              "p": number, "status": q}  # fmt: skip
    send(client, reverse("signalen_case:contacts"), params, method="get")
    send(client, reverse("signalen_case:dossiers"), params, method="get")
    send(client, reverse("signalen_case:contact_log"), {"dossier": number}, method="get")
    send(client, reverse("signalen_case:dossier_create"), {"contact": number}, method="get")
    signed_in(client, world["coordinator"], staff=True)
    send(client, reverse("signalen_case:referrals"), {"partner": number, "p": number}, method="get")
    send(client, reverse("signalen_case:reads"), {"p": number}, method="get")
    send(
        client,
        reverse("signalen_case:contact_action", args=[casework["contact"].pk, "opgevolgd"]),
        {"note": q},
    )


@FUZZ
@given(data=st.data())
def test_melding_queue_filters_and_bulk_acknowledgement(client, world, data):
    signed_in(client, world["reviewer"], staff=True)
    q, number = data.draw(odd), data.draw(odd)
    send(
        client,
        reverse("signalen_meldingen:index"),
        {
            "q": q,
            "status": q,
            "type": number,
            "wijk": number,
            "overdue": q,
            "mine": q,
            "pagina": number,
        },
        method="get",
    )
    send(client, reverse("signalen_meldingen:acknowledge_many"), {"ids": [q, number]})


@FUZZ
@given(reference=odd)
def test_melding_references_in_the_path(client, world, reference):
    from urllib.parse import quote

    signed_in(client, world["resident"])
    path = quote(reference.replace("/", ""), safe="")
    if path:
        send(client, f"/mijn/meldingen/{path}/", method="get")
        send(client, f"/melden/verstuurd/{path}/", method="get")


@FUZZ
@given(data=st.data())
def test_group_join_and_filters(client, groups_world, data):
    from participatie.models import Membership, Rsvp

    w = groups_world
    send(
        client,
        reverse("participatie:overview"),
        {
            "wijk": data.draw(field(str(w["wijk"].pk))),
            "soort": data.draw(odd),
            "pagina": data.draw(odd),
        },
        method="get",
    )
    signed_in(client, w["resident"])
    send(
        client,
        reverse("participatie:join", args=[w["group"].slug]),
        {"show_name": data.draw(odd)},
        models=[Membership],
        refused=not_redirected,
    )
    send(client, reverse("participatie:rsvp", args=[w["meeting"].pk]), {}, models=[Rsvp])


@FUZZ
@given(data=st.data())
def test_moderator_meeting_form(client, groups_world, data):
    from participatie.models import Meeting

    w = groups_world
    start = timezone.localtime() + timezone.timedelta(days=4)
    values = data.draw(
        form(
            title=("Bewonersavond",),
            starts_at=(start.strftime("%Y-%m-%dT%H:%M"),),
            ends_at=((start + timezone.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),),
            place=("Buurthuis",),
            online_url=("", "https://meet.example.nl/avond"),
            agenda=("1. Opening",),
            capacity=("", "12"),
        )
    )
    signed_in(client, w["moderator"], staff=True)
    send(
        client,
        reverse("participatie:moderator_meeting_new", args=[w["group"].pk]),
        values,
        models=[Meeting],
    )


@FUZZ
@given(
    reason=field("De groep is vol."),
    minutes=field("We spraken over de tuin."),
    title=field("Tuindag"),
    body=field("Zaterdag!"),
)
def test_moderator_reasons_minutes_and_announcements(
    client, groups_world, reason, minutes, title, body
):
    from participatie.models import Announcement

    w = groups_world
    signed_in(client, w["moderator"], staff=True)
    send(
        client,
        reverse("participatie:moderator_decline", args=[w["request"].pk]),
        {"reason": reason},
    )
    send(
        client,
        reverse("participatie:moderator_meeting_cancel", args=[w["meeting"].pk]),
        {"reason": reason},
    )
    send(
        client, reverse("participatie:moderator_minutes", args=[w["past"].pk]), {"minutes": minutes}
    )
    send(
        client,
        reverse("participatie:moderator_announce", args=[w["group"].pk]),
        {"title": title, "body": body},
        models=[Announcement],
    )
    send(
        client,
        reverse("participatie:moderator_group", args=[w["group"].pk]),
        {"membership": reason},
    )


# Co-funding through Stripe (issue 14, w5-cofund) ---------------------------------------


@pytest.fixture
def funded(world, settings):
    """The published initiative with a grant, Stripe switched on with test keys and an
    API address where nothing listens: a form that passes its checks is refused by
    "Stripe" and saves nothing either."""
    from fonds import services
    from tests.fonds.cofunding_helpers import switch_on

    switch_on(settings, "http://127.0.0.1:9")
    application = world["application"](
        FundStatus.TOEGEKEND, initiative=world["published"], granted_amount=Decimal("500")
    )
    services.ledger_commit(application=application, amount=Decimal("500"), user=None)
    return application


@FUZZ
@given(
    data=st.data(),
    signature=field("t=1,v1=00"),
)
def test_contribution_form_and_webhook(client, world, funded, data, signature):
    from fonds.models import Donation, StripeEvent

    values = {
        "amount": data.draw(field("25", "12,50", "1", "10000")),
        "name": data.draw(field("Bakkerij Zoet", "")),
        "show_name": data.draw(field("on", "")),
        "email": data.draw(field("gever@example.nl")),
        "is_business": data.draw(field("0", "1")),
    }
    url = reverse("fonds:contribute", args=[world["published"].pk])
    send(client, url, values, models=(Donation,))
    # The webhook: whatever the body and signature, never a server error, nothing booked.
    body = data.draw(odd)
    response = client.post(
        reverse("fonds:stripe_webhook"),
        body.encode("utf-8", "surrogatepass"),
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signature.replace("\x00", ""),
    )
    assert response.status_code == 400
    assert not StripeEvent.objects.exists()
