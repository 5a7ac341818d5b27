"""The application page in the Wagtail admin: everything about it, its history and its
effect on the budget, with the actions the person may take now as buttons."""

from __future__ import annotations

import hashlib
import re
from decimal import Decimal
from functools import lru_cache
from types import SimpleNamespace

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404, HttpResponseNotAllowed
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.ui.tables import Table
from wagtail.admin.views.generic import InspectView
from wagtail.admin.widgets.button import HeaderButton

from portal import fragment_cache
from portal.fields import free_text, ids_param, int_param
from portal.fields import parse_amount as parse_money
from portal.idempotency import TOKEN_FIELD, new_token
from portal.templatetags.portal_tags import datum_lang
from portal.viewsets import ReadableInspectMixin, RequestQuerysetIndexView

from . import permissions as perms
from . import services
from .models import (
    ApplicantContact,
    Application,
    ConflictOfInterest,
    FundSettings,
    Outcome,
    Status,
)
from .selectors import (
    ONCE_GRANTED,
    application_parts,
    application_timeline,
    applications_matching,
    budget_position_in,
    fund_staff,
    involved_unrecorded,
    stepped_aside,
)
from .transitions import TRANSITIONS, transitions_from

STATUS_LABELS = dict(Status.choices)


class QueueTable(Table):
    """The fund queue's table, written out in Python (`render_html`): Wagtail's column
    headers with their sort links, and a body of plain cells built once per row
    (`queue_rows`): no template per header or cell, no wrapper elements, no per-row
    menus. Staff keep every column: reference (linked to the application's page), title,
    wijk, status, reviewer, the term's badge with its due date, and the amount asked."""

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def render_html(self, parent_context=None) -> str:
        # Each text escaped as format_html() would (html.escape is what Django's escape
        # runs), the badge as the safe HTML it is, without format_html's work per row.
        from html import escape

        from django.utils.html import conditional_escape

        body = "".join(
            f'<tr><td class="title"><a href="{escape(row["url"])}">{escape(row["reference"])}'
            f"</a></td><td>{escape(row['title'])}</td><td>{escape(row['wijk'])}</td>"
            f"<td>{escape(row['status'])}</td><td>{escape(row['reviewer'])}</td>"
            f"<td>{conditional_escape(row['term'])}"
            f"{'<br><small>' + escape(row['due']) + '</small>' if row['due'] else ''}</td>"
            f"<td>{escape(row['amount'])}</td></tr>\n"
            for row in self.queue_rows
        )
        return format_html(
            '<table class="{}">\n<thead><tr>{}</tr></thead>\n<tbody>\n{}</tbody>\n</table>',
            self.classname,
            self.header_html() if self.columns else "",
            mark_safe(body),  # noqa: S308 - every text of every row is escaped above
        )

    def header_html(self) -> str:
        """The column headers (header_cells), kept per process under all they are made
        from: the language, the address, the ordering, the query without the page, and
        the columns (fonds.queue_cache.kept)."""
        from .queue_cache import kept

        key = (
            "queue-header",
            get_language(),
            self.base_url,
            self.ordering,
            tuple((name, tuple(v)) for name, v in self.request.GET.lists() if name != "p"),
            tuple((c.name, c.sort_key, c.classname) for c in self.columns.values()),
        )
        return kept(key, lambda: mark_safe("".join(self.header_cells())))  # noqa: S308

    def header_cells(self):
        """Wagtail's column headers (wagtailadmin/tables/column_header.html): a sort link
        with its title for each sortable column, the other way round for the column the
        queue is sorted on, with the page number left out."""
        query = self.request.GET.copy()
        query.pop("p", None)
        base = self.base_url or ""
        for column in self.columns.values():
            classname = format_html(' class="{}"', column.classname) if column.classname else ""
            if not column.sort_key:
                yield format_html("<th{}>{}</th>", classname, column.label)
                continue
            if self.ordering == column.sort_key:
                ordering, title = (
                    "-" + column.sort_key,
                    (column.descending_title_text or self.get_descending_title_text(column)),
                )
                arrow, current = "up", " teal"
            else:
                ordering, title = (
                    column.sort_key,
                    (column.ascending_title_text or self.get_ascending_title_text(column)),
                )
                arrow = "down"
                current = " teal" if self.ordering == "-" + column.sort_key else ""
            query["ordering"] = ordering
            yield format_html(
                '<th{}><a href="{}?{}"{} class="icon icon-arrow-{}-after{} label">{}</a></th>',
                classname,
                base,
                query.urlencode(),
                format_html(' title="{}"', title) if title else "",
                arrow,
                current,
                column.label,
            )

    @cached_property
    def queue_rows(self) -> list[dict]:
        from portal.selectors import calendar_for
        from portal.templatetags.portal_tags import euro, formatted_day, term_badge

        today, calendar = calendar_for(self.request)
        # One reverse() for the address, one badge per number of days and one label per
        # status, not per row. The rows are the values of QUEUE_COLUMNS (no model per row).
        inspect = reverse("fonds_application:inspect", args=[0])[: -len("0/")]
        badges: dict = {}
        statuses: dict = {}
        rows = []
        for values in self.data:
            application = SimpleNamespace(**values)
            due = Application.running_term_due(application)
            left = calendar.days_left(due, today) if due is not None else None
            paused = application.paused_since is not None
            badge = badges.get((left, paused))
            if badge is None:
                badge = badges[(left, paused)] = term_badge(left, paused)
            status = statuses.get(application.status)
            if status is None:
                # the label of the choice, without get_status_display()'s dict per row
                status = statuses[application.status] = str(
                    STATUS_LABELS.get(application.status, application.status)
                )
            rows.append(
                {
                    "url": f"{inspect}{application.pk}/",
                    "reference": application.reference or application.title,
                    "title": application.title,
                    "wijk": application.wijk__name or "",
                    "status": status,
                    "reviewer": _person_name(
                        application.reviewer__first_name,
                        application.reviewer__last_name,
                        application.reviewer__email,
                    ),
                    "term": badge,
                    "due": formatted_day(timezone.localdate(due), "j M") if due else "",
                    "amount": euro(application.amount_requested) or "–",
                }
            )
        return rows


