"""Where initiatives appear: the admin's moderation pages, the home page, neighbourhood
pages, 'Mijn overzicht' and the main menu."""

from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.ui.components import Component

from portal import sections
from portal.roles import HWZ_MODERATOR
from portal.selectors import calendar_for, role_names

from . import selectors
from .models import CommentReport, Initiative, Status
from .permissions import moderated_wijken
from .viewsets import InitiativesGroup


@hooks.register("register_admin_viewset")
def register_initiatives():
    return InitiativesGroup()


class ModerationQueuePanel(Component):
    """The HWZ moderator's dashboard: the initiatives of their werkgebied waiting for
    moderation, oldest first, with their age and term, and the reported comments."""

    name = "initiatieven_queue"
    order = 30
    template_name = "initiatieven/admin/queue_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        user = self.request.user
        today, calendar = calendar_for(self.request)
        reports = (
            CommentReport.objects.filter(
                resolved_at=None, comment__initiative__wijk__in=moderated_wijken(user)
            )
            .values("comment")
            .distinct()
            .count()
        )
        return {
            "rows": selectors.moderation_terms(user, today=today, calendar=calendar),
            "reports": reports,
            "queue_url": reverse("initiatieven_initiative:index") + "?status=ingediend",
            "reports_url": reverse("initiatieven_comment:index"),
        }


@hooks.register("construct_homepage_panels")
def add_moderation_panel(request, panels):
    """The HWZ moderator's panel, only for that role (the fund adds the other roles'
    panels; a redacteur keeps Wagtail's own)."""
    if HWZ_MODERATOR in role_names(request) and request.user.has_perm(
        "initiatieven.moderate_initiative"
    ):
        panels.append(ModerationQueuePanel(request))


@hooks.register(sections.MAIN_NAV)
def nav_item():
    return (_("Initiatieven"), reverse("initiatieven:overview"), 10)


@hooks.register(sections.HOME)
def home_section(request, **context):
    initiatives = list(selectors.public_initiatives().order_by("-published_at", "-pk")[:3])
    return render_to_string(
        "initiatieven/includes/public_section.html",
        {
            "initiatives": initiatives,
            "heading": _("Nieuwe bewonersinitiatieven"),
            "section_id": "home",
            "more_url": reverse("initiatieven:overview"),
            "more_label": _("Alle initiatieven"),
        },
        request=request,
    )


@hooks.register(sections.NEIGHBOURHOOD)
def neighbourhood_section(request, *, wijk, **context):
    initiatives = list(
        selectors.public_initiatives().filter(wijk=wijk).order_by("-published_at", "-pk")[:6]
    )
    return render_to_string(
        "initiatieven/includes/public_section.html",
        {
            "initiatives": initiatives,
            "heading": _("Initiatieven in %(wijk)s") % {"wijk": wijk.name},
            "section_id": "wijk",
            "more_url": reverse("initiatieven:overview") + f"?wijk={wijk.pk}",
            "more_label": _("Alle initiatieven in deze wijk"),
        },
        request=request,
    )


@hooks.register(sections.SEARCH)
def search_section(request, *, query, **context):
    """The site search's group of public initiatives: written out here, one card per
    initiative, with no template and no context processors (the search is made anew for
    every visitor: its addresses are too many to keep whole, see cms.search)."""
    rows = selectors.search_public_initiatives(query)
    heading = ngettext(
        "%(counter)s initiatief voor “%(query)s”",
        "%(counter)s initiatieven voor “%(query)s”",
        len(rows),
    ) % {"counter": len(rows), "query": query}
    if rows:
        labels = dict(Status.choices)
        body = format_html(
            '<ul class="fw-list">{}</ul>',
            format_html_join(
                "",
                '<li class="fw-card"><h3 class="utrecht-heading-3"><a href="{}">{}</a></h3>'
                '<p class="fw-meta">{} · <span class="fw-badge fw-badge--{}">{}</span></p></li>',
                (
                    (reverse("initiatieven:detail", args=[pk]), title, wijk, status, labels[status])
                    for pk, title, status, wijk in rows
                ),
            ),
        )
    else:
        body = format_html("<p>{}</p>", _("Geen bewonersinitiatieven gevonden."))
    return format_html(
        '<section aria-labelledby="search-initiatives-title" class="fw-section">\n'
        '  <h2 id="search-initiatives-title" class="utrecht-heading-2">{}</h2>\n  {}\n'
        "</section>\n",
        heading,
        body,
    )


