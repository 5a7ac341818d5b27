"""The demo data set for tests, loaded for real once per test process and then copied in.

`load_demo` takes seconds (Wagtail pages with revisions, translations, the search and
reference indexes, and every app's demo hook) and some sixty tests need it, on SQLite and
on PostgreSQL. The first test that asks for it loads it for real and notes, table by
table, what the command changed: rows added, changed and removed, and the files it stored.
A later test whose database is in exactly the state the first one started from gets those
changes written straight into its tables (a few hundred inserts in its own transaction,
rolled back with it). When the state differs (a transactional test flushed the tables and
content types got new ids, or the test made rows of its own first), the command runs for
real again, so a test never sees anything but what `load_demo` itself would have made.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction


@dataclass
class _Table:
    model: type
    attnames: list[str]

    @property
    def name(self) -> str:
        return self.model._meta.db_table

    def rows(self) -> dict:
        pk = self.model._meta.pk.attname
        index = self.attnames.index(pk)
        query = self.model._base_manager.using(connection.alias).values_list(*self.attnames)
        return {row[index]: row for row in query.order_by()}


@dataclass
class _Changes:
    before: dict[str, dict] = field(default_factory=dict)
    added: dict[str, list[tuple]] = field(default_factory=dict)
    changed: dict[str, list[tuple]] = field(default_factory=dict)
    removed: dict[str, list] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)


# Per database vendor, the states a load started from (a plain test's, and a transactional
# test's after its flush) with what the command changed in each.
_snapshots: dict[str, list[_Changes]] = {}


def _tables() -> list[_Table]:
    existing = set(connection.introspection.table_names())
    tables, seen = [], set()
    for model in apps.get_models(include_auto_created=True):
        opts = model._meta
        if opts.proxy or opts.db_table in seen or opts.db_table not in existing:
            continue
        if opts.db_table.endswith("_fts"):
            continue  # SQLite's full-text tables follow their index table by triggers
        seen.add(opts.db_table)
        tables.append(_Table(model, [f.attname for f in opts.local_concrete_fields]))
    return tables


def _state(tables) -> dict[str, dict]:
    return {table.name: table.rows() for table in tables}


def _files(path: str = "") -> set[str]:
    try:
        directories, names = default_storage.listdir(path)
    except (FileNotFoundError, NotImplementedError):
        return set()
    found = {f"{path}{name}" for name in names}
    for directory in directories:
        found |= _files(f"{path}{directory}/")
    return found


def _record(tables) -> _Changes:
    before, files_before = _state(tables), _files()
    call_command("load_demo", verbosity=0)
    after = _state(tables)
    changes = _Changes(before=before)
    for name, rows in after.items():
        old = before[name]
        changes.added[name] = [row for pk, row in rows.items() if pk not in old]
        changes.changed[name] = [row for pk, row in rows.items() if pk in old and old[pk] != row]
        changes.removed[name] = [pk for pk in old if pk not in rows]
    for name in _files() - files_before:
        with default_storage.open(name, "rb") as handle:
            changes.files[name] = handle.read()
    return changes


def _apply(tables, changes: _Changes) -> None:
    # In one transaction, so foreign keys are checked at its end (Django makes them
    # deferrable): a transactional test (the live server's) would otherwise check each
    # insert on its own, in whatever order the tables come.
    with transaction.atomic():
        _write(tables, changes)


def _write(tables, changes: _Changes) -> None:
    inserted = []
    for table in tables:
        manager = table.model._base_manager.db_manager(connection.alias)
        if pks := changes.removed[table.name]:
            manager.filter(pk__in=pks)._raw_delete(connection.alias)
        for row in changes.changed[table.name]:
            values = dict(zip(table.attnames, row, strict=True))
            pk = values.pop(table.model._meta.pk.attname)
            manager.filter(pk=pk).update(**values)
    for table in tables:
        if rows := changes.added[table.name]:
            fields = table.model._meta.local_concrete_fields
            objs = [table.model(**dict(zip(table.attnames, row, strict=True))) for row in rows]
            size = connection.ops.bulk_batch_size(fields, objs) or len(objs)
            manager = table.model._base_manager.db_manager(connection.alias)
            for start in range(0, len(objs), size):
                manager._insert(objs[start : start + size], fields=fields, raw=True)
            inserted.append(table.model)
    if inserted:
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), inserted):
                cursor.execute(sql)
    for name, content in changes.files.items():
        if not default_storage.exists(name):
            default_storage.save(name, ContentFile(content))


def load_demo() -> None:
    """What `call_command("load_demo")` does to an empty test database, but fast."""
    tables = _tables()
    known = _snapshots.setdefault(connection.vendor, [])
    if known:
        state = _state(tables)
        for changes in known:
            if state == changes.before:
                _apply(tables, changes)
                return
    if len(known) < 4:
        known.append(_record(tables))
    else:
        call_command("load_demo", verbosity=0)
