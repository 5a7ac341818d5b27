"""The fund form as a resident first opens it (/fonds/aanvragen/nieuw/), kept in the cache.

A new, empty application form is the same for every resident of a wijk, apart from:

- their own choices: the resident groups they belong to and the initiatives of their team;
- the CSRF token and the form's one-time submission token.

Everything else (the fields with their labels and descriptions, the wijken and pillars,
the two budget tables with their management forms, the sums) is rendered once per
language and wijk (the wijk is chosen in advance) and kept in portal.fragment_cache under
the token of the form's shared choices (fonds.form_choices: replaced whenever a wijk or a
pillar changes), the generation, and the code that renders it (the templates, the forms,
the renderers and the translations). In the kept markup the person's own options, the
CSRF token and the submission token are marks, filled in at each request in one pass:
the own options are read for this person (one query, as before), the tokens are this
request's. Nothing of one person is kept: the kept markup is rendered with marks in
place of everything that is theirs.

A draft, a form with mistakes or with what was typed, and a form opened from an
initiative (?initiatief=) are rendered as before, for this request only.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from django.conf import settings
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from portal import fragment_cache
from portal.idempotency import TOKEN_FIELD, new_token

from . import form_choices

TEMPLATE = "fonds/includes/application_form.html"
OWN = ("resident_group", "initiative")
CSRF_MARK = "fw-csrf-token-mark"
SUBMISSION_MARK = f'name="{TOKEN_FIELD}" value="fw-submission-token-mark"'
SUBMISSION_TOKEN = re.compile(f'name="{re.escape(TOKEN_FIELD)}" value="[0-9a-f]{{32}}"')


def _own_mark(name: str) -> str:
    return f"fw-own-choices-{name}"


def _option(value, label) -> str:
    """One option of a select as portal.form_renderer writes it (select_option.html and
    the newline of its include)."""
    return f'\n  <option value="{conditional_escape(value)}">{conditional_escape(label)}</option>\n'


# What render() puts where the person's own options go, and what fill() looks for.
OWN_MARKS = {name: _option(_own_mark(name), _own_mark(name)) for name in OWN}
MARKS = re.compile(
    "|".join(re.escape(mark) for mark in (CSRF_MARK, SUBMISSION_MARK, *OWN_MARKS.values()))
)


@functools.cache
def _files() -> tuple[str, ...]:
    root = Path(settings.BASE_DIR)
    names = [
        "fonds/templates/fonds/includes/application_form.html",
        "fonds/templates/fonds/includes/sums.html",
        "fonds/blank_form.py",
        "fonds/form_choices.py",
        "fonds/forms.py",
        "fonds/views.py",
        "portal/templatetags/form_tags.py",
        "portal/templatetags/portal_tags.py",
        "portal/form_renderer.py",
        "portal/fields.py",
        "portal/uploads.py",
        "portal/abuse.py",
        "locale/en/LC_MESSAGES/django.mo",
    ]
    models = sorted(str(path) for path in (root / "fonds" / "models").glob("*.py"))
    return (*(str(root / name) for name in names), *models)


def _code() -> str:
    """A short hash of the files that render the kept form (labels and descriptions come
    from the models too), read once per process."""
    return fragment_cache.code_version(*_files())


def context(form, lines, others, application, *, budget_errors=()) -> dict:
    """The variables of fonds/includes/application_form.html."""
    from .views import budget_display

    return {
        "form": form,
        "lines": lines,
        "others": others,
        "sums": budget_display(lines, others),
        "budget_errors": [("kosten", e) for e in budget_errors],
        "application": application,
        "attachments": list(application.attachments.all()) if application else [],
    }


def render_blank(user) -> str:
    """The empty form of `user`'s wijk, with marks for everything that is the person's."""
    from .forms import ApplicationForm, BudgetLineFormSet, ContributionFormSet

    form = ApplicationForm(
        user=user,
        initial={"wijk": user.wijk_id},
        own={name: [(_own_mark(name), _own_mark(name))] for name in OWN},
    )
    lines = BudgetLineFormSet(instance=None, prefix="regels")
    others = ContributionFormSet(instance=None, prefix="bijdragen")
    values = context(form, lines, others, None)
    values["csrf_token"] = CSRF_MARK
    html = render_to_string(TEMPLATE, values)
    return SUBMISSION_TOKEN.sub(SUBMISSION_MARK, html)


def fill(html: str, request, own: dict[str, list[tuple[int, str]]]) -> str:
    """The kept form with this person's own options and this request's tokens, in one
    pass (what is filled in is never searched for marks again)."""
    filled = {
        CSRF_MARK: get_token(request),
        **{
            mark: "".join(_option(pk, label) for pk, label in own.get(name, ()))
            for name, mark in OWN_MARKS.items()
        },
    }

    def replace(match: re.Match) -> str:
        mark = match.group(0)
        if mark == SUBMISSION_MARK:
            return f'name="{TOKEN_FIELD}" value="{new_token()}"'
        return filled[mark]

    return mark_safe(MARKS.sub(replace, html))  # noqa: S308 - kept markup, escaped options


def html(request) -> str:
    """The empty form for the signed-in resident: kept (per language and wijk), with their
    own options (one query) and this request's tokens filled in."""
    user = request.user
    own = form_choices.own_choices_of(user)
    language = get_language() or settings.LANGUAGE_CODE
    kept = fragment_cache.fragment(
        form_choices.SCOPE,
        0,
        f"blank-form:{language}:{user.wijk_id or 0}",
        lambda: render_blank(user),
        code=_code(),
    )
    return fill(str(kept), request, own)
