from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BeltConfig(AppConfig):
    name = "innobelt.belt"
    verbose_name = _("The Belt")

    def ready(self):
        from innobelt.belt.choices import SHOWS
        from innobelt.kit import kept

        kept.watch(SHOWS)  # in every process: a city or industry saved anywhere leaves the kept choices behind