def _person_name(first_name, last_name, email) -> str:
    """What str(user) shows (portal.models.User: the full name, else the e-mail address),
    from the columns of a values() row; "" without a person."""
    return f"{first_name or ''} {last_name or ''}".strip() or email or ""


class QueuePaginator(WagtailPaginator):
    """Pages of the queue that count its rows only as far as a few pages beyond the one
    shown: counting every application took time that grew with the table (an index scan
    of all 50,000 at ten times the demo data, the one query of the queue that grew),
    while staff work from the first pages and narrow the queue with its filters. With
    more rows than counted, `more` is set and the pager says "more than"."""

    def __init__(
        self, object_list, per_page, *args, counted_pages: int = 1, countable=None, **kwargs
    ):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.counted_rows = max(counted_pages, 1) * per_page
        self.more = False
        # What is counted: the rows' queryset before values() added the joins for the
        # names shown (a count reads the application's own indexes only).
        self.countable = object_list if countable is None else countable

    @cached_property
    def count(self):
        # COUNT(*) over at most counted_rows + 1 rows, in no order: PostgreSQL reads them
        # from whichever index fits the filters and stops (tests/test_explain.py)
        found = self.countable.order_by()[: self.counted_rows + 1].count()
        self.more = found > self.counted_rows
        return min(found, self.counted_rows)

    def get_page(self, number):
        # The first page read first: when it is not full, it holds every row there is and
        # no count is needed (a queue narrowed by its filters, a quiet fund). A full one
        # is counted as ever and kept as the page, so its rows are not read twice.
        if number not in (None, "", "1", 1) or self.orphans or "count" in self.__dict__:
            return super().get_page(number)
        rows = list(self.object_list[: self.per_page])
        if len(rows) < self.per_page:
            self.__dict__["count"] = len(rows)
        elif not self.count:  # emptied meanwhile: as Django would, an empty first page
            return super().get_page(number)
        return self._get_page(rows, 1, self)

    @cached_property
    def items_count_label(self):
        if self.count and self.more:
            return _("meer dan %(count)s aanvragen") % {"count": self.count}
        return super().items_count_label


# Where the filters drawer goes in the kept slim header (ApplicationIndexView.slim_header).
DRAWER_MARK = "<!--fw:filters-drawer-->"

# Pages of the queue counted beyond the one asked for (QueuePaginator).
QUEUE_PAGES_AHEAD = 10

# What a row of the queue shows (QueueTable.queue_rows) and nothing more, read as values:
# the application has some sixty columns, its reviewer a whole account; reading and
# building them all took a tenth of the page, and three model instances per row with
# select_related's column lists most of the rest of the rows' query.
QUEUE_COLUMNS = (
    "pk",
    "reference",
    "title",
    "status",
    "paused_since",
    "acknowledge_due",
    "answer_due",
    "amount_requested",
    "wijk__name",
    "reviewer__first_name",
    "reviewer__last_name",
    "reviewer__email",
)


