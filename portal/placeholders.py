"""Texts staff edit with placeholders such as {kenmerk} (letters of the fund, e-mails of
meldingen): checked against the names an app offers and filled by plain substitution,
never by a template engine, so an edited text can run no code and read nothing else."""

from __future__ import annotations

from string import Formatter

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def _fields(text: str):
    try:
        return list(Formatter().parse(text))
    except ValueError as exc:
        raise ValidationError(
            _("Een accolade { of } staat los. Gebruik {{ en }} voor een accolade in de tekst.")
        ) from exc


def check_placeholders(text: str, known) -> None:
    """Refuse a text with a placeholder not in `known`, naming the ones that are."""
    unknown = sorted(
        {
            name
            for _literal, name, spec, conversion in _fields(text)
            if name is not None and (name not in known or spec or conversion)
        }
    )
    if unknown:
        raise ValidationError(
            _("Onbekend: %(unknown)s. U kunt gebruiken: %(known)s.")
            % {
                "unknown": ", ".join("{" + n + "}" for n in unknown),
                "known": ", ".join("{" + n + "}" for n in known),
            }
        )


def fill(text: str, facts: dict[str, str]) -> str:
    """`text` with each {name} replaced by facts[name] (empty when unknown); {{ and }}
    stand for a brace."""
    out = []
    for literal, name, _spec, _conversion in _fields(text):
        out.append(literal)
        if name is not None:
            out.append(facts.get(name, ""))
    return "".join(out)


class PlaceholderTexts:
    """For a model with a subject and body in Dutch and English that staff edit (the
    fund's letter templates, the meldingen's e-mails): the text in a language, and the
    check of every placeholder. A subclass returns the names it offers from
    `known_placeholders`."""

    TEXT_FIELDS = ("subject", "body", "subject_en", "body_en")

    def text_in(self, language: str) -> tuple[str, str]:
        """(subject, body) in `language`: the English text when there is one."""
        if language == "en" and self.subject_en.strip() and self.body_en.strip():
            return self.subject_en, self.body_en
        return self.subject, self.body

    def clean(self):
        known, errors = self.known_placeholders(), {}
        for field in self.TEXT_FIELDS:
            try:
                check_placeholders(getattr(self, field) or "", known)
            except ValidationError as exc:
                errors[field] = exc.messages
        if errors:
            raise ValidationError(errors)
