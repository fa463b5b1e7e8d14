from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FilesConfig(AppConfig):
    name = "innobelt.files"
    verbose_name = _("Uploaded files")

    def ready(self):
        from innobelt.files.sniffing import guard_pillow

        guard_pillow()
        from innobelt.files import personal_data

        personal_data.register()  # the person's files in their PIPL export (accounts.personal_data)
