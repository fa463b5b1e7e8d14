from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FilesConfig(AppConfig):
    name = "innobelt.files"
    verbose_name = _("Uploaded files")

    def ready(self):
        from innobelt.files.sniffing import guard_pillow

        guard_pillow()
