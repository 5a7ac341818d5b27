"""Fails when an interface text has no English translation, or a catalogue is stale.

Our own msgids are Dutch (the site's language); locale/en holds their English text.
locale/nl is kept by hand and never touched by makemessages (which runs for English only):
it turns allauth's and Wagtail's own Dutch from "je" into "u"; it must have no empty or
fuzzy entries, or those pages would fall back to the informal text.
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def untranslated(po_path: Path) -> list[str]:
    out = subprocess.run(  # noqa: S603
        ["msgattrib", "--untranslated", "--no-obsolete", str(po_path)],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    fuzzy = subprocess.run(  # noqa: S603
        ["msgattrib", "--only-fuzzy", "--no-obsolete", str(po_path)],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    ids = [
        line
        for line in (out + fuzzy).splitlines()
        if line.startswith("msgid ") and line != 'msgid ""'
    ]
    return ids


def main() -> int:
    po = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
    if not po.exists():
        print("locale/en/LC_MESSAGES/django.po is missing", file=sys.stderr)
        return 1
    before = po.read_text()
    subprocess.run(  # noqa: S603
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "en",
            "--ignore=.venv",  # noqa: S607
            "--ignore=node_modules",
            "--ignore=var",
            "--no-obsolete",
            "--no-location",
            "-v0",
        ],
        cwd=ROOT,
        check=True,
    )
    missing = untranslated(po)
    after = po.read_text()
    po.write_text(before)
    dutch = ROOT / "locale" / "nl" / "LC_MESSAGES" / "django.po"
    if dutch.exists() and (left := untranslated(dutch)):
        print("locale/nl has empty or fuzzy entries:", file=sys.stderr)
        for line in left[:50]:
            print("  " + line, file=sys.stderr)
        return 1
    if missing:
        print(
            "Texts without an English translation (run `make messages` and translate):",
            file=sys.stderr,
        )
        for line in missing[:50]:
            print("  " + line, file=sys.stderr)
        return 1
    if _msgids(before) != _msgids(after):
        print(
            "locale/en is stale: run `make messages` and translate the new texts.", file=sys.stderr
        )
        return 1
    return 0


def _msgids(text: str) -> list[str]:
    """The catalogue's msgids, unwrapped and sorted, so line wrapping does not count."""
    normalised = subprocess.run(
        ["msgcat", "--no-wrap", "--sort-output", "-"],
        input=text,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [line for line in normalised.splitlines() if line.startswith("msgid")]


if __name__ == "__main__":
    sys.exit(main())
