"""The resident's own data (AVG articles 15 and 17): one registry every app adds its part to.

An app registers, in its own wagtail_hooks.py, a function returning its part:

    @hooks.register("fijnewijk_personal_data")
    def meldingen_personal_data():
        return {
            "key": "meldingen",          # unique; the part's key in the export file
            "label": _("Meldingen"),
            "export": export_meldingen,  # fn(user) -> list[dict] of JSON-ready records
            "erase": erase_meldingen,    # fn(user) -> int: records touched (in the erasure's
                                         # transaction)
            "models": [Melding, ...],    # optional: the models with personal data the part
                                         # covers (tests/portal/test_personal_data_registry.py
                                         # fails for a model with a person in it that no
                                         # part names)
        }

A part's `export` returns records whose values are str/int/bool/None (dates as ISO
strings, Decimal as str: `jsonable()` makes them so); each record has a "type". A part's
`erase` deletes what the corporation need not keep and anonymises the rest, with the
helpers below so that the history rows go too: `scrub()` blanks fields of rows that are
kept (and of their history), rows deleted while `erase_account()` runs lose their
history as well. The account itself is erased last (`erase_account`).

A part that is malformed (a duplicate key, a missing function) fails loudly: at start-up
through the system check (`manage.py check`, runserver, tests) and whenever the parts
are read.
"""

from __future__ import annotations

import datetime
import json
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal

from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils import timezone
from wagtail import hooks

HOOK = "fijnewijk_personal_data"
FORMAT = "fijnewijk-persoonsgegevens"
VERSION = 1
RESERVED_KEYS = frozenset({"header"})


@dataclass(frozen=True)
class Part:
    key: str
    label: object
    export: Callable
    erase: Callable
    models: tuple = field(default_factory=tuple)


def _part(raw, origin: str) -> Part:
    if not isinstance(raw, dict):
        raise ImproperlyConfigured(f"{origin}: a personal-data part is a dict, got {raw!r}")
    key = raw.get("key")
    if not isinstance(key, str) or not key.isidentifier() or key in RESERVED_KEYS:
        raise ImproperlyConfigured(
            f"{origin}: 'key' must be a name like 'meldingen' (not {sorted(RESERVED_KEYS)})"
        )
    if not raw.get("label"):
        raise ImproperlyConfigured(f"{origin}: part {key!r} has no 'label'")
    for name in ("export", "erase"):
        if not callable(raw.get(name)):
            raise ImproperlyConfigured(f"{origin}: part {key!r} has no '{name}' function")
    covered = []
    for model in raw.get("models") or ():
        if isinstance(model, str):
            from django.apps import apps

            try:
                model = apps.get_model(model)
            except (LookupError, ValueError) as exc:
                raise ImproperlyConfigured(f"{origin}: part {key!r}: {exc}") from exc
        if not (isinstance(model, type) and issubclass(model, models.Model)):
            raise ImproperlyConfigured(f"{origin}: part {key!r} names {model!r}, not a model")
        covered.append(model)
    return Part(key, raw["label"], raw["export"], raw["erase"], tuple(covered))


def parts() -> list[Part]:
    """Every app's part, in hook order; ImproperlyConfigured for a malformed one."""
    found: dict[str, Part] = {}
    for fn in hooks.get_hooks(HOOK):
        origin = f"{fn.__module__}.{fn.__qualname__}"
        part = _part(fn(), origin)
        if part.key in found:
            raise ImproperlyConfigured(
                f"{origin}: the personal-data key {part.key!r} is registered twice"
            )
        found[part.key] = part
    return list(found.values())


def covered_models() -> set[type[models.Model]]:
    return {model for part in parts() for model in part.models}