@hooks.register(sections.MY_OVERVIEW)
def my_initiatives(request, **context):
    """The initiatives of the resident's team (one query, only the columns shown), written
    out in Python around markup made once per language."""
    # As Initiative.objects.of_team_member, without its DISTINCT over a join: the
    # initiatives they started or were added to as co-initiator (a subquery).
    co_initiated = Initiative.co_initiators.through.objects.filter(user=request.user)
    rows = list(
        Initiative.objects.filter(
            Q(initiator=request.user) | Q(pk__in=co_initiated.values("initiative_id"))
        )
        .order_by("-updated_at")
        .values_list("pk", "title", "wijk__name", "status", "support_count")
    )
    return _my_initiatives_html(rows)


def _my_initiatives_parts() -> dict:
    from django.utils.html import escape

    label = escape

    cell = sections.cell
    t_mijn_initiatieven = label(_("Mijn initiatieven"))
    t_initiatieven_waarvan_u_mede = label(_("Initiatieven waarvan u (mede-)initiatiefnemer bent"))
    t_initiatief = label(_("Initiatief"))
    t_verder_bewerken = label(_("verder bewerken"))
    t_none_yet = label(_("U heeft nog geen initiatief ingediend."))
    t_initiatief_indienen = label(_("Initiatief indienen"))
    return {
        "open": (
            '<section aria-labelledby="my-initiatives-title" class="fw-section">\n  '
            '<h2 id="my-initiatives-title" class="utrecht-heading-2">'
            f"{t_mijn_initiatieven}</h2>\n  "
        ),
        "table": (
            '<table class="utrecht-table fw-table--stack">\n    '
            '<caption class="fw-visually-hidden">'
            f"{t_initiatieven_waarvan_u_mede}</caption>\n    "
            '<thead class="utrecht-table__header"><tr class="utrecht-table__row">'
            + "".join(
                f'<th class="utrecht-table__header-cell" scope="col">{label(text)}</th>'
                for text in (_("Initiatief"), _("Wijk"), _("Status"), _("Steun"))
            )
            + '</tr></thead>\n    <tbody class="utrecht-table__body">\n    '
        ),
        "row": (
            '<tr class="utrecht-table__row"><th class="utrecht-table__header-cell" scope="row"'
            f' data-label="{t_initiatief}"><a href="{{url}}">{{title}}</a></th>'
            + cell(_("Wijk"))
            + "{wijk}</td>"
            + cell(_("Status"))
            + '<span class="fw-badge fw-badge--{status}">{status_label}</span>{edit}</td>'
            + cell(_("Steun"))
            + "{support}</td></tr>"
        ),
        "detail": sections.address_pattern("initiatieven:detail"),
        "edit": (
            f' <a href="{sections.address_pattern("initiatieven:edit")}">'
            + f"{t_verder_bewerken}</a>"
        ),
        "table_end": "\n    </tbody>\n  </table>\n  ",
        "empty": f"<p>{t_none_yet}</p>",
        "close": (
            '\n  <p><a class="utrecht-button-link utrecht-button-link--primary-action" '
            f'href="{reverse("initiatieven:propose")}">{t_initiatief_indienen}</a></p>'
            "\n</section>"
        ),
        "statuses": {k: escape(v) for k, v in sections.choice_labels(Status).items()},
    }


def _my_initiatives_html(rows):
    from django.utils.html import escape

    parts = sections.per_language("initiatieven:my_initiatives", _my_initiatives_parts)
    html = []
    if rows:
        for pk, title, wijk, status, support in rows:
            editable = status in (Status.CONCEPT, Status.TERUGGESTUURD)
            html.append(
                parts["row"].format(
                    url=parts["detail"].format(pk),
                    title=escape(title),
                    wijk=escape(wijk or ""),
                    status=escape(status),
                    status_label=parts["statuses"].get(status, escape(status)),
                    edit=parts["edit"].format(pk) if editable else "",
                    support=support,
                )
            )
    return sections.table_section(parts, html)


@hooks.register(sections.DEMO_DATA)
def demo_data(*, scale, wijken):
    from . import demo

    demo.load(scale=scale, wijken=wijken)


@hooks.register("fijnewijk_personal_data")
def initiatives_personal_data():
    from .personal_data import initiatives_part

    return initiatives_part()
