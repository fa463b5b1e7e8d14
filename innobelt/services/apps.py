from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "innobelt.services"
    verbose_name = _("Service zone")

    def ready(self):
        from innobelt.services import hooks
        from innobelt.services.matching import register_services
        from innobelt.vouchers.domain import service_spending

        register_services()
        # vouchers sits above services (it may not import this app): its receivers are attached here
        hooks.on_request_accepted("vouchers.reserve", service_spending.on_request_accepted)
        hooks.on_request_confirmed("vouchers.redeem", service_spending.on_request_confirmed)
        hooks.on_request_ended("vouchers.release", service_spending.on_request_ended)
        from innobelt.services import personal_data

        personal_data.register()  # the person's service requests in their PIPL export (accounts.personal_data)
