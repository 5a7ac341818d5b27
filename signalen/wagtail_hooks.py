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
    from django.template.loader import render_to_string

    from .models import Melding

    meldingen = list(
        Melding.objects.filter(reporter=request.user).select_related("wijk", "complex")[:6]
    )
    return render_to_string(
        "signalen/resident/my_section.html",
        {"meldingen": meldingen[:5], "more": len(meldingen) > 5},
        request=request,
    )


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
