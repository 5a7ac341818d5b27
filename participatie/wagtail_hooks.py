"""Where resident groups appear: the home page and neighbourhood pages (upcoming
meetings, a wijk's groups), Mijn overzicht, the main menu, the admin, demo data."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail import hooks

from portal import sections

from . import selectors


@hooks.register(sections.MAIN_NAV)
def nav_item():
    return (_("Bewonersgroepen"), reverse("participatie:overview"), 30)


@hooks.register(sections.HOME)
def home_section(request, **context):
    meetings = list(selectors.upcoming_meetings(limit=4))
    if not meetings:
        return ""
    return render_to_string(
        "participatie/includes/public_section.html",
        {
            "groups": [],
            "meetings": meetings,
            "heading": _("Bewonersbijeenkomsten"),
            "section_id": "home",
            "more_url": reverse("participatie:overview"),
            "more_label": _("Alle bewonersgroepen"),
        },
        request=request,
    )


@hooks.register(sections.NEIGHBOURHOOD)
def neighbourhood_section(request, *, wijk, **context):
    return render_to_string(
        "participatie/includes/wijk_section.html",
        {
            "groups": selectors.wijk_groups_with_next_meeting(wijk),
            "heading": _("Bewonersgroepen in %(wijk)s") % {"wijk": wijk.name},
            "section_id": "wijk",
            "more_url": reverse("participatie:overview") + f"?wijk={wijk.pk}",
            "more_label": _("Alle bewonersgroepen in deze wijk"),
        },
        request=request,
    )


@hooks.register(sections.MY_OVERVIEW)
def my_groups(request, **context):
    # One query: the groups; the meetings a person signed up for are on the groups'
    # pages and in their messages.
    memberships = list(selectors.my_memberships(request.user))
    if not memberships:
        return ""
    return render_to_string(
        "participatie/includes/my_section.html",
        {"memberships": memberships},
        request=request,
    )


@hooks.register(sections.DEMO_DATA)
def demo_data(*, scale, wijken):
    from . import demo

    demo.load(scale=scale, wijken=wijken)


@hooks.register("register_admin_viewset")
def register_groups():
    from .viewsets import GroupsGroup

    return GroupsGroup()


@hooks.register("fijnewijk_personal_data")
def groups_personal_data():
    from django.utils.translation import gettext_lazy

    from . import personal_data
    from .models import Announcement, AnnouncementDelivery, Meeting, Membership, Rsvp

    return {
        "key": "bewonersgroepen",
        "label": gettext_lazy("Bewonersgroepen"),
        "export": personal_data.export,
        "erase": personal_data.erase,
        # Meetings: their minutes may name the member who wrote them (kept, name removed).
        "models": [Membership, Rsvp, Announcement, AnnouncementDelivery, Meeting],
    }
