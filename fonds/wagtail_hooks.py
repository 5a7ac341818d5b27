from wagtail import hooks

from portal import sections

from .viewsets import FundGroup


@hooks.register("register_admin_viewset")
def register_fund():
    return FundGroup()


@hooks.register("construct_homepage_panels")
def add_role_panels(request, panels):
    """A dashboard panel per role of the fund, shown only to the roles it is made for."""
    from .panels import panels_for

    panels.extend(panels_for(request))


@hooks.register(sections.DEMO_DATA)
def demo_data(*, scale, wijken):
    from . import demo

    demo.load(scale=scale, wijken=wijken)


@hooks.register(sections.MY_OVERVIEW)
def my_applications(request, **context):
    """The resident's ten newest applications (one query, only the columns of the table),
    written out in Python around markup made once per language (the same as
    fonds/includes/mine_table.html)."""
    from .selectors import own_applications

    rows = list(
        own_applications(request.user).values_list(
            "pk",
            "reference",
            "title",
            "status",
            "amount_requested",
            "queue_due",
            "report_due",
            "report_status",
        )[:10]
    )
    return _my_applications_html(rows, advice=request.user.has_perm("fonds.advise_application"))


def _my_applications_parts() -> dict:
    from django.urls import reverse
    from django.utils.html import escape
    from django.utils.translation import gettext as _

    from .models import RESIDENT_STATUS_LABELS

    label = escape
    cell, address = sections.cell, sections.address_pattern

    t_mijn_aanvragen_bij_het = label(_("Mijn aanvragen bij het leefbaarheidsfonds"))
    t_uw_aanvragen_bij_het = label(_("Uw aanvragen bij het leefbaarheidsfonds"))
    t_aanvraag = label(_("Aanvraag"))
    t_none_yet = label(_("U heeft nog geen bijdrage aangevraagd."))
    t_bijdrage_aanvragen = label(_("Bijdrage aanvragen"))
    t_adviesvragen_voor_de_hwz = label(_("Adviesvragen voor de HWZ"))
    return {
        "open": (
            '<section aria-labelledby="my-applications-title" class="fw-section">\n  '
            '<h2 id="my-applications-title" class="utrecht-heading-2">'
            f"{t_mijn_aanvragen_bij_het}</h2>\n  "
        ),
        "table": (
            '\n<table class="utrecht-table fw-table--stack">\n  '
            '<caption class="fw-visually-hidden">'
            f"{t_uw_aanvragen_bij_het}</caption>\n  "
            '<thead class="utrecht-table__header"><tr class="utrecht-table__row">'
            + "".join(
                f'<th class="utrecht-table__header-cell" scope="col">{label(text)}</th>'
                for text in (
                    _("Aanvraag"),
                    _("Status"),
                    _("Gevraagd"),
                    _("Volgende stap uiterlijk"),
                )
            )
            + '</tr></thead>\n  <tbody class="utrecht-table__body">'
        ),
        "row": (
            '<tr class="utrecht-table__row"><th class="utrecht-table__header-cell" scope="row"'
            f' data-label="{t_aanvraag}"><a href="{{url}}">{{reference}}: {{title}}</a>'
            "</th>"
            + cell(_("Status"))
            + "{status}</td>"
            + cell(_("Gevraagd"))
            + "{amount}</td>"
            + cell(_("Volgende stap uiterlijk"))
            + "{next}</td></tr>"
        ),
        "table_end": "</tbody>\n</table>\n",
        "empty": f"\n<p>{t_none_yet}</p>\n",
        "concept": label(_("Concept")),
        "after_answer": label(_("na uw antwoord")),
        "edit": address("fonds:edit"),
        "detail": address("fonds:mine_detail"),
        "report": address("fonds:report"),
        # "Verantwoording uiterlijk {date}": the date goes in after the translation.
        "report_due": label(_("Verantwoording uiterlijk %(date)s")),
        "report_done": label(_("Verantwoording")),
        "statuses": {
            k: escape(v) for k, v in sections.choice_labels(RESIDENT_STATUS_LABELS).items()
        },
        "actions": (
            '\n  <p class="fw-actions"><a class="utrecht-button-link '
            f'utrecht-button-link--primary-action" href="{reverse("fonds:apply")}">'
            f"{t_bijdrage_aanvragen}</a>"
        ),
        "advice": (f' <a href="{reverse("fonds:advice_list")}">{t_adviesvragen_voor_de_hwz}</a>'),
        "close": "</p>\n</section>",
    }


