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
    from django.template.loader import render_to_string

    from .selectors import own_applications

    applications = own_applications(request.user)[:10]
    advice = request.user.has_perm("fonds.advise_application")
    return render_to_string(
        "fonds/includes/my_section.html",
        {"applications": applications, "advice": advice},
        request=request,
    )


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
