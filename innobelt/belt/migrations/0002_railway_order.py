"""The cities in railway order (Shanghai's districts, then Jiangsu from east to west towards Nanjing), as
belt/seed_data.py now lists them; databases seeded before had Nanjing fourth. Cities not in the list keep
their position. Data only: going back leaves the order as it is."""

from django.db import migrations

RAILWAY_ORDER = ["putuo", "pudong", "baoshan", "nantong", "suzhou", "wuxi", "changzhou", "taizhou", "zhenjiang", "nanjing"]


def railway_order(apps, schema_editor):
    City = apps.get_model("belt", "City")
    for position, slug in enumerate(RAILWAY_ORDER):
        City.objects.filter(slug=slug).update(position=position)


class Migration(migrations.Migration):
    dependencies = [("belt", "0001_initial")]
    operations = [migrations.RunPython(railway_order, migrations.RunPython.noop)]
