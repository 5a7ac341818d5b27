"""The choices of the fund form that are the same for everyone: the wijken and the pillars.

They change a few times a year, yet the form read both tables on every request. They are
kept per language (a pillar's name is translated) in portal.fragment_cache, under a token
replaced whenever a wijk or a pillar (or a pillar's translation) is saved or deleted, with
that cache's rules: read in one round trip, kept under the token read before reading the
tables, replaced at once and again on commit; a cache outage reads the tables as before.

What each person may choose (their groups, their initiatives) is read per request, both in
one query (`own_choices`).
"""

from __future__ import annotations

import json

from django.conf import settings
from django.utils import translation

from portal import fragment_cache

SCOPE = "fonds-form-choices"


def _read() -> dict[str, list[tuple[int, str]]]:
    from cms.models import Pillar
    from portal.models import Wijk

    pillars = Pillar.objects.filter(locale__language_code=settings.LANGUAGE_CODE).order_by(
        "sort_order"
    )
    return {
        "wijk": list(Wijk.objects.order_by("name").values_list("pk", "name")),
        # str(): the pillar's name in the language of the page (Pillar.local_name)
        "pillar": [(pillar.pk, str(pillar)) for pillar in pillars],
    }


def shared_choices() -> dict[str, list[tuple[int, str]]]:
    """{"wijk": [(pk, name)], "pillar": [(pk, name in this language)]}, in the form's order."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    kept = fragment_cache.fragment(SCOPE, 0, language, lambda: json.dumps(_read()))
    return {field: [tuple(choice) for choice in found] for field, found in json.loads(kept).items()}


def own_querysets(user):
    """(groups, initiatives): the querysets the form's fields check what is posted against,
    the person's active groups (by name) and the initiatives of their team (by title)."""
    from initiatieven.models import Initiative
    from participatie.selectors import groups_of_member

    return groups_of_member(user), Initiative.objects.of_team_member(user).order_by("title")


def own_choices(groups, initiatives) -> dict[str, list[tuple[int, str]]]:
    """{"resident_group": [(pk, name)], "initiative": [(pk, title)]} of the querysets the
    form's fields check against (the person's active groups, the initiatives of their
    team), in the fields' order (groups by name, initiatives by title), in one query."""
    from django.db.models import IntegerField, Value

    # One UNION of both lists; `part` says which list a row belongs to (the union names its
    # columns after the first part's, so "name" orders the titles too).
    found: dict[str, list[tuple[int, str]]] = {"resident_group": [], "initiative": []}
    rows = (
        groups.order_by()
        .annotate(part=Value(0, output_field=IntegerField()))
        .values_list("part", "name", "pk")
        .union(
            initiatives.order_by()
            .annotate(part=Value(1, output_field=IntegerField()))
            .values_list("part", "title", "pk")
        )
        .order_by("part", "name", "pk")
    )
    for part, label, pk in rows:
        found["initiative" if part else "resident_group"].append((pk, label))
    return found


def connect() -> None:
    from cms.models import Pillar
    from portal.models import Wijk

    for model in (Wijk, Pillar):
        fragment_cache.connect(model, SCOPE, lambda row: 0)
