from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "innobelt.notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from innobelt.kit import kept

        kept.watch(("notifications",))  # in every process: a notification made anywhere leaves the kept counts behind
