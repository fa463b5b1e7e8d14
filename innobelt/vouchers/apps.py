from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class VouchersConfig(AppConfig):
    name = "innobelt.vouchers"
    verbose_name = _("Innovation vouchers")

    def ready(self):
        from innobelt.resources import booking_payments, hooks, paid_shares, sample_payments
        from innobelt.vouchers.booking_payer import NAME, VoucherPayer
        from innobelt.vouchers.domain.resource_kinds import register_resource_kinds
        from innobelt.vouchers.domain.sample_spending import on_sample_job_changed
        from innobelt.vouchers.domain.spending import on_booking_cancelled, on_outcome_reported
        from innobelt.vouchers.sample_payer import SampleJobVoucherPayer
        from innobelt.vouchers.statement_reader import paid_by_vouchers

        hooks.on_booking_cancelled("vouchers.release", on_booking_cancelled)
        hooks.on_outcome_reported("vouchers.redeem", on_outcome_reported)
        hooks.on_sample_job_changed("vouchers.settle", on_sample_job_changed)  # redeemed on results, released on cancelling
        booking_payments.register_payer(NAME, VoucherPayer())  # a voucher chosen on the booking page itself
        sample_payments.register_payer(NAME, SampleJobVoucherPayer())  # … and when accepting a sample-testing quote
        paid_shares.register_reader(NAME, paid_by_vouchers)  # "paid by voucher" on resources' cost statements
        # what a voucher pays (redeemables.py): resources' kinds registered here (resources may not import vouchers),
        # the apps below register theirs in their own `vouchers.py`, imported now as the admin imports `admin.py`
        register_resource_kinds()
        autodiscover_modules("vouchers")