class ApplicationIndexView(RequestQuerysetIndexView):
    """The queue, with buttons to acknowledge several at once and to enter an application
    for a tenant who is not online."""

    table_class = QueueTable
    paginator_class = QueuePaginator
    results_template_name = "fonds/admin/queue_results.html"

    def get_base_queryset(self):
        # only the columns counted or filtered on until the page's rows are read as the
        # values of QUEUE_COLUMNS (get_paginator)
        return super().get_base_queryset().select_related(None)

    def get_paginator(self, queryset, per_page, *args, **kwargs):
        number = int_param(self.request.GET.get(self.page_kwarg), maximum=1_000_000) or 1
        return super().get_paginator(
            queryset.values(*QUEUE_COLUMNS),
            per_page,
            *args,
            counted_pages=number + QUEUE_PAGES_AHEAD,
            countable=queryset,
            **kwargs,
        )

    def get_table_kwargs(self):
        return {**super().get_table_kwargs(), "request": self.request}

    def get_paginate_by(self, queryset):
        from django.conf import settings

        return settings.FUND_QUEUE_PAGE_SIZE

    def search_queryset(self, queryset):
        # A reference (LF-2026-00042, or its beginning) is a range on its unique index;
        # anything else searches the titles and the applicants' names and e-mail.
        if not self.is_searching:
            return queryset
        query = self.search_query.strip().upper()
        if query.startswith("LF-") and ord(query[-1]) < 0x10FFFF:
            after = query[:-1] + chr(ord(query[-1]) + 1)
            return queryset.filter(reference__gte=query, reference__lt=after)
        return applications_matching(queryset, self.search_query)

    @cached_property
    def kept(self) -> tuple:
        """The working-day calendar of the rows' badges, when this response shows it the
        filters drawer's HTML, and on a whole page the locales of the admin's
        configuration: all kept in the cache until what they show changes, read in one
        round trip (fonds.queue_cache.kept_parts)."""
        from .queue_cache import kept_parts

        shows_drawer = not self.results_only or self.request.GET.get("_w_filter_fragment")
        return kept_parts(
            self.request,
            self.filters if self.filters and shows_drawer else None,
            chrome=not self.results_only,
        )

    @property
    def filters_drawer(self) -> str:
        """The filters drawer's HTML, kept until its choices change (fonds.queue_cache)."""
        return self.kept[1]

    def get_context_data(self, **kwargs):
        self.kept  # noqa: B018 - the calendar for the rows and the drawer, in one round trip
        context = super().get_context_data(**kwargs)
        if not self.results_only:
            context["slim_header"] = self.slim_header(context)
        if context.get("is_paginated"):
            context["pager"] = self.pager(context)
        return context

    def pager(self, context) -> str:
        """Wagtail's pager (shared/pagination_nav.html), or the queue's own when it counted
        only part of the way ("page 2 of more than 12"), kept per process under what it is
        rendered from: the page, the pages, the count, the address and its query."""
        from .queue_cache import kept

        page, paginator = context["page_obj"], context["paginator"]
        template = (
            "fonds/admin/queue_pagination.html"
            if paginator.more
            else "wagtailadmin/shared/pagination_nav.html"
        )
        values = {
            "items": page,
            "linkurl": context.get("index_url"),
            "elided_page_range": list(context["elided_page_range"]),
            "request": self.request,
        }
        key = (
            "pager",
            get_language(),
            template,
            values["linkurl"],
            tuple((name, tuple(v)) for name, v in self.request.GET.lists() if name != "p"),
            page.number,
            paginator.num_pages,
            paginator.count,
            tuple(str(n) for n in values["elided_page_range"]),
        )
        return kept(key, lambda: render_to_string(template, values))

    def slim_header(self, context) -> str:
        """Wagtail's slim header (generic/base.html's include of it) with the filters
        drawer at its mark: kept per process under everything it is rendered from
        (fonds.queue_cache.kept); rendered for this request when a button is of a kind
        the key does not describe."""
        from .queue_cache import button_key, kept

        values = {
            "breadcrumbs_items": context.get("breadcrumbs_items"),
            "side_panels": context.get("side_panels"),
            "history_url": context.get("history_url"),
            "title": context.get("header_title"),
            "search_url": context.get("index_results_url"),
            "search_form": context.get("search_form"),
            "filters": context.get("filters"),
            "buttons": context.get("header_buttons") or [],
            "icon_name": context.get("header_icon"),
            "drawer": mark_safe(DRAWER_MARK),  # noqa: S308 - a constant comment
        }

        def render():
            return render_to_string("fonds/admin/queue_slim_header.html", values)

        buttons = tuple(button_key(button) for button in values["buttons"])
        if None in buttons or values["side_panels"] or values["history_url"]:
            html = render()
        else:
            q = self.search_kwarg
            key = (
                "slim-header",
                get_language(),
                str(values["title"]),
                repr(
                    [
                        (str(i.get("url")), str(i.get("label")), str(i.get("sublabel")))
                        for i in values["breadcrumbs_items"] or []
                    ]
                ),
                values["search_url"],
                tuple(self.request.GET.getlist(q)) if q in self.request.GET else None,
                bool(values["search_form"]),
                bool(values["filters"]),
                buttons,
                values["icon_name"],
            )
            html = kept(key, render)
        return mark_safe(html.replace(DRAWER_MARK, self.filters_drawer, 1))  # noqa: S308

    def get_list_more_buttons(self, instance):
        # The reference already links to the application page, the one thing the row's
        # "more" menu offered (staff change applications only through its actions): no
        # dropdown per row keeps the queue's table light to send and to render.
        return []

    @cached_property
    def header_buttons(self):
        user = self.request.user
        if not user.has_perm(perms.REVIEW):
            return []
        return [
            HeaderButton(
                _("Ontvangst bevestigen"),
                url=reverse("fonds_application:acknowledge_many"),
                icon_name="tasks",
            ),
            HeaderButton(
                _("Aanvraag invoeren voor huurder"),
                url=reverse("fonds_application:intake"),
                icon_name="plus",
            ),
        ]


