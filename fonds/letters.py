"""Letters to applicants: staff edit the texts (LetterTemplate) with placeholders such as
{kenmerk}; a letter is the text filled in with the application's facts, kept as it was
sent (Letter), and printed to PDF on demand.

Placeholders are filled by plain substitution, never by a template engine: an editor's
text cannot reach anything but the facts listed in PLACEHOLDERS."""

from __future__ import annotations

import io
import re
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import placeholders
from portal.templatetags.portal_tags import datum_lang, euro

from .models import LETTER_PLACEHOLDERS

# Words before a surname that are no part of it: titles and initials ("Mevr. J.").
_TITLES = {
    "mevrouw": "mevrouw",
    "mevr": "mevrouw",
    "mw": "mevrouw",
    "mevr.": "mevrouw",
    "mw.": "mevrouw",
    "heer": "heer",
    "meneer": "heer",
    "dhr": "heer",
    "dhr.": "heer",
    "de": None,  # of "de heer"
}
_INITIALS = re.compile(r"^(?:[A-Za-z]{1,2}\.)+$|^[A-Z]$")
_PARTICLES = {"van", "de", "der", "den", "het", "ten", "ter", "te", "in", "'t", "la", "le", "du"}


def _title_and_surname(name: str) -> tuple[str, str]:
    """("mevrouw" / "heer" / "", surname) from a name as written on a paper form:
    "Mevr. J. Janssen" → ("mevrouw", "Janssen"), "dhr. P. de Vries" → ("heer", "De Vries")."""
    words = name.split()
    title = ""
    while words:
        word = words[0].lower()
        if word == "de" and len(words) > 1 and words[1].lower() == "heer":
            title, words = "heer", words[2:]
        elif _TITLES.get(word):
            title, words = _TITLES[word], words[1:]
        elif _INITIALS.match(words[0]):
            words = words[1:]
        else:
            break
    if len(words) > 1 and words[0].lower() not in _PARTICLES and "-" not in words[0]:
        if words[1].lower() in _PARTICLES or not _INITIALS.match(words[0]):
            words = words[1:]  # a first name: "Jan de Vries" → "de Vries"
    surname = " ".join(words)
    return title, surname[:1].upper() + surname[1:]


def salutation(application) -> str:
    """The letter's opening: "Beste mevrouw Janssen," when we know how to address the
    applicant, "Geachte heer/mevrouw," when not; a resident with an account by the name
    they gave."""
    written_title, surname = _title_and_surname(application.contact_name or "")
    title = application.contact_salutation or written_title
    if surname and title == "mevrouw":
        return str(_("Beste mevrouw %(surname)s,")) % {"surname": surname}
    if surname and title == "heer":
        return str(_("Beste meneer %(surname)s,")) % {"surname": surname}
    if not application.contact_name and application.applicant_id:
        name = application.applicant.get_full_name()
        if name:
            return str(_("Beste %(name)s,")) % {"name": name}
    return str(_("Geachte heer/mevrouw,"))


PLACEHOLDERS = LETTER_PLACEHOLDERS


def check_placeholders(text: str) -> None:
    """Refuse a text with a placeholder we do not know, naming the ones we do."""
    placeholders.check_placeholders(text, PLACEHOLDERS)


fill = placeholders.fill


def language_of(application) -> str:
    """The language of letters to this applicant: the one they chose for their account
    (Dutch for an applicant without an account, entered by staff)."""
    from portal.notifications import recipient_language

    return recipient_language(application.applicant) if application.applicant_id else "nl"


def _day(moment) -> str:
    return datum_lang(moment)


long_day = datum_lang  # the day written out for a resident (portal_tags.datum_lang)


def facts_of(application, *, staff=None, question: str = "") -> dict[str, str]:
    return {
        "naam": application.applicant_name,
        "kenmerk": application.reference or "",
        "titel": application.title,
        "wijk": application.wijk.name,
        "ingediend_op": _day(application.submitted_at),
        "ontvangst_uiterlijk": _day(application.acknowledge_due),
        "streefdatum": _day(application.target_due),
        "antwoord_uiterlijk": _day(application.answer_due),
        "gevraagd_bedrag": euro(application.amount_requested),
        "toegekend_bedrag": euro(application.granted_amount),
        "voorwaarden": application.conditions or "",
        "motivering": application.decision_reason or "",
        "vraag": question,
        "medewerker": (staff.get_full_name() or staff.email) if staff else "",
        "datum": datum_lang(timezone.localdate()),
    }


def render_pdf(letter) -> bytes:
    """The letter on A4: sender, addressee, date and reference, subject, text; in the
    language it was written in."""
    from django.utils import translation

    with translation.override(getattr(letter, "language", "") or "nl"):
        return _render_pdf(letter)


def _render_pdf(letter) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    from .models import FundSettings

    sender = FundSettings.load().letter_sender
    application = letter.application
    styles = getSampleStyleSheet()
    body, small = styles["BodyText"], styles["Normal"]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=25 * mm,
        rightMargin=25 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=letter.subject,
        author=sender,
        lang=getattr(letter, "language", "") or "nl",
    )

    def para(text, style=body):
        return Paragraph(escape(text).replace("\n", "<br/>"), style)

    address = "\n".join(p for p in (application.applicant_name, application.contact_address) if p)
    story = [
        para(sender, styles["Heading2"]),
        Spacer(1, 8 * mm),
        para(address),
        Spacer(1, 8 * mm),
        para(
            str(_("Datum: %(date)s")) % {"date": datum_lang(letter.created_at)}
            + "\n"
            + str(_("Kenmerk: %(reference)s")) % {"reference": application.reference or ""},
            small,
        ),
        Spacer(1, 6 * mm),
        para(letter.subject, styles["Heading3"]),
        para(salutation(application)),
    ]
    for paragraph in letter.body.split("\n\n"):
        if paragraph.strip():
            story.append(para(paragraph.strip()))
    signer = letter.created_by.get_full_name() if letter.created_by else ""
    closing = [str(_("Met vriendelijke groet,")), signer, sender]
    story += [Spacer(1, 4 * mm), para("\n".join(p for p in closing if p))]
    doc.build(story)
    return buffer.getvalue()