@checks.register()
def check_parts(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """`manage.py check` (and every start) refuses a malformed part."""
    try:
        parts()
    except ImproperlyConfigured as exc:
        return [checks.Error(str(exc), id="portal.E101")]
    return []


# JSON-ready values --------------------------------------------------------------------


def jsonable(value):
    """A value as the export file holds it: dates in ISO (Europe/Amsterdam), Decimal and
    lazy texts as strings, files as their name."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, Decimal | float):
        return str(value)
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    if hasattr(value, "name") and hasattr(value, "storage"):  # a FieldFile
        return value.name or None
    return str(value)


def record(record_type: str, /, **values) -> dict:
    """One record of the export file: its type and its values, JSON-ready."""
    return {"type": record_type, **{name: jsonable(value) for name, value in values.items()}}


def export_data(user) -> dict:
    """Everything the site holds about `user`: a header (who, when, version) and one key
    per part."""
    data = {
        "header": {
            "format": FORMAT,
            "version": VERSION,
            "generated_at": jsonable(timezone.now()),
            "account_id": user.pk,
            "email": user.email,
            "name": user.get_full_name(),
            "parts": {part.key: str(part.label) for part in parts()},
        }
    }
    for part in parts():
        data[part.key] = [jsonable(item) for item in part.export(user)]
    return data


def export_json(user) -> bytes:
    return json.dumps(export_data(user), ensure_ascii=False, indent=2).encode()


# Erasure helpers for the parts ---------------------------------------------------------


def history_model(model):
    from simple_history.exceptions import NotHistoricalModelError
    from simple_history.utils import get_history_model_for_model

    try:
        return get_history_model_for_model(model)
    except NotHistoricalModelError:
        return None


def _chunks(ids: Iterable, size: int = 500):
    ids = list(ids)
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def scrub(model, ids: Iterable, *, by=None, **values) -> int:
    """Set `values` on the rows `ids` of `model` that are kept, and on every history row
    of them (the fields history keeps), so what is blanked is gone from the history too;
    the reasons `by` (the person) gave for their own changes go as well.
    Returns how many live rows were changed."""
    ids = list(ids)
    if not ids:
        return 0
    done = 0
    historical = history_model(model)
    kept = {f.name for f in historical._meta.get_fields()} if historical else set()
    for chunk in _chunks(ids):
        done += model._default_manager.filter(pk__in=chunk).update(**values)
        history_values = {name: value for name, value in values.items() if name in kept}
        if historical is not None and history_values:
            historical._default_manager.filter(**{f"{model._meta.pk.attname}__in": chunk}).update(
                **history_values
            )
    return done


def purge_history(model, ids: Iterable) -> int:
    """Remove the history rows of `ids` of `model` (rows that no longer exist)."""
    historical = history_model(model)
    if historical is None:
        return 0
    removed = 0
    for chunk in _chunks(ids):
        removed += historical._default_manager.filter(
            **{f"{model._meta.pk.attname}__in": chunk}
        ).delete()[0]
    return removed


_collecting = threading.local()


def _note_deletion(sender, instance, **kwargs):
    collected = getattr(_collecting, "deleted", None)
    if collected is not None and history_model(sender) is not None:
        collected[sender].add(instance.pk)


@contextmanager
def deletions_without_history():
    """Every row deleted inside (by a part, a cascade or the account's own deletion) leaves
    no history row behind: django-simple-history writes one with the row's last values
    on deletion, which would keep exactly what the erasure removes."""
    from django.db.models.signals import post_delete

    _collecting.deleted = defaultdict(set)
    uid = f"personal-data-deletions-{threading.get_ident()}"
    post_delete.connect(_note_deletion, dispatch_uid=uid, weak=False)
    try:
        yield _collecting.deleted
        for model, ids in list(_collecting.deleted.items()):
            purge_history(model, ids)
    finally:
        post_delete.disconnect(dispatch_uid=uid)
        _collecting.deleted = None


def delete_files_on_commit(names: Iterable[tuple[object, str]]) -> None:
    """Remove stored files (storage, name) once the erasure is committed (not before: a
    rolled-back erasure keeps its files)."""
    from django.db import transaction

    names = [(storage, name) for storage, name in names if name]

    def remove():
        for storage, name in names:
            try:
                storage.delete(name)
            except OSError:  # already gone: nothing to remove
                continue

    transaction.on_commit(remove)