class ApplicationInspectView(ReadableInspectMixin, InspectView):
    template_name = "fonds/admin/application_inspect.html"

    def get_object(self, queryset=None):
        # Only what every request shows (the report's section); the people and places
        # of the facts and the actions are read when those are rendered, not kept.
        application = get_object_or_404(Application.objects.select_related("report"), pk=self.pk)
        report = getattr(application, "report", None)
        if report is not None:
            # Who submitted and who approved it, in one query: only a granted application
            # has a report, and joining two people's columns to every application's read
            # cost more to build than the query it saves.
            _with_people(report, "submitted_by", "reviewed_by")
        # What the actions and the involvement rule read, one query each: the conflicts
        # without their people (read when who stepped aside is rendered, selectors.part);
        # the other parts only when the facts are rendered rather than taken from the
        # cache. The advice only where one can still be open (its term, the "continue" move).
        parts = (Prefetch("conflicts", queryset=ConflictOfInterest.objects.all()),)
        if application.status in ADVICE_MAY_BE_OPEN:
            parts += application_parts(("advices",))
        prefetch_related_objects([application], *parts)
        return application

    def get_fields(self):
        return [
            "reference",
            "status",
            "applicant",
            "contact_name",
            "contact_address",
            "contact_phone",
            "contact_channel",
            "applicant_kind",
            "resident_group",
            "group_name",
            "wijk",
            "pillar",
            "amount_requested",
            "iban",
            "account_holder",
            "reviewer",
            "submitted_at",
            "acknowledge_due",
            "target_due",
            "answer_due",
        ]

    def get_fields_context(self):
        # The fields are shown in the facts, rendered only when not kept (facts()).
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.object
        user = self.request.user
        # What this person may do, computed once: one query for the reach of the role,
        # the involvement rule once (remembered on the application).
        reach = perms.reached_permissions(user, application)
        can_review = perms.can_review(user, application, reach=reach)
        allowed = {
            t.name
            for t in transitions_from(application.status)
            if t.name not in ("submit", "answer", "withdraw", "give_advice")
            and perms.can_transition(user, application, t, reach=reach)[0]
        }
        advices = (
            list(application.advices.all()) if application.status in ADVICE_MAY_BE_OPEN else []
        )
        asked = services.open_advice(application, advices=advices)
        advice_due = services.advice_term_end(asked) if asked else None
        if advice_due is None or timezone.now() <= advice_due:
            allowed.discard("continue_without_advice")  # only once the advice term passed
        actions = _ordered_actions(allowed)
        draft = self.request.session.pop(DECISION_DRAFT_KEY, None)
        if not isinstance(draft, dict) or draft.get("pk") != application.pk:
            draft = {}
        # Who may review: for the choice when the review starts; choosing another
        # reviewer later has a page of its own (assign_page).
        involved_staff = None
        if can_review and application.status == Status.ONTVANGEN:
            reviewers, involved_staff = _reviewers(application)
        else:
            reviewers = []
        context.update(
            {
                "application": application,
                "actions": actions,
                "main_action": actions[0] if actions else None,
                "labels": {name: TRANSITIONS[name].label for name in allowed},
                "my_involvement": perms.involvement(user, application),
                "contact_channels": ApplicantContact.Channel.choices,
                "outcomes": Outcome.choices,
                "can_review": can_review,
                "can_assign": can_assign(user, application, reach=reach),
                "reviewers": reviewers,
                "has_conflict": perms.has_conflict(user, application),
                "can_step_aside": not perms.has_conflict(user, application)
                and application.status not in CLOSED,
                "can_reduce": "reduce" in allowed,
                "draft": draft,
            }
        )
        context["facts"], context["actions_column"] = self.facts(
            letter_forms=bool(application.informed_offline and can_review),
            advice_due=advice_due,
            involved_staff=involved_staff,
            can_review=can_review,
            actions=self.actions_part(context, decides="decide" in allowed),
        )
        return context

    def actions_part(self, context, *, decides: bool):
        """The column of what this person may do now, as a part for facts() to read with
        the others, or rendered at once with a decision draft from the session (for this
        request only). Its template is the page's most costly part, and it changes only
        with the application (its token), the reader and what decides their buttons (the
        key below); roles, names and the fund's settings renew everything (fonds.signals).
        It is kept with marks for the CSRF token and the submission tokens, which
        fill_tokens() puts in afresh for each request."""
        application, request = self.object, self.request
        draft = context["draft"]

        def render() -> str:
            threshold = Decimal(_threshold())
            values = {
                name: context[name]
                for name in (
                    "actions",
                    "labels",
                    "my_involvement",
                    "can_review",
                    "can_assign",
                    "has_conflict",
                    "can_step_aside",
                    "reviewers",
                    "outcomes",
                    "contact_channels",
                )
            }
            values.update(
                application=application,
                me=request.user.pk,
                draft=draft,
                threshold=threshold,
                proposes=not decides
                or services.decision_needs_confirmation(
                    application,
                    draft.get("outcome") or Outcome.GRANTED,
                    _amount_or_none(draft),
                    threshold=threshold,
                ),
                checklist=[
                    (
                        field,
                        application._meta.get_field(field).verbose_name,
                        getattr(application, field),
                    )
                    for field in services.CHECKLIST
                ],
                csrf_token=CSRF_MARK,
            )
            html = render_to_string("fonds/admin/application_actions.html", values)
            return SUBMISSION_TOKEN.sub(SUBMISSION_MARK, html)

        if draft:
            return render()
        key = (
            request.user.pk,
            context["actions"],
            context["my_involvement"],
            context["can_review"],
            context["can_assign"],
            context["has_conflict"],
            context["can_step_aside"],
            [(person.pk, str(person)) for person in context["reviewers"]],
        )
        return (
            "fonds-application",
            application.pk,
            f"actions:{request.user.pk}:{get_language()}:{_digest(key)}",
            render,
            ACTIONS_CODE(),
        )

    def fill_tokens(self, html: str) -> str:
        """The kept actions column with this request's CSRF token and a new submission
        token in each form."""
        csrf = get_token(self.request)
        return mark_safe(  # noqa: S308 - rendered from the template, the tokens are ours
            SUBMISSION_MARK_RE.sub(
                lambda _m: f'name="{TOKEN_FIELD}" value="{new_token()}"',
                html.replace(CSRF_MARK, csrf),
            )
        )

    def sections(self, *, can_review: bool) -> dict[str, str]:
        """The payout plan, the contributions and the accountability report, with the
        moves this person may make (forms with their CSRF token): rendered for every
        request, put in the facts at their marks."""
        application = self.object
        context = {"application": application, "can_review": can_review}
        if application.status in ONCE_GRANTED:
            names = ("payouts", "donations", "report")
        else:
            # Before a grant there is no payout plan and nobody can have contributed (the
            # sections' own rule): the plan's empty section, the same for everyone, and
            # no contributions; the report only when there is one (read with the
            # application), rendered as always.
            names = ("report",) if getattr(application, "report", None) is not None else ()
        sections = {"payouts": _no_payout_plan(), "donations": "", "report": ""}
        for name in names:
            sections[name] = render_to_string(
                f"fonds/admin/{name}_slot.html", context, request=self.request
            )
        return sections

    def facts(
        self, *, letter_forms: bool, advice_due, involved_staff, can_review, actions
    ) -> tuple[str, str]:
        """The facts column: the same for every member of staff until the application or
        a part of it changes (portal.fragment_cache, fonds.signals), with what depends on
        the reader or on today filled in at its marks. With the letters' "sent" buttons
        (forms with this person's CSRF token) it is rendered for this request only.
        The budget's position, who stepped aside and this reader's actions column
        (`actions`: a part, or HTML rendered already) are kept beside it: all read in one
        round trip. Returns the facts column and the actions column."""
        application = self.object
        language = get_language()
        code = FACTS_CODE()
        wijk_id = application.wijk_id
        year = timezone.localdate().year
        # The facts first: rendered, they read the people and places the others name.
        parts = []
        if not letter_forms:
            parts.append(
                (
                    "fonds-application",
                    application.pk,
                    language,
                    lambda: self.render_facts(letter_forms=False),
                    code,
                )
            )
        parts += [
            (
                "fonds-budget",
                0,
                f"{year}:{wijk_id}:{language}",
                lambda: render_to_string(
                    "fonds/admin/budget_position.html",
                    {
                        "application": application,
                        "position": budget_position_in(year, wijk_id),
                    },
                ),
                code,
            ),
            # Who stepped aside: of the people involved (read for this request's
            # permissions anyway: the application's own and its initiative's team), the
            # staff; the conflicts come with the application's token, and a change of
            # roles renews every part (fonds.signals).
            (
                "fonds-application",
                application.pk,
                f"aside:{language}:{_digest(sorted(perms.involved_people(application).items()))}",
                lambda: render_to_string(
                    "fonds/admin/stepped_aside.html",
                    {"stepped_aside": stepped_aside(application, involved_staff=involved_staff)},
                ),
                code,
            ),
        ]
        if isinstance(actions, tuple):
            parts.append(actions)
        if letter_forms:
            html = self.render_facts(letter_forms=True)
            kept = fragment_cache.fragments(*parts)
        else:
            html, *kept = fragment_cache.fragments(*parts)
        position, aside = kept[0], kept[1]
        actions = self.fill_tokens(kept[2] if isinstance(actions, tuple) else actions)
        passed = ""
        if advice_due is not None and timezone.now() > advice_due:
            passed = format_html(
                '<p class="help-block help-warning">{}</p>',
                _("De adviestermijn is verstreken (%(due)s). U kunt verder zonder advies.")
                % {"due": datum_lang(advice_due)},
            )
        # After the facts: when they were rendered, the parts they read are at hand.
        sections = self.sections(can_review=can_review)
        column = mark_safe(  # noqa: S308 - each piece is rendered and escaped above
            html.replace("<!--fw:position-->", position, 1)
            .replace("<!--fw:advice-term-->", passed, 1)
            .replace("<!--fw:stepped-aside-->", aside, 1)
            .replace("<!--fw:payouts-->", sections["payouts"], 1)
            .replace("<!--fw:donations-->", sections["donations"], 1)
            .replace("<!--fw:report-->", sections["report"], 1)
        )
        return column, actions

    def render_facts(self, *, letter_forms: bool) -> str:
        application = self.object
        people = Application.objects.select_related(*FACTS_RELATED).get(pk=application.pk)
        for name in FACTS_RELATED:
            setattr(application, name, getattr(people, name))
        prefetch_related_objects([application], *application_parts(FACTS_PARTS))
        lines = list(application.budget_lines.all())
        contributions = list(application.contributions.all())
        return render_to_string(
            "fonds/admin/application_facts.html",
            {
                "application": application,
                "fields": super().get_fields_context(),
                "lines": lines,
                "lines_total": sum((line.amount for line in lines), Decimal("0")),
                "contributions": contributions,
                "contributions_total": sum((c.amount for c in contributions), Decimal("0")),
                "questions": list(application.questions.all()),
                "advices": list(application.advices.all()),
                "ledger": list(application.ledger_entries.all()),
                "letters": _letters_with_contacts(application),
                "contacts": list(application.contacts.all()),
                "timeline": timeline_items(application, application_timeline(application)),
                "letter_forms": letter_forms,
            },
            request=self.request if letter_forms else None,
        )