def _my_applications_html(rows, *, advice: bool):
    from django.utils.html import escape

    from portal.templatetags.portal_tags import datum_lang, euro

    parts = sections.per_language("fonds:my_applications", _my_applications_parts)
    html = []
    if rows:
        for pk, reference, title, status, amount, queue_due, report_due, report_status in rows:
            waiting = status == "wacht_op_aanvrager"
            label = parts["statuses"].get(status, escape(status))
            if waiting:
                step = parts["after_answer"]
            elif queue_due:
                step = escape(datum_lang(queue_due))
            elif not report_due:
                step = "–"
            else:
                step = ""
            if report_due:
                report = escape(parts["report"].format(pk))
                if report_status in ("open", "aanvullen"):
                    text = parts["report_due"] % {"date": escape(datum_lang(report_due))}
                else:
                    text = parts["report_done"]
                step += f'<a href="{report}" data-report-link>{text}</a>'
            html.append(
                parts["row"].format(
                    url=(parts["edit"] if status == "concept" else parts["detail"]).format(pk),
                    reference=escape(reference) if reference else parts["concept"],
                    title=escape(title),
                    status=f"<strong>{label}</strong>" if waiting else label,
                    amount=escape(euro(amount)),
                    next=step,
                )
            )
    return sections.table_section(parts, html, parts["advice"] if advice else "")


@hooks.register(sections.MAIN_NAV)
def nav_item():
    from django.urls import reverse
    from django.utils.translation import gettext as _

    return (_("Bijdrage aanvragen"), reverse("fonds:apply"), 20)


@hooks.register(sections.INITIATIVE)
def initiative_fund_section(request, *, initiative, is_team, **context):
    """On an initiative's page: its applications to the fund, and for its team a button
    to apply for one."""
    from django.template.loader import render_to_string

    from .models import Application, Status

    applications = list(
        Application.objects.filter(initiative=initiative)
        .exclude(status__in=[Status.CONCEPT, Status.INGETROKKEN])
        .only("reference", "status", "granted_amount", "applicant_id")
    )
    if not applications and not is_team:
        return ""
    return render_to_string(
        "fonds/includes/initiative_section.html",
        {"applications": applications, "initiative": initiative, "is_team": is_team},
        request=request,
    )


@hooks.register("fijnewijk_personal_data")
def fund_personal_data():
    from .personal_data import applications_part

    return applications_part()


# --- payouts (w5-pay) -------------------------------------------------------------------
@hooks.register("construct_homepage_panels")
def add_payout_panels(request, panels):
    """The back office's tranches to prepare, the coordinator's to approve."""
    from .payout_panels import payout_panels_for

    panels.extend(payout_panels_for(request))


# --- co-funding through Stripe (issue 14, w5-cofund) ---------------------------------


@hooks.register(sections.INITIATIVE)
def initiative_contribution_section(request, *, initiative, **context):
    """On a funded initiative's page: what residents, businesses and the fund raised
    together, and a link to chip in (the form has its own address, so this page stays
    the same for every visitor and can be kept in the page cache). Nothing without
    Stripe's keys."""
    from django.template.loader import render_to_string

    from .models import FundSettings
    from .selectors import contribution_grant
    from .services.cofunding import raised

    application = contribution_grant(initiative)
    if application is None:
        return ""
    from .models import Donation

    names = list(
        Donation.objects.filter(
            application=application, status=Donation.Status.BETAALD, show_name=True
        )
        .exclude(name="")
        .order_by("paid_at")
        .values_list("name", flat=True)[:MAX_NAMES]
    )
    return render_to_string(
        "fonds/includes/contribution_section.html",
        {
            "initiative": initiative,
            "raised": raised(application),
            "names": names,
            "match_cap": FundSettings.load().match_cap,
        },
        request=request,
    )


MAX_NAMES = 30  # the contributors named on an initiative's page, first come first


@hooks.register(sections.INITIATIVE_MOVED)
def refund_on_withdrawn_initiative(*, initiative, name, user, reason="", **kwargs):
    """An initiative that is withdrawn gives its contributors their money back, and the
    fund's matching goes back to the budget (services.cofunding.donations_refund)."""
    from initiatieven.models import Status as InitiativeStatus

    from .models import Application
    from .services.cofunding import donations_refund

    if initiative.status != InitiativeStatus.INGETROKKEN:
        return
    funded = Application.objects.filter(initiative=initiative, donations__isnull=False)
    for application in funded.distinct():
        donations_refund(
            application=application, user=user, reason=reason or "Initiatief ingetrokken"
        )


@hooks.register(sections.DEMO_DATA)
def payout_demo_data(*, scale, wijken):
    from . import demo

    demo.load_payouts(scale=scale, wijken=wijken)


@hooks.register("register_admin_urls")
def cofunding_admin_urls():
    from django.urls import path

    from .cofunding_views import admin_refund

    return [
        path("fonds/bijdragen/<int:pk>/terugbetalen/", admin_refund, name="fonds_donation_refund")
    ]
