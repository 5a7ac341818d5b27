"""Keep the cached pillar texts (cms.models.pillar_texts) in step with the pillars."""

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import PILLAR_TEXTS_CACHE_KEY, Pillar


@receiver([post_save, post_delete], sender=Pillar)
def forget_pillar_texts(**kwargs):
    cache.delete_many(
        [PILLAR_TEXTS_CACHE_KEY.format(language=code) for code, _name in settings.LANGUAGES]
    )
