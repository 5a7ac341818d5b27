"""The choices of the fund form that are the same for everyone: the wijken and the pillars.

They change a few times a year, yet the form read both tables on every request. They are
kept per language (a pillar's name is translated) in portal.fragment_cache, under a token
replaced whenever a wijk or a pillar (or a pillar's translation) is saved or deleted, with
that cache's rules: read in one round trip, kept under the token read before reading the
tables, replaced at once and again on commit; a cache outage reads the tables as before.

The empty form itself is kept under the same token (fonds.blank_form).

What each person may choose (their groups, their initiatives) is read per request, both in
one query (`own_choices`, or `own_choices_of` with SQL compiled once per process).
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


def _union(groups, initiatives):
    """One UNION of both lists; `part` says which list a row belongs to (the union names
    its columns after the first part's, so "name" orders the titles too)."""
    from django.db.models import IntegerField, Value

    return (
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


def _found(rows) -> dict[str, list[tuple[int, str]]]:
    found: dict[str, list[tuple[int, str]]] = {"resident_group": [], "initiative": []}
    for part, label, pk in rows:
        found["initiative" if part else "resident_group"].append((pk, label))
    return found


def own_choices(groups, initiatives) -> dict[str, list[tuple[int, str]]]:
    """{"resident_group": [(pk, name)], "initiative": [(pk, title)]} of the querysets the
    form's fields check against (the person's active groups, the initiatives of their
    team), in the fields' order (groups by name, initiatives by title), in one query."""
    return _found(_union(groups, initiatives))


# The SQL of own_choices_of(), compiled once per process and database, for a stand-in
# account id that no account has; each call puts the person's id in its place.
STAND_IN = -2_000_000_011
_compiled: dict[str, tuple[str, tuple]] = {}


def _compiled_sql(alias: str) -> tuple[str, tuple]:
    if alias not in _compiled:
        from portal.models import User

        query = _union(*own_querysets(User(pk=STAND_IN))).query
        sql, params = query.get_compiler(using=alias).as_sql()
        if STAND_IN not in params:
            raise RuntimeError("own_choices_of: the query does not name the person")
        _compiled[alias] = (sql, tuple(params))
    return _compiled[alias]


def own_choices_of(user) -> dict[str, list[tuple[int, str]]]:
    """own_choices(*own_querysets(user)), the same query without building and compiling
    it at every request (about a millisecond of a page that costs a few): its SQL is
    compiled once per process, with `user`'s id put in at each call."""
    from django.db import connections, router

    from participatie.models import ResidentGroup

    alias = router.db_for_read(ResidentGroup)
    sql, params = _compiled_sql(alias)
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, [user.pk if value == STAND_IN else value for value in params])
        return _found(cursor.fetchall())


def connect() -> None:
    from cms.models import Pillar
    from portal.models import Wijk

    for model in (Wijk, Pillar):
        fragment_cache.connect(model, SCOPE, lambda row: 0)
