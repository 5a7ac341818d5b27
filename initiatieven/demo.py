"""Demo initiatives for `manage.py load_demo`, made through the services so that their
history, timelines and counters are what real use would give."""

from __future__ import annotations

import io
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from cms.models import Pillar
from portal import roles
from portal.models import User
from portal.uploads import clean_image

from . import services
from .models import Initiative

DEMO_PASSWORD = "fijnewijk-demo"  # noqa: S105 - the documented demo password

NEIGHBOURS = [
    ("buur1@fijnewijk.test", "Bram", "Peters"),
    ("buur2@fijnewijk.test", "Fatima", "El Idrissi"),
    ("buur3@fijnewijk.test", "Joke", "Vermeulen"),
    ("buur4@fijnewijk.test", "Kees", "Martens"),
]

# (title, pillar slug, description, needs, cost, final status)
IDEAS = [
    (
        "Moestuin achter de flat",
        "samen-wonen",
        "Op het grasveld achter onze flat willen we samen groente en kruiden kweken. "
        "Kinderen leren waar eten vandaan komt en buren leren elkaar kennen.",
        "Zes plantenbakken, aarde, zaden en een regenton.",
        "850.00",
        "in_uitvoering",
    ),
    (
        "Bankjes bij het speelveld",
        "fysieke-woonomgeving",
        "Ouders en grootouders staan nu bij het speelveld. Twee bankjes maken het een "
        "plek om even te zitten en bij te praten.",
        "Twee bankjes en hulp bij het plaatsen.",
        "1200.00",
        "gepubliceerd",
    ),
    (
        "Opruimochtend in het voorjaar",
        "fysieke-woonomgeving",
        "Eén zaterdag per voorjaar ruimen we met de buurt zwerfvuil op, met koffie na afloop.",
        "Grijpers, vuilniszakken, hesjes en koffie.",
        "150.00",
        "afgerond",
    ),
    (
        "Buurtpreventie-app voor de straat",
        "sociale-woonomgeving-preventief",
        "Een groepsapp om elkaar te waarschuwen bij verdachte situaties, met duidelijke "
        "afspraken over wat we wel en niet delen.",
        "Een avond uitleg van de wijkagent.",
        "0.00",
        "gepubliceerd",
    ),
    (
        "Kookavond voor nieuwe bewoners",
        "samen-wonen",
        "Eens per maand koken we met en voor nieuwe bewoners uit het complex.",
        "De buurtkamer en een bijdrage voor boodschappen.",
        "400.00",
        "ingediend",
    ),
    (
        "Bloembakken aan de galerij",
        "fysieke-woonomgeving",
        "Bloembakken aan de galerijen maken het complex vrolijker.",
        "",
        None,
        "concept",
    ),
]


def _demo_photo(colour: str, name: str):
    picture = Image.new("RGB", (1200, 800), colour)
    draw = ImageDraw.Draw(picture)
    for n in range(0, 1200, 120):
        draw.rectangle([n, 560, n + 80, 800], fill="#ffffff")
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG")
    return clean_image(SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg"))


def _neighbours(wijken) -> list[User]:
    people = []
    huurder = Group.objects.get(name=roles.HUURDER)
    for n, (email, first, last) in enumerate(NEIGHBOURS):
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email,
                password=DEMO_PASSWORD,
                first_name=first,
                last_name=last,
                wijk=wijken[n % len(wijken)],
            )
            user.groups.add(huurder)
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        people.append(user)
    return people


def load(*, scale: int, wijken) -> None:
    if Initiative.objects.filter(initiator__email__endswith="@fijnewijk.test").exists():
        return  # already loaded: load_demo is idempotent
    neighbours = _neighbours(wijken)
    resident = User.objects.get(email="huurder@fijnewijk.test")
    moderator = User.objects.get(email="admin@fijnewijk.test")
    pillars = {
        p.slug: p for p in Pillar.objects.filter(locale__language_code=settings.LANGUAGE_CODE)
    }
    people = [resident, *neighbours]
    photo = None
    for round_ in range(scale):
        for n, (title, pillar, description, needs, cost, final) in enumerate(IDEAS):
            initiator = people[(n + round_) % len(people)]
            wijk = wijken[(n + round_ * len(IDEAS)) % len(wijken)]
            if round_ == 0 and n in (0, 1, 4):
                # In the HWZ moderator's werkgebied, so the demo queue has work in it.
                wijk = wijken[0] if n < 2 else wijken[1]
            if photo is None:
                photo = _demo_photo("#3f9e8e", "moestuin.jpg")
            initiative = services.initiative_create(
                user=initiator,
                data={
                    "title": title if not round_ else f"{title} ({wijk.name})",
                    "wijk": wijk,
                    "pillar": pillars.get(pillar),
                    "description": description,
                    "needs": needs,
                    "estimated_cost": Decimal(cost) if cost is not None else None,
                },
                photos=[photo] if n == 0 and round_ == 0 else [],
            )
            if final == "concept":
                continue
            services.initiative_transition(initiative=initiative, name="submit", user=initiator)
            if final == "ingediend":
                continue
            services.initiative_transition(initiative=initiative, name="publish", user=moderator)
            supporters = [p for p in people if p.pk != initiator.pk][: (n % 4) + 1]
            for supporter in supporters:
                services.support_add(initiative=initiative, user=supporter)
            services.comment_post(
                initiative=initiative,
                user=supporters[0],
                body="Goed idee! Ik help graag mee op een zaterdag.",
            )
            if round_ == 0 and n == 1:
                rude = services.comment_post(
                    initiative=initiative,
                    user=supporters[-1],
                    body="Wat een onzin, dit wil niemand. Ga iets nuttigs doen.",
                )
                services.comment_report(
                    comment=rude,
                    user=initiator,
                    reason="schelden",
                    explanation="Onaardig en niet to the point.",
                )
            if final in ("in_uitvoering", "afgerond"):
                services.initiative_transition(initiative=initiative, name="start", user=initiator)
                services.progress_update_post(
                    initiative=initiative,
                    user=initiator,
                    body="We zijn begonnen. Dank aan iedereen die meehielp!",
                )
            if final == "afgerond":
                services.initiative_transition(
                    initiative=initiative, name="complete", user=initiator
                )