def _with_people(obj, *names: str) -> None:
    """Put the people of `obj`'s foreign keys `names` on it, read in one query (none when
    all are empty)."""
    from django.contrib.auth import get_user_model

    ids = {getattr(obj, f"{name}_id") for name in names} - {None}
    people = get_user_model().objects.in_bulk(ids) if ids else {}
    for name in names:
        setattr(obj, name, people.get(getattr(obj, f"{name}_id")))


# The people and places only the facts name (one query, when they are rendered).
FACTS_RELATED = ("applicant", "wijk", "pillar", "reviewer", "confirmed_by", "entered_by")
# The parts of an application (selectors.application_parts) that only the facts show.
FACTS_PARTS = (
    "advices",
    "budget_lines",
    "contributions",
    "questions",
    "letters",
    "contacts",
    "ledger_entries",
)


# The tokens of one reader's forms, put into the kept actions column at each request.
CSRF_MARK = "fw-csrf-token-mark"
SUBMISSION_MARK = f'name="{TOKEN_FIELD}" value="fw-submission-token-mark"'
SUBMISSION_MARK_RE = re.compile(re.escape(SUBMISSION_MARK))
SUBMISSION_TOKEN = re.compile(f'name="{TOKEN_FIELD}" value="[0-9a-f]{{32}}"')


