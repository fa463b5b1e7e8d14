from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentConfig(AppConfig):
    name = "innobelt.talent"
    verbose_name = _("Talent")

    def ready(self):
        from innobelt.talent.matching import register_talent

        register_talent()

        from innobelt.talent import personal_data

        personal_data.register()  # the person's records in their PIPL export/erasure (accounts.personal_data)
