"""Checking and cleaning what people upload.

The type is read from the file's content (libmagic and Pillow), never from its name.
Photos are re-encoded: that drops EXIF (location, camera, owner) and anything hidden
after the image data, and turns them upright first.
"""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass

import magic
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

IMAGE_TYPES = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}
MAX_IMAGE_PIXELS = 40_000_000  # refuse decompression bombs well before Pillow's own limit
LARGEST_SIDE = 2000
THUMBNAIL_SIZE = (640, 420)


def sniff_type(uploaded) -> str:
    uploaded.seek(0)
    head = uploaded.read(4096)
    uploaded.seek(0)
    return magic.from_buffer(head, mime=True)


def check_size(uploaded, max_bytes: int) -> None:
    if uploaded.size > max_bytes:
        raise ValidationError(
            _("Het bestand %(name)s is te groot (%(size)s). Het mag hoogstens %(max)s zijn.")
            % {
                "name": uploaded.name,
                "size": filesizeformat(uploaded.size),
                "max": filesizeformat(max_bytes),
            },
            code="too_large",
        )


@dataclass
class CleanImage:
    image: ContentFile
    thumbnail: ContentFile
    width: int
    height: int


def clean_image(uploaded, *, max_bytes: int | None = None) -> CleanImage:
    """Check that `uploaded` is a JPEG, PNG or WebP photo within the size limit and
    return it re-encoded without metadata, plus a thumbnail for lists."""
    max_bytes = max_bytes or settings.PHOTO_MAX_UPLOAD_SIZE
    check_size(uploaded, max_bytes)
    not_an_image = ValidationError(
        _("%(name)s is geen foto. Kies een JPG-, PNG- of WebP-bestand.") % {"name": uploaded.name},
        code="not_an_image",
    )
    if sniff_type(uploaded) not in IMAGE_TYPES:
        raise not_an_image
    try:
        with Image.open(uploaded) as probe:
            if probe.width * probe.height > MAX_IMAGE_PIXELS:
                raise ValidationError(
                    _("De foto %(name)s heeft te veel pixels.") % {"name": uploaded.name},
                    code="too_many_pixels",
                )
            probe.verify()
        uploaded.seek(0)
        with Image.open(uploaded) as original:
            fmt = original.format
            if fmt not in IMAGE_TYPES.values():
                raise not_an_image
            picture = ImageOps.exif_transpose(original)
            picture.load()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as exc:
        raise not_an_image from exc
    finally:
        uploaded.seek(0)

    picture.thumbnail((LARGEST_SIDE, LARGEST_SIDE))
    if fmt == "JPEG" and picture.mode not in ("RGB", "L"):
        picture = picture.convert("RGB")
    extension = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}[fmt]
    stem = uuid.uuid4().hex

    buffer = io.BytesIO()
    # Saving without an `exif` argument writes no metadata at all.
    picture.save(buffer, format=fmt, quality=85, optimize=True)
    thumb = ImageOps.fit(picture.convert("RGB"), THUMBNAIL_SIZE)
    thumb_buffer = io.BytesIO()
    thumb.save(thumb_buffer, format="JPEG", quality=80, optimize=True)
    return CleanImage(
        image=ContentFile(buffer.getvalue(), name=f"{stem}.{extension}"),
        thumbnail=ContentFile(thumb_buffer.getvalue(), name=f"{stem}-thumb.jpg"),
        width=picture.width,
        height=picture.height,
    )


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    """Up to `max_files` photos in one field; cleans to a list of CleanImage."""

    def __init__(self, *, max_files: int = 5, **kwargs):
        self.max_files = max_files
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "widget", MultiplePhotoInput(attrs={"accept": ",".join(IMAGE_TYPES), "multiple": True})
        )
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        if not data:
            files = []
        elif isinstance(data, list | tuple):
            files = [f for f in data if f]
        else:
            files = [data]
        if len(files) > self.max_files:
            raise ValidationError(
                _("U kunt hier hoogstens %(max)s foto's toevoegen.") % {"max": self.max_files},
                code="too_many",
            )
        cleaned, errors = [], []
        for uploaded in files:
            try:
                cleaned.append(clean_image(uploaded))
            except ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise ValidationError(errors)
        return cleaned


DOCUMENT_TYPES = {"application/pdf": "pdf"}


def clean_document(uploaded, *, max_bytes: int | None = None) -> ContentFile:
    """A PDF (checked by content) or a photo (re-encoded without metadata), for quotes and
    other attachments. Returns the file to store, under a random name."""
    max_bytes = max_bytes or settings.ATTACHMENT_MAX_UPLOAD_SIZE
    check_size(uploaded, max_bytes)
    kind = sniff_type(uploaded)
    if kind in IMAGE_TYPES:
        return clean_image(uploaded, max_bytes=max_bytes).image
    if kind not in DOCUMENT_TYPES:
        raise ValidationError(
            _("%(name)s is geen PDF of foto. Kies een PDF-, JPG-, PNG- of WebP-bestand.")
            % {"name": uploaded.name},
            code="wrong_type",
        )
    uploaded.seek(0)
    return ContentFile(uploaded.read(), name=f"{uuid.uuid4().hex}.pdf")


class MultipleDocumentField(forms.FileField):
    """Up to `max_files` PDFs or photos; cleans to a list of (original name, ContentFile)."""

    def __init__(self, *, max_files: int = 5, **kwargs):
        self.max_files = max_files
        kwargs.setdefault("required", False)
        accept = ",".join([*IMAGE_TYPES, *DOCUMENT_TYPES])
        kwargs.setdefault("widget", MultiplePhotoInput(attrs={"accept": accept, "multiple": True}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > self.max_files:
            raise ValidationError(
                _("U kunt hier hoogstens %(max)s bestanden toevoegen.") % {"max": self.max_files}
            )
        cleaned, errors = [], []
        for uploaded in files:
            try:
                cleaned.append((uploaded.name[:120], clean_document(uploaded)))
            except ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise ValidationError(errors)
        return cleaned