def _no_payout_plan() -> str:
    """The payouts section of an application without a plan (not granted), as
    payout_tags.payouts_section renders it: rendered once per process and language."""
    return fragment_cache.in_process(
        ("fonds-no-payout-plan", get_language()),
        lambda: render_to_string(
            "fonds/admin/payouts_section.html", {"rows": [], "can_change": False}
        ),
    )


@lru_cache
def _code(*names: str) -> str:
    """A short hash of this app's files that render a kept part, read once per process."""
    from pathlib import Path

    here = Path(__file__).resolve().parent
    return fragment_cache.code_version(*(str(here / name) for name in names))


def ACTIONS_CODE() -> str:  # noqa: N802 - a constant, read once per process
    return _code(
        "templates/fonds/admin/application_actions.html", "admin_views.py", "transitions.py"
    )


def FACTS_CODE() -> str:  # noqa: N802 - a constant, read once per process
    return _code(
        "templates/fonds/admin/application_facts.html",
        "templates/fonds/admin/budget_position.html",
        "templates/fonds/admin/stepped_aside.html",
        "admin_views.py",
        "selectors.py",
    )


# The order in which the actions of a status are offered: the one that moves the
# application on comes first.
ACTION_ORDER = (
    "acknowledge",
    "start_review",
    "decision",
    "confirm",
    "send_back",
    "reduce",
    "ask_question",
    "ask_advice",
    "withdraw_advice",
    "continue_without_advice",
)
DECISION_DRAFT_KEY = "fonds_decision_draft"
# Where a request for advice can still be open: while the HWZ advises, and after the
# applicant withdrew meanwhile (giving, withdrawing or going on without it ends it).
ADVICE_MAY_BE_OPEN = (Status.ADVIES_HWZ, Status.INGETROKKEN)
CLOSED = (
    Status.TOEGEKEND,
    Status.DEELS_TOEGEKEND,
    Status.AFGEWEZEN,
    Status.INGETROKKEN,
    Status.VERVALLEN,
)


def _digest(value) -> str:
    """A short name for what decides a kept part, for its cache key."""
    return hashlib.sha1(repr(value).encode(), usedforsecurity=False).hexdigest()[:16]


def _threshold() -> str:
    """The fund's four-eyes threshold as kept: read without making the settings' row
    (FundSettings.load() would save one, and that save renews what is kept)."""
    value = FundSettings.objects.values_list("confirmation_threshold", flat=True).first()
    if value is None:
        value = FundSettings._meta.get_field("confirmation_threshold").get_default()
    return str(value)


def _ordered_actions(allowed: set[str]) -> list[str]:
    """The allowed moves in the order of ACTION_ORDER; deciding and proposing are one
    form ("decision") that does whichever the amount asks for."""
    names = set(allowed)
    if names & {"decide", "propose"}:
        names -= {"decide", "propose"}
        names.add("decision")
    known = [name for name in ACTION_ORDER if name in names]
    return known + sorted(names - set(ACTION_ORDER))


def _amount_or_none(draft: dict):
    try:
        return parse_money(draft.get("amount", "")) if draft.get("amount") else None
    except ValidationError:
        return None


def _reviewers(application) -> tuple[list, list]:
    """Who could review this application (the right role, reaching its wijk, not
    involved), and, read in the same query, the staff among the involved people without a
    recorded conflict (for stepped_aside)."""
    others = involved_unrecorded(application)
    people = services.people_reaching(
        "review_application",
        application.wijk_id,
        application=application,
        also=fund_staff(others) if others else None,
    ).order_by("first_name", "last_name", "pk")
    reviewers, involved = [], []
    for person in people:
        (involved if person.pk in others else reviewers).append(person)
    return reviewers, involved


def moment(when) -> tuple[str, str]:
    """An aware moment as the admin shows it, in Amsterdam time: its ISO form for
    <time datetime> and "26 november 2026 14:05" (the day written out once per worker)."""
    from portal.templatetags.portal_tags import formatted_day

    local = timezone.localtime(when)
    return local.isoformat(), f"{formatted_day(local.date(), 'j F Y')} {local:%H:%M}"


def timeline_items(application, entries) -> str:
    """The timeline's <li> items, written out in Python (a long application has dozens;
    a template loop with its date filters cost more than building the timeline)."""
    from django.template.defaultfilters import linebreaksbr
    from django.utils.html import format_html
    from django.utils.safestring import mark_safe

    if not entries:
        return format_html("<li>{}</li>", _("Nog niets gebeurd."))
    fund = _("het fonds")
    letter_url = reverse("fonds_application:letter", args=[application.pk, 0])[: -len("0/")]
    items = []
    for entry in entries:
        iso, shown = moment(entry.when)
        title = (
            format_html('<a href="{}{}/">{}</a>', letter_url, entry.letter.pk, entry.title)
            if entry.letter
            else format_html("{}", entry.title)
        )
        text = format_html(": {}", linebreaksbr(entry.text, autoescape=True)) if entry.text else ""
        items.append(
            format_html(
                '<li data-kind="{}"><time datetime="{}">{}</time> – <strong>{}</strong> – {}{}'
                "</li>",
                entry.kind,
                iso,
                shown,
                title,
                entry.who if entry.who else fund,
                text,
            )
        )
    return mark_safe("".join(items))  # noqa: S308 - each item is built by format_html


def _letters_with_contacts(application) -> list:
    """The letters, each with the contacts that sent it (from the prefetched parts)."""
    sent: dict[int, list] = {}
    for contact in application.contacts.all():
        if contact.letter_id:
            sent.setdefault(contact.letter_id, []).append(contact)
    return [(letter, sent.get(letter.pk, [])) for letter in application.letters.all()]


