"""API tokens get a scope and an expiry (issue 17).

Tokens made before keep what they could do (read and write) and expire 90 days after this
migration; new tokens are read-only unless asked otherwise, and expire when their maker chose.
"""

from datetime import timedelta

from django.db import migrations, models
from django.utils import timezone


def expire_existing_tokens(apps, schema_editor):
    ApiToken = apps.get_model("accounts", "ApiToken")
    ApiToken.objects.filter(expires_at__isnull=True).update(expires_at=timezone.now() + timedelta(days=90))


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0002_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="scope",
            field=models.CharField(choices=[("read", "read only"), ("write", "read and write")], default="write",
                                   max_length=5, verbose_name="scope"),
        ),
        migrations.AlterField(
            model_name="apitoken",
            name="scope",
            field=models.CharField(choices=[("read", "read only"), ("write", "read and write")], default="read",
                                   max_length=5, verbose_name="scope"),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True, verbose_name="expires at"),
        ),
        migrations.RunPython(expire_existing_tokens, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(verbose_name="expires at"),
        ),
    ]
