from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentConfig(AppConfig):
    name = "innobelt.talent"
    verbose_name = _("Talent")

    def ready(self):
        from innobelt.talent.matching import register_talent

        register_talent()
