"""Parts of signed-in pages kept in the cache until what they show changes.

A staff page such as an application's page in the admin shows much that is the same for
every member of staff who opens it (the facts, the budget lines, the letters, the
timeline) next to what is theirs alone (the buttons they may use, forms with their CSRF
token). The shared part is rendered once and kept here, under:

- a *token per object* (`scope`, `pk`): replaced by `changed(scope, pk)` whenever a row
  the part shows is saved or deleted (each app connects its models' signals);
- a *generation* for everything: replaced by `everything_changed()` when something many
  parts show changes (a person's name, a wijk's name), or when rows change without
  signals (erasing personal data with queryset updates);
- the code: a hash of the files that render the part (`code=`), so a deploy with another
  template or renderer never serves what the old code rendered;
- the `variant` (the language, and whatever else the part depends on).

As in portal.page_cache, the tokens are read together with the part in one round trip,
an entry is kept with the tokens read *before* rendering (so a part rendered from data
that changed meanwhile is never served), the tokens are random (an evicted token cannot
bring an old entry back), and each change replaces them at once and again when its
transaction commits. STAFF_FRAGMENT_CACHE_SECONDS = 0 switches keeping off; a cache outage
renders every time.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.safestring import mark_safe

logger = logging.getLogger(__name__)

GENERATION_KEY = "fragments:generation"
_code_versions: dict[tuple[str, ...], str] = {}


def seconds() -> int:
    return int(getattr(settings, "STAFF_FRAGMENT_CACHE_SECONDS", 0))


# --- kept in this process -------------------------------------------------------------
# What is a function of the values it is made from alone (markup around labels in one
# language, an address, a part rendered from values given), with nothing of the database
# to renew: kept in the process under those values, not in Redis. Bounded: when full it is
# emptied and made again as asked (a deploy starts new processes anyway).

_IN_PROCESS: dict = {}
IN_PROCESS_MAX = 1024


def in_process(key: tuple, make):
    """make()'s value, kept in this process under `key` (everything it depends on, its
    first item naming the kind of value)."""
    value = _IN_PROCESS.get(key)
    if value is None:
        value = make()
        if len(_IN_PROCESS) >= IN_PROCESS_MAX:
            _IN_PROCESS.clear()
        _IN_PROCESS[key] = value
    return value


def forget_in_process() -> None:
    _IN_PROCESS.clear()


def _token_key(scope: str, pk) -> str:
    return f"fragments:token:{scope}:{pk}"


def code_version(*paths: str) -> str:
    """A short hash of the files that render a part, read once per process."""
    if paths not in _code_versions:
        digest = hashlib.sha1(usedforsecurity=False)
        for path in paths:
            digest.update(Path(path).read_bytes())
        _code_versions[paths] = digest.hexdigest()[:12]
    return _code_versions[paths]


def _replace(*keys: str) -> None:
    try:
        cache.set_many({key: uuid.uuid4().hex for key in keys}, None)
    except Exception:  # noqa: BLE001 - a cache outage must not undo the change itself
        logger.exception("fragment cache: could not replace %s", keys)


def _now_and_on_commit(*keys: str) -> None:
    _replace(*keys)
    if not transaction.get_autocommit():
        transaction.on_commit(lambda: _replace(*keys))


def changed(scope: str, *pks) -> None:
    """The objects `pks` of `scope` changed: their kept parts are not served again."""
    if pks:
        _now_and_on_commit(*(_token_key(scope, pk) for pk in pks))


def everything_changed(**_signal_kwargs) -> None:
    """Something many parts show changed: no part kept so far is served again."""
    _now_and_on_commit(GENERATION_KEY)


def _start(key: str) -> str | None:
    token = uuid.uuid4().hex
    if cache.add(key, token, None):
        return token
    return cache.get(key)


def fragment(scope: str, pk, variant: str, render, *, code: str = "") -> str:
    """The part `render()` (HTML, safe) of object `pk` of `scope`: kept, or rendered now."""
    return fragments((scope, pk, variant, render, code))[0]


def fragments(*parts) -> list[str]:
    """Several parts at once, each `(scope, pk, variant, render, code)`: their tokens and
    entries are read in one round trip (a page with four kept parts pays for one), the
    ones not kept are rendered and kept in a second. Each part follows the rules of
    fragment()."""
    if seconds() <= 0:
        return [part[3]() for part in parts]
    token_keys = [_token_key(scope, pk) for scope, pk, *_rest in parts]
    entry_keys = [
        f"fragments:entry:{scope}:{pk}:{code}:{variant}"
        for scope, pk, variant, _render, code in parts
    ]
    try:
        found = cache.get_many([GENERATION_KEY, *dict.fromkeys(token_keys), *entry_keys])
        generation = found.get(GENERATION_KEY) or _start(GENERATION_KEY)
        tokens = {}
        for key in token_keys:
            if key not in tokens:
                tokens[key] = found.get(key) or _start(key)
    except Exception:  # noqa: BLE001
        logger.exception("fragment cache: could not read %s", entry_keys)
        return [part[3]() for part in parts]
    shown, keep = [], {}
    for part, token_key, entry_key in zip(parts, token_keys, entry_keys, strict=True):
        token = tokens[token_key]
        entry = found.get(entry_key)
        if entry is not None and entry[0] == generation and entry[1] == token:
            shown.append(mark_safe(entry[2]))  # noqa: S308 - stored from render(): safe HTML
            continue
        html = part[3]()
        shown.append(html)
        if generation is not None and token is not None:
            keep[entry_key] = (generation, token, str(html))
    if keep:
        try:
            cache.set_many(keep, seconds())
        except Exception:  # noqa: BLE001
            logger.exception("fragment cache: could not keep %s", list(keep))
    return shown


def connect(model, scope: str, pk_of) -> None:
    """Replace the token of object `pk_of(instance)` of `scope` when a row of `model` is
    saved or deleted."""
    from django.db.models.signals import post_delete, post_save

    def touched(sender, instance, **kwargs):
        pk = pk_of(instance)
        if pk is not None:
            changed(scope, pk)

    uid = f"fragments-{scope}-{model._meta.label}"
    post_save.connect(touched, sender=model, weak=False, dispatch_uid=f"{uid}-save")
    post_delete.connect(touched, sender=model, weak=False, dispatch_uid=f"{uid}-delete")
