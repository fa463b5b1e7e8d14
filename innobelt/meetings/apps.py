from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "innobelt.meetings"
    verbose_name = _("1:1 meetings")
