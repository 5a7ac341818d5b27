"""Shared makings of the accountability report tests: a grant decided through the services,
its report, and files that pass (or fail) the upload checks."""

from __future__ import annotations

import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from fonds import services

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def pdf(name: str = "bon.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def png(name: str = "foto.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 80, 40)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def grant(make_application, applicant, reviewer, **kwargs):
    """An application granted by `reviewer` the normal way (money committed), with its
    report opened as the grant does."""
    application = make_application(**kwargs)
    services.application_submit(application=application, user=applicant)
    services.application_acknowledge(application=application, user=reviewer)
    services.application_start_review(application=application, user=reviewer)
    services.application_decide(
        application=application, user=reviewer, outcome="toegekend", reason="Past goed."
    )
    application.refresh_from_db()
    report = services.report_open(application=application)
    return application, report


def fill(report, user, *, spent=None, receipt=True, photo=False):
    """Fill every part of `report` (each budget line at `spent` or its planned amount)."""
    application = report.application
    costs = [
        (line, line.description, line.amount if spent is None else spent.get(line.description))
        for line in application.budget_lines.all()
    ]
    files = []
    if receipt:
        from portal.uploads import clean_document

        files.append(("bon", "bon.pdf", clean_document(pdf())))
    if photo:
        from portal.uploads import clean_image

        files.append(("foto", "foto.png", clean_image(png()).image))
    return services.report_save_draft(
        report=report,
        user=user,
        data={"what_happened": "Een mooie middag met de buurt.", "participants": 40},
        costs=costs,
        files=files,
    )


ZERO = Decimal("0.00")
