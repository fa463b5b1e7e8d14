from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "innobelt.ops"
    label = "ops"
    verbose_name = "Operations"

    def ready(self) -> None:
        from innobelt.ops.periodic import record_runs

        record_runs()
