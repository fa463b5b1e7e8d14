from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinancingConfig(AppConfig):
    name = "innobelt.financing"
    verbose_name = _("Financing")

    def ready(self):
        from innobelt.financing.matching import register_financing

        register_financing()
