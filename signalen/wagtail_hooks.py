"""Signals in the Wagtail admin: the melding queue and its actions (admin_meldingen),
contacts and dossiers (admin_casework), and the seams to other apps: Mijn overzicht, the
main menu, the demo data and the resident's own data (export and erasure)."""

from django.urls import include, path, reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.viewsets.model import ModelViewSet

from portal import sections
from portal.fields import single_line
from portal.viewsets import ChangeOnlyPermissionPolicy

from . import admin_casework  # noqa: F401 - contacts and dossiers register their own hooks
from .models import MeldingMailTemplate
from .notifications import MAIL_PLACEHOLDERS


@hooks.register("register_admin_urls")
def melding_urls():
    from . import admin_meldingen

    return [
        path(
            "",
            include(
                (admin_meldingen.urlpatterns(), "signalen_meldingen"),
                namespace="signalen_meldingen",
            ),
        )
    ]


class MeldingenMenuItem(MenuItem):
    def is_shown(self, request):
        from .permissions import handles_meldingen

        return handles_meldingen(request.user)


@hooks.register("register_admin_menu_item")
def melding_menu_item():
    return MeldingenMenuItem(
        _("Meldingen"), reverse("signalen_meldingen:index"), icon_name="warning", order=205
    )


@hooks.register("construct_homepage_panels")
def add_melding_panel(request, panels):
    from .panels import panels_for

    panels.extend(panels_for(request))


