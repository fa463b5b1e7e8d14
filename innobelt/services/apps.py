from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "innobelt.services"
    verbose_name = _("Service zone")

    def ready(self):
        from innobelt.services.matching import register_services

        register_services()
        from innobelt.services import personal_data

        personal_data.register()  # the person's service requests in their PIPL export (accounts.personal_data)
