"""The choices of the fund form that are the same for everyone: the wijken and the pillars.

They change a few times a year, yet the form read both tables on every request. They are
kept in the cache per language (a pillar's name is translated) under a *token* that is
replaced whenever a wijk or a pillar (or a pillar's translation) is saved or deleted, so
the next request reads them again. As in portal.fragment_cache, the token is read in the
same round trip as the choices, the choices are kept with the token read *before* reading
them (a list read while a change was being saved is never served), the token is random
(an evicted token cannot bring an old list back) and a change replaces it at once and
again when its transaction commits. A cache outage reads the tables as before.

What each person may choose (their groups, their initiatives) is read per request, both in
one query (`own_choices`).
"""

from __future__ import annotations

import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import translation

logger = logging.getLogger(__name__)

TOKEN_KEY = "fonds:form-choices:token"  # noqa: S105 - a cache key, not a secret
ENTRY_KEY = "fonds:form-choices:{language}"
SECONDS = 24 * 3600


def _replace_token() -> None:
    try:
        cache.set(TOKEN_KEY, uuid.uuid4().hex, None)
    except Exception:  # noqa: BLE001 - a cache outage must not undo the change itself
        logger.exception("form choices: could not replace the token")


def changed(**_signal_kwargs) -> None:
    """A wijk or a pillar changed: the kept choices are not served again."""
    _replace_token()
    if not transaction.get_autocommit():
        transaction.on_commit(_replace_token)


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
    entry_key = ENTRY_KEY.format(language=language)
    try:
        found = cache.get_many([TOKEN_KEY, entry_key])
        token = found.get(TOKEN_KEY)
        if token is None:
            token = uuid.uuid4().hex
            if not cache.add(TOKEN_KEY, token, None):
                token = cache.get(TOKEN_KEY)
    except Exception:  # noqa: BLE001
        logger.exception("form choices: could not read %s", entry_key)
        return _read()
    entry = found.get(entry_key)
    if entry is not None and token is not None and entry[0] == token:
        return entry[1]
    choices = _read()
    if token is not None:
        try:
            cache.set(entry_key, (token, choices), SECONDS)
        except Exception:  # noqa: BLE001
            logger.exception("form choices: could not keep %s", entry_key)
    return choices


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
    from django.db.models.signals import post_delete, post_save

    from cms.models import Pillar
    from portal.models import Wijk

    for model in (Wijk, Pillar):
        for signal in (post_save, post_delete):
            signal.connect(
                changed,
                sender=model,
                weak=False,
                dispatch_uid=f"fonds-form-choices-{signal}-{model._meta.label}",
            )