def parse_amount(value: str):
    """An amount as a Dutch person types it: 450, 450,50, 1.250 or 1.250,50 (and 450.50);
    NaN, exponents and more than two decimals are refused."""
    try:
        return parse_money(value)
    except ValidationError as exc:
        raise ValidationError({"amount": exc.messages}) from exc


def _person(pk: str):
    from portal.models import User

    pk = int_param(pk)
    return User.objects.filter(pk=pk, is_active=True).first() if pk else None


def _tri(value: str):
    return {"ja": True, "nee": False}.get(value)


# What staff read after an action: what happened, in a sentence.
DONE = {
    "acknowledge": _("De ontvangst is bevestigd; de aanvrager heeft de bevestiging gekregen."),
    "start_review": _("De beoordeling is begonnen."),
    "assign": _("De aanvraag heeft een nieuwe behandelaar, die bericht heeft gekregen."),
    "ask_question": _(
        "De vraag is naar de aanvrager gestuurd. De klok staat stil tot het antwoord er is."
    ),
    "ask_advice": _("De HWZ is om advies gevraagd."),
    "decide": _("Het besluit is genomen en naar de aanvrager gestuurd."),
    "propose": _("Het voorstel is klaargezet: een coördinator bevestigt het."),
    "reduce": _("Het toegekende bedrag is verlaagd; de aanvrager heeft bericht gekregen."),
    "confirm": _("Het besluit is bevestigd en naar de aanvrager gestuurd."),
    "send_back": _("Het voorstel is teruggestuurd naar de behandelaar."),
    "checklist": _("De checklist is opgeslagen."),
    "contact": _("Het contact met de aanvrager is vastgelegd."),
    "conflict": _("U bent teruggetreden bij deze aanvraag."),
    "withdraw_advice": _("De vraag om advies is ingetrokken; de HWZ heeft bericht gekregen."),
    "continue_without_advice": _("De behandeling gaat verder zonder advies van de HWZ."),
}


def assign_page(request, pk: int):
    """Choosing another reviewer, on a page of its own: the list of who may review is a
    query the application's page need not make on every visit."""
    application = get_object_or_404(Application.objects.select_related("wijk", "reviewer"), pk=pk)
    if not can_assign(request.user, application):
        raise PermissionDenied
    reviewers, _involved = _reviewers(application)
    return TemplateResponse(
        request,
        "fonds/admin/application_assign.html",
        {
            "application": application,
            "reviewers": reviewers,
            "page_title": _("Andere behandelaar kiezen"),
            "page_subtitle": application.reference,
        },
    )


def can_assign(user, application, *, reach=None) -> bool:
    return application.status in services.REVIEW_STATUSES and perms.can_review(
        user, application, reach=reach
    )


@require_http_methods(["GET", "POST"])
def application_action(request, pk: int, name: str):
    """One action on an application (the viewset has checked the wijk). Choosing another
    reviewer has a page of its own (GET); every action is done by a POST."""
    if request.method == "GET":
        if name == "assign":
            return assign_page(request, pk)
        return HttpResponseNotAllowed(["POST"])
    application = get_object_or_404(Application, pk=pk)
    data, user = request.POST, request.user
    try:
        if name == "acknowledge":
            services.application_acknowledge(application=application, user=user)
        elif name == "start_review":
            services.application_start_review(
                application=application, user=user, reviewer=_person(data.get("reviewer"))
            )
        elif name == "assign":
            services.application_assign(
                application=application, user=user, reviewer=_person(data.get("reviewer"))
            )
        elif name == "ask_question":
            services.application_ask_question(
                application=application, user=user, text=free_text(data.get("text"))
            )
        elif name == "ask_advice":
            services.application_ask_advice(application=application, user=user)
        elif name == "withdraw_advice":
            services.application_withdraw_advice(
                application=application, user=user, reason=free_text(data.get("reason"))
            )
        elif name == "continue_without_advice":
            services.application_continue_without_advice(
                application=application, user=user, reason=free_text(data.get("reason"))
            )
        elif name in ("decide", "propose", "decision"):
            outcome = data.get("outcome", "")
            amount = parse_amount(data.get("amount", ""))
            if name == "decision":
                # The one decision form: above the four-eyes threshold it proposes.
                name = (
                    "propose"
                    if services.decision_needs_confirmation(application, outcome, amount)
                    else "decide"
                )
            service = (
                services.application_decide if name == "decide" else services.application_propose
            )
            service(
                application=application,
                user=user,
                outcome=outcome,
                amount=amount,
                conditions=free_text(data.get("conditions")),
                reason=free_text(data.get("reason")),
            )
        elif name == "reduce":
            services.application_reduce_grant(
                application=application,
                user=user,
                amount=parse_amount(data.get("amount", "")),
                reason=data.get("reason", ""),
            )
        elif name == "confirm":
            services.application_confirm(application=application, user=user)
        elif name == "send_back":
            services.application_send_back(
                application=application, user=user, reason=free_text(data.get("reason"))
            )
        elif name == "checklist":
            services.application_checklist(
                application=application,
                user=user,
                values={field: _tri(data.get(field, "")) for field in services.CHECKLIST},
            )
        elif name == "contact":
            letter = None
            if data.get("letter", ""):
                letter_pk = int_param(data["letter"])
                letter = application.letters.filter(pk=letter_pk).first() if letter_pk else None
                if letter is None:
                    raise ValidationError(_("Kies een brief uit de lijst."))
            services.contact_record(
                application=application,
                user=user,
                channel=data.get("channel", ""),
                summary=free_text(data.get("summary")),
                letter=letter,
            )
        elif name == "conflict":
            reason = free_text(data.get("reason"))
            if len(reason) > 300:
                raise ValidationError(_("Houd de reden kort: hoogstens 300 tekens."))
            services.conflict_declare(application=application, user=user, reason=reason)
        else:
            raise PermissionDenied
    except (ValidationError, PermissionDenied) as exc:
        if name in ("decide", "propose"):
            # Keep what was typed: the page fills the decision form in again.
            request.session[DECISION_DRAFT_KEY] = {
                "pk": application.pk,
                **{
                    key: str(data.get(key, ""))[:5000]
                    for key in ("outcome", "amount", "conditions", "reason")
                },
            }
        messages.error(request, " ".join(getattr(exc, "messages", None) or [str(exc)]))
    else:
        messages.success(request, DONE[name])
    return redirect("fonds_application:inspect", pk=application.pk)


