"""StreamField blocks for content pages."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.images.blocks import ImageChooserBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("tekst"), max_length=120)
    level = blocks.ChoiceBlock(
        label=_("niveau"), choices=[("h2", _("Kop 2")), ("h3", _("Kop 3"))], default="h2"
    )

    class Meta:
        icon = "title"
        label = _("Kop")
        template = "cms/blocks/heading.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("afbeelding"))
    alt = blocks.CharBlock(
        label=_("alternatieve tekst"),
        required=False,
        help_text=_(
            "Beschrijf wat er op de afbeelding staat. Leeg voor een decoratieve afbeelding."
        ),
    )
    caption = blocks.CharBlock(label=_("onderschrift"), required=False)

    class Meta:
        icon = "image"
        label = _("Afbeelding")
        template = "cms/blocks/image.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("citaat"))
    attribution = blocks.CharBlock(label=_("bron"), required=False)

    class Meta:
        icon = "openquote"
        label = _("Citaat")
        template = "cms/blocks/quote.html"


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("titel"))
    text = blocks.TextBlock(label=_("tekst"), required=False)
    page = blocks.PageChooserBlock(label=_("pagina"), required=False)
    url = blocks.URLBlock(label=_("of een adres"), required=False)
    button = blocks.CharBlock(label=_("knoptekst"), default=_("Lees meer"))

    class Meta:
        icon = "link"
        label = _("Oproep tot actie")
        template = "cms/blocks/call_to_action.html"


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Tekst"),
        features=["bold", "italic", "link", "ol", "ul", "document-link", "h2", "h3"],
    )
    image = ImageBlock()
    quote = QuoteBlock()
    table = TableBlock(label=_("Tabel"), template="cms/blocks/table.html")
    call_to_action = CallToActionBlock()
