from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "innobelt.matching"
    verbose_name = _("Partnership matching")

    def ready(self):
        from innobelt.matching import sources

        sources.register_builtin_sources()