def letter_pdf(request, pk: int, letter_pk: int):
    """A letter's PDF, to print and post (the viewset has checked the wijk). Letters are
    the applicant's correspondence: staff who handle applications only, not advisers."""
    from .views import letter_response

    application = get_object_or_404(Application.objects.select_related("wijk"), pk=pk)
    if not perms.can_review(request.user, application):
        raise PermissionDenied
    return letter_response(application, letter_pk)


def acknowledge_many(request):
    """Acknowledge several submitted applications at once: those waiting for it in the
    wijken of this person, most urgent first."""
    from portal.permissions import in_reach

    if not request.user.has_perm(perms.REVIEW):
        raise PermissionDenied
    waiting = (
        perms.exclude_involved(
            in_reach(Application.objects.filter(status=Status.INGEDIEND), request.user),
            request.user,
        )
        .select_related("wijk")
        .order_by("acknowledge_due", "pk")
    )
    if request.method == "POST":
        chosen = waiting.filter(pk__in=ids_param(request.POST.getlist("ids")))
        if not chosen:
            messages.error(request, _("Kies een of meer aanvragen."))
        else:
            done, refused = services.applications_acknowledge(
                applications=list(chosen), user=request.user
            )
            if done:
                messages.success(
                    request,
                    ngettext(
                        "De ontvangst van %(count)d aanvraag is bevestigd.",
                        "De ontvangst van %(count)d aanvragen is bevestigd.",
                        len(done),
                    )
                    % {"count": len(done)},
                )
            for line in refused:
                messages.error(request, line)
            return redirect("fonds_application:acknowledge_many")
    return TemplateResponse(
        request,
        "fonds/admin/acknowledge_many.html",
        {"applications": waiting[:200], "page_title": _("Ontvangst bevestigen")},
    )


def intake(request, pk: int | None = None):
    """Enter an application for a tenant who is not online: keep it as a concept and come
    back to it, or submit it (the terms count from the day the paper form came in)."""
    from portal.permissions import in_reach

    from .forms import BudgetLineFormSet, ContributionFormSet, IntakeForm
    from .views import budget_display, put_errors, with_one_more

    if not request.user.has_perm(perms.REVIEW):
        raise PermissionDenied
    user = request.user
    application = None
    if pk is not None:
        try:
            application = services.intake_concept(pk, user=user)
        except PermissionDenied as exc:
            raise Http404 from exc
    initial = (
        {"tenant_email": application.applicant.email}
        if application and application.applicant
        else None
    )
    form = IntakeForm(
        request.POST or None,
        request.FILES or None,
        instance=application,
        user=user,
        initial=initial,
    )
    lines = BudgetLineFormSet(request.POST or None, instance=application, prefix="regels")
    others = ContributionFormSet(request.POST or None, instance=application, prefix="bijdragen")
    status, budget_errors = 200, []
    if request.method == "POST" and (adding := request.POST.get("toevoegen")):
        lines, others = with_one_more(form, lines, others, adding)
    elif request.method == "POST":
        if form.is_valid() and lines.is_valid() and others.is_valid():
            data = {k: form.cleaned_data[k] for k in form.Meta.fields}
            submit = bool(request.POST.get("indienen"))
            try:
                saved = services.application_intake(
                    user=user,
                    applicant=form.cleaned_data["tenant_email"],
                    data=data,
                    lines=lines,
                    contributions=others,
                    attachments=form.cleaned_data["attachments"],
                    application=application,
                    received_on=form.cleaned_data["received_on"],
                    submit=submit,
                )
            except ValidationError as exc:
                budget_errors = put_errors(form, exc)
            except PermissionDenied as exc:
                form.add_error("wijk", str(exc))
            else:
                if not submit:
                    messages.success(
                        request,
                        _(
                            "De aanvraag “%(title)s” is bewaard als concept. U vindt hem terug "
                            "onder Concepten op deze pagina."
                        )
                        % {"title": saved.title},
                    )
                    return redirect("fonds_application:intake_edit", pk=saved.pk)
                messages.success(
                    request,
                    _("De aanvraag is ingediend met kenmerk %(reference)s.")
                    % {"reference": saved.reference},
                )
                return redirect("fonds_application:inspect", pk=saved.pk)
        status = 400
    concepts = (
        in_reach(Application.objects.filter(status=Status.CONCEPT, entered_by__isnull=False), user)
        .select_related("entered_by")
        .order_by("-pk")
    )
    return TemplateResponse(
        request,
        "fonds/admin/intake.html",
        {
            "form": form,
            "lines": lines,
            "others": others,
            "sums": budget_display(lines, others),
            "budget_errors": [("kosten", e) for e in budget_errors],
            "application": application,
            "concepts": concepts,
            "page_title": _("Aanvraag invoeren voor een huurder"),
            **{
                f"{part}_fields": [form[name] for name in names]
                for part, names in IntakeForm.PARTS.items()
            },
        },
        status=status,
    )
