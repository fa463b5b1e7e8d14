from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VouchersConfig(AppConfig):
    name = "innobelt.vouchers"
    verbose_name = _("Innovation vouchers")

    def ready(self):
        from innobelt.resources import hooks
        from innobelt.vouchers.domain.sample_spending import on_sample_job_changed
        from innobelt.vouchers.domain.spending import on_booking_cancelled, on_outcome_reported

        hooks.on_booking_cancelled("vouchers.release", on_booking_cancelled)
        hooks.on_outcome_reported("vouchers.redeem", on_outcome_reported)
        hooks.on_sample_job_changed("vouchers.settle", on_sample_job_changed)  # redeemed on results, released on cancelling
