from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConversationsConfig(AppConfig):
    name = "innobelt.conversations"
    verbose_name = _("Conversations")

    def ready(self):
        from innobelt.conversations.subjects import register_builtin_subjects

        register_builtin_subjects()
        from innobelt.conversations import personal_data

        personal_data.register()  # the person's conversations in their PIPL export (accounts.personal_data)
