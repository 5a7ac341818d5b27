"""Reads of the fund: the budget position (computed in SQL from the ledger), the check
that a year's split over wijken holds, who stepped aside from an application, and an
application's timeline."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.db.models import DecimalField, Q, Sum, TextChoices, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from .models import FundYear, LedgerEntry, WijkBudget

ZERO = Decimal("0.00")


class Scope(TextChoices):
    YEAR = "jaar", _("het hele jaar")
    WIJK = "wijk", _("het budget van de wijk")
    UNALLOCATED = "rest", _("het deel van het jaar dat niet over de wijken is verdeeld")


@dataclass(frozen=True)
class BudgetPosition:
    budget: Decimal
    committed: Decimal  # granted, net of what was released again
    paid: Decimal
    available: Decimal
    scope: str = Scope.YEAR


@dataclass(frozen=True)
class _Sums:
    used: Decimal  # committed minus released
    paid: Decimal


def ledger_sums(prefix: str = "", where: Q | None = None, name: str = "{kind}") -> dict:
    """Every kind's total as expressions for aggregate() or annotate(), named by
    `name` ("{kind}" is the kind's value); ledger_net() adds them up. `prefix` reaches
    the entries through a relation ("entries__"); `where` narrows them. (The signs are
    applied in Python: SQLite would do the arithmetic in floating point.)"""
    money = DecimalField(max_digits=14, decimal_places=2)
    zero = Value(ZERO, output_field=money)
    where = where if where is not None else Q()
    return {
        name.format(kind=kind.value): Coalesce(
            Sum(f"{prefix}amount", filter=where & Q(**{f"{prefix}kind": kind})), zero
        )
        for kind in LedgerEntry.Kind
    }


def ledger_net(row: dict, name: str = "{kind}") -> tuple[Decimal, Decimal]:
    """(used, paid out) from a row of ledger_sums(): what counts against the budget and
    what left the account, net, each kind with its sign (LedgerEntry.USED, PAID_OUT)."""

    def total(signs):
        return sum(
            (sign * (row[name.format(kind=k.value)] or ZERO) for k, sign in signs.items()), ZERO
        )

    return total(LedgerEntry.USED), total(LedgerEntry.PAID_OUT)


def _sums_per_wijk(fund_year: FundYear) -> dict[int, _Sums]:
    """Per wijk what is used and paid in the year: one grouped query."""
    rows = (
        LedgerEntry.objects.filter(fund_year=fund_year)
        .values("wijk_id")
        .order_by("wijk_id")
        .annotate(**ledger_sums())
    )
    return {row["wijk_id"]: _Sums(*ledger_net(row)) for row in rows}


def _shares(fund_year: FundYear) -> dict[int, Decimal]:
    return dict(WijkBudget.objects.filter(fund_year=fund_year).values_list("wijk_id", "amount"))


def budget_position(fund_year: FundYear, wijk=None) -> BudgetPosition:
    """The year's position; with `wijk`, what that wijk may still use.

    A wijk with a share of the year uses that share; a wijk without one uses the part of
    the year that no share holds, together with the other wijken without a share (the
    position then is that part's). Neither is ever more than what is left in the year.
    Paying out moves money that was committed, so what is used is committed minus
    released; payouts are part of it, never on top of it. Two queries."""
    sums = _sums_per_wijk(fund_year)
    used = sum((s.used for s in sums.values()), ZERO)
    paid = sum((s.paid for s in sums.values()), ZERO)
    year_available = fund_year.budget - used
    if wijk is None:
        return BudgetPosition(fund_year.budget, used, paid, year_available, Scope.YEAR)
    shares = _shares(fund_year)
    wijk_id = getattr(wijk, "pk", wijk)
    if wijk_id in shares:
        own = sums.get(wijk_id, _Sums(ZERO, ZERO))
        available = min(shares[wijk_id] - own.used, year_available)
        return BudgetPosition(shares[wijk_id], own.used, own.paid, available, Scope.WIJK)
    outside = [s for wijk_pk, s in sums.items() if wijk_pk not in shares]
    pool = fund_year.budget - sum(shares.values(), ZERO)
    pool_used = sum((s.used for s in outside), ZERO)
    pool_paid = sum((s.paid for s in outside), ZERO)
    available = min(pool - pool_used, year_available)
    return BudgetPosition(pool, pool_used, pool_paid, available, Scope.UNALLOCATED)


def budget_position_in(year: int, wijk=None) -> BudgetPosition | None:
    """budget_position() of the fund year `year` (None when it has no budget yet) in one
    query: the year, its ledger sums and its wijk shares read together, for pages that
    show the position next to other things."""
    from django.db.models import OuterRef, Subquery

    money = DecimalField(max_digits=14, decimal_places=2)
    zero = Value(ZERO, output_field=money)
    shares = WijkBudget.objects.filter(fund_year=OuterRef("pk"))
    wijk_id = getattr(wijk, "pk", wijk)
    outside = ~Q(entries__wijk__in=shares.values("wijk_id"))
    scopes = {"year": Q(), "outside": outside}
    if wijk_id is not None:
        scopes["wijk"] = Q(entries__wijk_id=wijk_id)
    sums = {
        name: expression
        for scope, where in scopes.items()
        for name, expression in ledger_sums("entries__", where, scope + "_{kind}").items()
    }
    total = shares.order_by().values("fund_year").annotate(total=Sum("amount")).values("total")
    extra = {"shares_total": Coalesce(Subquery(total, output_field=money), zero)}
    if wijk_id is not None:
        extra["share"] = Subquery(shares.filter(wijk_id=wijk_id).values("amount")[:1])
    row = (
        FundYear.objects.filter(year=year)
        .annotate(**sums, **extra)
        .values("budget", *sums, *extra)
        .first()
    )
    if row is None:
        return None

    net = {scope: ledger_net(row, scope + "_{kind}") for scope in scopes}

    def used(scope):
        return net[scope][0]

    budget = row["budget"]
    year_available = budget - used("year")
    if wijk_id is None:
        return BudgetPosition(budget, used("year"), net["year"][1], year_available, Scope.YEAR)
    if row["share"] is not None:
        available = min(row["share"] - used("wijk"), year_available)
        return BudgetPosition(row["share"], used("wijk"), net["wijk"][1], available, Scope.WIJK)
    pool = budget - row["shares_total"]
    available = min(pool - used("outside"), year_available)
    return BudgetPosition(pool, used("outside"), net["outside"][1], available, Scope.UNALLOCATED)


def check_budget_split(fund_year: FundYear, budget: Decimal, shares: dict[int, Decimal]):
    """Refuse (ValidationError) a year's budget and wijk shares that do not hold what is
    already committed: a share below what its wijk uses, shares that add up to more than
    the year, or leave too little for what is committed in wijken without a share."""
    from portal.models import Wijk
    from portal.templatetags.portal_tags import euro

    sums = _sums_per_wijk(fund_year) if fund_year.pk else {}
    used = sum((s.used for s in sums.values()), ZERO)
    if budget < used:
        raise ValidationError(
            _("Er is al %(used)s vastgelegd; het budget kan niet lager worden.")
            % {"used": euro(used)}
        )
    for wijk_id, amount in shares.items():
        own = sums.get(wijk_id)
        if own is not None and amount < own.used:
            raise ValidationError(
                _(
                    "In %(wijk)s is al %(used)s vastgelegd; het budget van die wijk kan niet "
                    "lager worden."
                )
                % {"wijk": Wijk.objects.get(pk=wijk_id).name, "used": euro(own.used)}
            )
    total = sum(shares.values(), ZERO)
    if total > budget:
        raise ValidationError(
            _(
                "De wijkbudgetten samen (%(total)s) worden groter dan het budget van het jaar "
                "(%(budget)s)."
            )
            % {"total": euro(total), "budget": euro(budget)}
        )
    outside = sum((s.used for wijk_id, s in sums.items() if wijk_id not in shares), ZERO)
    if total + outside > budget:
        raise ValidationError(
            _(
                "In wijken zonder eigen budget is al %(outside)s vastgelegd; samen met de "
                "wijkbudgetten (%(total)s) is dat meer dan het budget van het jaar "
                "(%(budget)s)."
            )
            % {"outside": euro(outside), "total": euro(total), "budget": euro(budget)}
        )


@dataclass(frozen=True)
class SteppedAside:
    person: object  # a User
    reason: str
    since: object  # when it was recorded (None: follows from the application right now)
    automatic: bool


def application_parts(names=None):
    """The parts of an application its pages show, each with the people it names: one
    query per part, for `prefetch_related_objects([application], *application_parts())`.
    The timeline, stepped_aside() and permissions.involved_people() then read them
    without querying again. `names`: only these parts (by their relation's name)."""
    if names is not None:
        return tuple(p for p in application_parts() if getattr(p, "prefetch_through", p) in names)
    from django.db.models import Prefetch

    from .models import ApplicantContact, ConflictOfInterest, HwzAdvice, Letter, Question

    return (
        "budget_lines",
        "contributions",
        Prefetch("questions", queryset=Question.objects.select_related("asked_by")),
        Prefetch(
            "advices",
            queryset=HwzAdvice.objects.select_related("requested_by", "adviser", "ended_by"),
        ),
        Prefetch("letters", queryset=Letter.objects.select_related("created_by")),
        Prefetch(
            "contacts", queryset=ApplicantContact.objects.select_related("recorded_by", "letter")
        ),
        Prefetch("ledger_entries", queryset=LedgerEntry.objects.select_related("created_by")),
        Prefetch("conflicts", queryset=ConflictOfInterest.objects.select_related("user")),
    )


def applicant_parts():
    """The questions and letters of an application as its applicant's page shows them
    (fonds.views.mine_detail), for `prefetch_related_objects`: each question with only the
    name of who asked it, each letter without its body or who made it (the applicant's
    timeline names neither). application_timeline(for_applicant=True) reads them as it
    reads application_parts(); fewer columns make each query cheaper to build and read."""
    from django.db.models import Prefetch

    from .models import Letter, Question

    return (
        Prefetch(
            "questions",
            queryset=Question.objects.select_related("asked_by").only(
                "application_id",
                "text",
                "asked_at",
                "answer",
                "answered_at",
                "asked_by__first_name",
                "asked_by__last_name",
                "asked_by__email",
            ),
        ),
        Prefetch(
            "letters",
            queryset=Letter.objects.only("application_id", "subject", "created_at"),
        ),
    )


@dataclass(frozen=True)
class BudgetRow:
    """A budget line or another source's contribution as the applicant's page lists it."""

    description: str
    amount: Decimal
    source: str = ""  # a contribution's source (Contribution.Source)

    def get_source_display(self) -> str:
        from .models import Contribution

        return str(dict(Contribution.Source.choices).get(self.source, self.source))


@lru_cache
def _budget_rows_sql() -> str:
    from .models import BudgetLine, Contribution

    return (
        f"SELECT 0, id, description, amount, '' FROM {BudgetLine._meta.db_table}"  # noqa: S608 - table names come from the models
        " WHERE application_id = %s UNION ALL"
        f" SELECT 1, id, description, amount, source FROM {Contribution._meta.db_table}"
        " WHERE application_id = %s ORDER BY 1, 2"
    )


def budget_rows(application) -> tuple[list[BudgetRow], list[BudgetRow]]:
    """The application's budget lines and contributions (each in the order they were
    entered) in one query written out once: building the two querysets cost more than
    reading the few rows."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(_budget_rows_sql(), [application.pk, application.pk])
        rows = cursor.fetchall()
    lines, contributions = [], []
    for kind, _pk, description, amount, source in rows:
        # PostgreSQL gives a Decimal, SQLite a number: as the model's field, to the cent
        row = BudgetRow(description, Decimal(str(amount)).quantize(CENT), source)
        (contributions if kind else lines).append(row)
    return lines, contributions


CENT = Decimal("0.01")


def part(application, name: str, *related: str) -> list:
    """`application.<name>` (a reverse relation) as a list: from the prefetch when the
    page made one (application_parts), with those of `related` it did not join read in
    one query each; else read now with `related` joined."""
    from django.db.models import prefetch_related_objects

    if name in getattr(application, "_prefetched_objects_cache", {}):
        items = list(getattr(application, name).all())
        if items and related:
            prefetch_related_objects(items, *related)  # no query for what is joined already
        return items
    return list(getattr(application, name).select_related(*related))


def fund_staff(ids):
    """Of the people `ids`, the active ones with a fund role (or superusers): a condition
    for a query of users."""
    from . import permissions as perms

    codenames = [name.split(".")[1] for name in perms.STAFF_PERMISSIONS]
    return Q(pk__in=list(ids), is_active=True) & (
        Q(is_superuser=True)
        | Q(
            groups__permissions__codename__in=codenames,
            groups__permissions__content_type__app_label="fonds",
        )
        | Q(
            user_permissions__codename__in=codenames,
            user_permissions__content_type__app_label="fonds",
        )
    )


def involved_unrecorded(application) -> dict[int, str]:
    """Who is involved in `application` (permissions.involved_people) without a recorded
    conflict of interest, with the reason."""
    from . import permissions as perms

    recorded = {c.user_id for c in part(application, "conflicts")}
    return {pk: r for pk, r in perms.involved_people(application).items() if pk not in recorded}


def stepped_aside(application, *, involved_staff=None) -> list[SteppedAside]:
    """Staff and advisers who take no part in `application`, and why: every recorded
    conflict of interest (declared, or recorded by the fund on submission), and anyone
    else with a fund role whom permissions.involvement() keeps out (a co-initiator added
    later, say). Residents who applied are not listed: they are not stepping aside.
    `involved_staff`: those people (fund_staff(involved_unrecorded(...))) when the page
    read them already, together with others."""
    from django.contrib.auth import get_user_model

    conflicts = sorted(part(application, "conflicts", "user"), key=lambda c: (c.declared_at, c.pk))
    found = [SteppedAside(c.user, c.reason, c.declared_at, c.automatic) for c in conflicts]
    others = involved_unrecorded(application)
    if others:
        if involved_staff is None:
            involved_staff = (
                get_user_model().objects.filter(fund_staff(others)).distinct().order_by("pk")
            )
        found += [
            SteppedAside(person, others[person.pk], None, True)
            for person in sorted(involved_staff, key=lambda person: person.pk)
        ]
    return found


@dataclass(frozen=True)
class TimelineEntry:
    when: object  # an aware datetime; shown in Europe/Amsterdam
    kind: str  # status, change, question, answer, advice_asked, advice_given,
    #            stepped_aside, letter, ledger, contact
    title: str
    who: object = None  # a User, or None (the fund itself, or not shown)
    text: str = ""  # why, the question, the answer, the advice
    letter: object = None  # for a letter: the Letter, to link its PDF


FOR_APPLICANT = ("status", "question", "answer", "letter")
_ORDER = {kind: n for n, kind in enumerate(("status", "change", "stepped_aside", "ledger"))}


def application_timeline(application, *, for_applicant: bool = False) -> list[TimelineEntry]:
    """The life of an application, oldest first, built from its history and its parts:
    every status change with who and why, other recorded changes (reviewer, checklist),
    questions and answers, advice asked and given, who stepped aside, letters, ledger
    entries and contacts. `for_applicant` keeps what is meant for the applicant: the
    steps with their dates, the questions (and who asked them) with their answers and the
    letters and the payouts paid, failed or asked back, never staff's own notes, the
    money's entries, advice or who stepped aside;
    the steps are named as the applicant reads them (RESIDENT_STATUS_LABELS).
    Queries: 4 for the applicant, 8 for staff, however long the timeline; 2 (its history
    and its tranches' history) when the page prefetched application_parts()."""
    from .models import Status, resident_status_label

    entries: list[TimelineEntry] = []
    status_labels = dict(Status.choices)  # get_status_display builds this for every call
    previous = None
    # Only the columns the timeline uses, with the names of who made each change: a
    # historical record carries every field of the application, and making dozens of
    # them (and their users) cost more than the rest of the timeline together.
    # The applicant reads neither who nor why: for them only when and which status.
    history = application.history.order_by("history_date", "history_id")
    if for_applicant:
        records = (
            (when, status, "", None, "", "", "")
            for when, status in history.values_list("history_date", "status")
        )
    else:
        records = history.values_list(
            "history_date",
            "status",
            "history_change_reason",
            "history_user_id",
            "history_user__first_name",
            "history_user__last_name",
            "history_user__email",
        )
    people: dict = {}
    for when, status, reason, user_id, first_name, last_name, email in records:
        changed = status != previous
        previous = status
        if status == Status.CONCEPT:
            continue
        reason = reason or ""
        who = None
        if user_id is not None and not for_applicant:
            who = people.get(user_id)
            if who is None:
                who = people[user_id] = _named_user(user_id, first_name, last_name, email)
        if changed:
            entries.append(
                TimelineEntry(
                    when,
                    "status",
                    resident_status_label(status)
                    if for_applicant
                    else str(status_labels.get(status, status)),
                    who,
                    "" if for_applicant else reason,
                )
            )
        elif reason and not for_applicant:
            entries.append(TimelineEntry(when, "change", _("Gewijzigd"), who, reason))
    for question in part(application, "questions", "asked_by"):
        entries.append(
            TimelineEntry(
                question.asked_at, "question", _("Vraag gesteld"), question.asked_by, question.text
            )
        )
        if question.answered_at:
            entries.append(
                TimelineEntry(
                    question.answered_at, "answer", _("Vraag beantwoord"), None, question.answer
                )
            )
    # the applicant's timeline names no one who made a letter: none read for them
    for letter in part(application, "letters", *(() if for_applicant else ("created_by",))):
        entries.append(
            TimelineEntry(
                letter.created_at,
                "letter",
                _("Brief: %(subject)s") % {"subject": letter.subject},
                None if for_applicant else letter.created_by,
                letter=letter,
            )
        )
    entries += _payout_entries(application, for_applicant=for_applicant)
    if not for_applicant:
        entries += _staff_entries(application)
    entries.sort(key=lambda e: (e.when, _ORDER.get(e.kind, len(_ORDER))))
    return entries


def _named_user(pk, first_name, last_name, email):
    """A User with only what a timeline shows of them (its pk and name), read with the
    history's own query."""
    from django.contrib.auth import get_user_model

    return get_user_model()(
        pk=pk, first_name=first_name or "", last_name=last_name or "", email=email or ""
    )


def _staff_entries(application) -> list[TimelineEntry]:
    from portal.templatetags.portal_tags import euro

    entries = []
    for advice in part(application, "advices", "requested_by", "adviser"):
        entries.append(
            TimelineEntry(
                advice.requested_at, "advice_asked", _("Advies HWZ gevraagd"), advice.requested_by
            )
        )
        if advice.given_at:
            entries.append(
                TimelineEntry(
                    advice.given_at,
                    "advice_given",
                    _("Advies HWZ gegeven: %(verdict)s")
                    % {"verdict": advice.get_verdict_display()},
                    advice.adviser,
                    advice.remarks,
                )
            )
    for conflict in part(application, "conflicts", "user"):
        title = (
            _("Teruggetrokken (vastgesteld door het fonds)")
            if conflict.automatic
            else _("Teruggetrokken wegens belangenverstrengeling")
        )
        entries.append(
            TimelineEntry(
                conflict.declared_at, "stepped_aside", title, conflict.user, conflict.reason
            )
        )
    for entry in part(application, "ledger_entries", "created_by"):
        entries.append(
            TimelineEntry(
                entry.created_at,
                "ledger",
                f"{entry.get_kind_display()} {euro(entry.amount)}",
                entry.created_by,
                entry.note,
            )
        )
    for contact in part(application, "contacts", "recorded_by"):
        entries.append(
            TimelineEntry(
                contact.contacted_at,
                "contact",
                _("Contact: %(channel)s") % {"channel": contact.get_channel_display()},
                contact.recorded_by,
                contact.summary,
            )
        )
    return entries


@dataclass(frozen=True)
class NextStep:
    text: str  # what happens next, spoken to the applicant
    due: object = None  # the moment it happens at the latest (the running term), or None


def next_step(application) -> NextStep | None:
    """What comes next for the applicant, and by when: the term that runs now. None once
    nothing more comes (rejected, withdrawn, lapsed): terms that no longer run are not
    shown."""
    from .models import Status

    status = application.status
    if status == Status.CONCEPT:
        return NextStep(_("Maak uw aanvraag af en dien hem in."))
    if status == Status.INGEDIEND:
        return NextStep(
            _("Wij bevestigen dat wij uw aanvraag hebben ontvangen."), application.acknowledge_due
        )
    if status == Status.WACHT_OP_AANVRAGER:
        return NextStep(
            _(
                "Beantwoord onze vraag hieronder. Tot dan staat de termijn voor ons besluit "
                "stil; daarna gaan wij verder."
            )
        )
    if status in (
        Status.ONTVANGEN,
        Status.IN_BEHANDELING,
        Status.ADVIES_HWZ,
        Status.BESLUIT_VOORGESTELD,
    ):
        return NextStep(_("U krijgt ons besluit over uw aanvraag."), application.answer_due)
    if status in (Status.TOEGEKEND, Status.DEELS_TOEGEKEND):
        return NextStep(
            _(
                "Wij maken het toegekende bedrag over op uw rekening. Na afloop vertelt u ons "
                "hoe de activiteit ging en waaraan het geld is besteed."
            )
        )
    return None


SEARCHED_FIELDS = (
    "title",
    "contact_name",  # the applicant of an assisted intake
    "applicant__first_name",
    "applicant__last_name",
    "applicant__email",
)


def applications_matching(queryset, text: str):
    """Applications of `queryset` whose title or applicant matches `text`: every word
    appears in the title, in the applicant's name or e-mail address, or in the contact
    name of an application entered for a tenant ("jan jansen", "jansen@", "barbecue")."""
    for word in text.split()[:8]:
        match = Q()
        for field in SEARCHED_FIELDS:
            match |= Q(**{f"{field}__icontains": word})
        queryset = queryset.filter(match)
    return queryset


def advice_requests_for(user) -> list:
    """The applications waiting for this person's HWZ advice (in their reach, none they
    are involved in), with the advice's due date: for the HWZ moderator's own pages."""
    from portal.permissions import in_reach

    from .models import Application, HwzAdvice, Status
    from .permissions import ADVISE, exclude_involved

    if not user.is_authenticated or not user.has_perm(ADVISE):
        return []
    applications = list(
        exclude_involved(in_reach(Application.objects.filter(status=Status.ADVIES_HWZ), user), user)
        .select_related("wijk")
        .order_by("answer_due", "pk")[:50]
    )
    due = dict(
        HwzAdvice.objects.filter(application__in=applications, given_at=None, ended="")
        .order_by("requested_at", "pk")
        .values_list("application_id", "due")
    )
    for application in applications:
        application.advice_due = due.get(application.pk)
    return applications


def group_fund_applications(group) -> list:
    """A resident group's applications to the fund as its public page shows them (the same
    facts an initiative's page shows: reference, status, granted amount), with the
    initiative each is for when that initiative is public."""
    from initiatieven.models import PUBLIC_STATUSES as PUBLIC_INITIATIVE

    from .models import Application, Status

    applications = list(
        Application.objects.filter(resident_group=group)
        .exclude(status__in=[Status.CONCEPT, Status.INGETROKKEN])
        .exclude(reference=None)
        .select_related("initiative")
        .only(
            "reference",
            "status",
            "granted_amount",
            "resident_group_id",
            "initiative__id",
            "initiative__title",
            "initiative__status",
        )
        .order_by("-submitted_at", "-pk")[:20]
    )
    for application in applications:
        initiative = application.initiative
        application.public_initiative = (
            initiative
            if initiative is not None and initiative.status in PUBLIC_INITIATIVE
            else None
        )
    return applications


# What the resident's table of their own applications (fonds/includes/mine_table.html)
# shows: only these columns are read, not the contact details and texts of every row.
MINE_TABLE_FIELDS = ("reference", "title", "status", "amount_requested", "queue_due")


def own_applications(user):
    """The applications of `user` for the table on Mijn overzicht and Mijn aanvragen."""
    from django.db.models import F

    from .models import Application

    # The accountability report's due date and status ride along (one join, no query
    # per row), for the link "Verantwoording uiterlijk …" in the table.
    return (
        Application.objects.filter(applicant=user)
        .only(*MINE_TABLE_FIELDS)
        .annotate(report_due=F("report__due_date"), report_status=F("report__status"))
    )


# --- payouts (w5-pay) -------------------------------------------------------------------

# The statuses an application can have once granted (a grant may be withdrawn or expire):
# only these have a payout plan (services.payout_plan_create).
ONCE_GRANTED = {"toegekend", "deels_toegekend", "ingetrokken", "vervallen"}


def _payout_entries(application, *, for_applicant: bool) -> list[TimelineEntry]:
    """Every move of the application's tranches (one query, their history): for staff
    each status with who and why; for the applicant when a tranche was paid, did not
    arrive, or is asked back."""
    from portal.templatetags.portal_tags import euro

    from .models.payouts import Payout, PayoutStatus

    shown_to_applicant = {
        PayoutStatus.BETAALD: _("Uitbetaald: %(amount)s"),
        PayoutStatus.MISLUKT: _("Betaling niet aangekomen: %(amount)s"),
        PayoutStatus.TERUGGEVORDERD: _("Teruggevraagd van de uitbetaling van %(amount)s"),
    }
    if application.status not in ONCE_GRANTED:
        return []  # a plan comes with a grant and stays with it: no history to read
    labels = dict(PayoutStatus.choices)
    records = (
        Payout.history.filter(application_id=application.pk)
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    entries, previous = [], {}
    for record in records:
        changed = previous.get(record.id) != record.status
        previous[record.id] = record.status
        if not changed:
            continue
        amount = euro(record.amount)
        if for_applicant:
            if record.status in shown_to_applicant:
                title = shown_to_applicant[record.status] % {"amount": amount}
                entries.append(TimelineEntry(record.history_date, "payout", title))
            continue
        title = _("Tranche %(number)s (%(amount)s): %(status)s") % {
            "number": record.number,
            "amount": amount,
            "status": labels.get(record.status, record.status),
        }
        entries.append(
            TimelineEntry(
                record.history_date,
                "payout",
                title,
                record.history_user,
                record.history_change_reason or "",
            )
        )
    return entries


# --- co-funding (issue 14, w5-cofund) -------------------------------------------------


def contribution_grant(initiative):
    """The grant residents and businesses may chip in on for `initiative`: its latest
    grant that is not withdrawn or expired, when the initiative is public and Stripe is
    set up; None otherwise. One query."""
    from initiatieven.models import PUBLIC_STATUSES

    from . import stripe_client
    from .models import Application
    from .transitions import GRANTED

    if not stripe_client.enabled() or initiative.status not in PUBLIC_STATUSES:
        return None
    application = (
        Application.objects.filter(initiative=initiative, status__in=GRANTED)
        .order_by("-decided_at", "-pk")
        .first()
    )
    if application is not None:
        application.initiative = initiative
    return application


# --- the resident's one timeline (issue 14: w5-overview) --------------------------------


@dataclass(frozen=True)
class ResidentStep:
    """One step in the applicant's timeline in Mijn aanvragen: what happened (done), what
    is still to come (planned, with its date) or what asks something of them (problem)."""

    when: object  # an aware datetime; a day without a time is its start in Amsterdam
    kind: str  # status, question, answer, letter, payout, report, reclaim, donation
    title: str
    text: str = ""
    state: str = "done"  # done, planned, problem
    day_only: bool = False  # show the day, not the time
    who: object = None
    letter: object = None


def _start_of(day):
    import datetime as dt

    from django.utils import timezone

    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _day(day) -> str:
    from portal.templatetags.portal_tags import formatted_day

    return formatted_day(day, "j F Y")


@dataclass(frozen=True)
class MoneyParts:
    """What the applicant's timeline reads of a grant's money: five queries, or six with
    the report's history."""

    payouts: list
    report: object  # the AccountabilityReport, or None
    report_history: list
    reclaims: list
    donations: list
    failures: list = ()  # history records of tranches that failed before


def money_parts(application) -> MoneyParts:
    from .models import AccountabilityReport, Donation, Payout, PayoutStatus, Reclaim

    if application.granted_amount is None and not application.decided_at:
        return MoneyParts([], None, [], [], [])
    # The report rides along when the page read the application with it (fonds.views._own).
    if type(application).report.is_cached(application):
        report = getattr(application, "report", None)
    else:
        report = AccountabilityReport.objects.filter(application=application).first()
    history = (
        list(
            report.history.order_by("history_date", "history_id").only(
                "status", "review_note", "history_date", "due_date"
            )
        )
        if report is not None
        else []
    )
    return MoneyParts(
        payouts=list(application.payouts.order_by("number")),
        report=report,
        report_history=history,
        reclaims=list(Reclaim.objects.filter(application=application).order_by("created_at", "pk")),
        donations=list(
            Donation.objects.filter(
                application=application,
                status__in=[Donation.Status.BETAALD, Donation.Status.TERUGBETAALD],
            ).order_by("paid_at", "pk")
        ),
        failures=list(
            Payout.history.filter(application_id=application.pk, status=PayoutStatus.MISLUKT)
            .only("id", "amount", "failed_reason", "history_date")
            .order_by("history_date", "history_id")
        ),
    )


def _tranche_name(payout) -> str:
    from .models import Payout

    names = {
        Payout.Kind.ADVANCE: _("Voorschot"),
        Payout.Kind.REST: _("Restant"),
        Payout.Kind.MATCH: _("Verdubbeling door het fonds"),
    }
    return str(names.get(payout.kind, _("Tranche %(number)s") % {"number": payout.number}))


def _report_approved(parts: MoneyParts) -> bool:
    from .models import ReportStatus

    return parts.report is not None and parts.report.status == ReportStatus.GOEDGEKEURD


FAILED_PAYOUT_HELP = _(
    "Controleer of het rekeningnummer in uw aanvraag klopt. Wij nemen contact met u op en "
    "betalen opnieuw zodra het in orde is."
)


def _payout_steps(parts: MoneyParts) -> list[ResidentStep]:
    from django.utils import timezone

    from portal.templatetags.portal_tags import euro

    from .models import PAYOUT_OPEN, PayoutStatus

    today = timezone.localdate()
    steps = []
    failing_now = {p.pk for p in parts.payouts if p.status == PayoutStatus.MISLUKT}
    for record in parts.failures:
        if record.id in failing_now:
            continue  # told below, with what to do
        steps.append(
            ResidentStep(
                record.history_date,
                "payout",
                _("Betaling van %(amount)s niet gelukt") % {"amount": euro(record.amount)},
                _("%(reason)s. Daarna is het opnieuw geprobeerd.")
                % {"reason": record.failed_reason or _("De bank stuurde het geld terug")},
            )
        )
    for payout in parts.payouts:
        name, amount = _tranche_name(payout), euro(payout.amount)
        facts = {"name": name, "amount": amount}
        if payout.status in (PayoutStatus.BETAALD, PayoutStatus.TERUGGEVORDERD) and payout.paid_on:
            steps.append(
                ResidentStep(
                    _start_of(payout.paid_on),
                    "payout",
                    _("%(name)s van %(amount)s betaald") % facts,
                    _("Overgemaakt op uw rekening."),
                    day_only=True,
                )
            )
        elif payout.status == PayoutStatus.MISLUKT:
            reason = payout.failed_reason or _("de bank stuurde het geld terug")
            steps.append(
                ResidentStep(
                    payout.updated_at,
                    "payout",
                    _("Betaling van %(amount)s niet gelukt") % facts,
                    f"{reason}. {FAILED_PAYOUT_HELP}",
                    state="problem",
                )
            )
        elif payout.status == PayoutStatus.GEANNULEERD:
            steps.append(
                ResidentStep(
                    payout.updated_at,
                    "payout",
                    _("%(name)s van %(amount)s vervalt") % facts,
                    _("Dit bedrag wordt niet meer uitbetaald."),
                )
            )
        elif payout.status in PAYOUT_OPEN or payout.status == PayoutStatus.IN_BATCH:
            if payout.after_report and not _report_approved(parts):
                due = parts.report.due_date if parts.report is not None else payout.due_date
                steps.append(
                    ResidentStep(
                        _start_of(max(due, today)),
                        "payout",
                        _("%(name)s van %(amount)s") % facts,
                        _("Wordt betaald nadat wij uw verantwoording hebben goedgekeurd."),
                        state="planned",
                        day_only=True,
                    )
                )
            else:
                day = max(payout.due_date, today)
                steps.append(
                    ResidentStep(
                        _start_of(day),
                        "payout",
                        _("%(name)s van %(amount)s wordt betaald") % facts,
                        _("Rond %(date)s op uw rekening.") % {"date": _day(day)},
                        state="planned",
                        day_only=True,
                    )
                )
    return steps


def _report_steps(parts: MoneyParts) -> list[ResidentStep]:
    from .models import ReportStatus

    report = parts.report
    if report is None:
        return []
    titles = {
        ReportStatus.INGEDIEND: (_("Verantwoording ingediend"), "done"),
        ReportStatus.AANVULLEN: (_("Wij vroegen een aanvulling op uw verantwoording"), "done"),
        ReportStatus.GOEDGEKEURD: (_("Verantwoording goedgekeurd"), "done"),
        ReportStatus.NIET_DOORGEGAAN: (_("Activiteit niet doorgegaan"), "done"),
    }
    steps, previous = [], None
    for record in parts.report_history:
        if record.status != previous and record.status in titles:
            title, state = titles[record.status]
            note = record.review_note if record.status == ReportStatus.AANVULLEN else ""
            steps.append(ResidentStep(record.history_date, "report", title, note, state))
        previous = record.status
    if report.status in (ReportStatus.OPEN, ReportStatus.AANVULLEN):
        steps.append(
            ResidentStep(
                _start_of(report.due_date),
                "report",
                _("Verantwoording inleveren")
                if report.status == ReportStatus.OPEN
                else _("Aanvulling op uw verantwoording inleveren"),
                _(
                    "Uiterlijk %(date)s: wat er gebeurde, hoeveel mensen meededen, foto's en de "
                    "bonnen van wat u uitgaf."
                )
                % {"date": _day(report.due_date)},
                state="planned",
                day_only=True,
            )
        )
    return steps


def _reclaim_steps(parts: MoneyParts) -> list[ResidentStep]:
    from portal.templatetags.portal_tags import euro

    from .models import Reclaim

    steps = []
    for reclaim in parts.reclaims:
        facts = {"amount": euro(reclaim.amount), "reference": reclaim.reference}
        steps.append(
            ResidentStep(
                reclaim.created_at,
                "reclaim",
                _("Wij vragen %(amount)s terug") % facts,
                reclaim.reason,
                state="problem" if reclaim.status == Reclaim.Status.OPEN else "done",
            )
        )
        if reclaim.status == Reclaim.Status.RECEIVED and reclaim.received_on:
            steps.append(
                ResidentStep(
                    _start_of(reclaim.received_on),
                    "reclaim",
                    _("Terugbetaling van %(amount)s ontvangen") % facts,
                    day_only=True,
                )
            )
        elif reclaim.status == Reclaim.Status.WAIVED:
            steps.append(
                ResidentStep(
                    reclaim.created_at,
                    "reclaim",
                    _("U hoeft %(amount)s niet terug te betalen") % facts,
                )
            )
    return steps


def _donation_steps(parts: MoneyParts) -> list[ResidentStep]:
    from portal.templatetags.portal_tags import euro

    from .models import Donation

    steps = []
    for donation in parts.donations:
        if donation.paid_at is None:
            continue
        facts = {"amount": euro(donation.amount), "matched": euro(donation.matched_amount)}
        giver = donation.name if donation.show_name and donation.name else ""
        text = (
            _("Van %(giver)s.") % {"giver": giver}
            if giver
            else _("Van een buurtbewoner of bedrijf via de website.")
        )
        if donation.matched_amount:
            text += " " + _("Het fonds legde %(matched)s bij.") % facts
        steps.append(
            ResidentStep(
                donation.paid_at, "donation", _("Bijdrage van %(amount)s ontvangen") % facts, text
            )
        )
        if donation.status == Donation.Status.TERUGBETAALD and donation.refunded_at:
            steps.append(
                ResidentStep(
                    donation.refunded_at,
                    "donation",
                    _("Bijdrage van %(amount)s terugbetaald aan de gever") % facts,
                )
            )
    return steps


_STEP_ORDER = {"done": 0, "problem": 1, "planned": 2}


def resident_timeline(application, parts: MoneyParts | None = None) -> list[ResidentStep]:
    """The applicant's one timeline, oldest first and what is still to come last: every
    step of the application as they read it (application_timeline(for_applicant=True)),
    then each tranche (paid with its date, planned with its date, failed with what to
    do), the accountability report (due, submitted, more asked, approved), reclaims and
    contributions received. Never staff's notes or the ledger. Nine queries at most,
    however long."""
    parts = parts if parts is not None else money_parts(application)
    steps = [
        ResidentStep(
            entry.when,
            entry.kind,
            entry.title,
            entry.text,
            who=entry.who,
            letter=entry.letter,
        )
        for entry in application_timeline(application, for_applicant=True)
    ]
    steps += _payout_steps(parts)
    steps += _report_steps(parts)
    steps += _reclaim_steps(parts)
    steps += _donation_steps(parts)
    # What is done first, then what is to come; on one day the report before the tranche
    # that waits for it.
    steps.sort(
        key=lambda step: (
            step.state == "planned",
            step.when,
            _STEP_ORDER[step.state],
            step.kind != "report",
        )
    )
    return steps


def resident_next_step(application, parts: MoneyParts | None = None) -> NextStep | None:
    """What comes next for the applicant at this moment, with its date in the words:
    a failed payment, money to pay back, a report to complete or hand in, the next
    tranche and when it comes; until a grant has a payout plan, next_step()."""
    from django.utils import timezone

    from portal.templatetags.portal_tags import euro

    from .models import PAYOUT_OPEN, PayoutStatus, Reclaim, ReportStatus, Status

    parts = parts if parts is not None else money_parts(application)
    granted = application.status in (Status.TOEGEKEND, Status.DEELS_TOEGEKEND)
    today = timezone.localdate()
    failed = [p for p in parts.payouts if p.status == PayoutStatus.MISLUKT]
    if granted and failed:
        payout = failed[0]
        return NextStep(
            _("De betaling van %(amount)s is niet gelukt (%(reason)s). %(help)s")
            % {
                "amount": euro(payout.amount),
                "reason": payout.failed_reason or _("de bank stuurde het geld terug"),
                "help": FAILED_PAYOUT_HELP,
            }
        )
    asked = [r for r in parts.reclaims if r.status == Reclaim.Status.OPEN]
    if asked:
        reclaim = asked[0]
        facts = {"amount": euro(reclaim.amount), "reference": reclaim.reference}
        if reclaim.due_date:
            facts["date"] = _day(reclaim.due_date)
            return NextStep(
                _(
                    "Maak %(amount)s over vóór %(date)s, onder vermelding van %(reference)s. "
                    "Het rekeningnummer staat in onze brief."
                )
                % facts
            )
        return NextStep(
            _(
                "Maak %(amount)s over onder vermelding van %(reference)s. Het rekeningnummer "
                "staat in onze brief."
            )
            % facts
        )
    if not granted:
        return next_step(application)
    report = parts.report
    if report is not None and report.status == ReportStatus.AANVULLEN:
        return NextStep(
            _("Vul uw verantwoording aan vóór %(date)s.") % {"date": _day(report.due_date)}
        )
    open_tranches = sorted(
        (p for p in parts.payouts if p.status in PAYOUT_OPEN or p.status == PayoutStatus.IN_BATCH),
        key=lambda p: (p.after_report, p.due_date, p.number),
    )
    first = open_tranches[0] if open_tranches else None
    facts = {}
    if first is not None:
        facts = {
            "name": _tranche_name(first).lower(),
            "amount": euro(first.amount),
            "date": _day(max(first.due_date, today)),
        }
    if first is not None and (not first.after_report or _report_approved(parts)):
        if first.status == PayoutStatus.IN_BATCH:
            return NextStep(_("Uw %(name)s van %(amount)s is onderweg naar uw rekening.") % facts)
        return NextStep(_("Uw %(name)s van %(amount)s wordt rond %(date)s betaald.") % facts)
    if report is not None and report.status == ReportStatus.OPEN:
        due = {"date": _day(report.due_date)}
        if application.activity_date and application.activity_date >= today:
            due["activity"] = _day(application.activity_date)
            return NextStep(
                _("Na uw activiteit op %(activity)s: lever uw verantwoording in vóór %(date)s.")
                % due
            )
        return NextStep(_("Lever uw verantwoording in vóór %(date)s.") % due)
    if report is not None and report.status == ReportStatus.INGEDIEND:
        return NextStep(
            _("Wij beoordelen uw verantwoording. Daarna hoort u van ons wat er nog komt.")
        )
    if first is not None:  # waits for a report that is not there (yet)
        return NextStep(
            _("Uw %(name)s van %(amount)s volgt na de goedkeuring van uw verantwoording.") % facts
        )
    if report is not None and report.status == ReportStatus.GOEDGEKEURD:
        return NextStep(
            _("Uw aanvraag is afgerond: het geld is betaald en uw verantwoording is goedgekeurd.")
        )
    if report is not None and report.status == ReportStatus.NIET_DOORGEGAAN:
        return NextStep(_("Uw aanvraag is gesloten: de activiteit ging niet door."))
    if parts.payouts:
        return NextStep(_("Alles is uitbetaald. Na afloop vertelt u ons hoe de activiteit ging."))
    return next_step(application)