def pdf_filename(letter) -> str:
    from portal.fields import safe_filename

    reference = letter.application.reference or "concept"
    return safe_filename(f"{reference}-{letter.kind}-{letter.pk}.pdf")


# The texts a new installation starts with; staff change them in the admin
# (Leefbaarheidsfonds → Briefsjablonen). The greeting and signature are added around them.
DEFAULTS: dict[str, tuple[str, str]] = {
    "ontvangst": (
        "Wij hebben uw aanvraag {kenmerk} ontvangen",
        "Op {ingediend_op} heeft u bij het leefbaarheidsfonds een bijdrage aangevraagd "
        "voor “{titel}” in {wijk}. Die aanvraag hebben wij in goede orde ontvangen.\n\n"
        "Wij bekijken nu of de activiteit past bij ons leefbaarheidsbeleid. Uiterlijk "
        "{antwoord_uiterlijk} krijgt u van ons een inhoudelijk antwoord; wij proberen dat "
        "al vóór {streefdatum} te doen. Hebben wij een vraag, dan staat die termijn stil "
        "tot u heeft geantwoord.",
    ),
    "vraag": (
        "Een vraag over uw aanvraag {kenmerk}",
        "Bij het beoordelen van uw aanvraag voor “{titel}” hebben wij een vraag:\n\n"
        "{vraag}\n\n"
        "U kunt antwoorden in Mijn aanvragen op de website, of ons bellen. Tot wij uw "
        "antwoord hebben, staat de termijn voor ons besluit stil.",
    ),
    "toegekend": (
        "Uw aanvraag {kenmerk} is toegekend",
        "Goed nieuws: wij kennen uw aanvraag voor “{titel}” toe. U ontvangt "
        "{toegekend_bedrag} uit het leefbaarheidsfonds.\n\n"
        "{motivering}\n\n"
        "{voorwaarden}\n\n"
        "Het geld maken wij over op de rekening die u opgaf. Na afloop vragen wij u kort "
        "te laten weten hoe de activiteit is gegaan en waaraan het geld is besteed.",
    ),
    "deels_toegekend": (
        "Uw aanvraag {kenmerk} is voor een deel toegekend",
        "Wij kennen uw aanvraag voor “{titel}” voor een deel toe: u vroeg "
        "{gevraagd_bedrag} en u ontvangt {toegekend_bedrag}.\n\n"
        "Waarom: {motivering}\n\n"
        "{voorwaarden}\n\n"
        "Bent u het niet eens met dit besluit, neem dan binnen zes weken contact met ons op.",
    ),
    "afgewezen": (
        "Uw aanvraag {kenmerk} is afgewezen",
        "Helaas kunnen wij uw aanvraag voor “{titel}” niet toekennen.\n\n"
        "Waarom: {motivering}\n\n"
        "Wilt u het besluit met ons bespreken, of heeft u een ander idee voor uw buurt? "
        "Neem dan contact met ons op. Bent u het niet eens met dit besluit, laat het ons "
        "dan binnen zes weken weten.",
    ),
}


# The English texts a new installation starts with, for applicants who chose English.
DEFAULTS_EN: dict[str, tuple[str, str]] = {
    "ontvangst": (
        "We have received your application {kenmerk}",
        "On {ingediend_op} you applied to the liveability fund for a contribution to "
        "“{titel}” in {wijk}. We have received your application.\n\n"
        "We will now look at whether the activity fits our liveability policy. You will "
        "have our answer by {antwoord_uiterlijk} at the latest; we try to answer before "
        "{streefdatum}. If we have a question, that term stops until you have answered.",
    ),
    "vraag": (
        "A question about your application {kenmerk}",
        "While reviewing your application for “{titel}” a question came up:\n\n"
        "{vraag}\n\n"
        "You can answer under My applications on the website, or call us. Until we have "
        "your answer, the term for our decision stops.",
    ),
    "toegekend": (
        "Your application {kenmerk} has been granted",
        "Good news: we grant your application for “{titel}”. You will receive "
        "{toegekend_bedrag} from the liveability fund.\n\n"
        "{motivering}\n\n"
        "{voorwaarden}\n\n"
        "We will transfer the money to the account you gave us. Afterwards we ask you to "
        "tell us briefly how the activity went and what the money was spent on.",
    ),
    "deels_toegekend": (
        "Your application {kenmerk} has been partly granted",
        "We grant part of your application for “{titel}”: you asked for "
        "{gevraagd_bedrag} and you will receive {toegekend_bedrag}.\n\n"
        "Why: {motivering}\n\n"
        "{voorwaarden}\n\n"
        "If you do not agree with this decision, please contact us within six weeks.",
    ),
    "afgewezen": (
        "Your application {kenmerk} has been declined",
        "Unfortunately we cannot grant your application for “{titel}”.\n\n"
        "Why: {motivering}\n\n"
        "Would you like to discuss the decision with us, or do you have another idea for "
        "your neighbourhood? Please contact us. If you do not agree with this decision, "
        "let us know within six weeks.",
    ),
}
