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
    # One query, only the columns shown: the groups; the meetings a person signed up for
    # are on the groups' pages and in their messages.
    rows = list(
        selectors.my_memberships(request.user).values_list("group__slug", "group__name", "status")
    )
    if not rows:
        return ""
    return _my_groups_html(rows)


def _my_groups_parts() -> dict:
    from django.utils.html import escape

    from .models import MembershipStatus

    t_mijn_bewonersgroepen = escape(_("Mijn bewonersgroepen"))
    return {
        "open": (
            '<section aria-labelledby="my-groups-title" class="fw-section">\n  '
            '<h2 id="my-groups-title" class="utrecht-heading-2">'
            f"{t_mijn_bewonersgroepen}</h2>\n  "
            '<ul class="fw-list">'
        ),
        "group": sections.address_pattern("participatie:group", "fw-sentinel-slug"),
        "row": '<li><a href="{url}">{name}</a> <span class="fw-meta">· {status}</span></li>',
        "close": "</ul>\n</section>",
        "statuses": {k: escape(v) for k, v in sections.choice_labels(MembershipStatus).items()},
    }


def _my_groups_html(rows):
    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    parts = sections.per_language("participatie:my_groups", _my_groups_parts)
    html = [parts["open"]]
    for slug, name, status in rows:
        html.append(
            parts["row"].format(
                url=escape(parts["group"].format(slug)),
                name=escape(name),
                status=parts["statuses"].get(status, escape(status)),
            )
        )
    html.append(parts["close"])
    return mark_safe("".join(html))  # noqa: S308 - every value above is escaped


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
