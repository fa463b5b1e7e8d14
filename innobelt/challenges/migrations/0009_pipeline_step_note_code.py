"""A pipeline step's platform-written note becomes a code shown in the reader's language (ADR 0702): the notes
stored so far in the writer's language (English or Chinese) are turned into their codes."""

from django.db import migrations, models

#: the texts the platform wrote before, in both languages, and their codes
WRITTEN = {
    ("nda", "accepted on the platform"): "nda_accepted",
    ("nda", "已在平台上接受"): "nda_accepted",
    **{
        ("declined", text): code
        for code, texts in {
            "not_a_fit": ("not a fit", "不匹配"),
            "too_early": ("too early", "为时尚早"),
            "budget": ("budget", "预算"),
            "timing": ("timing", "时机"),
            "competing_solution": ("a competing solution", "已有竞争方案"),
            "ip_terms": ("terms on intellectual property", "知识产权条款"),
            "other": ("other", "其他"),
        }.items()
        for text in texts
    },
}


def to_codes(apps, schema_editor):
    PipelineStep = apps.get_model("challenges", "PipelineStep")
    for (stage, text), code in WRITTEN.items():
        PipelineStep.objects.filter(stage=stage, note=text, code="").update(code=code, note="")


class Migration(migrations.Migration):
    dependencies = [
        ("challenges", "0008_pilot_bookings"),
    ]

    operations = [
        migrations.AddField(
            model_name="pipelinestep",
            name="code",
            field=models.CharField(blank=True, max_length=20),
        ),
        migrations.RunPython(to_codes, migrations.RunPython.noop),
    ]