class MailTemplateForm(WagtailAdminModelForm):
    """The subject becomes the subject of an e-mail: one line."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("subject", "subject_en"):
            if name in self.fields:
                single_line(self.fields[name])


class MailTemplateViewSet(ModelViewSet):
    """The texts of the e-mails to reporters; the kinds are fixed (made with their
    default text the first time this list is opened), so nothing to add or delete."""

    model = MeldingMailTemplate
    name = "signalen_mailtemplate"
    icon = "mail"
    menu_label = _("E-mails bij meldingen")
    url_prefix = "meldingen/e-mails"
    add_to_admin_menu = True
    menu_order = 206
    list_display = ["kind", "subject"]
    edit_handler = ObjectList(
        [
            FieldPanel("subject"),
            FieldPanel(
                "body",
                help_text=format_lazy(
                    _("Gegevens van de melding vult u in met: {names}."),
                    names=", ".join("{" + name + "}" for name in MAIL_PLACEHOLDERS),
                ),
            ),
            FieldPanel("subject_en"),
            FieldPanel("body_en"),
        ],
        base_form_class=MailTemplateForm,
    )

    @property
    def permission_policy(self):
        return ChangeOnlyPermissionPolicy(self.model)

    def get_queryset(self, request):
        from .models import MeldingMailKind
        from .services import mail_template

        for kind in MeldingMailKind.values:
            mail_template(kind)
        return MeldingMailTemplate.objects.all()


@hooks.register("register_admin_viewset")
def register_mail_templates():
    return MailTemplateViewSet()


@hooks.register(sections.MY_OVERVIEW)
def my_meldingen(request, **context):
    """The resident's five newest meldingen (one query, only the columns shown), written
    out in Python around markup made once per language (the same as
    signalen/resident/mine_table.html)."""
    from .models import Melding

    rows = list(
        Melding.objects.filter(reporter=request.user)
        .order_by("-submitted_at", "-pk")
        .values_list(
            "reference", "signal_type", "status", "submitted_at", "answered_at", "answer_due"
        )[:6]
    )
    return _my_meldingen_html(rows[:5], more=len(rows) > 5)


def _my_meldingen_parts() -> dict:
    from django.utils.html import escape
    from django.utils.translation import gettext

    from .models import MeldingStatus, SignalType

    cell = sections.cell
    t_mijn_meldingen = escape(gettext("Mijn meldingen"))
    t_none_yet = escape(gettext("U heeft nog geen meldingen gedaan."))
    t_uw_meldingen = escape(gettext("Uw meldingen"))
    t_melding = escape(gettext("Melding"))
    t_melding_doen = escape(gettext("Melding doen"))
    t_alle_meldingen = escape(gettext("Alle meldingen"))
    return {
        "open": (
            '<section aria-labelledby="my-meldingen-title" class="fw-section">\n  '
            '<h2 id="my-meldingen-title" class="utrecht-heading-2">'
            f"{t_mijn_meldingen}</h2>\n  "
        ),
        "empty": f"\n<p>{t_none_yet}</p>\n",
        "table": (
            '\n<table class="utrecht-table fw-table--stack">\n  '
            '<caption class="fw-visually-hidden">'
            f"{t_uw_meldingen}</caption>\n  "
            '<thead class="utrecht-table__header"><tr class="utrecht-table__row">'
            + "".join(
                f'<th class="utrecht-table__header-cell" scope="col">{escape(label)}</th>'
                for label in (
                    gettext("Melding"),
                    gettext("Status"),
                    gettext("Gemeld op"),
                    gettext("Antwoord uiterlijk"),
                )
            )
            + '</tr></thead>\n  <tbody class="utrecht-table__body">'
        ),
        "row": (
            '<tr class="utrecht-table__row"><th class="utrecht-table__header-cell" scope="row"'
            f' data-label="{t_melding}"><a href="{{url}}">{{reference}}: '
            "{type}</a></th>"
            + cell(gettext("Status"))
            + "{status}</td>"
            + cell(gettext("Gemeld op"))
            + "{submitted}</td>"
            + cell(gettext("Antwoord uiterlijk"))
            + "{due}</td></tr>"
        ),
        "table_end": "</tbody>\n</table>\n",
        "answered": escape(gettext("beantwoord")),
        "after_reply": escape(gettext("na uw reactie")),
        "actions": (
            '\n  <p class="fw-actions"><a class="utrecht-button-link '
            f'utrecht-button-link--primary-action" href="{reverse("signalen:new")}">'
            f"{t_melding_doen}</a>"
        ),
        "more": f' <a href="{reverse("signalen:mine")}">{t_alle_meldingen}</a>',
        "detail": sections.address_pattern("signalen:mine_detail", "fw-sample-reference"),
        "close": "</p>\n</section>",
        "types": {k: escape(v) for k, v in sections.choice_labels(SignalType).items()},
        "statuses": {k: escape(v) for k, v in sections.choice_labels(MeldingStatus).items()},
    }


def _my_meldingen_html(rows, *, more: bool):
    from django.utils.html import escape

    from portal.templatetags.portal_tags import datum_lang

    parts = sections.per_language("signalen:my_meldingen", _my_meldingen_parts)
    html = []
    if rows:
        for reference, kind, status, submitted, answered, answer_due in rows:
            if answered:
                due = f"{parts['answered']} {escape(datum_lang(answered))}"
            elif status == "wacht_op_melder":
                due = parts["after_reply"]
            elif answer_due:
                due = escape(datum_lang(answer_due))
            else:
                due = "–"
            html.append(
                parts["row"].format(
                    url=escape(parts["detail"].format(reference)),
                    reference=escape(reference),
                    type=parts["types"].get(kind, escape(kind)),
                    status=parts["statuses"].get(status, escape(status)),
                    submitted=escape(datum_lang(submitted)),
                    due=due,
                )
            )
    return sections.table_section(parts, html, parts["more"] if more else "")


@hooks.register(sections.MAIN_NAV)
def nav_item():
    from django.utils.translation import gettext

    return (gettext("Melding doen"), reverse("signalen:new"), 15)


@hooks.register(sections.DEMO_DATA)
def demo_data(*, scale, wijken):
    from . import demo

    demo.load(scale=scale, wijken=wijken)


@hooks.register("fijnewijk_personal_data")
def meldingen_personal_data():
    from .models import Melding, MeldingUpdate, Referral
    from .personal_data import erase_meldingen, export_meldingen

    return {
        "key": "meldingen",
        "label": _("Meldingen"),
        "export": export_meldingen,
        "erase": erase_meldingen,
        # The reporter's meldingen, the messages to them on its timeline, and the reasons
        # of its referrals (which may repeat what they told us).
        "models": [Melding, MeldingUpdate, Referral],
    }
