from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinancingConfig(AppConfig):
    name = "innobelt.financing"
    verbose_name = _("Financing")

    def ready(self):
        from innobelt.financing.matching import register_financing

        register_financing()

        from innobelt.financing import personal_data

        personal_data.register()  # the person's records in their PIPL export/erasure (accounts.personal_data)
