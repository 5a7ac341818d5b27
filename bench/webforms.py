"""What the load suite's simulated people do with a page, without a load tool (so that
tests can check it against the real forms): read its forms, fill in the fund form as a
resident would, compute the second factor of the demo staff accounts, and sign in.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import struct
import time
from html.parser import HTMLParser

import requests


def totp_code(secret: str, now: float | None = None, period: int = 30) -> str:
    """RFC 6238, as allauth checks it (SHA-1, 6 digits, 30 seconds)."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    counter = int(time.time() if now is None else now) // period
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


class Forms(HTMLParser):
    """Every form of a page: its action and the values its fields would send."""

    def __init__(self, html: str):
        super().__init__()
        self.forms: list[dict] = []
        self._select: str | None = None
        self._textarea: str | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"action": a.get("action") or "", "fields": {}, "options": {}})
        elif not self.forms:
            return
        fields, options = self.forms[-1]["fields"], self.forms[-1]["options"]
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                options.setdefault(name, []).append(a.get("value", "on"))
                if "checked" in a:
                    fields[name] = a.get("value", "on")
            elif kind not in ("submit", "button", "file"):
                fields[name] = a.get("value", "")
        elif tag == "select" and name:
            self._select = name
            fields.setdefault(name, "")
        elif tag == "option" and self._select:
            value = a.get("value", "")
            if value:
                options.setdefault(self._select, []).append(value)
            if "selected" in a:
                fields[self._select] = value
        elif tag == "textarea" and name:
            self._textarea = name
            fields[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self.forms:
            self.forms[-1]["fields"][self._textarea] += data

    def with_field(self, name: str) -> dict:
        for form in self.forms:
            if name in form["fields"]:
                return form
        raise LookupError(f"no form with a field {name!r}")


def application_data(form: dict, *, title: str, amounts: list[str]) -> dict:
    """The POST of the fund form (`form` from Forms) as a resident submits it: for
    themselves, the first wijk and pillar offered, a budget line per amount ("25,50"),
    no other contributions, the declaration ticked, the "Indienen" button. The form's own
    hidden fields (CSRF token, submission token, formset management) are kept."""
    fields, options = dict(form["fields"]), form["options"]
    fields.update(
        {
            "applicant_kind": "zelf",
            "title": title,
            "description": "Een buurtactiviteit om het drukke loket te testen.",
            "wijk": options["wijk"][0],
            "pillar": options["pillar"][0],
            "iban": "NL91ABNA0417164300",
            "account_holder": "R. Bewoner",
            "declaration": "on",
            "regels-TOTAL_FORMS": str(len(amounts)),
            "indienen": "1",
        }
    )
    for n, amount in enumerate(amounts):
        fields[f"regels-{n}-description"] = f"Post {n + 1}"
        fields[f"regels-{n}-amount"] = amount
    return fields


def sign_in(base: str, email: str, password: str, totp_secret: str | None = None):
    """A requests session signed in as `email` (with the second factor for staff)."""
    session = requests.Session()
    page = session.get(f"{base}/accounts/login/", timeout=30)
    form = Forms(page.text).with_field("password")
    data = {**form["fields"], "login": email, "password": password}
    answer = session.post(page.url, data=data, timeout=30)
    if "/2fa/" in answer.url:
        if not totp_secret:
            raise SystemExit(f"{email} asks a second factor and no TOTP secret was given")
        form = Forms(answer.text).with_field("code")
        data = {**form["fields"], "code": totp_code(totp_secret)}
        answer = session.post(answer.url, data=data, timeout=30)
    check = session.get(f"{base}/mijn/", timeout=30, allow_redirects=False)
    if check.status_code != 200:
        raise SystemExit(f"signing in as {email} failed ({answer.status_code} at {answer.url})")
    return session
